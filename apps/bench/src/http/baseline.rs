//! The raw baseline: a minimal axum server doing the same work as Frontdesk directly, on the
//! same database, with hand-written SQL through the same driver (sea-orm over sqlx) and the
//! same pool layout (`SQLite`: WAL, 6 readers, 1 writer with `BEGIN IMMEDIATE`;
//! `PostgreSQL`: one pool of 16).
//!
//! - `GET /cases/{id}`: guest cookie → SHA-256 → indexed select on `guest_access.digest` →
//!   one select of case + organisation + form + contact → public timeline → HTML.
//! - `GET /s/{token}`: SHA-256 → indexed select on `share_links.digest` → case +
//!   organisation + form → public timeline → count and log the view in one write
//!   transaction (as Frontdesk does for links without a view limit) → HTML.
//! - `POST /api/v1/public/orgs/{org}/forms/{form}/cases`: resolve the form, then one
//!   transaction: next case number, contact (reused by email), case, link, timeline entry,
//!   guest access, outbox message.
//!
//! It runs on its own thread and Tokio runtime (two workers, like the server's default on
//! this machine) so that it does not share a scheduler with the load generator.

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use frontdesk_kernel::{Token, TokenKind};
use maud::{DOCTYPE, Markup, html};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait, Value,
};
use serde::Deserialize;
use uuid::Uuid;

/// The baseline's pools.
#[derive(Clone)]
struct Db {
    backend: DbBackend,
    reader: DatabaseConnection,
    writer: DatabaseConnection,
}

async fn connect(url: &str) -> Result<Db, String> {
    if url.starts_with("sqlite") {
        let tuned = SqliteConnectOptions::from_str(url)
            .map_err(|e| e.to_string())?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = |connections: u32| {
            let tuned = tuned.clone();
            let mut options = ConnectOptions::new(url);
            options
                .max_connections(connections)
                .min_connections(1)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |_| tuned.clone());
            options
        };
        let writer = sea_orm::Database::connect(pool(1))
            .await
            .map_err(|e| e.to_string())?;
        let reader = sea_orm::Database::connect(pool(6))
            .await
            .map_err(|e| e.to_string())?;
        Ok(Db {
            backend: DbBackend::Sqlite,
            reader,
            writer,
        })
    } else {
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(16)
            .min_connections(1)
            .sqlx_logging(false);
        let pool = sea_orm::Database::connect(options)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Db {
            backend: DbBackend::Postgres,
            reader: pool.clone(),
            writer: pool,
        })
    }
}

impl Db {
    /// `sql` with `?` placeholders, numbered for `PostgreSQL`.
    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        let sql = if self.backend == DbBackend::Postgres {
            let mut numbered = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push('$');
                    numbered.push_str(&n.to_string());
                } else {
                    numbered.push(c);
                }
            }
            numbered
        } else {
            sql.to_owned()
        };
        Statement::from_sql_and_values(self.backend, sql, values)
    }
}

/// `BEGIN IMMEDIATE` on `SQLite`, the default elsewhere.
fn write_options(db: &Db) -> TransactionOptions {
    TransactionOptions {
        sqlite_transaction_mode: (db.backend == DbBackend::Sqlite)
            .then_some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    }
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_micros()).ok())
        .unwrap_or_default()
}

type Failure = (StatusCode, String);

fn db_error(error: &sea_orm::DbErr) -> Failure {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}

fn not_found() -> Failure {
    (StatusCode::NOT_FOUND, "not found".to_owned())
}

fn col<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, Failure> {
    row.try_get::<T>("", column)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("{column}: {e}")))
}

fn layout(language: &str, title: &str, body: &Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · Frontdesk" }
                link rel="stylesheet" href="/assets/frontdesk.css";
            }
            body { main { (body) } }
        }
    }
}

/// A public timeline entry.
struct Entry {
    author_kind: String,
    event: serde_json::Value,
    at_us: i64,
}

