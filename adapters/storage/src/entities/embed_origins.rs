//! `embed_origins`: the sites allowed to embed an organisation's forms, one row per
//! organisation.

use sea_orm::entity::prelude::*;

/// One organisation's allowed origins. `origins` holds a JSON array of origins.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "embed_origins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub origins: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
