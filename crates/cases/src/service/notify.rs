//! Notifying a case's contacts of what happened on it.

use frontdesk_kernel::{ContactId, RepositoryError, Token, TokenKind, Uow};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use super::CaseContext;
use crate::{CasesService, UnsubscribeGrant};

impl CasesService {
    /// Queues a notification of `activity` on the case to each contact that wants them
    /// (every contact of the case but `except`, the one who acted), inside the caller's unit
    /// of work. Each mail carries a fresh guest link and a fresh unsubscribe link.
    ///
    /// A contact held back by the recipient limit is skipped (no mail, no link issued) so
    /// that one busy inbox never fails the action that triggered the notification.
    pub(super) async fn notify_contacts(
        &self,
        uow: &mut Uow,
        target: &CaseContext,
        activity: &str,
        except: Option<ContactId>,
        now: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if !target.form.notify_contacts {
            return Ok(());
        }
        let (organisation, case) = (&target.organisation, &target.case);
        let org = organisation.id;
        for contact_id in self.ports.cases.contacts_of(org, case.id).await? {
            if Some(contact_id) == except
                || !self
                    .ports
                    .contacts
                    .is_subscribed(org, contact_id, case.id)
                    .await?
            {
                continue;
            }
            let Some(contact) = self.ports.contacts.find(org, contact_id).await? else {
                continue;
            };
            if contact.unsubscribed_all {
                continue;
            }
            let (access, guest_token) =
                self.new_guest_access(organisation, case.id, contact.id, now);
            let unsubscribe_token =
                Token::generate(TokenKind::Unsubscribe, self.ports.tokens.as_ref());
            let unsubscribe_url = self
                .ports
                .links
                .unsubscribe(organisation.base_url.as_str(), &unsubscribe_token)
                .expose_secret()
                .to_owned();
            let case_url = self.guest_case_url(organisation, &guest_token);
            let mail = NewMail {
                org_id: org,
                to: contact.email.clone(),
                to_name: Some(contact.display_name()),
                kind: TemplateKind::CaseNotification,
                language: case.language,
                data: serde_json::json!({
                    "case_url": case_url,
                    "case_number": case.number.to_string(),
                    "case_title": case.title,
                    "activity": activity,
                    "unsubscribe_url": unsubscribe_url,
                }),
                unsubscribe_url: Some(unsubscribe_url),
            };
            match self.ports.mail.enqueue(uow, mail).await {
                Ok(_) => {}
                Err(EnqueueError::RecipientLimited { .. }) => continue,
                Err(EnqueueError::Repository(error)) => return Err(error),
            }
            self.ports.guest_access.insert(uow, &access).await?;
            let grant = UnsubscribeGrant {
                org_id: org,
                contact_id: contact.id,
                case_id: case.id,
                digest: unsubscribe_token.digest(),
                created_at: now,
            };
            self.ports
                .guest_access
                .insert_unsubscribe(uow, &grant)
                .await?;
        }
        Ok(())
    }
}
