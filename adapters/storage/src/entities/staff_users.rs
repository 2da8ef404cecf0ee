//! `staff_users`: staff members of an organisation.

use sea_orm::entity::prelude::*;

/// One staff user row. `profiles` is a JSON array of profile names; `language` is the
/// user's chosen language code, `NULL` for the organisation's default.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub email: String,
    pub email_normalised: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub profiles: String,
    pub disabled: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub password_hash: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
