//! Notifying the people who follow a case of what happened on it: its contacts and the
//! contact users granted it (who is picked, and with which link, is
//! [`super::alert_recipients`]).

use frontdesk_kernel::{ContactId, OrgId, RepositoryError, Token, TokenKind, Uow};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use super::CaseContext;
use super::alert_recipients::{AlertAudience, AlertLink, alert_recipients};
use crate::{Case, CasesService, UnsubscribeGrant};

impl CasesService {
    /// Queues a notification of `activity` on the case to each person who follows it and
    /// wants them — its contacts and the active contact users with an unrevoked grant, each
    /// once, but `except` (the contact who acted) — inside the caller's unit of work. Each
    /// mail carries a fresh unsubscribe link and a case link: the portal case page for an
    /// active contact user, a fresh guest link for anyone else.
    ///
    /// A person held back by the recipient limit is skipped (no mail, no link issued) so
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
        let audience = self.alert_audience(org, case).await?;
        for recipient in alert_recipients(&audience, except) {
            let Some(contact) = self.ports.contacts.find(org, recipient.contact).await? else {
                continue;
            };
            if contact.unsubscribed_all {
                continue;
            }
            let guest = match recipient.link {
                AlertLink::Guest => {
                    Some(self.new_guest_access(organisation, case.id, contact.id, now))
                }
                AlertLink::Portal => None,
            };
            let case_url = match &guest {
                Some((_, token)) => self.guest_case_url(organisation, token),
                None => self.ports.links.portal_case(
                    organisation.base_url.as_str(),
                    organisation.slug.as_str(),
                    case.number.0,
                ),
            };
            let unsubscribe_token =
                Token::generate(TokenKind::Unsubscribe, self.ports.tokens.as_ref());
            let unsubscribe_url = self
                .ports
                .links
                .unsubscribe(organisation.base_url.as_str(), &unsubscribe_token)
                .expose_secret()
                .to_owned();
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
            if let Some((access, _)) = &guest {
                self.ports.guest_access.insert(uow, access).await?;
            }
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

    /// Reads who may be alerted of activity on `case`: its contacts and their logins, the
    /// holders of its unrevoked grants, and who of them unsubscribed.
    async fn alert_audience(
        &self,
        org: OrgId,
        case: &Case,
    ) -> Result<AlertAudience, RepositoryError> {
        let mut audience = AlertAudience {
            case_contacts: self.ports.cases.contacts_of(org, case.id).await?,
            ..AlertAudience::default()
        };
        for contact in &audience.case_contacts {
            if let Some(login) = self
                .ports
                .contact_users
                .find_by_contact(org, *contact)
                .await?
            {
                audience.logins.push(login);
            }
        }
        for grant in self.ports.grants.active_for_case(org, case.id).await? {
            if let Some(user) = self
                .ports
                .contact_users
                .find(org, grant.contact_user_id)
                .await?
            {
                audience.grantees.push(user);
            }
        }
        for contact in audience.candidates() {
            if !self
                .ports
                .contacts
                .is_subscribed(org, contact, case.id)
                .await?
            {
                audience.unsubscribed.insert(contact);
            }
        }
        Ok(audience)
    }
}
