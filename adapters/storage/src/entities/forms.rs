//! `forms`: intake forms.

use sea_orm::entity::prelude::*;

/// One form row. `fields` is a JSON array of field configurations and
/// `guest_edit_statuses` a JSON array of status names; both are `NULL` on forms created
/// before the cases migration, which read as the standard field set and `["new"]`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "forms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub slug: String,
    pub name: String,
    pub default_language: String,
    pub created_at: TimeDateTimeWithTimeZone,
    #[sea_orm(column_type = "Text", nullable)]
    pub fields: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub guest_edit_statuses: Option<String>,
    pub notify_contacts: bool,
    pub share_links_enabled: bool,
    pub updated_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
