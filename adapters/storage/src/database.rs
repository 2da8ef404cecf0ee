//! Opening the database: URL parsing, pool set-up, migrations, health checks.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous,
};
use sea_orm::sqlx::{ConnectOptions as _, Connection};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::StorageError;
use crate::migration::Migrator;
use crate::uow::SeaOrmUnitOfWork;

/// How long a `SQLite` connection waits for another process's write lock.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in the `SQLite` reader pool.
const SQLITE_READERS: u32 = 6;
/// Connections in the `PostgreSQL` pool.
const POSTGRES_CONNECTIONS: u32 = 16;
/// How long to wait for the server when connecting.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Which database engine a [`Database`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `SQLite` (a file, or in memory).
    Sqlite,
    /// `PostgreSQL` or a compatible cluster.
    Postgres,
}

/// The Frontdesk database: connection pools plus every repository port.
///
/// On `SQLite`, writes go through a single-connection writer pool (units of work begin with
/// `BEGIN IMMEDIATE`, so they never deadlock upgrading a read lock) and reads through a
/// separate reader pool; the file runs in WAL mode so readers never wait for the writer.
/// Hence, on `SQLite`, do not call a single-row write (sessions, attempts) while the same task
/// holds an open unit of work: it would wait for the writer connection the unit holds.
/// An in-memory `SQLite` database (`sqlite::memory:`) has one connection for everything.
/// On `PostgreSQL` one pool serves both.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
    /// The keys queued mail's secret-bearing data is sealed with (see
    /// [`Database::with_outbox_sealing`]); without them it is stored in the clear.
    pub(crate) sealing: Option<Arc<crate::OutboxSealing>>,
}

