//! Staff API tokens: issue (by an admin or the operator), revoke, authenticate.

use frontdesk_kernel::{
    ApiTokenId, EmailAddress, RepositoryError, StaffUserId, Token, TokenKind, Uow,
};
use time::OffsetDateTime;

use super::{AccessService, AuthenticateError};
use crate::error::Forbidden;
use crate::{
    ApiToken, ApiTokenLabel, AuditAction, AuthMethod, OrgSlug, Permission, StaffActor, StaffUser,
};

/// An API token to issue.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    /// A label to recognise it by.
    pub label: ApiTokenLabel,
    /// When it should stop working, if ever.
    pub expires_at: Option<OffsetDateTime>,
}

/// An issued API token and the only copy of its secret.
#[derive(Debug)]
pub struct CreatedApiToken {
    /// The stored record.
    pub record: ApiToken,
    /// The secret bearer token.
    pub secret: Token,
}

/// Why an API token could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum CreateApiTokenError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user in the organisation.
    #[error("staff user not found")]
    UserNotFound,
    /// The user is disabled.
    #[error("the staff user is disabled")]
    UserDisabled,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryNotInFuture,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an operator could not issue an API token from the command line.
#[derive(Debug, thiserror::Error)]
pub enum OperatorTokenError {
    /// No organisation with this slug.
    #[error("no organisation with slug {0:?}")]
    OrganisationNotFound(String),
    /// No staff user with this address in the organisation.
    #[error("no staff user with this email in the organisation")]
    UserNotFound,
    /// The user is disabled.
    #[error("the staff user is disabled")]
    UserDisabled,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an API token could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeApiTokenError {
    /// The actor may neither manage staff nor owns the token.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such token in the actor's organisation.
    #[error("API token not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// Stores a new token for `user` in `uow` (the label already checked).
    pub(super) async fn insert_api_token(
        &self,
        uow: &mut Uow,
        user: &StaffUser,
        label: String,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<CreatedApiToken, RepositoryError> {
        let secret = Token::generate(TokenKind::ApiKey, self.ports.tokens.as_ref());
        let record = ApiToken {
            id: ApiTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: user.org_id,
            user_id: user.id,
            label,
            digest: secret.digest(),
            created_at: self.now(),
            expires_at,
            revoked_at: None,
        };
        self.ports.api_tokens.insert(uow, &record).await?;
        Ok(CreatedApiToken { record, secret })
    }

    /// Issues an API token acting as staff user `user_id`.
    ///
    /// # Errors
    /// See [`CreateApiTokenError`].
    pub async fn create_api_token(
        &self,
        actor: &StaffActor,
        user_id: StaffUserId,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, CreateApiTokenError> {
        actor.require(Permission::ManageStaff)?;
        let user = self
            .ports
            .staff
            .find(actor.org_id, user_id)
            .await?
            .ok_or(CreateApiTokenError::UserNotFound)?;
        if user.disabled {
            return Err(CreateApiTokenError::UserDisabled);
        }
        if request.expires_at.is_some_and(|at| at <= self.now()) {
            return Err(CreateApiTokenError::ExpiryNotInFuture);
        }
        Ok(self
            .issue_api_token(Some(actor.user_id), &user, request)
            .await?)
    }

    /// Issues and audits a token for the enabled `user`, on behalf of `actor` (none for the
    /// operator).
    pub(super) async fn issue_api_token(
        &self,
        actor: Option<StaffUserId>,
        user: &StaffUser,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, RepositoryError> {
        let mut uow = self.begin().await?;
        let created = self
            .insert_api_token(
                uow.as_mut(),
                user,
                request.label.into_string(),
                request.expires_at,
            )
            .await?;
        let event = self.event(
            Some(user.org_id),
            actor,
            AuditAction::API_TOKEN_CREATED,
            Some(created.record.id.to_string()),
            format!("user={} label={}", user.id, created.record.label),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(created)
    }

    /// Issues an API token for the staff user with `email` in organisation `slug`.
    /// Operator use case (command line), no actor.
    ///
    /// # Errors
    /// See [`OperatorTokenError`].
    pub async fn operator_create_api_token(
        &self,
        slug: &OrgSlug,
        email: &EmailAddress,
        label: ApiTokenLabel,
    ) -> Result<CreatedApiToken, OperatorTokenError> {
        let org = self
            .ports
            .organisations
            .find_by_slug(slug)
            .await?
            .ok_or_else(|| OperatorTokenError::OrganisationNotFound(slug.to_string()))?;
        let user = self
            .ports
            .staff
            .find_by_email(org.id, email)
            .await?
            .ok_or(OperatorTokenError::UserNotFound)?;
        if user.disabled {
            return Err(OperatorTokenError::UserDisabled);
        }
        let request = NewApiToken {
            label,
            expires_at: None,
        };
        Ok(self.issue_api_token(None, &user, request).await?)
    }

    /// Revokes an API token at once. Admins may revoke any token of their organisation; any
    /// staff user may revoke their own.
    ///
    /// # Errors
    /// See [`RevokeApiTokenError`].
    pub async fn revoke_api_token(
        &self,
        actor: &StaffActor,
        id: ApiTokenId,
    ) -> Result<(), RevokeApiTokenError> {
        let token = self
            .ports
            .api_tokens
            .find(actor.org_id, id)
            .await?
            .ok_or(RevokeApiTokenError::NotFound)?;
        if token.user_id != actor.user_id {
            actor.require(Permission::ManageStaff)?;
        }
        let mut uow = self.begin().await?;
        let now = self.now();
        if self
            .ports
            .api_tokens
            .revoke(uow.as_mut(), actor.org_id, id, now)
            .await?
        {
            let event = self.event(
                Some(actor.org_id),
                Some(actor.user_id),
                AuditAction::API_TOKEN_REVOKED,
                Some(id.to_string()),
                String::new(),
            );
            self.ports.audit.record(uow.as_mut(), &event).await?;
        }
        uow.commit().await?;
        Ok(())
    }

    /// The staff identity a bearer API token acts as.
    ///
    /// # Errors
    /// [`AuthenticateError::Invalid`] for malformed, unknown, revoked or expired tokens and
    /// disabled users; `Repository` when storage fails.
    pub async fn authenticate_api_token(&self, raw: &str) -> Result<StaffActor, AuthenticateError> {
        let token = Token::parse(TokenKind::ApiKey, raw).map_err(|_| AuthenticateError::Invalid)?;
        let record = self
            .ports
            .api_tokens
            .find_by_digest(&token.digest())
            .await?
            .ok_or(AuthenticateError::Invalid)?;
        if !record.is_usable(self.now()) {
            return Err(AuthenticateError::Invalid);
        }
        let user = self.enabled_user(record.org_id, record.user_id).await?;
        Ok(StaffActor {
            org_id: user.org_id,
            user_id: user.id,
            profiles: user.profiles,
            method: AuthMethod::ApiToken(record.id),
        })
    }
}
