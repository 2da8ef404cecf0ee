//! Used captcha solutions, shared by every replica.

use frontdesk_kernel::{CaptchaReplayStore, RepositoryError, Uow};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use time::OffsetDateTime;

use crate::convert::{micros, placeholders, unavailable};
use crate::{Database, SeaOrmUnitOfWork};

/// Inserts the key, or takes over an existing row that has expired, in one statement:
/// key, expiry, now. Affects one row exactly when the key was free.
const FIRST_USE: &str = "INSERT INTO captcha_replays (key, expires_at_us) VALUES (?, ?) \
     ON CONFLICT (key) DO UPDATE SET expires_at_us = excluded.expires_at_us \
     WHERE captcha_replays.expires_at_us <= ?";

#[async_trait::async_trait]
impl CaptchaReplayStore for Database {
    /// "Expired" is judged against this machine's clock (the port passes no time), which is
    /// what every replica's verifier uses too.
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let backend = self.writer().get_database_backend();
        let result = self
            .writer()
            .execute_raw(first_use_statement(backend, key, expires_at))
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected() == 1)
    }

    /// The same statement in the caller's transaction. On `PostgreSQL` a concurrent
    /// transaction recording the same key waits for this one and then finds the key taken.
    async fn first_use_in(
        &self,
        uow: &mut Uow,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let backend = transaction.get_database_backend();
        let result = transaction
            .execute_raw(first_use_statement(backend, key, expires_at))
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected() == 1)
    }
}

fn first_use_statement(
    backend: DbBackend,
    key: &[u8; 32],
    expires_at: OffsetDateTime,
) -> Statement {
    Statement::from_sql_and_values(
        backend,
        placeholders(backend, FIRST_USE),
        [
            Value::from(key.to_vec()),
            Value::from(micros(expires_at)),
            Value::from(micros(OffsetDateTime::now_utc())),
        ],
    )
}
