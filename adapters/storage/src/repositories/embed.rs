//! The sites allowed to embed an organisation's forms (`embed_origins`).

use frontdesk_access::{EmbedOrigin, EmbedOriginRepository};
use frontdesk_kernel::{OrgId, RepositoryError, Uow};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, IntoActiveModel};

use crate::convert::{corrupt, unavailable, write_error};
use crate::entities::embed_origins;
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "embed_origins";

fn decode(row: &embed_origins::Model) -> Result<Vec<EmbedOrigin>, RepositoryError> {
    let raw: Vec<String> =
        serde_json::from_str(&row.origins).map_err(|e| corrupt(TABLE, "origins", e))?;
    raw.iter()
        .map(|origin| EmbedOrigin::parse(origin).map_err(|e| corrupt(TABLE, "origins", e)))
        .collect()
}

#[async_trait::async_trait]
impl EmbedOriginRepository for Database {
    async fn origins_of(&self, org: OrgId) -> Result<Vec<EmbedOrigin>, RepositoryError> {
        embed_origins::Entity::find_by_id(org.as_uuid())
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map_or_else(|| Ok(Vec::new()), |row| decode(&row))
    }

    async fn save_origins(
        &self,
        uow: &mut Uow,
        org: OrgId,
        origins: &[EmbedOrigin],
    ) -> Result<(), RepositoryError> {
        use embed_origins::Column;
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let list: Vec<&str> = origins.iter().map(EmbedOrigin::as_str).collect();
        let row = embed_origins::Model {
            org_id: org.as_uuid(),
            origins: serde_json::to_string(&list).map_err(|e| corrupt(TABLE, "origins", e))?,
        };
        embed_origins::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::column(Column::OrgId)
                    .update_columns([Column::Origins])
                    .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(())
    }
}
