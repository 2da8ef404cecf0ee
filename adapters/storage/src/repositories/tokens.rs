//! Staff API tokens and one-time action links.

use frontdesk_access::{
    ActionPurpose, ActionToken, ActionTokenRepository, ApiToken, ApiTokenRepository,
};
use frontdesk_kernel::{
    ActionTokenId, ApiTokenId, OrgId, RepositoryError, StaffUserId, TokenDigest, Uow,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use time::OffsetDateTime;

use crate::convert::{corrupt, db_time, digest, unavailable, write_error};
use crate::entities::{action_tokens, api_tokens};
use crate::{Database, SeaOrmUnitOfWork};

impl TryFrom<api_tokens::Model> for ApiToken {
    type Error = RepositoryError;

    fn try_from(row: api_tokens::Model) -> Result<Self, Self::Error> {
        Ok(Self {
            id: ApiTokenId::from_uuid(row.id),
            org_id: OrgId::from_uuid(row.org_id),
            user_id: StaffUserId::from_uuid(row.user_id),
            label: row.label,
            digest: digest("api_tokens", &row.digest)?,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
        })
    }
}

impl TryFrom<action_tokens::Model> for ActionToken {
    type Error = RepositoryError;

    fn try_from(row: action_tokens::Model) -> Result<Self, Self::Error> {
        Ok(Self {
            id: ActionTokenId::from_uuid(row.id),
            org_id: OrgId::from_uuid(row.org_id),
            user_id: StaffUserId::from_uuid(row.user_id),
            purpose: ActionPurpose::parse(&row.purpose).ok_or_else(|| {
                corrupt(
                    "action_tokens",
                    "purpose",
                    format!("unknown purpose {:?}", row.purpose),
                )
            })?,
            digest: digest("action_tokens", &row.digest)?,
            created_at: row.created_at,
            expires_at: row.expires_at,
            used_at: row.used_at,
        })
    }
}

#[async_trait::async_trait]
impl ApiTokenRepository for Database {
    async fn insert(&self, uow: &mut Uow, token: &ApiToken) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = api_tokens::Model {
            id: token.id.as_uuid(),
            org_id: token.org_id.as_uuid(),
            user_id: token.user_id.as_uuid(),
            label: token.label.clone(),
            digest: token.digest.as_bytes().to_vec(),
            created_at: db_time(token.created_at),
            expires_at: token.expires_at.map(db_time),
            revoked_at: token.revoked_at.map(db_time),
        };
        api_tokens::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ApiToken>, RepositoryError> {
        api_tokens::Entity::find()
            .filter(api_tokens::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(ApiToken::try_from)
            .transpose()
    }

    async fn find(&self, org: OrgId, id: ApiTokenId) -> Result<Option<ApiToken>, RepositoryError> {
        api_tokens::Entity::find_by_id(id.as_uuid())
            .filter(api_tokens::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(ApiToken::try_from)
            .transpose()
    }

    async fn list_for_user(
        &self,
        org: OrgId,
        user: StaffUserId,
    ) -> Result<Vec<ApiToken>, RepositoryError> {
        let mut tokens = api_tokens::Entity::find()
            .filter(api_tokens::Column::OrgId.eq(org.as_uuid()))
            .filter(api_tokens::Column::UserId.eq(user.as_uuid()))
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(ApiToken::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        // Sorted here: `SQLite` keeps times as text whose order is not time order within a
        // second, and one person holds few tokens.
        tokens.sort_by_key(|token| std::cmp::Reverse((token.created_at, token.id.as_uuid())));
        Ok(tokens)
    }

    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ApiTokenId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let result = api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::RevokedAt, Expr::value(db_time(at)))
            .filter(api_tokens::Column::Id.eq(id.as_uuid()))
            .filter(api_tokens::Column::OrgId.eq(org.as_uuid()))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected == 1)
    }
}

#[async_trait::async_trait]
impl ActionTokenRepository for Database {
    async fn insert(&self, uow: &mut Uow, token: &ActionToken) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = action_tokens::Model {
            id: token.id.as_uuid(),
            org_id: token.org_id.as_uuid(),
            user_id: token.user_id.as_uuid(),
            purpose: token.purpose.as_str().to_owned(),
            digest: token.digest.as_bytes().to_vec(),
            created_at: db_time(token.created_at),
            expires_at: db_time(token.expires_at),
            used_at: token.used_at.map(db_time),
        };
        action_tokens::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ActionToken>, RepositoryError> {
        action_tokens::Entity::find()
            .filter(action_tokens::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(ActionToken::try_from)
            .transpose()
    }

    async fn mark_used(
        &self,
        uow: &mut Uow,
        token: &ActionToken,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let result = action_tokens::Entity::update_many()
            .col_expr(action_tokens::Column::UsedAt, Expr::value(db_time(at)))
            .filter(action_tokens::Column::Id.eq(token.id.as_uuid()))
            .filter(action_tokens::Column::OrgId.eq(token.org_id.as_uuid()))
            .filter(action_tokens::Column::UsedAt.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected == 1)
    }
}
