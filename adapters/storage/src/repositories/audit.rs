//! The audit trail: appended inside the caller's unit of work, read newest first by
//! `at_us` (exact on both backends) and then id.

use frontdesk_access::{AuditAction, AuditEvent, AuditFilter, AuditLog};
use frontdesk_kernel::{AuditEventId, OrgId, Page, PageRequest, RepositoryError, StaffUserId, Uow};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};

use crate::convert::{db_time, micros, unavailable};
use crate::entities::audit_events::{self, Column, Model};
use crate::{Database, SeaOrmUnitOfWork};

/// `at` as unix microseconds, rounded up: for stored (whole-microsecond) times `t`,
/// `t >= at` and `t < at` hold exactly when they hold against this bound.
fn micros_up(at: time::OffsetDateTime) -> i64 {
    let down = micros(at);
    if at.nanosecond().is_multiple_of(1_000) {
        down
    } else {
        down.saturating_add(1)
    }
}

fn to_event(row: Model) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::from_uuid(row.id),
        org_id: row.org_id.map(OrgId::from_uuid),
        actor: row.actor.map(StaffUserId::from_uuid),
        action: AuditAction::from_stored(row.action),
        subject: row.subject,
        detail: row.detail,
        at: row.at,
    }
}

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
            at_us: micros(event.at),
        };
        audit_events::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn list(
        &self,
        org: OrgId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, RepositoryError> {
        let mut query = audit_events::Entity::find().filter(Column::OrgId.eq(org.as_uuid()));
        if let Some(after) = page.after {
            // The cursor is a position in (at_us, id) order: read where it stands.
            let Some(cursor) = audit_events::Entity::find_by_id(after)
                .filter(Column::OrgId.eq(org.as_uuid()))
                .one(self.reader())
                .await
                .map_err(unavailable)?
            else {
                return Ok(Page {
                    items: Vec::new(),
                    next_after: None,
                });
            };
            query = query.filter(
                Condition::any().add(Column::AtUs.lt(cursor.at_us)).add(
                    Condition::all()
                        .add(Column::AtUs.eq(cursor.at_us))
                        .add(Column::Id.lt(cursor.id)),
                ),
            );
        }
        if let Some(actor) = filter.actor {
            query = query.filter(Column::Actor.eq(actor.as_uuid()));
        }
        if let Some(action) = &filter.action {
            query = query.filter(Column::Action.eq(action.as_str()));
        }
        if let Some(from) = filter.from {
            query = query.filter(Column::AtUs.gte(micros_up(from)));
        }
        if let Some(to) = filter.to {
            query = query.filter(Column::AtUs.lt(micros_up(to)));
        }
        let rows = query
            .order_by_desc(Column::AtUs)
            .order_by_desc(Column::Id)
            .limit(u64::from(page.limit) + 1)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        let events = rows.into_iter().map(to_event).collect();
        Ok(Page::from_overfetch(events, page, |event: &AuditEvent| {
            event.id.as_uuid()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn bounds_round_up_to_the_next_stored_microsecond() {
        let whole = datetime!(2026-05-01 10:00:00.000001 UTC);
        assert_eq!(micros_up(whole), micros(whole));
        let between = datetime!(2026-05-01 10:00:00.0000015 UTC);
        assert_eq!(micros_up(between), micros(whole) + 1);
        let before_epoch = datetime!(1969-12-31 23:59:59.9999995 UTC);
        assert_eq!(micros_up(before_epoch), 0);
    }
}
