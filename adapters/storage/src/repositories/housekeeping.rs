//! Sweeps of rows no rule needs any more.

use frontdesk_kernel::RepositoryError;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{db_time, unavailable};
use crate::entities::{failed_attempts, staff_sessions};

impl Database {
    /// Deletes failed sign-in attempts recorded before `attempts_before` and staff sessions
    /// that ended, or passed their absolute expiry, before `sessions_before`. Returns how many
    /// rows were deleted. Bounds are approximate to the second, which sweeps can afford.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn purge_expired(
        &self,
        attempts_before: OffsetDateTime,
        sessions_before: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let attempts = failed_attempts::Entity::delete_many()
            .filter(failed_attempts::Column::At.lt(db_time(attempts_before)))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        let sessions_before = db_time(sessions_before);
        let sessions = staff_sessions::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(staff_sessions::Column::EndedAt.lt(sessions_before))
                    .add(staff_sessions::Column::AbsoluteExpiresAt.lt(sessions_before)),
            )
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(attempts.rows_affected + sessions.rows_affected)
    }
}
