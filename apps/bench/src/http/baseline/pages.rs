//! What the baseline's pages share: the layout and the public timeline.

use maud::{DOCTYPE, Markup, html};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::db::{Db, Failure, col, db_error};

pub(super) fn layout(language: &str, title: &str, body: &Markup) -> Markup {
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
pub(super) struct Entry {
    author_kind: String,
    event: serde_json::Value,
    at_us: i64,
}

pub(super) async fn public_timeline(db: &Db, case: Uuid) -> Result<Vec<Entry>, Failure> {
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

pub(super) fn timeline_markup(entries: &[Entry]) -> Markup {
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