async fn public_timeline(db: &Db, case: Uuid) -> Result<Vec<Entry>, Failure> {
    let rows = db
        .reader
        .query_all_raw(db.statement(
            "SELECT author_kind, event, at_us FROM timeline_entries \
             WHERE case_id = ? AND visibility = 'public' ORDER BY id",
            vec![case.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?;
    rows.iter()
        .map(|row| {
            let event: String = col(row, "event")?;
            Ok(Entry {
                author_kind: col(row, "author_kind")?,
                event: serde_json::from_str(&event).unwrap_or_default(),
                at_us: col(row, "at_us")?,
            })
        })
        .collect()
}

fn timeline_markup(entries: &[Entry]) -> Markup {
    html! {
        @if entries.is_empty() { p { "No entries yet." } }
        ol.timeline {
            @for entry in entries {
                li {
                    p.hint { (entry.author_kind) " · " time datetime=(entry.at_us) { (entry.at_us / 86_400_000_000) } }
                    @match entry.event["type"].as_str() {
                        Some("comment") => p { (entry.event["body"].as_str().unwrap_or_default()) },
                        Some("status_changed") => p { "Status changed: " (entry.event["from"].as_str().unwrap_or_default()) " → " (entry.event["to"].as_str().unwrap_or_default()) },
                        Some("field_changed") => p { "Changed " (entry.event["field"].as_str().unwrap_or_default()) },
                        _ => p { "Case created" },
                    }
                }
            }
        }
    }
}

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
async fn guest_view(
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

#[expect(
    clippy::too_many_lines,
    reason = "one handler: lookups, the counted view, then the page"
)]
async fn share_view(
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

/// Body of a public submission (the captcha is not checked by the baseline).
#[derive(Debug, Deserialize)]
struct PublicCase {
    first_name: String,
    last_name: String,
    email: String,
    title: String,
    description: Option<String>,
}

#[expect(
    clippy::too_many_lines,
    reason = "one transaction, statement after statement"
)]
async fn create_case(
    State(db): State<Db>,
    Path((org_slug, form_slug)): Path<(String, String)>,
    Json(body): Json<PublicCase>,
) -> Result<Response, Failure> {
    let email = body.email.trim().to_owned();
    if body.first_name.trim().is_empty()
        || body.last_name.trim().is_empty()
        || body.title.trim().is_empty()
        || !email.contains('@')
    {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, "invalid".to_owned()));
    }
    let form = db
        .reader
        .query_one_raw(db.statement(
            "SELECT o.id AS org_id, f.id AS form_id, f.default_language \
             FROM organisations o JOIN forms f ON f.org_id = o.id \
             WHERE o.slug = ? AND f.slug = ?",
            vec![org_slug.into(), form_slug.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?;
    let org: Uuid = col(&form, "org_id")?;
    let form_id: Uuid = col(&form, "form_id")?;
    let language: String = col(&form, "default_language")?;
    let now = now_us();
    let normalised = email.to_lowercase();
    let case = Uuid::now_v7();
    let token = Token::parse(
        TokenKind::GuestAccess,
        &format!(
            "fdg_{}",
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                [Uuid::new_v4().into_bytes(), Uuid::new_v4().into_bytes()].concat()
            )
        ),
    )
    .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;

    let tx = db
        .writer
        .begin_with_options(write_options(&db))
        .await
        .map_err(|e| db_error(&e))?;
    let number: i64 = col(
        &tx.query_one_raw(db.statement(
            "INSERT INTO case_counters (org_id, last_number) VALUES (?, 1) \
             ON CONFLICT (org_id) DO UPDATE SET last_number = case_counters.last_number + 1 \
             RETURNING last_number",
            vec![org.into()],
        ))
        .await
        .map_err(|e| db_error(&e))?
        .ok_or_else(not_found)?,
        "last_number",
    )?;
    let existing = tx
        .query_one_raw(db.statement(
            "SELECT id FROM contacts WHERE org_id = ? AND email_normalised = ?",
            vec![org.into(), normalised.clone().into()],
        ))
        .await
        .map_err(|e| db_error(&e))?;
    let contact: Uuid = if let Some(row) = existing {
        col(&row, "id")?
    } else {
        let id = Uuid::now_v7();
        tx.execute_raw(db.statement(
            "INSERT INTO contacts (id, org_id, email, email_normalised, first_name, last_name, \
             phone, address, unsubscribed_all, created_at_us) \
             VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
            vec![
                id.into(),
                org.into(),
                email.clone().into(),
                normalised.clone().into(),
                body.first_name.clone().into(),
                body.last_name.clone().into(),
                false.into(),
                now.into(),
            ],
        ))
        .await
        .map_err(|e| db_error(&e))?;
        id
    };
    let submitted = serde_json::json!({
        "first_name": body.first_name, "last_name": body.last_name, "email": email,
        "phone": null, "address": null,
    })
    .to_string();
    tx.execute_raw(db.statement(
        "INSERT INTO cases (id, org_id, number, form_id, title, description, priority, project, \
         status, language, submitted, created_at_us, updated_at_us) \
         VALUES (?, ?, ?, ?, ?, ?, 'normal', NULL, 'new', ?, ?, ?, ?)",
        vec![
            case.into(),
            org.into(),
            number.into(),
            form_id.into(),
            body.title.clone().into(),
            body.description.clone().into(),
            language.clone().into(),
            submitted.into(),
            now.into(),
            now.into(),
        ],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    tx.execute_raw(db.statement(
        "INSERT INTO case_contacts (org_id, case_id, contact_id, linked_at_us) VALUES (?, ?, ?, ?)",
        vec![org.into(), case.into(), contact.into(), now.into()],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    tx.execute_raw(db.statement(
        "INSERT INTO timeline_entries (id, org_id, case_id, author_kind, author_id, event, \
         visibility, at_us) VALUES (?, ?, ?, 'contact', ?, '{\"type\":\"created\"}', 'public', ?)",
        vec![
            Uuid::now_v7().into(),
            org.into(),
            case.into(),
            contact.into(),
            now.into(),
        ],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    tx.execute_raw(db.statement(
        "INSERT INTO guest_access (id, org_id, case_id, contact_id, digest, created_at_us, \
         expires_at_us, revoked_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        vec![
            Uuid::now_v7().into(),
            org.into(),
            case.into(),
            contact.into(),
            token.digest().as_bytes().to_vec().into(),
            now.into(),
            (now + 30 * 86_400_000_000).into(),
        ],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    let data = serde_json::json!({
        "case_number": number, "case_title": body.title,
        "link": format!("https://bench.example/g/{}", token.expose()),
    })
    .to_string();
    // Not due for a year: the server's worker, which shares this database, must not pick
    // the baseline's messages up and spend the run sending them.
    tx.execute_raw(db.statement(
        "INSERT INTO outbox_messages (id, org_id, recipient, recipient_normalised, \
         recipient_name, kind, language, data, unsubscribe_url, state, attempts, created_at_us, \
         available_at_us, lease_owner, lease_until_us, sent_at_us, last_error) \
         VALUES (?, ?, ?, ?, ?, 'guest_case_created', ?, ?, NULL, 'pending', 0, ?, ?, NULL, NULL, NULL, NULL)",
        vec![
            Uuid::now_v7().into(),
            org.into(),
            email.into(),
            normalised.into(),
            format!("{} {}", body.first_name, body.last_name).into(),
            language.into(),
            data.into(),
            now.into(),
            (now + 365 * 86_400_000_000).into(),
        ],
    ))
    .await
    .map_err(|e| db_error(&e))?;
    tx.commit().await.map_err(|e| db_error(&e))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({
            "status": "received",
            "message": "Thank you. Check your email for a link to follow your case.",
        })),
    )
        .into_response())
}

/// The running baseline server.
pub struct Baseline {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Baseline {
    /// Opens `url` and serves the baseline on its own thread and runtime.
    ///
    /// # Errors
    /// When the database cannot be opened or the port bound.
    pub fn start(url: &str) -> Result<Self, String> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<String, String>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let url = url.to_owned();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => {
                    let _ = ready_tx.send(Err(error.to_string()));
                    return;
                }
            };
            runtime.block_on(async move {
                let started = async {
                    let db = connect(&url).await?;
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .map_err(|e| e.to_string())?;
                    let address = listener.local_addr().map_err(|e| e.to_string())?;
                    let app = Router::new()
                        .route("/cases/{id}", get(guest_view))
                        .route("/s/{token}", get(share_view))
                        .route(
                            "/api/v1/public/orgs/{org}/forms/{form}/cases",
                            post(create_case),
                        )
                        .with_state(db.clone());
                    Ok::<_, String>((listener, address, app, db))
                };
                match started.await {
                    Ok((listener, address, app, db)) => {
                        let _ = ready_tx.send(Ok(format!("http://{address}")));
                        let _ = axum::serve(listener, app)
                            .with_graceful_shutdown(async move {
                                let _ = stopped.await;
                            })
                            .await;
                        let _ = db.reader.close().await;
                        let _ = db.writer.close().await;
                    }
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                    }
                }
            });
        });
        let base = ready_rx
            .recv_timeout(Duration::from_secs(30))
            .map_err(|e| format!("the baseline did not start: {e}"))??;
        Ok(Self {
            base,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops the baseline and closes its pools.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}
