//! The ports through which contacts and clients are stored and found.

use frontdesk_kernel::{
    CaseId, ClientId, ContactId, ContactUserId, EmailAddress, OrgId, PersonName, RepositoryError,
    SessionId, TokenDigest, Uow,
};
use time::OffsetDateTime;

use crate::{
    Client, Contact, ContactUser, ContactUserLink, ContactUserSession, Counted, PageNumber,
    SearchText, Username,
};

/// Stores contacts and their notification preferences. Every lookup is scoped to one
/// organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactRepository: Send + Sync {
    /// Adds a contact.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"email"`) when the organisation already has a contact
    /// with this normalised address; other variants when the store fails.
    async fn insert(&self, uow: &mut Uow, contact: &Contact) -> Result<(), RepositoryError>;

    /// The contact `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError>;

    /// The contact of `org` with this normalised address.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError>;

    /// The same lookup inside a unit of work (sees its uncommitted writes; on `PostgreSQL`
    /// the caller may rely on the unique index to settle races).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_email_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError>;

    /// The organisation's contact with `contact`'s normalised address, or `contact` itself,
    /// inserted, when there is none. An existing contact is returned unchanged. Adapters
    /// should override it with one statement; the default looks up, inserts, and looks up
    /// again when a concurrent insert won.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_or_insert_in(
        &self,
        uow: &mut Uow,
        contact: &Contact,
    ) -> Result<Contact, RepositoryError> {
        if let Some(found) = self
            .find_by_email_in(uow, contact.org_id, &contact.email)
            .await?
        {
            return Ok(found);
        }
        match self.insert(uow, contact).await {
            Ok(()) => Ok(contact.clone()),
            Err(RepositoryError::Conflict(field)) => self
                .find_by_email_in(uow, contact.org_id, &contact.email)
                .await?
                .ok_or(RepositoryError::Conflict(field)),
            Err(error) => Err(error),
        }
    }

    /// Sets the first and last name of contact `id` of `org` in the caller's unit of work
    /// (a portal user completing an invitation enters them); says whether it exists.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn rename_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ContactId,
        first_name: &PersonName,
        last_name: &PersonName,
    ) -> Result<bool, RepositoryError>;

    /// Unsubscribes the contact from notifications of one case.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn unsubscribe_case(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Unsubscribes the contact from every notification.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn unsubscribe_all(
        &self,
        org: OrgId,
        contact: ContactId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Whether the contact still wants notifications about `case` (not unsubscribed from
    /// it nor from everything).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn is_subscribed(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
    ) -> Result<bool, RepositoryError>;

    /// A page of `org`'s contacts whose name ("first last") or email contains `text`
    /// (ignoring case; every contact when `None`), sorted by last name, then first name
    /// (ignoring case), then id; with the number of matches on every page.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Contact>, RepositoryError>;
}

/// Stores clients (customer companies) and the links of contacts to them. Every lookup is
/// scoped to one organisation: another organisation's client is never found.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ClientRepository: Send + Sync {
    /// Adds a client.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"id"`) when the id is taken; other variants when the
    /// store fails.
    async fn insert(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError>;

    /// Writes a client's name and update time (the client of `client.org_id` only).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn update(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError>;

    /// The client `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: ClientId) -> Result<Option<Client>, RepositoryError>;

    /// A page of `org`'s clients whose name contains `text` (ignoring case; `%` and `_`
    /// match only themselves; every client when `None`), sorted by name ignoring case, then
    /// id; with the number of matches on every page.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Client>, RepositoryError>;

    /// The contacts of `org` linked to `client`, by last name, then first name (ignoring
    /// case), then id.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn contacts_of(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<Contact>, RepositoryError>;

    /// How many cases of `org` belong to `client`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn case_count(&self, org: OrgId, client: ClientId) -> Result<u64, RepositoryError>;

    /// Links the contact `contact` of `org` to `client` (`None`: to no client). Answers
    /// whether the contact exists; the caller has checked that the client is `org`'s.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn set_contact_client(
        &self,
        uow: &mut Uow,
        org: OrgId,
        contact: ContactId,
        client: Option<ClientId>,
    ) -> Result<bool, RepositoryError>;
}

/// Stores contact users and the clients they belong to. Every lookup is scoped to one
/// organisation. Usernames are unique per organisation ([`crate::Username`] is already
/// case-folded, so the store compares them as they are).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactUserRepository: Send + Sync {
    /// Adds a contact user with its client links.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] `"username"` when the organisation has a user with
    /// this name, `"contact"` when the contact already has a login; other variants when the
    /// store fails.
    async fn insert(&self, uow: &mut Uow, user: &ContactUser) -> Result<(), RepositoryError>;

    /// Writes a contact user's username, state, password fields, client links and
    /// `updated_at` (the user of `user.org_id` only). Says whether it exists.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] `"username"` when the new name is taken; other
    /// variants when the store fails.
    async fn update(&self, uow: &mut Uow, user: &ContactUser) -> Result<bool, RepositoryError>;

    /// The contact user `id` of `org`, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(
        &self,
        org: OrgId,
        id: ContactUserId,
    ) -> Result<Option<ContactUser>, RepositoryError>;

    /// The contact user of `org` named `username`, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_username(
        &self,
        org: OrgId,
        username: &Username,
    ) -> Result<Option<ContactUser>, RepositoryError>;

    /// The login of contact `contact` of `org`, if it has one.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_contact(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<Option<ContactUser>, RepositoryError>;

    /// Whether `username` is taken in `org`, read inside the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn username_taken_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        username: &Username,
    ) -> Result<bool, RepositoryError>;

    /// The contact users of `org` who belong to `client`, by username.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list_for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<ContactUser>, RepositoryError>;
}

/// Stores contact users' one-time links (digests only).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactUserLinkRepository: Send + Sync {
    /// Adds a link.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, link: &ContactUserLink) -> Result<(), RepositoryError>;

    /// The link with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserLink>, RepositoryError>;

    /// Marks the link used at `at` if it is still unused, atomically: of two concurrent
    /// calls exactly one gets `true`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn mark_used(
        &self,
        uow: &mut Uow,
        link: &ContactUserLink,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// Marks every unused link of user `user` of `org` used at `at` (a newer link or a
    /// password change supersedes them); answers how many.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn supersede_all(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;
}

/// Stores contact users' sessions (digests of their secrets only). Sessions are shared
/// storage, so a sign-out or a password change holds on every server replica.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactUserSessionRepository: Send + Sync {
    /// Adds a session in the caller's unit of work (so a password change can end the old
    /// sessions and start the new one together).
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"digest"`) when the digest is taken; other variants
    /// when the store fails.
    async fn insert(
        &self,
        uow: &mut Uow,
        session: &ContactUserSession,
    ) -> Result<(), RepositoryError>;

    /// The session with this digest, whatever its state or organisation (the caller checks
    /// both).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserSession>, RepositoryError>;

    /// Records activity on a session (`last_seen_at = at`).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn touch(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Ends one session at `at` (an ended session keeps its first end time).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn end(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Ends, in the caller's unit of work, every open session of user `user` of `org` but
    /// `except` (password change, disable, removal); answers how many it ended.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn end_all_for_user(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
        except: Option<SessionId>,
    ) -> Result<u64, RepositoryError>;
}
