//! The case page's **Who has access** panel: everyone who can reach the case and how —
//! the organisation's staff, contact users by grant (with their role) and by the "all public
//! cases" rule (linked to their pages), guest links and share links that open it now.

use axum::response::Response;
use frontdesk_access::{CaseAccessError, CaseRole};
use frontdesk_cases::{CaseDetail, GuestLinksError};
use frontdesk_contacts::ContactUserError;
use frontdesk_kernel::ContactUserId;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_sharing::ListShareLinksError;
use maud::{Markup, html};
use time::OffsetDateTime;

use super::{user_path, when};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// A contact user who reaches the case, and how.
struct Reach {
    user: ContactUserId,
    /// "Jane Smith (jsmith)", when the account can still be read.
    name: Option<String>,
    role: CaseRole,
    /// `None` for a grant; the rule's (open, closed) for the public-cases rule.
    rule: Option<(bool, bool)>,
    since: OffsetDateTime,
}

/// The panel for the case `detail` shows.
///
/// # Errors
/// The page to answer instead when something cannot be read.
pub(crate) async fn panel(
    app: &AppState,
    console: &Console,
    detail: &CaseDetail,
) -> Result<Markup, Response> {
    let case = detail.case.id;
    let access = match app.grants.case_access(&console.actor, case).await {
        Ok(access) => Some(access),
        Err(CaseAccessError::Forbidden(_) | CaseAccessError::CaseNotFound) => None,
        Err(CaseAccessError::Repository(error)) => return Err(internal_error(&error)),
    };
    let guests = match app.cases.open_guest_links(&console.actor, case).await {
        Ok(links) => links,
        Err(GuestLinksError::Forbidden(_) | GuestLinksError::CaseNotFound) => Vec::new(),
        Err(GuestLinksError::Repository(error)) => return Err(internal_error(&error)),
    };
    let now = OffsetDateTime::now_utc();
    let shares = match app.sharing.list(&console.actor, case).await {
        Ok(links) => links.into_iter().filter(|link| link.is_open(now)).collect(),
        Err(ListShareLinksError::Forbidden(_) | ListShareLinksError::CaseNotFound) => Vec::new(),
        Err(ListShareLinksError::Repository(error)) => return Err(internal_error(&error)),
    };
    let mut reaches = Vec::new();
    if let Some(access) = &access {
        for grant in &access.grants {
            reaches.push(Reach {
                user: grant.contact_user_id,
                name: None,
                role: grant.role,
                rule: None,
                since: grant.granted_at,
            });
        }
        for rule in &access.rules {
            reaches.push(Reach {
                user: rule.contact_user_id,
                name: None,
                role: CaseRole::Viewer,
                rule: Some((rule.open, rule.closed)),
                since: rule.set_at,
            });
        }
    }
    for reach in &mut reaches {
        reach.name = match app
            .contact_users
            .contact_user(&console.actor, reach.user)
            .await
        {
            Ok(view) => Some(format!(
                "{} ({})",
                view.contact.full_name(),
                view.user.username.as_str()
            )),
            Err(ContactUserError::NotFound | ContactUserError::Forbidden(_)) => None,
            Err(ContactUserError::Repository(error)) => return Err(internal_error(&error)),
        };
    }
    let t = console.texts;
    Ok(html! {
        details.panel #who-has-access open {
            summary { (t.get("case-panel-who-has-access")) }
            div {
                ul {
                    li { (t.with("access-staff", &[("org", Arg::from(console.organisation.name.as_str()))])) }
                    @for reach in &reaches {
                        li { (reach_line(t, reach)) }
                    }
                    @for link in &guests {
                        @let contact = detail.contacts.iter().find(|contact| contact.id == link.contact_id);
                        @let name = contact.map_or_else(|| t.get("access-guest-unknown"), |c| format!("{} {} <{}>", c.first_name, c.last_name, c.email));
                        li { (t.with("access-guest", &[("name", Arg::from(name)), ("until", Arg::from(when(link.expires_at)))])) }
                    }
                    @for link in &shares {
                        @let label = link.label.clone().unwrap_or_else(|| t.get("access-share-unlabelled"));
                        li {
                            (t.with("access-share", &[("label", Arg::from(label)), ("until", Arg::from(when(link.expires_at))), ("views", Arg::from(link.views))]))
                        }
                    }
                }
                @if reaches.is_empty() && guests.is_empty() && shares.is_empty() {
                    p.hint { (t.get("access-only-staff")) }
                }
            }
        }
    })
}

fn reach_line(t: Texts, reach: &Reach) -> Markup {
    let role = t.get(&format!("contact-users-role-{}", reach.role.as_str()));
    let how = match reach.rule {
        None => t.with(
            "access-by-grant",
            &[
                ("role", Arg::from(role)),
                ("since", Arg::from(when(reach.since))),
            ],
        ),
        Some(_) => t.with(
            "access-by-public-cases",
            &[("since", Arg::from(when(reach.since)))],
        ),
    };
    html! {
        @match &reach.name {
            Some(name) => a href=(user_path(reach.user)) { (name) },
            None => span.hint { (t.get("access-user-unknown")) },
        }
        " · " (how)
    }
}
