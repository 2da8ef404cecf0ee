//! `GET /s/{token}`: a share link's page, with the view counted and logged.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_kernel::{Token, TokenKind};
use maud::html;
use sea_orm::{ConnectionTrait, TransactionTrait};
use uuid::Uuid;

use super::db::{Db, Failure, col, db_error, not_found, now_us, write_options};
use super::pages::{layout, public_timeline, timeline_markup};

#[expect(
    clippy::too_many_lines,
    reason = "one handler: lookups, the counted view, then the page"
)]
pub(super) async fn share_view(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let token = Token::parse(TokenKind::ShareLink, &raw).map_err(|_| not_found())?;
    let link = db
        .reader
        .query_one_raw(db.statement(
            "SELECT id, org_id, case_id, language, expires_at_us, max_views, views, \
             password_hash, revoked_at_us FROM share_links WHERE digest = ?",
            vec![token.digest().as_bytes().to_vec().into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?;
    let link_id: Uuid = col(&link, "id")?;
    let org: Uuid = col(&link, "org_id")?;
    let case: Uuid = col(&link, "case_id")?;
    let revoked: Option<i64> = col(&link, "revoked_at_us")?;
    let expires: i64 = col(&link, "expires_at_us")?;
    let max_views: Option<i32> = col(&link, "max_views")?;
    let password: Option<String> = col(&link, "password_hash")?;
    let now = now_us();
    if revoked.is_some() || expires <= now {
        return Err((StatusCode::GONE, "gone".to_owned()));
    }
    if max_views.is_some() || password.is_some() {
        return Err((
            StatusCode::CONFLICT,
            "the baseline renders open links only".to_owned(),
        ));
    }
    let row = db
        .reader
        .query_one_raw(db.statement(
            "SELECT c.number, c.title, c.description, c.priority, c.project, c.status, \
             c.language, o.name AS org_name, f.share_links_enabled \
             FROM cases c JOIN organisations o ON o.id = c.org_id \
             JOIN forms f ON f.id = c.form_id WHERE c.id = ? AND c.org_id = ?",
            vec![case.into(), org.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?;
    if !col::<bool>(&row, "share_links_enabled")? {
        return Err((StatusCode::GONE, "gone".to_owned()));
    }
    let timeline = public_timeline(&db, case).await?;
    // Count and log the view in one write transaction, as Frontdesk does for open links.
    let user_agent = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(200).collect::<String>());
    let tx = db
        .writer
        .begin_with_options(write_options(&db))
        .await
        .map_err(|e| db_error(&e))?;
    let counted = tx
        .execute_raw(db.statement(
            "UPDATE share_links SET views = views + 1 \
             WHERE id = ? AND org_id = ? AND (max_views IS NULL OR views < max_views)",
            vec![link_id.into(), org.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .rows_affected();
    if counted == 0 {
        return Err((StatusCode::GONE, "gone".to_owned()));
    }
    tx.execute_raw(db.statement(
        "INSERT INTO share_link_views (id, link_id, viewed_at_us, user_agent, ip_hash) \
         VALUES (?, ?, ?, ?, NULL)",
        vec![
            Uuid::now_v7().into(),
            link_id.into(),
            now.into(),
            user_agent.into(),
        ],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    tx.commit().await.map_err(|e| db_error(&e))?;
    let title: String = col(&row, "title")?;
    let language: String = col(&link, "language")?;
    let description: Option<String> = col(&row, "description")?;
    let project: Option<String> = col(&row, "project")?;
    let body = html! {
        p.hint { (col::<String>(&row, "org_name")?) }
        h1 { (col::<i64>(&row, "number")?) " — " (title) }
        section aria-labelledby="summary" {
            h2 #summary { "Summary" }
            p { strong { "Status: " } (col::<String>(&row, "status")?) }
            dl {
                @if let Some(description) = &description { dt { "Description" } dd { (description) } }
                @if let Some(project) = &project { dt { "Project" } dd { (project) } }
                dt { "Priority" } dd { (col::<String>(&row, "priority")?) }
            }
        }
        section { h2 { "Timeline" } (timeline_markup(&timeline)) }
        p { a href="/staff" { "Log in to edit" } }
    };
    let mut response = Html(layout(&language, &title, &body).into_string()).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
        ("x-robots-tag", "noindex"),
    ] {
        headers.insert(name, axum::http::HeaderValue::from_static(value));
    }
    Ok(response)
}
