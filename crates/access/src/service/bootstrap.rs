//! Bootstrapping an organisation (operator use case, command line).

use frontdesk_kernel::{
    EmailAddress, Language, OrgId, PersonName, RepositoryError, StaffUserId, Token,
};
use url::Url;

use super::{AccessService, IssuedLink};
use crate::{
    ActionPurpose, AuditAction, Branding, OrgName, OrgSlug, Organisation, PortalMode, Profile,
    ProfileSet, StaffUser, TokenLifetimePolicy,
};

/// What the operator supplies to create an organisation.
#[derive(Debug, Clone)]
pub struct BootstrapOrganisation {
    /// URL name.
    pub slug: OrgSlug,
    /// Display name.
    pub name: OrgName,
    /// First admin's address.
    pub admin_email: EmailAddress,
    /// First admin's name.
    pub admin_name: PersonName,
    /// Public base URL for links.
    pub base_url: Url,
    /// Default language.
    pub default_language: Language,
}

/// A newly bootstrapped organisation and the only copies of its first secrets.
#[derive(Debug)]
pub struct Bootstrapped {
    /// The organisation.
    pub organisation: Organisation,
    /// Slug of its default intake form.
    pub form_slug: String,
    /// Its first admin.
    pub admin: StaffUser,
    /// A staff API token acting as the admin.
    pub api_token: Token,
    /// The admin's password setup link.
    pub setup_link: IssuedLink,
}

/// Why an organisation could not be bootstrapped.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// The slug is already in use.
    #[error("an organisation with slug {0:?} already exists")]
    SlugTaken(String),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The label of the API token a bootstrap issues (a valid [`crate::ApiTokenLabel`]).
const BOOTSTRAP_TOKEN_LABEL: &str = "bootstrap";

impl AccessService {
    /// Creates an organisation with its default form, a first admin, an API token for that
    /// admin and a password setup link. Operator use case (command line), no actor.
    ///
    /// # Errors
    /// See [`BootstrapError`].
    pub async fn bootstrap(
        &self,
        request: BootstrapOrganisation,
    ) -> Result<Bootstrapped, BootstrapError> {
        if self
            .ports
            .organisations
            .find_by_slug(&request.slug)
            .await?
            .is_some()
        {
            return Err(BootstrapError::SlugTaken(request.slug.to_string()));
        }
        let now = self.now();
        let organisation = Organisation {
            id: OrgId::from_uuid(self.ports.ids.new_uuid()),
            slug: request.slug,
            name: request.name,
            branding: Branding::default(),
            base_url: request.base_url,
            default_language: request.default_language,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: now,
        };
        let admin = StaffUser {
            id: StaffUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            email: request.admin_email,
            name: request.admin_name,
            profiles: ProfileSet::of([Profile::Admin]),
            disabled: false,
            password_hash: None,
            language: None,
            created_at: now,
            updated_at: now,
        };
        let mut uow = self.begin().await?;
        match self
            .ports
            .organisations
            .insert(uow.as_mut(), &organisation)
            .await
        {
            Err(RepositoryError::Conflict(_)) => {
                return Err(BootstrapError::SlugTaken(organisation.slug.to_string()));
            }
            other => other?,
        }
        let form_slug = self
            .ports
            .initialiser
            .initialise(uow.as_mut(), &organisation)
            .await?;
        self.ports.staff.insert(uow.as_mut(), &admin).await?;
        let api_token = self
            .insert_api_token(uow.as_mut(), &admin, BOOTSTRAP_TOKEN_LABEL.to_owned(), None)
            .await?;
        let setup_link = self
            .issue_action_link(
                uow.as_mut(),
                &organisation,
                admin.id,
                ActionPurpose::PasswordSetup,
            )
            .await?;
        let created = self.event(
            Some(organisation.id),
            None,
            AuditAction::ORGANISATION_CREATED,
            Some(organisation.id.to_string()),
            format!("slug={}", organisation.slug),
        );
        self.ports.audit.record(uow.as_mut(), &created).await?;
        uow.commit().await?;
        Ok(Bootstrapped {
            organisation,
            form_slug,
            admin,
            api_token: api_token.secret,
            setup_link,
        })
    }
}
