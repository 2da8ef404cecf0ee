//! `share_links`: public read-only links to one case (the token's digest only).

use sea_orm::entity::prelude::*;

/// One link. `views` counts the views so far; `max_views` bounds it when set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "share_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub case_id: Uuid,
    pub created_by: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub label: Option<String>,
    pub digest: Vec<u8>,
    pub language: String,
    pub created_at_us: i64,
    pub expires_at_us: i64,
    pub max_views: Option<i32>,
    pub views: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub password_hash: Option<String>,
    pub revoked_at_us: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
