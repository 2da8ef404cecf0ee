//! `public_cases_rules`: at most one "all public cases of the user's clients" rule per
//! contact user.

use sea_orm::entity::prelude::*;

/// One rule row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_cases_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_user_id: Uuid,
    pub org_id: Uuid,
    pub open: bool,
    pub closed: bool,
    pub set_by: Uuid,
    pub set_at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
