//! Named values shared by every replica, such as generated secrets.

use frontdesk_kernel::RepositoryError;
use sea_orm::{EntityTrait, IntoActiveModel};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{db_time, unavailable};
use crate::entities::settings;

impl Database {
    /// The value stored under `name`; when there is none, stores `generate()` first. Replicas
    /// calling this together all get the same value: the first insert wins and every caller
    /// reads back what was stored.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn shared_secret(
        &self,
        name: &str,
        generate: impl FnOnce() -> Vec<u8> + Send,
    ) -> Result<Vec<u8>, RepositoryError> {
        if let Some(stored) = self.setting(name).await? {
            return Ok(stored);
        }
        let row = settings::Model {
            name: name.to_owned(),
            value: generate(),
            created_at: db_time(OffsetDateTime::now_utc()),
        };
        settings::Entity::insert(row.into_active_model())
            .on_conflict_do_nothing()
            .exec_without_returning(self.writer())
            .await
            .map_err(unavailable)?;
        self.setting(name).await?.ok_or_else(|| {
            RepositoryError::Corrupt(format!("settings.{name}: missing right after insert"))
        })
    }

    /// Reads through the writer so a value stored a moment ago is always seen.
    async fn setting(&self, name: &str) -> Result<Option<Vec<u8>>, RepositoryError> {
        Ok(settings::Entity::find_by_id(name.to_owned())
            .one(self.writer())
            .await
            .map_err(unavailable)?
            .map(|row| row.value))
    }
}
