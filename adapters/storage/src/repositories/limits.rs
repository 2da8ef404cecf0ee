//! Serialising the check of a limit with the write it allows.
//!
//! At read committed, "count, then insert if under the limit" lets parallel requests all
//! see the same count and all pass. On `PostgreSQL` each check first takes a
//! transaction-scoped advisory lock on its key (`pg_advisory_xact_lock`), held until the
//! unit of work commits or rolls back: the next check for that key waits, then counts what
//! the first committed. On `SQLite` every unit of work begins with `BEGIN IMMEDIATE`, which
//! holds the single writer lock for the whole check and insert.

use frontdesk_kernel::RepositoryError;
use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement};

use crate::convert::unavailable;

/// The advisory lock id of `key`: its 64-bit FNV-1a hash, stable
/// across processes and versions (a collision only makes two keys wait for each other).
pub(crate) fn lock_id(key: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Takes the `PostgreSQL` advisory lock of `key` for the rest of `transaction`.
///
/// # Errors
/// [`RepositoryError::Unavailable`] when the statement fails.
pub(crate) async fn lock_key(
    transaction: &DatabaseTransaction,
    key: &str,
) -> Result<(), RepositoryError> {
    transaction
        .execute_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [lock_id(key).into()],
        ))
        .await
        .map_err(unavailable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_ids_are_stable_and_tell_keys_apart() {
        assert_eq!(lock_id("ip:10.0.0.1"), lock_id("ip:10.0.0.1"));
        assert_ne!(lock_id("ip:10.0.0.1"), lock_id("ip:10.0.0.2"));
        assert_eq!(
            lock_id(""),
            i64::from_ne_bytes(0xcbf2_9ce4_8422_2325_u64.to_ne_bytes())
        );
    }
}
