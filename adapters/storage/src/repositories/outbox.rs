//! The transactional outbox.
//!
//! Claiming is one atomic statement per backend: an `UPDATE … WHERE id IN (SELECT … LIMIT n)
//! RETURNING *`. On `PostgreSQL` the inner select takes `FOR UPDATE SKIP LOCKED`, so
//! concurrent workers skip each other's rows instead of waiting or double-claiming; on
//! `SQLite` the statement runs in a `BEGIN IMMEDIATE` transaction, which already serialises
//! every writer (also across processes sharing the file).

use frontdesk_kernel::{EmailAddress, MessageId, OrgId, Page, PageRequest, RepositoryError, Uow};
use frontdesk_messaging::{
    ClaimedMessage, DeadMessage, MessageState, OutboundMessage, Outbox, OutboxSummary,
    RecentCounts, TemplateKind,
};

use self::rows::{WIPED_DATA, attempts_of, to_message, to_row, truncated};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement, Value,
};
use time::OffsetDateTime;

use crate::convert::{corrupt, micros, placeholders, unavailable, write_error};
use crate::entities::outbox_messages::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

mod rows;

const TABLE: &str = "outbox_messages";

/// How many outbox messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting to be sent.
    pub pending: u64,
    /// Claimed by a worker.
    pub sending: u64,
    /// Accepted by the mail server.
    pub sent: u64,
    /// Given up on.
    pub dead: u64,
}

/// The claim statement, with `?` placeholders: worker, lease end, now, now, limit.
fn claim_sql(backend: DbBackend) -> String {
    let lock = if backend == DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    placeholders(
        backend,
        &format!(
            "UPDATE outbox_messages \
             SET state = 'sending', lease_owner = ?, lease_until_us = ?, attempts = attempts + 1 \
             WHERE id IN (\
             SELECT id FROM outbox_messages \
             WHERE (state = 'pending' AND available_at_us <= ?) \
             OR (state = 'sending' AND lease_until_us < ?) \
             ORDER BY available_at_us, id LIMIT ?{lock}) \
             RETURNING *"
        ),
    )
}

impl Database {
    /// How many outbox messages are in each state (for tests, benchmarks and metrics).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails, or [`RepositoryError::Corrupt`] for a
    /// state this build does not know.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let rows = self
            .reader()
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state",
            ))
            .await
            .map_err(unavailable)?;
        let mut counts = OutboxCounts::default();
        for row in rows {
            let state: String = row.try_get("", "state").map_err(unavailable)?;
            let n: i64 = row.try_get("", "n").map_err(unavailable)?;
            let n = u64::try_from(n).map_err(|e| corrupt(TABLE, "state", e))?;
            match MessageState::parse(&state) {
                Some(MessageState::Pending) => counts.pending = n,
                Some(MessageState::Sending) => counts.sending = n,
                Some(MessageState::Sent) => counts.sent = n,
                Some(MessageState::Dead) => counts.dead = n,
                None => return Err(corrupt(TABLE, "state", format!("unknown state {state:?}"))),
            }
        }
        Ok(counts)
    }
}

impl Database {
    /// Deletes dead (undeliverable) messages queued before `before`, with their sealed data.
    /// Returns how many it deleted.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn purge_dead_mail(&self, before: OffsetDateTime) -> Result<u64, RepositoryError> {
        let result = outbox_messages::Entity::delete_many()
            .filter(Column::State.eq(MessageState::Dead.as_str()))
            .filter(Column::CreatedAtUs.lt(micros(before)))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected)
    }
}

#[async_trait::async_trait]
impl Outbox for Database {
    async fn enqueue(
        &self,
        uow: &mut Uow,
        message: &OutboundMessage,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        outbox_messages::Entity::insert(
            to_row(message, self.sealing.as_deref())?.into_active_model(),
        )
        .exec_without_returning(transaction)
        .await
        .map_err(|e| write_error(e, &[]))?;
        Ok(())
    }

