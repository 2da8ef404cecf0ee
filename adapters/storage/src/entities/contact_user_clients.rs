//! `contact_user_clients`: the clients each contact user belongs to.

use sea_orm::entity::prelude::*;

/// One link of a contact user to a client.
#[expect(
    clippy::struct_field_names,
    reason = "the columns are the ids of what the row links"
)]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_user_clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: Uuid,
    pub org_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
