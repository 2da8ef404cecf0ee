//! Failed-attempt counters shared by every replica.

use frontdesk_access::AttemptLog;
use frontdesk_kernel::{RepositoryError, Uow, Uuid};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::{Duration, OffsetDateTime};

use crate::convert::{db_time, unavailable};
use crate::entities::failed_attempts::{self, Column};
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
