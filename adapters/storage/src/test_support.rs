//! Throw-away databases for tests: a fresh `SQLite` file in a temporary directory, or a
//! fresh `PostgreSQL` database created on a local server and dropped afterwards.
//!
//! `PostgreSQL` is found at `postgres://postgres@127.0.0.1:5432/postgres` unless
//! `FRONTDESK_TEST_POSTGRES_URL` names another server (an administrative connection that may
//! `CREATE DATABASE`). When it cannot be reached, [`TestDatabase::postgres`] fails the test
//! with how to start it, unless the run opted out explicitly
//! (`FRONTDESK_TEST_SKIP_MISSING=postgres`, refused under CI; see [`missing`]): then it
//! returns `None`, so the caller skips, and the skip is counted in the run's summary.

pub mod missing;

use std::path::PathBuf;

use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection};

use crate::{Backend, Database};

/// Environment variable naming the `PostgreSQL` server tests use.
pub const POSTGRES_URL_VAR: &str = "FRONTDESK_TEST_POSTGRES_URL";
/// The server tests use when [`POSTGRES_URL_VAR`] is unset.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh, migrated database that exists only for one test. Call
/// [`TestDatabase::cleanup`] at the end; a dropped one is left behind.
#[derive(Debug)]
pub struct TestDatabase {
    database: Database,
    url: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Sqlite { dir: PathBuf },
    Postgres { admin_url: String, name: String },
}

fn unique_name() -> String {
    format!("fd_test_{}", uuid::Uuid::now_v7().simple())
}

impl TestDatabase {
    /// A migrated `SQLite` database in a new file under the system's temporary directory.
    ///
    /// # Panics
    /// When the file cannot be created or migrated.
    pub async fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create test directory {}: {e}", dir.display()));
        let url = format!("sqlite://{}?mode=rwc", dir.join("frontdesk.db").display());
        let database = Database::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open the test SQLite database: {e}"));
        database
            .migrate()
            .await
            .unwrap_or_else(|e| panic!("cannot migrate the test SQLite database: {e}"));
        Self {
            database,
            url,
            place: Place::Sqlite { dir },
        }
    }

    /// A migrated `PostgreSQL` database made for this test, or `None` when no server answers
    /// and the run opted out of `PostgreSQL` ([`missing::service_missing`]).
    ///
    /// # Panics
    /// When no server answers and the run did not opt out (or runs under CI), or when the
    /// database cannot be created or migrated.
    pub async fn postgres() -> Option<Self> {
        let test_db = Self::postgres_unmigrated().await?;
        test_db
            .database
            .migrate()
            .await
            .unwrap_or_else(|e| panic!("cannot migrate test database {}: {e}", test_db.url));
        Some(test_db)
    }

    /// Like [`TestDatabase::postgres`] but with no migration applied yet.
    ///
    /// # Panics
    /// As [`TestDatabase::postgres`].
    pub async fn postgres_unmigrated() -> Option<Self> {
        let admin_url =
            std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let admin = match admin_connection(&admin_url).await {
            Ok(admin) => admin,
            Err(reason) => {
                missing::service_missing(
                    missing::Service::Postgres,
                    &format!("is unreachable ({reason})"),
                );
                return None;
            }
        };
        let name = unique_name();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = admin.close().await;
        let mut url = url::Url::parse(&admin_url)
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is not a URL: {e}"));
        url.set_path(&format!("/{name}"));
        let url = url.to_string();
        let database = Database::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open test database {name}: {e}"));
        Some(Self {
            database,
            url,
            place: Place::Postgres { admin_url, name },
        })
    }

    /// The database.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Its URL, for starting a server process on it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Which engine it is.
    pub fn backend(&self) -> Backend {
        self.database.backend()
    }

    /// Closes the database and deletes it (the `SQLite` directory, or the `PostgreSQL`
    /// database with `DROP DATABASE … WITH (FORCE)`).
    ///
    /// # Panics
    /// When the `PostgreSQL` database cannot be dropped.
    pub async fn cleanup(self) {
        let _ = self.database.close().await;
        match self.place {
            Place::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Place::Postgres { admin_url, name } => {
                let admin = admin_connection(&admin_url)
                    .await
                    .unwrap_or_else(|reason| panic!("cannot drop test database {name}: {reason}"));
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .unwrap_or_else(|e| panic!("cannot drop test database {name}: {e}"));
                let _ = admin.close().await;
            }
        }
    }
}

async fn admin_connection(url: &str) -> Result<DatabaseConnection, String> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .connect_timeout(std::time::Duration::from_secs(5))
        .sqlx_logging(false);
    sea_orm::Database::connect(options)
        .await
        .map_err(|e| e.to_string().replace(url, "<url>"))
}
