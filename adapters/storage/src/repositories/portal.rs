//! The customer portal's title and forms (`portal_settings`).

use frontdesk_access::{PortalExtras, PortalSettingsRepository, PortalTitle};
use frontdesk_kernel::{OrgId, RepositoryError, Uow};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect};

use crate::convert::{corrupt, unavailable, write_error};
use crate::entities::{forms, portal_settings};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "portal_settings";

impl TryFrom<portal_settings::Model> for PortalExtras {
    type Error = RepositoryError;

    fn try_from(row: portal_settings::Model) -> Result<Self, Self::Error> {
        Ok(Self {
            title: row
                .title
                .as_deref()
                .map(PortalTitle::parse)
                .transpose()
                .map_err(|e| corrupt(TABLE, "title", e))?,
            forms: serde_json::from_str(&row.forms).map_err(|e| corrupt(TABLE, "forms", e))?,
        })
    }
}

#[async_trait::async_trait]
impl PortalSettingsRepository for Database {
    async fn find(&self, org: OrgId) -> Result<Option<PortalExtras>, RepositoryError> {
        portal_settings::Entity::find_by_id(org.as_uuid())
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(PortalExtras::try_from)
            .transpose()
    }

    async fn save(
        &self,
        uow: &mut Uow,
        org: OrgId,
        extras: &PortalExtras,
    ) -> Result<(), RepositoryError> {
        use portal_settings::Column;
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = portal_settings::Model {
            org_id: org.as_uuid(),
            title: extras.title.as_ref().map(|t| t.as_str().to_owned()),
            forms: serde_json::to_string(&extras.forms).map_err(|e| corrupt(TABLE, "forms", e))?,
        };
        portal_settings::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::column(Column::OrgId)
                    .update_columns([Column::Title, Column::Forms])
                    .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(())
    }

    async fn unknown_forms(
        &self,
        org: OrgId,
        slugs: &[String],
    ) -> Result<Vec<String>, RepositoryError> {
        if slugs.is_empty() {
            return Ok(Vec::new());
        }
        let known: Vec<String> = forms::Entity::find()
            .select_only()
            .column(forms::Column::Slug)
            .filter(forms::Column::OrgId.eq(org.as_uuid()))
            .filter(forms::Column::Slug.is_in(slugs.iter().cloned()))
            .into_tuple()
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        Ok(slugs
            .iter()
            .filter(|slug| !known.contains(slug))
            .cloned()
            .collect())
    }
}
