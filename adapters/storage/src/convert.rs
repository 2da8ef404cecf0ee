//! Shared translation between rows and domain values, and between driver errors and
//! [`RepositoryError`].

use frontdesk_kernel::{RepositoryError, TokenDigest};
use sea_orm::{DbErr, SqlErr};
use time::{Duration, OffsetDateTime, UtcOffset};

/// `at` as stored: in UTC, truncated to whole microseconds, so `SQLite` and `PostgreSQL` give
/// back the same value.
pub(crate) fn db_time(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(UtcOffset::UTC);
    utc - Duration::nanoseconds(i64::from(utc.nanosecond() % 1_000))
}

/// A store failure.
pub(crate) fn unavailable(error: DbErr) -> RepositoryError {
    RepositoryError::unavailable(error)
}

/// A failed write: a unique violation becomes [`RepositoryError::Conflict`] named after the
/// first of `names` that the violated index mentions (`"id"` when none does); anything else
/// is [`RepositoryError::Unavailable`].
pub(crate) fn write_error(error: DbErr, names: &[&'static str]) -> RepositoryError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => RepositoryError::Conflict(
            names
                .iter()
                .copied()
                .find(|name| message.contains(name))
                .unwrap_or("id"),
        ),
        _ => unavailable(error),
    }
}

/// A row value that does not map to the domain.
pub(crate) fn corrupt(
    table: &str,
    column: &str,
    problem: impl std::fmt::Display,
) -> RepositoryError {
    RepositoryError::Corrupt(format!("{table}.{column}: {problem}"))
}

/// A stored digest.
pub(crate) fn digest(table: &str, bytes: &[u8]) -> Result<TokenDigest, RepositoryError> {
    TokenDigest::from_slice(bytes).ok_or_else(|| {
        corrupt(
            table,
            "digest",
            format!("{} bytes instead of 32", bytes.len()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_stored_in_utc_to_the_microsecond() {
        let at = datetime!(2026-05-01 12:00:00.123456789 +02:00);
        let stored = db_time(at);
        assert_eq!(stored.offset(), UtcOffset::UTC);
        assert_eq!(stored, datetime!(2026-05-01 10:00:00.123456 UTC));
    }
}
