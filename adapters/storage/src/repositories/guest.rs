//! Guest access capabilities and unsubscribe grants.

use frontdesk_cases::{GuestAccess, GuestAccessRepository, UnsubscribeGrant};
use frontdesk_kernel::{
    CaseId, ContactId, GuestAccessId, OrgId, RepositoryError, TokenDigest, Uow,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use crate::convert::{digest, from_micros, micros, unavailable, write_error};
use crate::entities::{guest_access, unsubscribe_grants};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "guest_access";

pub(crate) fn to_access(row: &guest_access::Model) -> Result<GuestAccess, RepositoryError> {
    Ok(GuestAccess {
        id: GuestAccessId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        case_id: CaseId::from_uuid(row.case_id),
        contact_id: ContactId::from_uuid(row.contact_id),
        digest: digest(TABLE, &row.digest)?,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
        expires_at: from_micros(TABLE, "expires_at_us", row.expires_at_us)?,
        revoked_at: row
            .revoked_at_us
            .map(|us| from_micros(TABLE, "revoked_at_us", us))
            .transpose()?,
    })
}

fn to_grant(row: &unsubscribe_grants::Model) -> Result<UnsubscribeGrant, RepositoryError> {
    const GRANTS: &str = "unsubscribe_grants";
    Ok(UnsubscribeGrant {
        org_id: OrgId::from_uuid(row.org_id),
        contact_id: ContactId::from_uuid(row.contact_id),
        case_id: CaseId::from_uuid(row.case_id),
        digest: digest(GRANTS, &row.digest)?,
        created_at: from_micros(GRANTS, "created_at_us", row.created_at_us)?,
    })
}

#[async_trait::async_trait]
impl GuestAccessRepository for Database {
    async fn insert(&self, uow: &mut Uow, access: &GuestAccess) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = guest_access::Model {
            id: access.id.as_uuid(),
            org_id: access.org_id.as_uuid(),
            case_id: access.case_id.as_uuid(),
            contact_id: access.contact_id.as_uuid(),
            digest: access.digest.as_bytes().to_vec(),
            created_at_us: micros(access.created_at),
            expires_at_us: micros(access.expires_at),
            revoked_at_us: access.revoked_at.map(micros),
        };
        guest_access::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestAccess>, RepositoryError> {
        guest_access::Entity::find()
            .filter(guest_access::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| to_access(&row))
            .transpose()
    }

    async fn open_for_case(
        &self,
        org: OrgId,
        case: CaseId,
        now: OffsetDateTime,
    ) -> Result<Vec<GuestAccess>, RepositoryError> {
        guest_access::Entity::find()
            .filter(guest_access::Column::OrgId.eq(org.as_uuid()))
            .filter(guest_access::Column::CaseId.eq(case.as_uuid()))
            .filter(guest_access::Column::RevokedAtUs.is_null())
            .filter(guest_access::Column::ExpiresAtUs.gt(micros(now)))
            .order_by_asc(guest_access::Column::CreatedAtUs)
            .order_by_asc(guest_access::Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_access)
            .collect()
    }

    async fn revoke_for_case(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: Option<ContactId>,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let mut update = guest_access::Entity::update_many()
            .col_expr(guest_access::Column::RevokedAtUs, Expr::value(micros(at)))
            .filter(guest_access::Column::OrgId.eq(org.as_uuid()))
            .filter(guest_access::Column::CaseId.eq(case.as_uuid()))
            .filter(guest_access::Column::RevokedAtUs.is_null());
        if let Some(contact) = contact {
            update = update.filter(guest_access::Column::ContactId.eq(contact.as_uuid()));
        }
        let result = update.exec(transaction).await.map_err(unavailable)?;
        Ok(result.rows_affected)
    }

    async fn insert_unsubscribe(
        &self,
        uow: &mut Uow,
        grant: &UnsubscribeGrant,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = unsubscribe_grants::Model {
            digest: grant.digest.as_bytes().to_vec(),
            org_id: grant.org_id.as_uuid(),
            contact_id: grant.contact_id.as_uuid(),
            case_id: grant.case_id.as_uuid(),
            created_at_us: micros(grant.created_at),
        };
        unsubscribe_grants::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| match write_error(e, &[]) {
                RepositoryError::Conflict(_) => RepositoryError::Conflict("digest"),
                other => other,
            })?;
        Ok(())
    }

    async fn find_unsubscribe(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<UnsubscribeGrant>, RepositoryError> {
        unsubscribe_grants::Entity::find_by_id(digest.as_bytes().to_vec())
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| to_grant(&row))
            .transpose()
    }
}
