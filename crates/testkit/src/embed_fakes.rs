//! In-memory fake of [`EmbedOriginRepository`]: each organisation's allowed origins, replaced
//! whole on save and read back in the order saved (empty when never set), in an
//! [`crate::InMemoryUnitOfWork`] only, as the storage adapter accepts only its own unit of
//! work. Writes apply at once (no rollback).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::{EmbedOrigin, EmbedOriginRepository};
use frontdesk_kernel::{OrgId, RepositoryError, Uow};

use crate::fakes::check_uow;

/// The allowed origins of every organisation, in memory. Clones share the data.
#[derive(Debug, Clone, Default)]
pub struct InMemoryEmbedOrigins {
    lists: Arc<Mutex<HashMap<OrgId, Vec<EmbedOrigin>>>>,
}

impl InMemoryEmbedOrigins {
    /// No organisation has any origin.
    pub fn new() -> Self {
        Self::default()
    }

    fn lists(&self) -> MutexGuard<'_, HashMap<OrgId, Vec<EmbedOrigin>>> {
        self.lists.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many organisations have a saved list (an empty saved list counts).
    pub fn saved_lists(&self) -> usize {
        self.lists().len()
    }
}

#[async_trait::async_trait]
impl EmbedOriginRepository for InMemoryEmbedOrigins {
    async fn origins_of(&self, org: OrgId) -> Result<Vec<EmbedOrigin>, RepositoryError> {
        Ok(self.lists().get(&org).cloned().unwrap_or_default())
    }

    async fn save_origins(
        &self,
        uow: &mut Uow,
        org: OrgId,
        origins: &[EmbedOrigin],
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        self.lists().insert(org, origins.to_vec());
        Ok(())
    }
}
