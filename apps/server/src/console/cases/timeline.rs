//! The Timeline panel: every entry of the case, oldest first, internal ones marked, and the
//! reply form ("Public reply" or "Internal note").

use std::collections::HashMap;

use frontdesk_access::Permission;
use frontdesk_cases::{Author, CaseDetail, Priority, TimelineEntry, TimelineEvent, Visibility};
use frontdesk_kernel::StaffUserId;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use super::input::{Filled, Problems, ReplyInput};
use super::panels::{csrf_field, paragraphs};
use super::{case_path, machine_time, priority_label, status_label, when};
use crate::console::session::Console;

/// The Timeline panel.
pub(super) fn panel(
    console: &Console,
    detail: &CaseDetail,
    names: &HashMap<StaffUserId, String>,
    filled: Option<&Filled<ReplyInput>>,
) -> Markup {
    let t = console.texts;
    html! {
        details.panel #timeline open {
            summary { (t.get("case-panel-timeline")) }
            div {
                @if detail.timeline.is_empty() {
                    p.hint { (t.get("timeline-empty")) }
                } @else {
                    ol.timeline {
                        @for entry in &detail.timeline {
                            (item(t, detail, names, entry))
                        }
                    }
                }
                @if console.may(Permission::EditCases) {
                    (reply_form(console, detail, filled))
                }
            }
        }
    }
}

/// One entry: who, when, what; internal ones marked.
fn item(
    t: Texts,
    detail: &CaseDetail,
    names: &HashMap<StaffUserId, String>,
    entry: &TimelineEntry,
) -> Markup {
    let internal = entry.visibility == Visibility::Internal;
    html! {
        li class=[internal.then_some("internal")] {
            div {
                strong { (author(t, detail, names, entry.author)) }
                " · "
                time datetime=(machine_time(entry.at)) { (when(entry.at)) }
                @if internal {
                    " "
                    span.badge { (t.get("timeline-internal")) }
                }
            }
            (event(t, names, &entry.event))
        }
    }
}

/// Who wrote or did something.
fn author(
    t: Texts,
    detail: &CaseDetail,
    names: &HashMap<StaffUserId, String>,
    author: Author,
) -> String {
    match author {
        Author::Staff(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| t.get("timeline-staff")),
        Author::Contact(id) => detail
            .contacts
            .iter()
            .find(|contact| contact.id == id)
            .map_or_else(
                || t.get("timeline-contact"),
                |contact| format!("{} {}", contact.first_name, contact.last_name),
            ),
        Author::System => t.get("timeline-system"),
    }
}

/// What happened, in words.
fn event(t: Texts, names: &HashMap<StaffUserId, String>, event: &TimelineEvent) -> Markup {
    match event {
        TimelineEvent::Comment { body } => paragraphs(body),
        TimelineEvent::StatusChanged { from, to } => html! {
            p { (t.with("timeline-status", &[
                ("from", Arg::from(status_label(t, *from))),
                ("to", Arg::from(status_label(t, *to))),
            ])) }
        },
        TimelineEvent::FieldChanged { field, from, to } => html! {
            p { (field_change(t, field, from.as_deref(), to.as_deref())) }
        },
        TimelineEvent::Created => html! { p { (t.get("timeline-created")) } },
        TimelineEvent::AssigneeChanged { to, .. } => html! {
            p {
                @match to {
                    Some(id) => (t.with("timeline-assigned", &[(
                        "name",
                        Arg::from(names.get(id).cloned().unwrap_or_else(|| t.get("timeline-staff"))),
                    )])),
                    None => (t.get("timeline-unassigned")),
                }
            }
        },
        TimelineEvent::ClientChanged { to, .. } => html! {
            p {
                @if to.is_some() {
                    (t.get("timeline-client-changed"))
                } @else {
                    (t.get("timeline-client-removed"))
                }
            }
        },
        TimelineEvent::PublicChanged { to, .. } => html! {
            p {
                @if *to {
                    (t.get("timeline-made-public"))
                } @else {
                    (t.get("timeline-made-private"))
                }
            }
        },
    }
}

/// A field change: "Title: Old → New"; descriptions, being long, only say they changed.
fn field_change(t: Texts, field: &str, from: Option<&str>, to: Option<&str>) -> String {
    let label = match field {
        "title" => t.get("case-title"),
        "priority" => t.get("case-priority"),
        "project" => t.get("case-project"),
        "description" => return t.get("timeline-description"),
        other => other.to_owned(),
    };
    let value = |raw: Option<&str>| match raw {
        None => t.get("timeline-empty-value"),
        Some(raw) if field == "priority" => {
            Priority::parse(raw).map_or_else(|| raw.to_owned(), |p| priority_label(t, p))
        }
        Some(raw) => raw.to_owned(),
    };
    t.with(
        "timeline-field",
        &[
            ("field", Arg::from(label)),
            ("from", Arg::from(value(from))),
            ("to", Arg::from(value(to))),
        ],
    )
}

/// The reply form: the text and whether it is a public reply or an internal note.
fn reply_form(
    console: &Console,
    detail: &CaseDetail,
    filled: Option<&Filled<ReplyInput>>,
) -> Markup {
    let t = console.texts;
    let none = Problems::default();
    let (typed, problems) = match filled {
        Some(filled) => (filled.typed.clone(), &filled.problems),
        None => (ReplyInput::default(), &none),
    };
    html! {
        form method="post" action={ (case_path(detail.case.id)) "/comments" } {
            (csrf_field(console))
            label for="reply-body" { (t.get("reply-label")) }
            textarea #reply-body name="body" rows="5" required
                aria-invalid=[problems.invalid("reply-body")]
                aria-describedby=[problems.described_by("reply-body", false)] { (typed.body) }
            (problems.under("reply-body"))
            fieldset {
                legend { (t.get("reply-visibility")) }
                div {
                    label for="reply-public" {
                        input #reply-public type="radio" name="visibility" value="public"
                            checked[typed.visibility == Visibility::Public] aria-describedby="reply-public-hint";
                        " " (t.get("reply-public"))
                    }
                    small #reply-public-hint { (t.get("reply-public-hint")) }
                }
                div {
                    label for="reply-internal" {
                        input #reply-internal type="radio" name="visibility" value="internal"
                            checked[typed.visibility == Visibility::Internal] aria-describedby="reply-internal-hint";
                        " " (t.get("reply-internal"))
                    }
                    small #reply-internal-hint { (t.get("reply-internal-hint")) }
                }
            }
            button type="submit" { (t.get("reply-submit")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;

    use super::*;

    #[test]
    fn field_changes_read_in_the_members_language() {
        let en = Texts::new(Language::En);
        assert_eq!(
            field_change(en, "priority", Some("normal"), Some("urgent")),
            "Priority: Normal → Urgent"
        );
        assert_eq!(
            field_change(en, "project", None, Some("Roof")),
            "Project: (none) → Roof"
        );
        assert_eq!(
            field_change(en, "description", Some("a"), Some("b")),
            "Description changed"
        );
        let fr = Texts::new(Language::Fr);
        assert_eq!(
            field_change(fr, "title", Some("Fuite"), Some("Fuite d’eau")),
            "Titre : Fuite → Fuite d’eau"
        );
    }
}
