//! `registration_uses`: the counted sign-ups through a registration link.

use sea_orm::entity::prelude::*;

/// One use: the account it created (a contact user or a staff user) and the address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_uses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub link_id: Uuid,
    pub org_id: Uuid,
    pub contact_user_id: Option<Uuid>,
    pub staff_user_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub email: String,
    pub at_us: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
