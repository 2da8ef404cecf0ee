//! `POST /api/v1/public/orgs/{org}/forms/{form}/cases`: a public submission in one
//! transaction.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use frontdesk_kernel::{Token, TokenKind};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Deserialize;
use uuid::Uuid;

use super::db::{Db, Failure, col, db_error, not_found, now_us, write_options};

/// Body of a public submission (the captcha is not checked by the baseline).
#[derive(Debug, Deserialize)]
pub(super) struct PublicCase {
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
pub(super) async fn create_case(
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
