//! Contact users' sessions: inserts and "end every session of the user" in the caller's
//! unit of work (they commit with a password change or a disable); touch and end are
//! single-row writes on the writer pool.

use frontdesk_contacts::{ContactUserSession, ContactUserSessionRepository};
use frontdesk_kernel::{ContactUserId, OrgId, RepositoryError, SessionId, TokenDigest, Uow};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use time::OffsetDateTime;

use crate::convert::{digest, from_micros, micros, unavailable, write_error};
use crate::entities::contact_user_sessions::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

const SESSIONS: &str = "contact_user_sessions";

fn to_session(row: &contact_user_sessions::Model) -> Result<ContactUserSession, RepositoryError> {
    Ok(ContactUserSession {
        id: SessionId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        contact_user_id: ContactUserId::from_uuid(row.contact_user_id),
        digest: digest(SESSIONS, &row.digest)?,
        created_at: from_micros(SESSIONS, "created_at_us", row.created_at_us)?,
        last_seen_at: from_micros(SESSIONS, "last_seen_at_us", row.last_seen_at_us)?,
        expires_at: from_micros(SESSIONS, "expires_at_us", row.expires_at_us)?,
        ended_at: row
            .ended_at_us
            .map(|at| from_micros(SESSIONS, "ended_at_us", at))
            .transpose()?,
    })
}

#[async_trait::async_trait]
impl ContactUserSessionRepository for Database {
    async fn insert(
        &self,
        uow: &mut Uow,
        session: &ContactUserSession,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = contact_user_sessions::Model {
            id: session.id.as_uuid(),
            org_id: session.org_id.as_uuid(),
            contact_user_id: session.contact_user_id.as_uuid(),
            digest: session.digest.as_bytes().to_vec(),
            created_at_us: micros(session.created_at),
            last_seen_at_us: micros(session.last_seen_at),
            expires_at_us: micros(session.expires_at),
            ended_at_us: session.ended_at.map(micros),
        };
        contact_user_sessions::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserSession>, RepositoryError> {
        contact_user_sessions::Entity::find()
            .filter(Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .as_ref()
            .map(to_session)
            .transpose()
    }

    async fn touch(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        contact_user_sessions::Entity::update_many()
            .col_expr(Column::LastSeenAtUs, Expr::value(micros(at)))
            .filter(Column::Id.eq(session.id.as_uuid()))
            .filter(Column::OrgId.eq(session.org_id.as_uuid()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn end(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        contact_user_sessions::Entity::update_many()
            .col_expr(Column::EndedAtUs, Expr::value(micros(at)))
            .filter(Column::Id.eq(session.id.as_uuid()))
            .filter(Column::OrgId.eq(session.org_id.as_uuid()))
            .filter(Column::EndedAtUs.is_null())
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn end_all_for_user(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
        except: Option<SessionId>,
    ) -> Result<u64, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let mut update = contact_user_sessions::Entity::update_many()
            .col_expr(Column::EndedAtUs, Expr::value(micros(at)))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::ContactUserId.eq(user.as_uuid()))
            .filter(Column::EndedAtUs.is_null());
        if let Some(kept) = except {
            update = update.filter(Column::Id.ne(kept.as_uuid()));
        }
        Ok(update
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected)
    }
}
