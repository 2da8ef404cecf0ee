//! `access_grants`: contact users' per-case grants; revoked ones are kept.

use sea_orm::entity::prelude::*;

/// One grant row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub contact_user_id: Uuid,
    pub case_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub role: String,
    pub granted_by: Uuid,
    pub granted_at_us: i64,
    pub revoked_at_us: Option<i64>,
    pub revoked_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
