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

/// `at` as unix microseconds (rounded down), the representation of queue and expiry times.
pub(crate) fn micros(at: OffsetDateTime) -> i64 {
    let micros = at.unix_timestamp_nanos().div_euclid(1_000);
    // Every `OffsetDateTime` (years ±9999) fits in an i64 of microseconds.
    i64::try_from(micros).unwrap_or(if micros < 0 { i64::MIN } else { i64::MAX })
}

/// Unix microseconds back to a UTC time.
pub(crate) fn from_micros(
    table: &str,
    column: &str,
    micros: i64,
) -> Result<OffsetDateTime, RepositoryError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .map_err(|error| corrupt(table, column, error))
}

/// `sql` written with `?` placeholders, in the placeholder style of `backend` (`$1, $2, …` on
/// `PostgreSQL`). The SQL must contain no other `?`.
pub(crate) fn placeholders(backend: sea_orm::DbBackend, sql: &str) -> String {
    if backend != sea_orm::DbBackend::Postgres {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A `LIKE … ESCAPE '\'` pattern matching any text that contains `text` literally: `%`,
/// `_` and `\` in `text` are escaped with a backslash, so they match only themselves.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
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

    #[test]
    fn micros_round_trip_and_round_down() {
        let at = datetime!(2026-05-01 12:00:00.123456789 +02:00);
        let us = micros(at);
        assert_eq!(
            from_micros("t", "c", us).unwrap(),
            datetime!(2026-05-01 10:00:00.123456 UTC)
        );
        let before_epoch = datetime!(1969-12-31 23:59:59.9999995 UTC);
        assert_eq!(micros(before_epoch), -1);
        assert!(from_micros("t", "c", i64::MAX).is_err());
    }

    #[test]
    fn contains_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("ab"), "%ab%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn placeholders_follow_the_backend() {
        let sql = "UPDATE t SET a = ? WHERE b = ? AND c = ?";
        assert_eq!(
            placeholders(sea_orm::DbBackend::Postgres, sql),
            "UPDATE t SET a = $1 WHERE b = $2 AND c = $3"
        );
        assert_eq!(placeholders(sea_orm::DbBackend::Sqlite, sql), sql);
    }
}
