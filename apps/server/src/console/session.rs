//! Who is using the console: the signed-in staff member, their organisation and language,
//! read from the session cookie on every console request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use frontdesk_access::{AuthenticateError, Organisation, Permission, StaffActor, StaffUser};
use frontdesk_l10n::Texts;

use crate::console::flash::Flash;
use crate::extract::cookie;
use crate::pages::internal_error;
use crate::pages::login::set_cookie;
use crate::state::AppState;

/// A signed-in console request.
pub(crate) struct Console {
    /// Who acts.
    pub(crate) actor: StaffActor,
    /// The CSRF token every form of this session carries.
    pub(crate) csrf: String,
    /// The signed-in staff member.
    pub(crate) user: StaffUser,
    /// Their organisation.
    pub(crate) organisation: Organisation,
    /// The console's strings, in the member's language.
    pub(crate) texts: Texts,
    /// The message left by the previous action, if any.
    pub(crate) flash: Option<Flash>,
    /// The path of this page, for forms that come back to it.
    pub(crate) path: String,
}

impl Console {
    /// Whether the member holds `permission`.
    pub(crate) fn may(&self, permission: Permission) -> bool {
        self.actor.may(permission)
    }

    /// The 403 page for a typed URL of a page the member may not use (it is never linked
    /// for them), or `None` when they hold `permission`.
    pub(crate) fn refuse_without(&self, permission: Permission) -> Option<Response> {
        (!self.may(permission)).then(|| crate::console::frame::forbidden(self))
    }

    /// Whether a submitted form carries this session's CSRF token.
    pub(crate) fn csrf_ok(&self, submitted: &str) -> bool {
        crate::csrf::matches(Some(&self.csrf), submitted)
    }
}

fn to_sign_in(clear: Option<String>) -> Response {
    let mut response = Redirect::to("/staff/login").into_response();
    if let Some(clear) = clear {
        set_cookie(&mut response, &clear);
    }
    response
}

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        let Some(raw) = cookie(&parts.headers, app.cookies.session_name()) else {
            return Err(to_sign_in(None));
        };
        let session = match app.access.authenticate_session(raw).await {
            Ok(session) => session,
            Err(AuthenticateError::Invalid) => {
                return Err(to_sign_in(Some(
                    app.cookies.clear(app.cookies.session_name()),
                )));
            }
            Err(AuthenticateError::Repository(error)) => return Err(internal_error(&error)),
        };
        let Some(csrf) = crate::csrf::for_session(raw) else {
            return Err(to_sign_in(Some(
                app.cookies.clear(app.cookies.session_name()),
            )));
        };
        let (user, organisation) = match tokio::join!(
            app.access.me(&session.actor),
            app.access.organisation(&session.actor)
        ) {
            (Ok(user), Ok(organisation)) => (user, organisation),
            (Err(error), _) | (_, Err(error)) => return Err(internal_error(&error)),
        };
        let language = user.language.unwrap_or(organisation.default_language);
        Ok(Self {
            actor: session.actor,
            csrf,
            user,
            organisation,
            texts: Texts::new(language),
            flash: Flash::read(&parts.headers),
            path: parts.uri.path().to_owned(),
        })
    }
}
