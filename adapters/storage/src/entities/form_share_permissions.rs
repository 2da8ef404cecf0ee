//! `form_share_permissions`: whether a profile may share cases of a form publicly.

use sea_orm::entity::prelude::*;

/// One explicit setting; no row means the default applies.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "form_share_permissions")]
pub struct Model {
    pub org_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub form_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub profile: String,
    pub allowed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
