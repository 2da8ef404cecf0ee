//! `pending_sign_ups`: which registration link each sign-up's activation link came from.

use sea_orm::entity::prelude::*;

/// One activation link issued through a registration link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_sign_ups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub activation_id: Uuid,
    pub org_id: Uuid,
    pub link_id: Uuid,
    pub created_at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
