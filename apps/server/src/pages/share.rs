//! `/s/{token}`: a case shared read-only by public link. `GET` may show a password page or
//! an interstitial (so mail scanners do not use up views); only their `POST` counts a view.

use axum::Form as HtmlForm;
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontdesk_cases::TimelineEvent;
use frontdesk_kernel::Language;
use frontdesk_sharing::{ShareGate, ShareViewError, SharedCase, ViewerInfo};
use maud::{Markup, html};
use secrecy::SecretString;
use serde::Deserialize;

use crate::extract::ClientIp;
use crate::pages::brand::{Brand, presented};
use crate::pages::i18n::{Text, field as field_label, status as status_label, t};
use crate::pages::{branded_page, internal_error, layout, machine_time, not_found};
use crate::state::AppState;

fn respond(status: StatusCode, language: Language, title: &str, body: &Markup) -> Response {
    private(
        (
            status,
            axum::response::Html(layout(language, title, body).into_string()),
        )
            .into_response(),
    )
}

/// Marks a link page private: no referrer, not stored, not indexed.
fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

/// The read-only case, as the recipient sees it.
pub fn shared_case_markup(shared: &SharedCase) -> Markup {
    let language = shared.language;
    let case = &shared.case;
    html! {
        p.hint { (shared.organisation_name) }
        h1 { (case.number) " — " (case.title) }
        p role="note" { (t(language, Text::SharedReadOnly)) " " a href="/staff/login" { (t(language, Text::LogInToEdit)) } }
        section aria-labelledby="summary" {
            h2 #summary { (t(language, Text::Summary)) }
            p { strong { (t(language, Text::Status)) ": " } (status_label(language, case.status)) }
        }
        details open {
            summary { (t(language, Text::Details)) }
            dl {
                dt { (field_label(language, frontdesk_cases::FormField::Title)) } dd { (case.title) }
                @if let Some(description) = &case.description { dt { (field_label(language, frontdesk_cases::FormField::Description)) } dd { (description) } }
                @if let Some(project) = &case.project { dt { (field_label(language, frontdesk_cases::FormField::Project)) } dd { (project) } }
                dt { (field_label(language, frontdesk_cases::FormField::Priority)) } dd { (crate::pages::i18n::priority(language, case.priority)) }
            }
        }
        details open {
            summary { (t(language, Text::Conversation)) }
            @if shared.timeline.is_empty() { p { (t(language, Text::NoEntries)) } }
            ol.timeline {
                @for entry in &shared.timeline {
                    li {
                        p.hint { time datetime=(machine_time(entry.at)) { (entry.at.date().to_string()) } }
                        @match &entry.event {
                            TimelineEvent::Comment { body } => p { (body) },
                            TimelineEvent::StatusChanged { from, to } => p { (t(language, Text::StatusChanged)) ": " (status_label(language, *from)) " → " (status_label(language, *to)) },
                            TimelineEvent::FieldChanged { field, to, .. } => p { (t(language, Text::FieldChanged)) " " (field) ": " (to.as_deref().unwrap_or("—")) },
                            TimelineEvent::Created => p { (t(language, Text::Created)) },
                            TimelineEvent::AssigneeChanged { .. }
                            | TimelineEvent::ClientChanged { .. }
                            | TimelineEvent::PublicChanged { .. } => {},
                        }
                    }
                }
            }
        }
    }
}

