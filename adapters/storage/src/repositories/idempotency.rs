//! Idempotency keys of public submissions.

use frontdesk_cases::IdempotencyRepository;
use frontdesk_kernel::{CaseId, OrgId, RepositoryError, Uow};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, IntoActiveModel};
use time::OffsetDateTime;

use crate::convert::{corrupt, micros, unavailable, write_error};
use crate::entities::idempotency_keys;
use crate::{Database, SeaOrmUnitOfWork};

#[async_trait::async_trait]
impl IdempotencyRepository for Database {
    async fn remember(
        &self,
        uow: &mut Uow,
        org: OrgId,
        key: &str,
        request: [u8; 32],
        case: CaseId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = idempotency_keys::Model {
            org_id: org.as_uuid(),
            key: key.to_owned(),
            request_digest: request.to_vec(),
            case_id: case.as_uuid(),
            created_at_us: micros(at),
        };
        // A key already remembered is not an error to the database (`DO NOTHING`), so the
        // caller's transaction stays usable (see contacts).
        let inserted = idempotency_keys::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::columns([
                    idempotency_keys::Column::OrgId,
                    idempotency_keys::Column::Key,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        if inserted == 0 {
            return Err(RepositoryError::Conflict("idempotency_key"));
        }
        Ok(())
    }

    async fn recall(
        &self,
        org: OrgId,
        key: &str,
    ) -> Result<Option<([u8; 32], CaseId)>, RepositoryError> {
        let Some(row) = idempotency_keys::Entity::find_by_id((org.as_uuid(), key.to_owned()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
        else {
            return Ok(None);
        };
        let request = <[u8; 32]>::try_from(row.request_digest.as_slice()).map_err(|_| {
            corrupt(
                "idempotency_keys",
                "request_digest",
                format!("{} bytes instead of 32", row.request_digest.len()),
            )
        })?;
        Ok(Some((request, CaseId::from_uuid(row.case_id))))
    }
}
