//! The audit trail.

use frontdesk_access::{AuditEvent, AuditLog};
use frontdesk_kernel::{RepositoryError, Uow};
use sea_orm::{EntityTrait, IntoActiveModel};

use crate::convert::{db_time, unavailable};
use crate::entities::audit_events;
use crate::{Database, SeaOrmUnitOfWork};

#[async_trait::async_trait]
impl AuditLog for Database {
    async fn record(&self, uow: &mut Uow, event: &AuditEvent) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = audit_events::Model {
            id: event.id.as_uuid(),
            org_id: event.org_id.map(|id| id.as_uuid()),
            actor: event.actor.map(|id| id.as_uuid()),
            action: event.action.as_str().to_owned(),
            subject: event.subject.clone(),
            detail: event.detail.clone(),
            at: db_time(event.at),
        };
        audit_events::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