fn viewer(ip: Option<std::net::IpAddr>, headers: &HeaderMap) -> ViewerInfo {
    ViewerInfo {
        ip,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

fn password_page(language: Language, status: StatusCode, error: bool) -> Response {
    let body = html! {
        h1 { (t(language, Text::ViewCase)) }
        p { (t(language, Text::PasswordPrompt)) }
        @if error { p.error role="alert" { (t(language, Text::WrongPassword)) } }
        form method="post" {
            label for="password" { (t(language, Text::Password)) }
            input #password type="password" name="password" required autocomplete="off";
            button type="submit" { (t(language, Text::ViewCase)) }
        }
    };
    respond(status, language, t(language, Text::ViewCase), &body)
}

fn failure(error: &ShareViewError) -> Response {
    match error {
        ShareViewError::NotFound => not_found(),
        ShareViewError::Gone { language } => {
            let body = html! {
                h1 { (t(*language, Text::LinkExpiredTitle)) }
                p { (t(*language, Text::ShareGoneText)) }
            };
            respond(
                StatusCode::GONE,
                *language,
                t(*language, Text::LinkExpiredTitle),
                &body,
            )
        }
        ShareViewError::WrongPassword { language } => {
            password_page(*language, StatusCode::UNAUTHORIZED, true)
        }
        ShareViewError::Throttled {
            retry_after_seconds,
            language,
        } => {
            let mut response = password_page(*language, StatusCode::TOO_MANY_REQUESTS, true);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
            response
        }
        ShareViewError::Busy => {
            let mut response = password_page(Language::En, StatusCode::TOO_MANY_REQUESTS, false);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        ShareViewError::Hashing(_) => internal_error(error),
        ShareViewError::Repository(error) => internal_error(error),
    }
}

/// The case, under its organisation's brand (the portal's title, logo and colour).
async fn shown(app: &AppState, shared: &SharedCase) -> Response {
    let organisation = presented(app, shared.organisation.clone()).await;
    private(branded_page(
        StatusCode::OK,
        shared.language,
        &Brand::of(&organisation),
        &shared.case.title,
        &shared_case_markup(shared),
    ))
}

/// `GET /s/{token}`.
pub async fn open(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    match app.sharing.open(&token, viewer(ip, &headers)).await {
        Ok(ShareGate::Shown(shared)) => shown(&app, &shared).await,
        Ok(ShareGate::Password { language }) => password_page(language, StatusCode::OK, false),
        Ok(ShareGate::Interstitial {
            language,
            views_left,
        }) => {
            let body = html! {
                h1 { (t(language, Text::ViewCase)) }
                p { (t(language, Text::ViewsLeft)) " " (views_left) }
                form method="post" { button type="submit" { (t(language, Text::ViewCase)) } }
            };
            respond(StatusCode::OK, language, t(language, Text::ViewCase), &body)
        }
        Err(error) => failure(&error),
    }
}

/// Fields of the password / interstitial form.
#[derive(Debug, Deserialize, Default)]
pub struct ConfirmForm {
    /// The password, for protected links.
    pub password: Option<String>,
}

/// `POST /s/{token}`: counts a view (after the password, if any) and shows the case.
pub async fn confirm(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    token: Result<Path<String>, PathRejection>,
    form: Result<HtmlForm<ConfirmForm>, FormRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    let form = form.map(|HtmlForm(form)| form).unwrap_or_default();
    match app
        .sharing
        .confirm(
            &token,
            form.password.map(SecretString::from),
            viewer(ip, &headers),
        )
        .await
    {
        Ok(shared) => shown(&app, &shared).await,
        Err(error) => failure(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdesk_cases::{
        Author, Case, CaseNumber, CaseStatus, Priority, TimelineEntry, Visibility,
    };
    use frontdesk_kernel::{CaseId, FormId, OrgId, TimelineEntryId, Uuid};
    use time::macros::datetime;

    fn shared(language: Language) -> SharedCase {
        let case_id = CaseId::from_uuid(Uuid::nil());
        SharedCase {
            organisation_name: "Acme Ltd".into(),
            organisation: crate::pages::brand::test_organisation(),
            language,
            case: Case {
                id: case_id,
                org_id: OrgId::from_uuid(Uuid::nil()),
                number: CaseNumber(42),
                form_id: FormId::from_uuid(Uuid::nil()),
                title: "Leaking roof <attic>".into(),
                description: Some("Water comes in when it rains.".into()),
                priority: Priority::High,
                project: None,
                status: CaseStatus::Open,
                language,
                submitted: None,
                assignee: None,
                created_at: datetime!(2026-11-01 9:00 UTC),
                updated_at: datetime!(2026-11-02 9:00 UTC),
                client_id: None,
                public: false,
            },
            timeline: vec![
                TimelineEntry {
                    id: TimelineEntryId::from_uuid(Uuid::nil()),
                    case_id,
                    author: Author::System,
                    event: TimelineEvent::Created,
                    visibility: Visibility::Public,
                    at: datetime!(2026-11-01 9:00 UTC),
                },
                TimelineEntry {
                    id: TimelineEntryId::from_uuid(Uuid::nil()),
                    case_id,
                    author: Author::System,
                    event: TimelineEvent::StatusChanged {
                        from: CaseStatus::New,
                        to: CaseStatus::Open,
                    },
                    visibility: Visibility::Public,
                    at: datetime!(2026-11-02 9:00 UTC),
                },
            ],
        }
    }

    #[test]
    fn the_shared_case_renders_in_english() {
        let markup = layout(
            Language::En,
            "Leaking roof",
            &shared_case_markup(&shared(Language::En)),
        )
        .into_string();
        assert!(markup.contains("&lt;attic&gt;"), "data is escaped");
        crate::pages::assert_machine_times(&markup);
        insta::assert_snapshot!("shared_case_en", markup);
    }

    #[test]
    fn the_shared_case_renders_in_french() {
        let markup = layout(
            Language::Fr,
            "Leaking roof",
            &shared_case_markup(&shared(Language::Fr)),
        )
        .into_string();
        assert!(markup.contains("<html lang=\"fr\""));
        crate::pages::assert_machine_times(&markup);
        insta::assert_snapshot!("shared_case_fr", markup);
    }
}
