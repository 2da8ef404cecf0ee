//! `idempotency_keys`: which case a public submission's `Idempotency-Key` produced.

use sea_orm::entity::prelude::*;

/// One remembered key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub key: String,
    pub request_digest: Vec<u8>,
    pub case_id: Uuid,
    pub created_at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
