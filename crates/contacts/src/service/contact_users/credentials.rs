//! What the contact users' own use cases share: throttle keys, finding an account by what
//! the person typed, starting a session, and installing a new password (hash, sessions,
//! links, mail and audit in the caller's unit of work).

use std::net::IpAddr;

use frontdesk_access::{AuditAction, AuditEvent, Organisation, ThrottleDecision, ThrottlePolicy};
use frontdesk_kernel::{
    AuditEventId, EmailAddress, OrgId, PasswordHash, PasswordHashingError, RepositoryError,
    SessionId, Token, TokenKind, Uow,
};
use frontdesk_messaging::EnqueueError;
use time::OffsetDateTime;

use crate::{
    Contact, ContactUser, ContactUserSession, ContactUserState, ContactUsersService, Username,
};

use super::password_changed_mail;

/// Activity is written back to a session at most this often.
pub(super) const TOUCH_INTERVAL: time::Duration = time::Duration::seconds(60);

/// The per-account throttle key of a sign-in: the organisation and login as typed, folded.
pub(super) fn account_key(organisation: &str, login: &str) -> String {
    format!(
        "contact:{}:{}",
        organisation.trim().to_lowercase(),
        login.trim().to_lowercase()
    )
}

/// The per-address throttle key (the kernel's one rule: IPv4 whole, IPv6 its /64).
pub(super) fn ip_key(prefix: &str, ip: IpAddr) -> String {
    frontdesk_kernel::ip_rate_key(prefix, ip)
}

/// The hashing failure as a use case reports it.
pub(super) enum HashingFailure {
    /// Every slot is busy.
    Busy,
    /// The hasher failed.
    Failed(PasswordHashingError),
}

impl From<PasswordHashingError> for HashingFailure {
    fn from(error: PasswordHashingError) -> Self {
        match error {
            PasswordHashingError::Busy => Self::Busy,
            failed @ PasswordHashingError::Failed(_) => Self::Failed(failed),
        }
    }
}

impl ContactUsersService {
    /// Seconds `key` must wait under `policy` at `now`, if it must.
    pub(super) async fn throttle_wait(
        &self,
        key: &str,
        policy: ThrottlePolicy,
        now: OffsetDateTime,
    ) -> Result<Option<u64>, RepositoryError> {
        let failures = self
            .ports
            .attempts
            .failures_since(key, policy.window_start(now))
            .await?;
        Ok(match policy.decide(now, &failures) {
            ThrottleDecision::Allow => None,
            ThrottleDecision::Refuse {
                retry_after_seconds,
            } => Some(retry_after_seconds),
        })
    }

    /// The contact user of `org` that `login` names: by username, else (for an address) by
    /// the contact with that email. Whatever its state.
    pub(super) async fn find_by_login(
        &self,
        org: OrgId,
        login: &str,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        if let Ok(username) = Username::parse(login)
            && let Some(user) = self.ports.users.find_by_username(org, &username).await?
        {
            return Ok(Some(user));
        }
        let Ok(email) = EmailAddress::parse(login.trim()) else {
            return Ok(None);
        };
        let Some(contact) = self.ports.contacts.find_by_email(org, &email).await? else {
            return Ok(None);
        };
        self.ports.users.find_by_contact(org, contact.id).await
    }

    /// A new session for `user` started at `now`, with the only copy of its secret.
    pub(super) fn new_session(
        &self,
        user: &ContactUser,
        now: OffsetDateTime,
    ) -> (ContactUserSession, Token) {
        let secret = Token::generate(TokenKind::Session, self.ports.tokens.as_ref());
        let session = ContactUserSession::start(
            SessionId::from_uuid(self.ports.ids.new_uuid()),
            user.org_id,
            user.id,
            secret.digest(),
            now,
            self.session_policy,
        );
        (session, secret)
    }

    /// An audit event of the contact user `user` acting on their own account.
    pub(super) fn own_event(
        &self,
        org: OrgId,
        action: AuditAction,
        subject: String,
        detail: String,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(org),
            actor: None,
            action,
            subject: Some(subject),
            detail,
            at: self.ports.clock.now(),
        }
    }

    /// Installs `hash` as `user`'s permanent password in `uow`: the account becomes active
    /// with no forced change, older links are superseded, every session ends, a new one
    /// starts, the `password_changed` mail is queued (when the recipient limit holds it
    /// back the change still counts: the limit guards the inbox, not the account) and the
    /// change is audited with `how`.
    #[expect(
        clippy::too_many_arguments,
        reason = "the one step every password change shares; each argument is a distinct fact"
    )]
    pub(super) async fn install_password(
        &self,
        uow: &mut Uow,
        organisation: &Organisation,
        user: &mut ContactUser,
        contact: &Contact,
        hash: PasswordHash,
        now: OffsetDateTime,
        how: &str,
    ) -> Result<(ContactUserSession, Token), RepositoryError> {
        user.password_hash = Some(hash);
        user.must_change_password = false;
        user.temporary_password_expires_at = None;
        user.state = ContactUserState::Active;
        user.updated_at = now;
        if !self.ports.users.update(uow, user).await? {
            return Err(RepositoryError::Corrupt(format!(
                "contact user {} vanished during a password change",
                user.id
            )));
        }
        self.ports
            .user_links
            .supersede_all(uow, user.org_id, user.id, now)
            .await?;
        let ended = self
            .ports
            .sessions
            .end_all_for_user(uow, user.org_id, user.id, now, None)
            .await?;
        let (session, secret) = self.new_session(user, now);
        self.ports.sessions.insert(uow, &session).await?;
        let mail = password_changed_mail(organisation, user, contact, now);
        let notice = match self.ports.mail.enqueue(uow, mail).await {
            Ok(_) => "queued",
            Err(EnqueueError::RecipientLimited { .. }) => "held back by the recipient limit",
            Err(EnqueueError::Repository(error)) => return Err(error),
        };
        let event = self.own_event(
            user.org_id,
            super::actions::PASSWORD_CHANGED,
            user.id.to_string(),
            format!("how={how} sessions_ended={ended} notice={notice}"),
        );
        self.ports.audit.record(uow, &event).await?;
        Ok((session, secret))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_group_ipv6_by_its_64() {
        assert_eq!(
            account_key(" WorkBook ", "John@X.example "),
            "contact:workbook:john@x.example"
        );
        let v4: IpAddr = "192.0.2.7".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(ip_key("ip", v4), "ip:192.0.2.7");
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap_or_else(|_| unreachable!());
        let b: IpAddr = "2001:db8:1:2:ffff::9"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(ip_key("ip", a), ip_key("ip", b));
        assert_eq!(ip_key("ip", a), "ip:2001:db8:1:2::/64");
    }
}
