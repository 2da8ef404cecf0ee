//! The baseline's pools and the small helpers every handler uses: placeholders per
//! backend, write transactions, the clock and errors.

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, DatabaseConnection, DbBackend, QueryResult, SqliteTransactionMode, Statement,
    TransactionOptions, Value,
};

/// The baseline's pools.
#[derive(Clone)]
pub(super) struct Db {
    pub(super) backend: DbBackend,
    pub(super) reader: DatabaseConnection,
    pub(super) writer: DatabaseConnection,
}

pub(super) async fn connect(url: &str) -> Result<Db, String> {
    if url.starts_with("sqlite") {
        let tuned = SqliteConnectOptions::from_str(url)
            .map_err(|e| e.to_string())?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = |connections: u32| {
            let tuned = tuned.clone();
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(connections)
                .min_connections(1)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |_| tuned.clone());
            options
        };
        let writer = sea_orm::Database::connect(pool(1))
            .await
            .map_err(|e| e.to_string())?;
        let reader = sea_orm::Database::connect(pool(6))
            .await
            .map_err(|e| e.to_string())?;
        Ok(Db {
            backend: DbBackend::Sqlite,
            reader,
            writer,
        })
    } else {
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(16)
            .min_connections(1)
            .sqlx_logging(false);
        let pool = sea_orm::Database::connect(options)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Db {
            backend: DbBackend::Postgres,
            reader: pool.clone(),
            writer: pool,
        })
    }
}

impl Db {
    /// `sql` with `?` placeholders, numbered for `PostgreSQL`.
    pub(super) fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        let sql = if self.backend == DbBackend::Postgres {
            let mut numbered = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push('$');
                    numbered.push_str(&n.to_string());
                } else {
                    numbered.push(c);
                }
            }
            numbered
        } else {
            sql.to_owned()
        };
        Statement::from_sql_and_values(self.backend, sql, values)
    }
}

/// `BEGIN IMMEDIATE` on `SQLite`, the default elsewhere.
pub(super) fn write_options(db: &Db) -> TransactionOptions {
    TransactionOptions {
        sqlite_transaction_mode: (db.backend == DbBackend::Sqlite)
            .then_some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    }
}

pub(super) fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_micros()).ok())
        .unwrap_or_default()
}

pub(super) type Failure = (StatusCode, String);

pub(super) fn db_error(error: &sea_orm::DbErr) -> Failure {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}

pub(super) fn not_found() -> Failure {
    (StatusCode::NOT_FOUND, "not found".to_owned())
}

pub(super) fn col<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, Failure> {
    row.try_get::<T>("", column)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("{column}: {e}")))
}
