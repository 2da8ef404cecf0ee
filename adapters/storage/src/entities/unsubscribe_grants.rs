//! `unsubscribe_grants`: what an unsubscribe link unsubscribes (the token's digest only).

use sea_orm::entity::prelude::*;

/// One grant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unsubscribe_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub digest: Vec<u8>,
    pub org_id: Uuid,
    pub contact_id: Uuid,
    pub case_id: Uuid,
    pub created_at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
