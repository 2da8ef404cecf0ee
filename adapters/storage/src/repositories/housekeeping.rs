//! Sweeps of rows no rule needs any more.

use frontdesk_kernel::RepositoryError;
use frontdesk_messaging::MessageState;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use time::{Duration, OffsetDateTime};

use crate::Database;
use crate::convert::{db_time, micros, unavailable};
use crate::entities::{
    captcha_replays, failed_attempts, guest_access, idempotency_keys, outbox_messages,
    staff_sessions,
};

/// How long guest links are kept after they expire or are revoked, so that a late visitor is
/// told the link expired rather than that it never existed.
const GUEST_ACCESS_GRACE: Duration = Duration::days(30);

impl Database {
    /// Deletes failed sign-in attempts recorded before `attempts_before`, staff sessions
    /// that ended, or passed their absolute expiry, before `sessions_before`, sent outbox
    /// messages enqueued before `sessions_before` (dead ones stay for people to look at),
    /// used captcha solutions that expired before the later of the two bounds, idempotency
    /// keys recorded before `attempts_before` (a client retries a submission within minutes)
    /// and guest access links that expired or were revoked 30 days before `sessions_before`.
    /// Returns how many rows were deleted. Session and attempt bounds are approximate to the second,
    /// which sweeps can afford.
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
        let replays_before = attempts_before.max(sessions_before);
        let keys = idempotency_keys::Entity::delete_many()
            .filter(idempotency_keys::Column::CreatedAtUs.lt(micros(attempts_before)))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        let guests_before = micros(sessions_before - GUEST_ACCESS_GRACE);
        let guests = guest_access::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(guest_access::Column::ExpiresAtUs.lt(guests_before))
                    .add(guest_access::Column::RevokedAtUs.lt(guests_before)),
            )
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
        let sent = outbox_messages::Entity::delete_many()
            .filter(outbox_messages::Column::State.eq(MessageState::Sent.as_str()))
            .filter(outbox_messages::Column::CreatedAtUs.lt(micros(sessions_before)))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        // Both bounds lie in the past, so every row before the later one has expired.
        let replays = captcha_replays::Entity::delete_many()
            .filter(captcha_replays::Column::ExpiresAtUs.lt(micros(replays_before)))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(attempts.rows_affected
            + sessions.rows_affected
            + sent.rows_affected
            + replays.rows_affected
            + keys.rows_affected
            + guests.rows_affected)
    }
}
