//! Who is asking: the organisation named by the path, the language of the browser, and —
//! on every page but sign-in — the contact user signed in by the portal session cookie.
//! While a user must change their (temporary) password, every page but the change page
//! sends them there.

use axum::http::HeaderMap;
use axum::response::Response;
use frontdesk_access::{OrgSlug, Organisation, PortalSettings};
use frontdesk_contacts::{ContactAuthenticateError, ContactSession};
use frontdesk_l10n::Texts;

use super::frame::{self, Who, base, see_other};
use crate::extract::cookie;
use crate::pages::{self, preferred_language};
use crate::state::AppState;

/// The organisation of a portal page and the visitor's language.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    /// The organisation as its portal presents it: its display name is the portal's title
    /// when one is set (colour and logo are the organisation's own).
    pub org: Organisation,
    /// The portal's settings (mode, forms, title).
    pub portal: PortalSettings,
    /// The visitor's texts.
    pub t: Texts,
}

impl Visitor {
    /// The portal path `tail` (starting with `/`) of this organisation.
    pub fn path(&self, tail: &str) -> String {
        format!("{}{tail}", base(&self.org))
    }
}

/// The organisation whose slug is `slug`; an unknown or malformed one is the plain 404.
///
/// # Errors
/// The page to answer instead.
pub(crate) async fn visitor(
    app: &AppState,
    slug: &str,
    headers: &HeaderMap,
) -> Result<Visitor, Response> {
    let Ok(slug) = OrgSlug::parse(slug) else {
        return Err(pages::not_found());
    };
    let mut org = match app.access.organisation_by_slug(&slug).await {
        Ok(Some(org)) => org,
        Ok(None) => return Err(pages::not_found()),
        Err(error) => return Err(pages::internal_error(&error)),
    };
    let portal = match app.portal.settings_of(&org).await {
        Ok(portal) => portal,
        Err(error) => return Err(pages::internal_error(&error)),
    };
    if let Some(title) = &portal.title
        && let Ok(name) = frontdesk_access::OrgName::parse(title.as_str())
    {
        org.name = name;
    }
    Ok(Visitor {
        org,
        portal,
        t: Texts::new(preferred_language(headers)),
    })
}

/// A signed-in contact user on one of their organisation's pages.
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    /// The organisation and language.
    pub visitor: Visitor,
    /// The session and its account, read for this request.
    pub session: ContactSession,
    /// The session's CSRF token, for every form on the page.
    pub csrf: String,
}

impl SignedIn {
    /// The frame's view of the user.
    pub fn who(&self) -> Who<'_> {
        Who {
            name: self.session.user.username.as_str(),
            csrf: &self.csrf,
        }
    }
}

/// Which pages a user who must change their password may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Only the password page itself.
    PasswordChange,
    /// Every other page: the user is sent to change their password first.
    Changed,
}

/// The contact user the portal cookie signs in to `visitor`'s organisation, or the answer
/// instead: a 303 to sign-in when nobody is, a 303 to the password page when `gate` is
/// [`Gate::Changed`] and the password must change first.
///
/// # Errors
/// The response to send instead.
pub(crate) async fn signed_in(
    app: &AppState,
    visitor: Visitor,
    headers: &HeaderMap,
    gate: Gate,
) -> Result<SignedIn, Response> {
    let name = app.cookies.portal_session_name();
    let Some(raw) = cookie(headers, name) else {
        return Err(see_other(&visitor.path("/login")));
    };
    match app.contact_users.authenticate(visitor.org.id, raw).await {
        Ok(session) => {
            if gate == Gate::Changed && session.user.must_change_password {
                return Err(see_other(&visitor.path("/password")));
            }
            let csrf = crate::csrf::for_session(raw).unwrap_or_default();
            Ok(SignedIn {
                visitor,
                session,
                csrf,
            })
        }
        Err(ContactAuthenticateError::NotSignedIn) => {
            let mut response = see_other(&visitor.path("/login"));
            crate::pages::login::set_cookie(&mut response, &app.cookies.clear(name));
            Err(response)
        }
        Err(ContactAuthenticateError::Repository(error)) => {
            Err(frame::failed(&visitor.org, visitor.t, None, &error))
        }
    }
}

/// The raw portal session secret of the request, if any.
pub(crate) fn secret<'a>(app: &AppState, headers: &'a HeaderMap) -> Option<&'a str> {
    cookie(headers, app.cookies.portal_session_name())
}
