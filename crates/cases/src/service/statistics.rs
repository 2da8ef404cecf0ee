//! Staff see how their organisation's cases stand: open cases by status and by form, and
//! new cases per day over the last 30 days.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{FormId, RepositoryError};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::{CaseStatus, CasesService};

/// How many days [`CaseStatistics::created_per_day`] covers, today included.
pub const STATISTICS_DAYS: u16 = 30;

/// The organisation's cases at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStatistics {
    /// Every status that counts as open (new, open, pending — not resolved/closed), in
    /// life-cycle order, zeros included.
    pub open_by_status: Vec<(CaseStatus, u64)>,
    /// Forms with at least one open case, most first (then by name and slug).
    pub open_by_form: Vec<FormCount>,
    /// The last 30 days (UTC), oldest first, today last, zero-filled.
    pub created_per_day: Vec<DayCount>,
}

impl CaseStatistics {
    /// How many cases are open in all.
    pub fn open_total(&self) -> u64 {
        self.open_by_status.iter().map(|(_, count)| count).sum()
    }

    /// How many cases were created over the whole period.
    pub fn created_total(&self) -> u64 {
        self.created_per_day.iter().map(|day| day.created).sum()
    }
}

/// How many open cases one form has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormCount {
    /// The form.
    pub form_id: FormId,
    /// Its URL name.
    pub form_slug: String,
    /// Its display name.
    pub form_name: String,
    /// How many of its cases are open (or, from [`crate::CaseOverviewReader::count_by_form`],
    /// in the statuses asked for).
    pub open: u64,
}

/// How many cases were created on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// The day (UTC).
    pub day: Date,
    /// Cases created that day.
    pub created: u64,
}

/// Why the statistics cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum CaseStatisticsError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The first day of the window that ends with the UTC day of `now`, and the instant it
/// starts (00:00:00 UTC).
pub(crate) fn window_start(now: OffsetDateTime) -> (Date, OffsetDateTime) {
    let today = now.to_offset(UtcOffset::UTC).date();
    let first = today
        .checked_sub(Duration::days(i64::from(STATISTICS_DAYS) - 1))
        .unwrap_or(Date::MIN);
    (first, first.midnight().assume_utc())
}

/// `counts` spread over the window that starts on `first`: one entry per day, zeros where
/// `counts` has none; counts outside the window are ignored.
pub(crate) fn zero_filled(first: Date, counts: &[DayCount]) -> Vec<DayCount> {
    let mut days = Vec::with_capacity(usize::from(STATISTICS_DAYS));
    let mut day = Some(first);
    for _ in 0..STATISTICS_DAYS {
        let Some(current) = day else { break };
        let created = counts
            .iter()
            .filter(|count| count.day == current)
            .map(|count| count.created)
            .sum();
        days.push(DayCount {
            day: current,
            created,
        });
        day = current.next_day();
    }
    days
}

impl CasesService {
    /// Open cases by status and by form, and new cases on each of the last 30 days (UTC,
    /// by the service's clock).
    ///
    /// # Errors
    /// See [`CaseStatisticsError`].
    pub async fn statistics(
        &self,
        actor: &StaffActor,
    ) -> Result<CaseStatistics, CaseStatisticsError> {
        actor.require(Permission::ViewCases)?;
        let (first, since) = window_start(self.ports.clock.now());
        let overview = &self.ports.overview;
        let (by_status, open_by_form, per_day) = futures::try_join!(
            overview.count_by_status(actor.org_id),
            overview.count_by_form(actor.org_id, &CaseStatus::OPEN),
            overview.count_created_per_day(actor.org_id, since),
        )?;
        let open_by_status = CaseStatus::OPEN
            .into_iter()
            .map(|status| {
                let count = by_status
                    .iter()
                    .filter(|(s, _)| *s == status)
                    .map(|(_, count)| count)
                    .sum();
                (status, count)
            })
            .collect();
        Ok(CaseStatistics {
            open_by_status,
            open_by_form,
            created_per_day: zero_filled(first, &per_day),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_window_is_thirty_utc_days_ending_today() {
        let (first, since) = window_start(datetime!(2026-03-01 00:30 +02:00));
        assert_eq!(
            first,
            datetime!(2026-01-30 0:00 UTC).date(),
            "29 days before 22:30 UTC on 28 February"
        );
        assert_eq!(since, datetime!(2026-01-30 00:00 UTC));
        let days = zero_filled(
            first,
            &[
                DayCount {
                    day: datetime!(2026-01-29 0:00 UTC).date(),
                    created: 9,
                },
                DayCount {
                    day: datetime!(2026-02-28 0:00 UTC).date(),
                    created: 2,
                },
            ],
        );
        assert_eq!(days.len(), 30);
        assert_eq!(days[0].day, datetime!(2026-01-30 0:00 UTC).date());
        assert_eq!(
            days[29],
            DayCount {
                day: datetime!(2026-02-28 0:00 UTC).date(),
                created: 2
            }
        );
        assert_eq!(days.iter().map(|d| d.created).sum::<u64>(), 2);
    }
}
