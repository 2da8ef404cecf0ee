//! Builds the application's services from configuration and a database.

use std::sync::Arc;

use frontdesk_access::{AccessPorts, AccessService, SessionPolicy};
use frontdesk_config::Config;
use frontdesk_kernel::{OsTokenSource, PasswordHasher, SystemClock, UuidV7Generator};
use frontdesk_passwords::{Argon2Hasher, HasherLimits};
use frontdesk_storage::Database;

use crate::state::{AppState, CookiePolicy};

/// The access service over `database`, hashing with `hasher`.
pub fn access_service(
    config: &Config,
    database: &Database,
    hasher: Arc<dyn PasswordHasher>,
) -> AccessService {
    let store = Arc::new(database.clone());
    let ports = AccessPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        initialiser: store.clone(),
        staff: store.clone(),
        api_tokens: store.clone(),
        action_tokens: store.clone(),
        sessions: store.clone(),
        attempts: store.clone(),
        audit: store,
        hasher,
        clock: Arc::new(SystemClock),
        tokens: Arc::new(OsTokenSource),
        ids: Arc::new(UuidV7Generator),
    };
    let policy = SessionPolicy {
        idle: time_duration(config.sessions.idle_timeout),
        absolute: time_duration(config.sessions.absolute_timeout),
    };
    AccessService::new(ports, policy)
}

fn time_duration(duration: std::time::Duration) -> time::Duration {
    time::Duration::try_from(duration).unwrap_or(time::Duration::MAX)
}

/// The production password hasher for `config`.
pub fn hasher(config: &Config) -> Arc<dyn PasswordHasher> {
    Arc::new(Argon2Hasher::new(HasherLimits {
        max_concurrent: config.passwords.max_concurrent_hashes,
        max_waiting: config.passwords.max_waiting_hashes,
    }))
}

/// The application state for `config` over `database`.
pub fn app_state(
    config: &Config,
    database: &Database,
    hasher: Arc<dyn PasswordHasher>,
) -> AppState {
    AppState {
        access: access_service(config, database, hasher),
        database: database.clone(),
        cookies: Arc::new(CookiePolicy {
            secure: config.base_url.scheme() == "https",
        }),
        trust_forwarded_for: config.http.trust_forwarded_for,
    }
}
