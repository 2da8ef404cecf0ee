//! Failed-attempt counters shared by every replica.

use frontdesk_access::{AttemptCheck, AttemptLog, ThrottleDecision, ThrottlePolicy};
use frontdesk_kernel::{RepositoryError, Uow, Uuid};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use time::{Duration, OffsetDateTime};

use crate::convert::{db_time, unavailable};
use crate::entities::failed_attempts::{self, Column};
use crate::repositories::limits::lock_key;
use crate::{Database, SeaOrmUnitOfWork};

/// A lower bound for `since` that compares correctly as `SQLite` text.
///
/// `SQLite` keeps timestamps as RFC 3339 text with a variable number of fraction digits and a
/// `Z` suffix, so text order and time order disagree within one second (`…07Z` sorts after
/// `…07.5Z`). A bound a whole second earlier and without fraction sorts correctly against
/// every later second; the exact window is applied afterwards in Rust.
fn coarse_bound(since: OffsetDateTime) -> OffsetDateTime {
    let utc = db_time(since);
    utc - Duration::nanoseconds(i64::from(utc.nanosecond())) - Duration::SECOND
}

/// The insert of one attempt.
fn attempt_row(key: &str, at: OffsetDateTime) -> sea_orm::Insert<failed_attempts::ActiveModel> {
    failed_attempts::Entity::insert(
        failed_attempts::Model {
            id: Uuid::now_v7(),
            key: key.to_owned(),
            at: db_time(at),
        }
        .into_active_model(),
    )
}

#[async_trait::async_trait]
impl AttemptLog for Database {
    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError> {
        attempt_row(key, at)
            .exec_without_returning(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn record_failure_in(
        &self,
        uow: &mut Uow,
        key: &str,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        attempt_row(key, at)
            .exec_without_returning(SeaOrmUnitOfWork::transaction_of(uow)?)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, RepositoryError> {
        let rows = failed_attempts::Entity::find()
            .filter(Column::Key.eq(key))
            .filter(Column::At.gt(coarse_bound(since)))
            .order_by_asc(Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        let mut times: Vec<OffsetDateTime> = rows
            .into_iter()
            .map(|row| row.at)
            .filter(|at| *at > since)
            .collect();
        times.sort();
        Ok(times)
    }

    /// One write transaction: on `PostgreSQL` the key's advisory lock, then the count and
    /// the insert; on `SQLite` `BEGIN IMMEDIATE` holds the writer lock throughout.
    async fn try_record(
        &self,
        key: &str,
        policy: ThrottlePolicy,
        at: OffsetDateTime,
    ) -> Result<AttemptCheck, RepositoryError> {
        let unit = self.begin_unit().await.map_err(unavailable)?;
        let transaction = unit.transaction();
        if transaction.get_database_backend() == DbBackend::Postgres {
            lock_key(transaction, &format!("attempts:{key}")).await?;
        }
        let since = policy.window_start(at);
        let failures: Vec<OffsetDateTime> = failed_attempts::Entity::find()
            .filter(Column::Key.eq(key))
            .filter(Column::At.gt(coarse_bound(since)))
            .all(transaction)
            .await
            .map_err(unavailable)?
            .into_iter()
            // An attempt another replica recorded a little "later" (clock skew) counts now.
            .map(|row| row.at.min(at))
            .collect();
        let check = match policy.decide(at, &failures) {
            ThrottleDecision::Allow => {
                attempt_row(key, at)
                    .exec_without_returning(transaction)
                    .await
                    .map_err(unavailable)?;
                AttemptCheck::Recorded
            }
            ThrottleDecision::Refuse {
                retry_after_seconds,
            } => AttemptCheck::Refused {
                retry_after_seconds,
            },
        };
        unit.commit_unit().await.map_err(unavailable)?;
        Ok(check)
    }

    async fn withdraw(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError> {
        let one = failed_attempts::Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::Key.eq(key))
            .filter(Column::At.eq(db_time(at)))
            .order_by_desc(Column::Id)
            .limit(1)
            .into_tuple::<Uuid>()
            .one(self.writer())
            .await
            .map_err(unavailable)?;
        if let Some(id) = one {
            failed_attempts::Entity::delete_by_id(id)
                .exec(self.writer())
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn clear(&self, key: &str) -> Result<(), RepositoryError> {
        failed_attempts::Entity::delete_many()
            .filter(Column::Key.eq(key))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_coarse_bound_is_a_whole_second_earlier() {
        assert_eq!(
            coarse_bound(datetime!(2026-01-01 10:00:07.5 +01:00)),
            datetime!(2026-01-01 9:00:06 UTC)
        );
    }
}
