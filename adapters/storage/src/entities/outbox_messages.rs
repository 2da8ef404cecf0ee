//! `outbox_messages`: the transactional outbox. Queue times are unix microseconds.

use sea_orm::entity::prelude::*;

/// One queued mail. `data` is a JSON object; `state` is `pending`, `sending`, `sent` or
/// `dead`; `*_us` columns are unix microseconds, so they order correctly on every backend.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub recipient: String,
    #[sea_orm(column_type = "Text")]
    pub recipient_normalised: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub recipient_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub language: String,
    #[sea_orm(column_type = "Text")]
    pub data: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub unsubscribe_url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub state: String,
    pub attempts: i32,
    pub created_at_us: i64,
    pub available_at_us: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub lease_owner: Option<String>,
    pub lease_until_us: Option<i64>,
    pub sent_at_us: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
