//! `GET /cases/{id}`: the guest's case page.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_kernel::{Token, TokenKind};
use maud::html;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::db::{Db, Failure, col, db_error, not_found, now_us};
use super::pages::{layout, public_timeline, timeline_markup};

fn guest_cookie(headers: &HeaderMap, case: Uuid) -> Option<&str> {
    let name = format!("fd_guest_{}", case.simple());
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| key.trim_start_matches("__Host-") == name)
        .map(|(_, value)| value)
}

#[expect(clippy::too_many_lines, reason = "one handler: lookups, then the page")]
pub(super) async fn guest_view(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(case_id): Path<Uuid>,
) -> Result<Response, Failure> {
    let raw = guest_cookie(&headers, case_id).ok_or_else(not_found)?;
    let token = Token::parse(TokenKind::GuestAccess, raw).map_err(|_| not_found())?;
    let digest = token.digest();
    let access = db
        .reader
        .query_one_raw(db.statement(
            "SELECT org_id, case_id, contact_id, expires_at_us, revoked_at_us \
             FROM guest_access WHERE digest = ?",
            vec![digest.as_bytes().to_vec().into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?;
    let case: Uuid = col(&access, "case_id")?;
    let revoked: Option<i64> = col(&access, "revoked_at_us")?;
    let expires: i64 = col(&access, "expires_at_us")?;
    if case != case_id || revoked.is_some() || expires <= now_us() {
        return Err((StatusCode::GONE, "gone".to_owned()));
    }
    let org: Uuid = col(&access, "org_id")?;
    let contact: Uuid = col(&access, "contact_id")?;
    let row = db
        .reader
        .query_one_raw(db.statement(
            "SELECT c.number, c.title, c.description, c.priority, c.project, c.status, \
             c.language, o.name AS org_name, f.guest_edit_statuses, \
             p.first_name, p.last_name, p.email, p.phone \
             FROM cases c JOIN organisations o ON o.id = c.org_id \
             JOIN forms f ON f.id = c.form_id JOIN contacts p ON p.id = ? AND p.org_id = c.org_id \
             WHERE c.id = ? AND c.org_id = ?",
            vec![contact.into(), case.into(), org.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?;
    let timeline = public_timeline(&db, case).await?;
    let number: i64 = col(&row, "number")?;
    let title: String = col(&row, "title")?;
    let description: Option<String> = col(&row, "description")?;
    let project: Option<String> = col(&row, "project")?;
    let status: String = col(&row, "status")?;
    let language: String = col(&row, "language")?;
    let edit_statuses: Option<String> = col(&row, "guest_edit_statuses")?;
    let may_edit = edit_statuses.map_or(status == "new", |list| {
        list.contains(&format!("\"{status}\""))
    });
    let phone: Option<String> = col(&row, "phone")?;
    let csrf = token.derive("guest-csrf");
    let action = |what: &str| format!("/cases/{case}/{what}");
    let body = html! {
        p.hint { (col::<String>(&row, "org_name")?) }
        h1 { (number) " — " (title) }
        section aria-labelledby="summary" {
            h2 #summary { "Summary" }
            p { strong { "Status: " } (status) }
        }
        details open {
            summary { "Details" }
            dl {
                dt { "Title" } dd { (title) }
                @if let Some(description) = &description { dt { "Description" } dd { (description) } }
                @if let Some(project) = &project { dt { "Project" } dd { (project) } }
                dt { "Priority" } dd { (col::<String>(&row, "priority")?) }
            }
        }
        details open {
            summary { "Conversation" }
            (timeline_markup(&timeline))
            form method="post" action=(action("comments")) {
                input type="hidden" name="csrf" value=(csrf);
                label for="comment" { "Add a comment" }
                textarea #comment name="body" rows="4" required maxlength="10000" {}
                button type="submit" { "Send" }
            }
        }
        details {
            summary { "Contact details" }
            dl {
                dt { "First name" } dd { (col::<String>(&row, "first_name")?) }
                dt { "Last name" } dd { (col::<String>(&row, "last_name")?) }
                dt { "Email" } dd { (col::<String>(&row, "email")?) }
                @if let Some(phone) = &phone { dt { "Phone" } dd { (phone) } }
            }
        }
        @if may_edit {
            details {
                summary { "Edit the case" }
                form method="post" action=(action("edit")) {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="e-title" { "Title" }
                    input #e-title type="text" name="title" value=(title) required maxlength="200";
                    label for="e-description" { "Description" }
                    textarea #e-description name="description" rows="6" { (description.as_deref().unwrap_or_default()) }
                    button type="submit" { "Save" }
                }
            }
        }
    };
    Ok(Html(layout(&language, &title, &body).into_string()).into_response())
}
