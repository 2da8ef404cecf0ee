//! A person signs up through a staff registration link (DESIGN §5.3: "a staff user with the
//! agent profile", never more). A new address gets a staff user holding the agent profile
//! only and the chosen password, **disabled** until the person opens the 24 h activation
//! link mailed to the address (an `action_tokens` link of purpose
//! [`ActionPurpose::SignUpActivation`], digest only), so an address nobody confirmed never
//! signs in; the pending sign-up remembers the registration link, whose use is counted at
//! activation (`activate_staff.rs`). An address that already has a staff user in the
//! organisation — active, disabled or still pending — gets the `account_exists` mail
//! pointing to the staff sign-in page instead. The answer is the same either way.

use frontdesk_access::{
    ActionPurpose, ActionToken, AuditEvent, LifetimeKind, ProfileSet, StaffUser,
};
use frontdesk_contacts::display_name;
use frontdesk_kernel::{
    ActionTokenId, AuditEventId, EmailAddress, PersonName, RepositoryError, StaffUserId, Token,
    TokenKind, Uow, percent_encode,
};
use frontdesk_messaging::{NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

use super::sign_up::{SignUpError, Target, Valid, hashing, queue};
use super::{SignUpService, actions, mail_time};
use crate::{PendingSignUp, RegistrationLink, STAFF_SIGN_UP_PROFILE};

impl SignUpService {
    /// The staff branch of [`SignUpService::sign_up`], once the captcha, the fields and the
    /// link (switch, expiry, uses, domain) have passed. The password is hashed whatever
    /// the address, so the answer takes as long either way.
    pub(super) async fn sign_up_staff(
        &self,
        target: &Target,
        link: &RegistrationLink,
        valid: Valid,
        now: OffsetDateTime,
    ) -> Result<(), SignUpError> {
        let hash = self
            .ports
            .hasher
            .hash(&valid.password)
            .await
            .map_err(hashing)?;
        let org = target.organisation.id;
        let existing = self.ports.staff.find_by_email(org, &valid.email).await?;
        let mut uow = self.ports.transactions.begin().await?;
        let detail = if let Some(user) = existing {
            let mail = Self::staff_account_exists_mail(target, &user.email, &user.name);
            queue(uow.as_mut(), self, mail).await?;
            format!("already_a_user staff_user={}", user.id)
        } else {
            let name = display_name(&valid.first_name, &valid.last_name);
            let user = StaffUser {
                id: StaffUserId::from_uuid(self.ports.ids.new_uuid()),
                org_id: org,
                email: valid.email,
                name,
                profiles: ProfileSet::of([STAFF_SIGN_UP_PROFILE]),
                disabled: true,
                password_hash: Some(hash),
                language: Some(target.language),
                created_at: now,
                updated_at: now,
            };
            match self.ports.staff.insert(uow.as_mut(), &user).await {
                Ok(()) => {}
                // Signed up at the same moment by another request: the same answer, and
                // the other request mails the link.
                Err(RepositoryError::Conflict(_)) => return Ok(()),
                Err(error) => return Err(error.into()),
            }
            self.issue_staff_activation(uow.as_mut(), target, link, &user, now)
                .await?;
            format!("new staff_user={}", user.id)
        };
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(org),
            actor: None,
            action: actions::STAFF_SIGNED_UP,
            subject: None,
            detail: format!("link={} {detail}", link.id),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(())
    }

    /// Stores the activation link of a new staff user (its digest only), remembers the
    /// registration link it came from and queues the `activation` mail carrying it.
    async fn issue_staff_activation(
        &self,
        uow: &mut Uow,
        target: &Target,
        registration: &RegistrationLink,
        user: &StaffUser,
        now: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let organisation = &target.organisation;
        let lifetime = organisation.lifetimes.lifetimes(LifetimeKind::Activation);
        let expires_at = now + Duration::seconds(lifetime.default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let record = ActionToken {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            user_id: user.id,
            purpose: ActionPurpose::SignUpActivation,
            digest: token.digest(),
            created_at: now,
            expires_at,
            used_at: None,
        };
        self.ports.staff_links.insert(uow, &record).await?;
        let pending = PendingSignUp {
            activation_id: record.id,
            org_id: organisation.id,
            link_id: registration.id,
            created_at: now,
        };
        self.ports.pending.insert(uow, &pending).await?;
        let url = self
            .ports
            .public_links
            .action(organisation.base_url.as_str(), &token);
        let name = user.name.as_str();
        let mail = NewMail {
            org_id: organisation.id,
            to: user.email.clone(),
            to_name: Some(user.name.clone()),
            kind: TemplateKind::Activation,
            language: target.language,
            data: serde_json::json!({
                "action_url": url.expose_secret(),
                "expires_at": mail_time(expires_at),
                "login": user.email.as_str(),
                "name": name,
                "recipient_name": name,
                "organisation_name": organisation.name.as_str(),
                "company_name": organisation.name.as_str(),
            }),
            unsubscribe_url: None,
        };
        queue(uow, self, mail).await
    }

    /// The mail to an address that already has a staff user: sign in to the console, or
    /// choose a new password on the staff "forgot your password?" page.
    fn staff_account_exists_mail(
        target: &Target,
        email: &EmailAddress,
        name: &PersonName,
    ) -> NewMail {
        let organisation = &target.organisation;
        NewMail {
            org_id: organisation.id,
            to: email.clone(),
            to_name: Some(name.clone()),
            kind: TemplateKind::AccountExists,
            language: target.language,
            data: serde_json::json!({
                "login": email.as_str(),
                "login_url": organisation.public_url(&format!(
                    "/staff/login?org={}&email={}",
                    percent_encode(organisation.slug.as_str()),
                    percent_encode(email.as_str())
                )),
                "forgot_url": organisation.public_url(&format!(
                    "/staff/forgot?org={}&email={}",
                    percent_encode(organisation.slug.as_str()),
                    percent_encode(email.as_str())
                )),
                "name": name.as_str(),
                "recipient_name": name.as_str(),
                "organisation_name": organisation.name.as_str(),
                "company_name": organisation.name.as_str(),
            }),
            unsubscribe_url: None,
        }
    }
}
