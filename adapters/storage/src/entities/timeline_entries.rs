//! `timeline_entries`: what happened on a case.

use sea_orm::entity::prelude::*;

/// One entry. `author_kind` is `staff`, `contact` or `system` (then `author_id` is `NULL`);
/// `event` is the JSON of the event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub case_id: Uuid,
    pub author_kind: String,
    pub author_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub event: String,
    pub visibility: String,
    pub at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
