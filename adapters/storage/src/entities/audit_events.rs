//! `audit_events`: the append-only audit trail.

use sea_orm::entity::prelude::*;

/// One audit event. `at_us` is `at` as unix microseconds: it orders and filters correctly
/// on every backend, where `SQLite`'s text timestamps do not.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Option<Uuid>,
    pub actor: Option<Uuid>,
    pub action: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    pub at: TimeDateTimeWithTimeZone,
    pub at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
