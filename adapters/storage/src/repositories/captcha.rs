//! Used captcha solutions, shared by every replica.

use frontdesk_kernel::{CaptchaReplayStore, RepositoryError};
use sea_orm::{ConnectionTrait, Statement, Value};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{micros, placeholders, unavailable};

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
        let statement = Statement::from_sql_and_values(
            backend,
            placeholders(backend, FIRST_USE),
            [
                Value::from(key.to_vec()),
                Value::from(micros(expires_at)),
                Value::from(micros(OffsetDateTime::now_utc())),
            ],
        );
        let result = self
            .writer()
            .execute_raw(statement)
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected() == 1)
    }
}
