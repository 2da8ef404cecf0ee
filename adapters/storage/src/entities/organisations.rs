//! `organisations`: tenants.

use sea_orm::entity::prelude::*;

/// One organisation row. `branding` and `lifetimes` hold JSON text.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub branding: String,
    pub base_url: String,
    pub default_language: String,
    pub portal_mode: String,
    pub registration_enabled: bool,
    #[sea_orm(column_type = "Text")]
    pub lifetimes: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
