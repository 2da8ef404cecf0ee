//! "Send me a new link": a guest who lost their link asks for a new one by email address and
//! case number.

use frontdesk_access::OrgSlug;
use frontdesk_kernel::{EmailAddress, RepositoryError};
use frontdesk_messaging::{EnqueueError, TemplateKind};

use crate::{CaseNumber, CasesService};

/// A case number as typed by a person: `42` or `#42`.
fn parse_case_number(raw: &str) -> Option<CaseNumber> {
    let digits = raw.trim();
    let digits = digits.strip_prefix('#').unwrap_or(digits).trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(CaseNumber)
}

impl CasesService {
    /// "Send me a new link": when `email` and `case_number` match a case of the organisation,
    /// issues a new guest link and mails it. Answers the same whether or not they match.
    ///
    /// When they match, the contact's earlier links to the case are revoked. When the
    /// recipient limit holds the mail back, nothing changes and the answer is still `Ok`.
    ///
    /// # Errors
    /// [`RepositoryError`] only when storage fails.
    pub async fn request_new_link(
        &self,
        org_slug: &str,
        email: &str,
        case_number: &str,
    ) -> Result<(), RepositoryError> {
        let Ok(org_slug) = OrgSlug::parse(org_slug.trim()) else {
            return Ok(());
        };
        let Some(organisation) = self.ports.organisations.find_by_slug(&org_slug).await? else {
            return Ok(());
        };
        // Both lookups run whether or not the other matched, so the work done says little
        // about which of the two did not.
        let email = EmailAddress::parse(email).ok();
        let number = parse_case_number(case_number);
        let case = match number {
            Some(number) => {
                self.ports
                    .cases
                    .find_by_number(organisation.id, number)
                    .await?
            }
            None => None,
        };
        let contact = match &email {
            Some(email) => {
                self.ports
                    .contacts
                    .find_by_email(organisation.id, email)
                    .await?
            }
            None => None,
        };
        let (Some(case), Some(contact)) = (case, contact) else {
            return Ok(());
        };
        if !self
            .ports
            .cases
            .contacts_of(organisation.id, case.id)
            .await?
            .contains(&contact.id)
        {
            return Ok(());
        }
        let now = self.ports.clock.now();
        let (access, token) = self.new_guest_access(&organisation, case.id, contact.id, now);
        let mail = self.guest_link_mail(
            &organisation,
            &case,
            &contact.email,
            Some(contact.display_name()),
            &token,
            TemplateKind::GuestLinkReissued,
        );
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.mail.enqueue(uow.as_mut(), mail).await {
            Ok(_) => {}
            Err(EnqueueError::RecipientLimited { .. }) => return Ok(()),
            Err(EnqueueError::Repository(error)) => return Err(error),
        }
        self.ports
            .guest_access
            .revoke_for_case(
                uow.as_mut(),
                organisation.id,
                case.id,
                Some(contact.id),
                now,
            )
            .await?;
        self.ports
            .guest_access
            .insert(uow.as_mut(), &access)
            .await?;
        uow.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_parse_with_or_without_hash() {
        assert_eq!(parse_case_number("42"), Some(CaseNumber(42)));
        assert_eq!(parse_case_number(" #42 "), Some(CaseNumber(42)));
        assert_eq!(parse_case_number("# 7"), Some(CaseNumber(7)));
        assert_eq!(parse_case_number("#"), None);
        assert_eq!(parse_case_number("-1"), None);
        assert_eq!(parse_case_number("4 2"), None);
        assert_eq!(parse_case_number("99999999999999999999999"), None);
    }
}
