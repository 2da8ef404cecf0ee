//! `registration_links`: sign-up links (the token's digest only).

use sea_orm::entity::prelude::*;

/// One link. `uses` counts the sign-ups so far; `max_uses` bounds it when set.
/// `allowed_domains` holds one domain per line (null: any domain).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub label: Option<String>,
    pub role: String,
    pub client_id: Option<Uuid>,
    pub auto_case_form: Option<Uuid>,
    pub digest: Vec<u8>,
    pub language: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub allowed_domains: Option<String>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub created_by: Uuid,
    pub created_at_us: i64,
    pub expires_at_us: i64,
    pub revoked_at_us: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
