//! Which registration link each sign-up's activation link came from.

use frontdesk_kernel::{
    ActionTokenId, ContactUserId, OrgId, RegistrationLinkId, RepositoryError, Uow,
};
use frontdesk_registration::{PendingSignUp, PendingSignUpRepository};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};

use crate::convert::{micros, unavailable, write_error};
use crate::entities::{contact_user_links, pending_sign_ups};
use crate::{Database, SeaOrmUnitOfWork};

#[async_trait::async_trait]
impl PendingSignUpRepository for Database {
    async fn insert(&self, uow: &mut Uow, pending: &PendingSignUp) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = pending_sign_ups::Model {
            activation_id: pending.activation_id.as_uuid(),
            org_id: pending.org_id.as_uuid(),
            link_id: pending.link_id.as_uuid(),
            created_at_us: micros(pending.created_at),
        };
        pending_sign_ups::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(())
    }

    async fn link_of(
        &self,
        org: OrgId,
        activation: ActionTokenId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        Ok(pending_sign_ups::Entity::find_by_id(activation.as_uuid())
            .filter(pending_sign_ups::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| RegistrationLinkId::from_uuid(row.link_id)))
    }

    /// The pending sign-ups whose activation link is one of the user's (in the same
    /// organisation), the latest first.
    async fn link_of_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        Ok(pending_sign_ups::Entity::find()
            .filter(pending_sign_ups::Column::OrgId.eq(org.as_uuid()))
            .filter(
                pending_sign_ups::Column::ActivationId.in_subquery(
                    Query::select()
                        .column(contact_user_links::Column::Id)
                        .from(contact_user_links::Entity)
                        .and_where(contact_user_links::Column::OrgId.eq(org.as_uuid()))
                        .and_where(contact_user_links::Column::ContactUserId.eq(user.as_uuid()))
                        .take(),
                ),
            )
            .order_by_desc(pending_sign_ups::Column::CreatedAtUs)
            .order_by_desc(pending_sign_ups::Column::ActivationId)
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| RegistrationLinkId::from_uuid(row.link_id)))
    }
}