struct Inner {
    backend: Backend,
    target: String,
    reader: DatabaseConnection,
    writer: DatabaseConnection,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("backend", &self.inner.backend)
            .field("target", &self.inner.target)
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens `url`: `sqlite://PATH` (add `?mode=rwc` to create the file), `sqlite::memory:`,
    /// or `postgres://…` / `postgresql://…`. Does not migrate; call [`Database::migrate`].
    ///
    /// # Errors
    /// [`StorageError::UnsupportedScheme`] or [`StorageError::InvalidUrl`] for a bad URL;
    /// [`StorageError::Connect`] when the database does not accept a connection.
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let scheme = url
            .split_once(':')
            .map_or("", |(scheme, _)| scheme)
            .to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => Self::connect_sqlite(url).await,
            "postgres" | "postgresql" => Self::connect_postgres(url).await,
            _ => Err(StorageError::UnsupportedScheme {
                scheme: printable_scheme(&scheme),
            }),
        }
    }

    async fn connect_sqlite(url: &str) -> Result<Self, StorageError> {
        let parsed =
            SqliteConnectOptions::from_str(url).map_err(|error| StorageError::InvalidUrl {
                backend: "SQLite",
                reason: error.to_string(),
            })?;
        let filename = parsed.get_filename().display().to_string();
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let target = if in_memory {
            "an in-memory SQLite database".to_owned()
        } else {
            format!("SQLite file {filename}")
        };
        let tuned = parsed
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .foreign_keys(true)
            .disable_statement_logging();
        let pool = |connections: u32| {
            let tuned = tuned.clone();
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(connections)
                .min_connections(1)
                .connect_timeout(CONNECT_TIMEOUT)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |_| tuned.clone());
            if in_memory {
                // The database lives as long as its one connection does.
                options.idle_timeout(None).max_lifetime(None);
            }
            options
        };
        if !in_memory {
            probe::<SqliteConnection>(&tuned, &target, &[]).await?;
        }
        let connect_error = |error: sea_orm::DbErr| StorageError::Connect {
            target: target.clone(),
            reason: error.to_string(),
        };
        let writer = sea_orm::Database::connect(pool(1))
            .await
            .map_err(connect_error)?;
        let reader = if in_memory {
            writer.clone()
        } else {
            sea_orm::Database::connect(pool(SQLITE_READERS))
                .await
                .map_err(connect_error)?
        };
        Ok(Self::from_parts(Backend::Sqlite, target, reader, writer))
    }

    async fn connect_postgres(url: &str) -> Result<Self, StorageError> {
        let passwords = passwords_of(url);
        let scrub = |text: String| scrub_passwords(text, &passwords);
        let parsed = PgConnectOptions::from_str(url).map_err(|error| StorageError::InvalidUrl {
            backend: "PostgreSQL",
            reason: scrub(error.to_string()),
        })?;
        let target = format!(
            "PostgreSQL database {:?} on {}:{} as user {:?}",
            parsed.get_database().unwrap_or(parsed.get_username()),
            parsed.get_host(),
            parsed.get_port(),
            parsed.get_username(),
        );
        probe::<PgConnection>(&parsed, &target, &passwords).await?;
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(POSTGRES_CONNECTIONS)
            .min_connections(1)
            .connect_timeout(CONNECT_TIMEOUT)
            .sqlx_logging(false);
        let pool =
            sea_orm::Database::connect(options)
                .await
                .map_err(|error| StorageError::Connect {
                    target: target.clone(),
                    reason: scrub(error.to_string()),
                })?;
        Ok(Self::from_parts(
            Backend::Postgres,
            target,
            pool.clone(),
            pool,
        ))
    }

    fn from_parts(
        backend: Backend,
        target: String,
        reader: DatabaseConnection,
        writer: DatabaseConnection,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                backend,
                target,
                reader,
                writer,
            }),
            sealing: None,
        }
    }

    /// This database with queued mail's template data and unsubscribe URL sealed with
    /// `sealing` from now on (rows stored in the clear before still read).
    #[must_use]
    pub fn with_outbox_sealing(mut self, sealing: crate::OutboxSealing) -> Self {
        self.sealing = Some(Arc::new(sealing));
        self
    }

    /// Applies every pending migration. Running it again is a no-op.
    ///
    /// # Errors
    /// [`StorageError::Migration`] when a migration fails.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        let failed = |source| StorageError::Migration {
            target: self.inner.target.clone(),
            source,
        };
        if self.backend() == Backend::Postgres {
            // Replicas starting together queue on one transaction-scoped advisory lock, so
            // exactly one applies each migration and the others then find nothing pending.
            let transaction = self.inner.writer.begin().await.map_err(failed)?;
            transaction
                .execute_unprepared("SELECT pg_advisory_xact_lock(7212460839251104577)")
                .await
                .map_err(failed)?;
            Migrator::up(&transaction, None).await.map_err(failed)?;
            transaction.commit().await.map_err(failed)
        } else {
            // SQLite serialises writers on its own lock.
            Migrator::up(&self.inner.writer, None).await.map_err(failed)
        }
    }

    /// Names of the migrations applied so far, oldest first.
    ///
    /// # Errors
    /// [`StorageError::Unavailable`] when the database does not answer.
    pub async fn applied_migrations(&self) -> Result<Vec<String>, StorageError> {
        let applied = Migrator::get_applied_migrations(&self.inner.reader)
            .await
            .map_err(|source| self.unavailable(source))?;
        Ok(applied.iter().map(|m| m.name().to_owned()).collect())
    }

    /// Names of every migration this build knows, oldest first.
    pub fn known_migrations() -> Vec<String> {
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    }

    /// Checks that the database answers a query (`SELECT 1`).
    ///
    /// # Errors
    /// [`StorageError::Unavailable`] when it does not.
    pub async fn ping(&self) -> Result<(), StorageError> {
        let backend = self.inner.reader.get_database_backend();
        self.inner
            .reader
            .query_one_raw(Statement::from_string(backend, "SELECT 1"))
            .await
            .map(drop)
            .map_err(|source| self.unavailable(source))
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// A description of the database for logs: file or host, user and database name, never
    /// the password.
    pub fn target(&self) -> &str {
        &self.inner.target
    }

    /// Closes every connection. Other clones of this [`Database`] stop working.
    ///
    /// # Errors
    /// [`StorageError::Unavailable`] when closing fails.
    pub async fn close(&self) -> Result<(), StorageError> {
        self.inner
            .writer
            .close_by_ref()
            .await
            .map_err(|source| self.unavailable(source))?;
        if self.inner.backend == Backend::Sqlite {
            self.inner
                .reader
                .close_by_ref()
                .await
                .map_err(|source| self.unavailable(source))?;
        }
        Ok(())
    }

    fn unavailable(&self, source: sea_orm::DbErr) -> StorageError {
        StorageError::Unavailable {
            target: self.inner.target.clone(),
            source,
        }
    }

    /// The pool for reads.
    pub(crate) fn reader(&self) -> &DatabaseConnection {
        &self.inner.reader
    }

    /// The pool for single-statement writes outside a unit of work.
    pub(crate) fn writer(&self) -> &DatabaseConnection {
        &self.inner.writer
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on `SQLite`).
    pub(crate) async fn begin_unit(&self) -> Result<SeaOrmUnitOfWork, sea_orm::DbErr> {
        let options = TransactionOptions {
            sqlite_transaction_mode: (self.inner.writer.get_database_backend()
                == DbBackend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        let transaction = self.inner.writer.begin_with_options(options).await?;
        Ok(SeaOrmUnitOfWork::new(transaction))
    }
}

/// Opens and closes one connection, so that a failure is reported with the driver's own
/// reason ("connection refused", "password authentication failed", "unable to open database
/// file") instead of a pool timeout, and quickly.
async fn probe<C: Connection>(
    options: &C::Options,
    target: &str,
    passwords: &[String],
) -> Result<(), StorageError> {
    let failed = |reason: String| StorageError::Connect {
        target: target.to_owned(),
        reason: scrub_passwords(reason, passwords),
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, C::connect_with(options)).await {
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            Ok(())
        }
        Ok(Err(error)) => Err(failed(error.to_string())),
        Err(_) => Err(failed(format!(
            "no answer within {} seconds",
            CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

/// The scheme if it looks like one; never echoes arbitrary text that might hold a secret.
fn printable_scheme(scheme: &str) -> String {
    let plausible = !scheme.is_empty()
        && scheme.len() <= 20
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if plausible {
        scheme.to_owned()
    } else {
        "(none)".to_owned()
    }
}

/// The password in `url` as written and percent-decoded, if there is one.
fn passwords_of(url: &str) -> Vec<String> {
    let Some(raw) = url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_owned))
    else {
        return Vec::new();
    };
    let decoded = percent_decode(&raw);
    if decoded == raw {
        vec![raw]
    } else {
        vec![raw, decoded]
    }
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(byte) = hex {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Removes every occurrence of the passwords from `text`.
fn scrub_passwords(text: String, passwords: &[String]) -> String {
    passwords
        .iter()
        .filter(|password| !password.is_empty())
        .fold(text, |text, password| {
            text.replace(password.as_str(), "***")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bad_schemes_are_named_without_leaking_the_url() {
        let error = Database::connect("mysql://root:hunter2@db/x")
            .await
            .unwrap_err();
        assert!(
            matches!(error, StorageError::UnsupportedScheme { ref scheme } if scheme == "mysql")
        );
        assert!(!error.to_string().contains("hunter2"));
        let error = Database::connect("root hunter2@db").await.unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[tokio::test]
    async fn connection_failures_name_the_host_but_not_the_password() {
        let error = Database::connect("postgres://fd:s3cr%21t@127.0.0.1:1/frontdesk")
            .await
            .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, StorageError::Connect { .. }), "{message}");
        assert!(message.contains("127.0.0.1:1"), "{message}");
        assert!(message.contains("frontdesk"), "{message}");
        assert!(!message.contains("s3cr"), "{message}");
        assert!(message.to_lowercase().contains("refused"), "{message}");
    }

    #[tokio::test]
    async fn a_missing_sqlite_directory_is_reported_with_its_path() {
        let error = Database::connect("sqlite:///nonexistent-dir-fd/x.db?mode=rwc")
            .await
            .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("/nonexistent-dir-fd/x.db"), "{message}");
    }

    #[test]
    fn passwords_are_scrubbed_in_both_spellings() {
        let passwords = passwords_of("postgres://u:p%40ss@h/d");
        assert_eq!(passwords, ["p%40ss", "p@ss"]);
        assert_eq!(
            scrub_passwords("x p@ss y p%40ss".into(), &passwords),
            "x *** y ***"
        );
        assert!(passwords_of("postgres://u@h/d").is_empty());
    }

    #[tokio::test]
    async fn in_memory_databases_migrate_and_answer() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.migrate().await.unwrap();
        db.ping().await.unwrap();
        assert_eq!(db.backend(), Backend::Sqlite);
        assert_eq!(
            db.applied_migrations().await.unwrap(),
            Database::known_migrations()
        );
        db.close().await.unwrap();
    }
}
