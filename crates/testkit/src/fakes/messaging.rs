//! The messaging ports over [`InMemoryStore`]: the leased outbox, mail template overrides and
//! used captcha solutions.

use frontdesk_kernel::{
    CaptchaReplayStore, EmailAddress, Language, MessageId, OrgId, Page, PageRequest,
    RepositoryError, Uow, Uuid,
};
use frontdesk_messaging::{
    ClaimedMessage, DeadMessage, MailTemplate, MessageState, OutboundMessage, Outbox,
    OutboxSummary, TemplateKind, TemplateStore,
};
use time::OffsetDateTime;

use super::{InMemoryStore, check_uow};

/// An outbox message as the fake keeps it.
#[derive(Debug, Clone)]
pub(super) struct OutboxRow {
    message: OutboundMessage,
    state: MessageState,
    attempts: u32,
    available_at: OffsetDateTime,
    lease_owner: Option<String>,
    lease_until: Option<OffsetDateTime>,
    last_error: Option<String>,
}

impl OutboxRow {
    fn due(&self, now: OffsetDateTime) -> bool {
        match self.state {
            MessageState::Pending => self.available_at <= now,
            MessageState::Sending => self.lease_until.is_some_and(|until| until < now),
            MessageState::Sent | MessageState::Dead => false,
        }
    }

    fn leased_to(&self, worker: &str) -> bool {
        self.state == MessageState::Sending && self.lease_owner.as_deref() == Some(worker)
    }
}

/// Most characters of a failure the outbox keeps, as the storage adapter does.
const MAX_ERROR_CHARS: usize = 1_000;

impl InMemoryStore {
    /// How many outbox messages are in `state`.
    pub fn outbox_count(&self, state: MessageState) -> usize {
        self.state()
            .outbox
            .values()
            .filter(|row| row.state == state)
            .count()
    }
}

#[async_trait::async_trait]
impl Outbox for InMemoryStore {
    async fn enqueue(
        &self,
        uow: &mut Uow,
        message: &OutboundMessage,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.outbox.contains_key(&message.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.outbox.insert(
            message.id.as_uuid(),
            OutboxRow {
                message: message.clone(),
                state: MessageState::Pending,
                attempts: 0,
                available_at: message.created_at,
                lease_owner: None,
                lease_until: None,
                last_error: None,
            },
        );
        Ok(())
    }

    async fn count_recent(
        &self,
        org: OrgId,
        to: &EmailAddress,
        kind: Option<TemplateKind>,
        since: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let to = to.normalised();
        let count = self
            .state()
            .outbox
            .values()
            .filter(|row| row.message.org_id == org && row.message.to.normalised() == to)
            .filter(|row| kind.is_none_or(|kind| row.message.kind == kind))
            .filter(|row| row.message.created_at > since)
            .count();
        Ok(u64::try_from(count).unwrap_or(u64::MAX))
    }

    async fn claim(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, RepositoryError> {
        let mut state = self.state();
        let mut due: Vec<(OffsetDateTime, Uuid)> = state
            .outbox
            .iter()
            .filter(|(_, row)| row.due(now))
            .map(|(id, row)| (row.available_at, *id))
            .collect();
        due.sort();
        due.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let mut claimed = Vec::with_capacity(due.len());
        for (_, id) in due {
            if let Some(row) = state.outbox.get_mut(&id) {
                row.state = MessageState::Sending;
                row.lease_owner = Some(worker.to_owned());
                row.lease_until = Some(lease_until);
                row.attempts += 1;
                claimed.push(ClaimedMessage {
                    message: row.message.clone(),
                    attempt: row.attempts,
                });
            }
        }
        Ok(claimed)
    }

    async fn mark_sent(
        &self,
        id: MessageId,
        worker: &str,
        _at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.leased_to(worker))
        else {
            return Ok(false);
        };
        row.state = MessageState::Sent;
        row.lease_until = None;
        Ok(true)
    }

    async fn mark_failed(
        &self,
        id: MessageId,
        worker: &str,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.leased_to(worker))
        else {
            return Ok(false);
        };
        row.lease_owner = None;
        row.lease_until = None;
        row.last_error = Some(error.chars().take(MAX_ERROR_CHARS).collect());
        if let Some(at) = retry_at {
            row.state = MessageState::Pending;
            row.available_at = at;
        } else {
            row.state = MessageState::Dead;
        }
        Ok(true)
    }

    async fn list_dead(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, RepositoryError> {
        let dead: Vec<DeadMessage> = self
            .state()
            .outbox
            .iter()
            .filter(|(id, row)| {
                row.message.org_id == org
                    && row.state == MessageState::Dead
                    && page.after.is_none_or(|after| **id > after)
            })
            .take(page.limit as usize + 1)
            .map(|(_, row)| DeadMessage {
                message: row.message.clone(),
                attempts: row.attempts,
                last_error: row.last_error.clone(),
            })
            .collect();
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
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.message.org_id == org && row.state == MessageState::Dead)
        else {
            return Ok(false);
        };
        row.state = MessageState::Pending;
        row.attempts = 0;
        row.available_at = at;
        Ok(true)
    }
    async fn summary(&self, org: OrgId) -> Result<OutboxSummary, RepositoryError> {
        let mut summary = OutboxSummary::default();
        for row in self
            .state()
            .outbox
            .values()
            .filter(|row| row.message.org_id == org)
        {
            match row.state {
                MessageState::Pending | MessageState::Sending => summary.waiting += 1,
                MessageState::Dead => summary.dead += 1,
                MessageState::Sent => {}
            }
        }
        Ok(summary)
    }
}

#[async_trait::async_trait]
impl TemplateStore for InMemoryStore {
    async fn find(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<Option<MailTemplate>, RepositoryError> {
        Ok(self.state().templates.get(&(org, kind, language)).cloned())
    }

    async fn save(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        self.state()
            .templates
            .insert((org, kind, language), template.clone());
        Ok(())
    }

    async fn delete(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, RepositoryError> {
        Ok(self
            .state()
            .templates
            .remove(&(org, kind, language))
            .is_some())
    }
}

/// Expiry is judged against the wall clock, as the storage adapter does (the port passes
/// no time).
#[async_trait::async_trait]
impl CaptchaReplayStore for InMemoryStore {
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let now = OffsetDateTime::now_utc();
        let mut state = self.state();
        state.replays.retain(|_, until| *until > now);
        if state.replays.contains_key(key) {
            return Ok(false);
        }
        state.replays.insert(*key, expires_at);
        Ok(true)
    }
}
