//! `cases`: cases, numbered per organisation.

use sea_orm::entity::prelude::*;

/// One case row. `submitted` is the JSON of the contact details as submitted; `assignee_id`
/// the staff user working on it; `client_id` the client it belongs to and `public` whether
/// that client's contact users may see it through the all-public-cases rule.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: i64,
    pub form_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub priority: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub project: Option<String>,
    pub status: String,
    pub language: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub submitted: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub public: bool,
    pub created_at_us: i64,
    pub updated_at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
