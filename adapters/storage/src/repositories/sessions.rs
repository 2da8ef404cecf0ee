//! Staff console sessions: single-row writes on the writer pool, no unit of work.

use frontdesk_access::{SessionRepository, StaffSession};
use frontdesk_kernel::{OrgId, RepositoryError, SessionId, StaffUserId, TokenDigest};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{db_time, digest, unavailable, write_error};
use crate::entities::staff_sessions::{self, Column};

impl TryFrom<staff_sessions::Model> for StaffSession {
    type Error = RepositoryError;

    fn try_from(row: staff_sessions::Model) -> Result<Self, Self::Error> {
        Ok(Self {
            id: SessionId::from_uuid(row.id),
            digest: digest("staff_sessions", &row.digest)?,
            org_id: OrgId::from_uuid(row.org_id),
            user_id: StaffUserId::from_uuid(row.user_id),
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
            absolute_expires_at: row.absolute_expires_at,
            ended_at: row.ended_at,
        })
    }
}

#[async_trait::async_trait]
impl SessionRepository for Database {
    async fn insert(&self, session: &StaffSession) -> Result<(), RepositoryError> {
        let row = staff_sessions::Model {
            id: session.id.as_uuid(),
            org_id: session.org_id.as_uuid(),
            user_id: session.user_id.as_uuid(),
            digest: session.digest.as_bytes().to_vec(),
            created_at: db_time(session.created_at),
            last_seen_at: db_time(session.last_seen_at),
            absolute_expires_at: db_time(session.absolute_expires_at),
            ended_at: session.ended_at.map(db_time),
        };
        staff_sessions::Entity::insert(row.into_active_model())
            .exec_without_returning(self.writer())
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<StaffSession>, RepositoryError> {
        staff_sessions::Entity::find()
            .filter(Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(StaffSession::try_from)
            .transpose()
    }

    async fn touch(
        &self,
        session: &StaffSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        staff_sessions::Entity::update_many()
            .col_expr(Column::LastSeenAt, Expr::value(db_time(at)))
            .filter(Column::Id.eq(session.id.as_uuid()))
            .filter(Column::OrgId.eq(session.org_id.as_uuid()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn end(&self, session: &StaffSession, at: OffsetDateTime) -> Result<(), RepositoryError> {
        staff_sessions::Entity::update_many()
            .col_expr(Column::EndedAt, Expr::value(db_time(at)))
            .filter(Column::Id.eq(session.id.as_uuid()))
            .filter(Column::OrgId.eq(session.org_id.as_uuid()))
            .filter(Column::EndedAt.is_null())
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn end_all_for_user(
        &self,
        org: OrgId,
        user: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let result = staff_sessions::Entity::update_many()
            .col_expr(Column::EndedAt, Expr::value(db_time(at)))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::UserId.eq(user.as_uuid()))
            .filter(Column::EndedAt.is_null())
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected)
    }
}
