//! A replay store in process memory, for tests and single-replica deployments.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use frontdesk_kernel::{CaptchaReplayStore, Clock, RepositoryError};
use time::OffsetDateTime;

/// A [`CaptchaReplayStore`] in a `Mutex<HashMap>`. Entries are dropped once they expire
/// (checked on every insert). Not shared between processes: with several replicas use the
/// database-backed store.
pub struct InMemoryReplayStore {
    clock: Arc<dyn Clock>,
    used: Mutex<HashMap<[u8; 32], OffsetDateTime>>,
}

impl InMemoryReplayStore {
    /// An empty store that reads the time from `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// How many keys are remembered right now (expired ones may linger until the next
    /// insert).
    pub fn len(&self) -> usize {
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for InMemoryReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InMemoryReplayStore")
            .field("entries", &self.len())
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl CaptchaReplayStore for InMemoryReplayStore {
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let now = self.clock.now();
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        used.retain(|_, until| *until > now);
        if used.contains_key(key) {
            return Ok(false);
        }
        used.insert(*key, expires_at);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_testkit::FakeClock;
    use time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_key_is_accepted_once_until_it_expires_then_purged() {
        let clock = Arc::new(FakeClock::new());
        let store = InMemoryReplayStore::new(clock.clone());
        let expires = clock.now() + Duration::minutes(10);

        assert!(store.first_use(&[1; 32], expires).await.unwrap());
        assert!(!store.first_use(&[1; 32], expires).await.unwrap());
        assert!(store.first_use(&[2; 32], expires).await.unwrap());
        assert_eq!(store.len(), 2);

        clock.advance(Duration::minutes(11));
        assert!(
            store
                .first_use(&[3; 32], clock.now() + Duration::minutes(1))
                .await
                .unwrap()
        );
        assert_eq!(store.len(), 1, "expired keys are purged on insert");
    }

    #[tokio::test]
    async fn concurrent_first_uses_of_one_key_admit_exactly_one() {
        let clock = Arc::new(FakeClock::new());
        let store = Arc::new(InMemoryReplayStore::new(clock.clone()));
        let expires = clock.now() + Duration::minutes(10);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.first_use(&[7; 32], expires).await.unwrap() })
            })
            .collect();
        let mut admitted = 0;
        for task in tasks {
            if task.await.unwrap() {
                admitted += 1;
            }
        }
        assert_eq!(admitted, 1);
    }
}