    async fn count_recent(
        &self,
        org: OrgId,
        to: &EmailAddress,
        kind: Option<TemplateKind>,
        since: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let mut query = outbox_messages::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::RecipientNormalised.eq(to.normalised()))
            .filter(Column::CreatedAtUs.gt(micros(since)));
        if let Some(kind) = kind {
            query = query.filter(Column::Kind.eq(kind.as_str()));
        }
        query.count(self.reader()).await.map_err(unavailable)
    }

    /// Both counts in one statement over the recipient's recent rows of the organisation.
    /// On `PostgreSQL` a transaction-scoped advisory lock on the organisation and recipient
    /// comes first, so parallel units of work check (and insert) one after the other and
    /// each count sees the rows the ones before committed; on `SQLite` the unit of work's
    /// `BEGIN IMMEDIATE` already holds the single writer lock.
    async fn recent_counts_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        to: &EmailAddress,
        kind: TemplateKind,
        kind_since: OffsetDateTime,
        all_since: OffsetDateTime,
    ) -> Result<RecentCounts, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let backend = transaction.get_database_backend();
        if backend == DbBackend::Postgres {
            crate::repositories::limits::lock_key(
                transaction,
                &format!("outbox:{}:{}", org.as_uuid(), to.normalised()),
            )
            .await?;
        }
        let sql = placeholders(
            backend,
            "SELECT \
             COALESCE(SUM(CASE WHEN kind = ? AND created_at_us > ? THEN 1 ELSE 0 END), 0) \
             AS of_kind, \
             COALESCE(SUM(CASE WHEN created_at_us > ? THEN 1 ELSE 0 END), 0) AS all_kinds \
             FROM outbox_messages \
             WHERE org_id = ? AND recipient_normalised = ? AND created_at_us > ?",
        );
        let (kind_since, all_since) = (micros(kind_since), micros(all_since));
        let row = transaction
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    kind.as_str().into(),
                    kind_since.into(),
                    all_since.into(),
                    org.as_uuid().into(),
                    to.normalised().into(),
                    kind_since.min(all_since).into(),
                ],
            ))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| corrupt(TABLE, "count", "no row returned"))?;
        let count = |column: &str| -> Result<u64, RepositoryError> {
            let n: i64 = row.try_get("", column).map_err(unavailable)?;
            u64::try_from(n).map_err(|e| corrupt(TABLE, column, e))
        };
        Ok(RecentCounts {
            of_kind: count("of_kind")?,
            all: count("all_kinds")?,
        })
    }

    async fn claim(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, RepositoryError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let backend = self.writer().get_database_backend();
        let now = micros(now);
        let statement = Statement::from_sql_and_values(
            backend,
            claim_sql(backend),
            [
                Value::from(worker.to_owned()),
                Value::from(micros(lease_until)),
                Value::from(now),
                Value::from(now),
                Value::from(i64::from(limit)),
            ],
        );
        let select = outbox_messages::Entity::find().from_raw_sql(statement);
        let mut rows = if backend == DbBackend::Sqlite {
            let unit = self.begin_unit().await.map_err(unavailable)?;
            let rows = select.all(unit.transaction()).await.map_err(unavailable)?;
            unit.commit_unit().await.map_err(unavailable)?;
            rows
        } else {
            select.all(self.writer()).await.map_err(unavailable)?
        };
        // RETURNING gives no order; hand messages out oldest first.
        rows.sort_by_key(|row| (row.available_at_us, row.id));
        rows.iter()
            .map(|row| {
                Ok(ClaimedMessage {
                    message: to_message(row, self.sealing.as_deref())?,
                    attempt: attempts_of(row)?,
                })
            })
            .collect()
    }

    async fn mark_sent(
        &self,
        id: MessageId,
        worker: &str,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        Ok(self.mark_sent_many(&[id], worker, at).await? == 1)
    }

    async fn mark_sent_many(
        &self,
        ids: &[MessageId],
        worker: &str,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let result = outbox_messages::Entity::update_many()
            .col_expr(Column::State, Expr::value(MessageState::Sent.as_str()))
            .col_expr(Column::SentAtUs, Expr::value(Some(micros(at))))
            .col_expr(Column::LeaseUntilUs, Expr::value(Option::<i64>::None))
            .col_expr(Column::Data, Expr::value(WIPED_DATA))
            .col_expr(Column::UnsubscribeUrl, Expr::value(Option::<String>::None))
            .filter(Column::Id.is_in(ids.iter().map(MessageId::as_uuid)))
            .filter(Column::LeaseOwner.eq(worker))
            .filter(Column::State.eq(MessageState::Sending.as_str()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected)
    }

    async fn mark_failed(
        &self,
        id: MessageId,
        worker: &str,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<bool, RepositoryError> {
        let mut update = outbox_messages::Entity::update_many()
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntilUs, Expr::value(Option::<i64>::None))
            .col_expr(Column::LastError, Expr::value(Some(truncated(error))));
        update = match retry_at {
            Some(at) => update
                .col_expr(Column::State, Expr::value(MessageState::Pending.as_str()))
                .col_expr(Column::AvailableAtUs, Expr::value(micros(at))),
            None => update.col_expr(Column::State, Expr::value(MessageState::Dead.as_str())),
        };
        let result = update
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::LeaseOwner.eq(worker))
            .filter(Column::State.eq(MessageState::Sending.as_str()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected == 1)
    }

    async fn list_dead(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, RepositoryError> {
        let mut query = outbox_messages::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::State.eq(MessageState::Dead.as_str()));
        if let Some(after) = page.after {
            query = query.filter(Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(Column::Id)
            .limit(u64::from(page.limit) + 1)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        let dead = rows
            .into_iter()
            .map(|row| {
                Ok(DeadMessage {
                    message: to_message(&row, self.sealing.as_deref())?,
                    attempts: attempts_of(&row)?,
                    last_error: row.last_error,
                })
            })
            .collect::<Result<Vec<_>, RepositoryError>>()?;
        Ok(Page::from_overfetch(dead, page, |dead| {
            dead.message.id.as_uuid()
        }))
    }

    async fn requeue_dead(
        &self,
        org: OrgId,
        id: MessageId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let result = outbox_messages::Entity::update_many()
            .col_expr(Column::State, Expr::value(MessageState::Pending.as_str()))
            .col_expr(Column::Attempts, Expr::value(0_i32))
            .col_expr(Column::AvailableAtUs, Expr::value(micros(at)))
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntilUs, Expr::value(Option::<i64>::None))
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::State.eq(MessageState::Dead.as_str()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected == 1)
    }

    /// One grouped count over the organisation's unsent rows (index `org_id, state, id`).
    async fn summary(&self, org: OrgId) -> Result<OutboxSummary, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let sql = placeholders(
            backend,
            "SELECT state, COUNT(*) AS n FROM outbox_messages \
             WHERE org_id = ? AND state IN (?, ?, ?) GROUP BY state",
        );
        let rows = self
            .reader()
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    org.as_uuid().into(),
                    MessageState::Pending.as_str().into(),
                    MessageState::Sending.as_str().into(),
                    MessageState::Dead.as_str().into(),
                ],
            ))
            .await
            .map_err(unavailable)?;
        let mut summary = OutboxSummary::default();
        for row in rows {
            let state: String = row.try_get("", "state").map_err(unavailable)?;
            let n: i64 = row.try_get("", "n").map_err(unavailable)?;
            let n = u64::try_from(n).map_err(|e| corrupt(TABLE, "state", e))?;
            match MessageState::parse(&state) {
                Some(MessageState::Pending | MessageState::Sending) => summary.waiting += n,
                Some(MessageState::Dead) => summary.dead = n,
                Some(MessageState::Sent) | None => {
                    return Err(corrupt(
                        TABLE,
                        "state",
                        format!("unexpected state {state:?}"),
                    ));
                }
            }
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_claim_statement_locks_only_on_postgres() {
        let postgres = claim_sql(DbBackend::Postgres);
        assert!(
            postgres.contains("LIMIT $5 FOR UPDATE SKIP LOCKED)"),
            "{postgres}"
        );
        assert!(postgres.contains("lease_owner = $1"), "{postgres}");
        let sqlite = claim_sql(DbBackend::Sqlite);
        assert!(!sqlite.contains("SKIP LOCKED"), "{sqlite}");
        assert!(sqlite.ends_with("RETURNING *"), "{sqlite}");
    }
}
