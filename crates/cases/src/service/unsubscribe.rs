//! One-click unsubscribing from a case's notifications (or from all of them).

use frontdesk_kernel::{Language, RepositoryError, Token, TokenKind};

use crate::{CaseNumber, CasesService, UnsubscribeGrant};

/// What an unsubscribe link will do, shown before doing it.
#[derive(Debug, Clone)]
pub struct UnsubscribeView {
    /// The organisation's name.
    pub organisation_name: String,
    /// The case's number.
    pub case_number: CaseNumber,
    /// The case's title.
    pub case_title: String,
    /// The contact's address.
    pub email: String,
    /// The case's language.
    pub language: Language,
}

/// Why an unsubscribe link does nothing.
#[derive(Debug, thiserror::Error)]
pub enum UnsubscribeError {
    /// Malformed or unknown.
    #[error("this link is not valid")]
    Invalid,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// The grant behind a raw unsubscribe token.
    async fn unsubscribe_grant(
        &self,
        raw_token: &str,
    ) -> Result<UnsubscribeGrant, UnsubscribeError> {
        let token = Token::parse(TokenKind::Unsubscribe, raw_token.trim())
            .map_err(|_| UnsubscribeError::Invalid)?;
        self.ports
            .guest_access
            .find_unsubscribe(&token.digest())
            .await?
            .ok_or(UnsubscribeError::Invalid)
    }

    /// What an unsubscribe link will do.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe_view(
        &self,
        raw_token: &str,
    ) -> Result<UnsubscribeView, UnsubscribeError> {
        let grant = self.unsubscribe_grant(raw_token).await?;
        let organisation = self
            .ports
            .organisations
            .find(grant.org_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        let case = self
            .ports
            .cases
            .find(grant.org_id, grant.case_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        let contact = self
            .ports
            .contacts
            .find(grant.org_id, grant.contact_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        Ok(UnsubscribeView {
            organisation_name: organisation.name.as_str().to_owned(),
            case_number: case.number,
            case_title: case.title,
            email: contact.email.to_string(),
            language: case.language,
        })
    }

    /// Unsubscribes the link's contact from its case, or from everything.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe(
        &self,
        raw_token: &str,
        everything: bool,
    ) -> Result<(), UnsubscribeError> {
        let grant = self.unsubscribe_grant(raw_token).await?;
        let now = self.ports.clock.now();
        if everything {
            self.ports
                .contacts
                .unsubscribe_all(grant.org_id, grant.contact_id, now)
                .await?;
        } else {
            self.ports
                .contacts
                .unsubscribe_case(grant.org_id, grant.contact_id, grant.case_id, now)
                .await?;
        }
        Ok(())
    }
}
