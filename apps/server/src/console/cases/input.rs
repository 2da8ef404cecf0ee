//! What a person typed into the case page's forms, kept when the page comes back with an
//! error so nothing has to be typed twice, and the errors shown beside the fields.
//!
//! Passwords are never kept: a page never sends one back.

use frontdesk_cases::{Case, Visibility};
use maud::{Markup, html};

/// The errors of one form: for each invalid field (by its input's id), the sentence to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Problems(Vec<(&'static str, String)>);

impl Problems {
    /// Adds `message` for the field whose input has id `field` (the first one per field
    /// wins).
    pub(super) fn push(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    /// The error of the field whose input has id `field`.
    pub(super) fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(id, _)| *id == field)
            .map(|(_, message)| message.as_str())
    }

    /// Whether no field is invalid.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `aria-describedby` of input `id`: its hint (when it has one) and its error.
    pub(super) fn described_by(&self, id: &str, hint: bool) -> Option<String> {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{id}-hint"));
        }
        if self.get(id).is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// Whether input `id` is invalid, for `aria-invalid`.
    pub(super) fn invalid(&self, id: &str) -> Option<&'static str> {
        self.get(id).map(|_| "true")
    }

    /// The error shown under input `id`, if it has one.
    pub(super) fn under(&self, id: &str) -> Markup {
        html! {
            @if let Some(message) = self.get(id) {
                span.field-error id={ (id) "-error" } { (message) }
            }
        }
    }
}

/// A form's input with its errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filled<T> {
    /// What was typed.
    pub(super) typed: T,
    /// What is wrong with it.
    pub(super) problems: Problems,
}

/// The Details form: title, description, priority, project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DetailsInput {
    /// Title.
    pub(super) title: String,
    /// Description.
    pub(super) description: String,
    /// Priority (its wire name).
    pub(super) priority: String,
    /// Project.
    pub(super) project: String,
    /// The client's id, or empty for none.
    pub(super) client: String,
    /// Whether the case is public to its client's contact users.
    pub(super) public: bool,
}

impl DetailsInput {
    /// The form filled from the case as it stands.
    pub(super) fn of(case: &Case) -> Self {
        Self {
            title: case.title.clone(),
            description: case.description.clone().unwrap_or_default(),
            priority: case.priority.as_str().to_owned(),
            project: case.project.clone().unwrap_or_default(),
            client: case.client_id.map(|id| id.to_string()).unwrap_or_default(),
            public: case.public,
        }
    }
}

/// The reply form of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReplyInput {
    /// The text.
    pub(super) body: String,
    /// Public reply or internal note.
    pub(super) visibility: Visibility,
}

impl Default for ReplyInput {
    fn default() -> Self {
        Self {
            body: String::new(),
            visibility: Visibility::Public,
        }
    }
}

/// The status form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct StatusInput {
    /// The chosen status (its wire name).
    pub(super) status: String,
    /// The optional public comment.
    pub(super) comment: String,
}

/// The form that adds a contact to the case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ContactInput {
    /// The chosen contact (its id) or the email typed.
    pub(super) contact: String,
    /// Whether to mail them a guest link too.
    pub(super) send_access: bool,
}

/// The "Create new share" form (never its password).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ShareInput {
    /// Label.
    pub(super) label: String,
    /// Days until it expires.
    pub(super) days: String,
    /// View limit.
    pub(super) max_views: String,
}

/// The "Email this link" form sent through Frontdesk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct EmailInput {
    /// The recipient.
    pub(super) to: String,
    /// The note above the link.
    pub(super) message: String,
}

/// A share link just created, shown once: its id, its secret URL and the `mailto:` URL that
/// carries it, with the "Email this link" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CreatedLink {
    /// The link's id.
    pub(super) id: String,
    /// Its public URL (the secret).
    pub(super) url: String,
    /// A `mailto:` URL with the link in its body (the domain's, when it was just created;
    /// rebuilt from the URL otherwise).
    pub(super) mailto: Option<String>,
    /// The "Email this link" form.
    pub(super) email: Filled<EmailInput>,
}

/// Everything a case page shows besides the case itself: the forms as last typed (when one
/// came back with errors), a link just created, the contact search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PageInput {
    /// The Details form.
    pub(super) details: Option<Filled<DetailsInput>>,
    /// The reply form.
    pub(super) reply: Option<Filled<ReplyInput>>,
    /// The status form.
    pub(super) status: Option<Filled<StatusInput>>,
    /// The add-contact form.
    pub(super) contact: Option<Filled<ContactInput>>,
    /// The "Create new share" form.
    pub(super) share: Option<Filled<ShareInput>>,
    /// The link just created.
    pub(super) created: Option<CreatedLink>,
    /// The text of the contact search, when the member searched.
    pub(super) contact_search: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_describe_their_fields() {
        let mut problems = Problems::default();
        assert!(problems.is_empty());
        assert_eq!(problems.described_by("details-title", false), None);
        assert_eq!(
            problems.described_by("share-days", true).as_deref(),
            Some("share-days-hint")
        );
        problems.push("details-title", "Enter a title.".into());
        problems.push("details-title", "ignored".into());
        assert_eq!(problems.get("details-title"), Some("Enter a title."));
        assert_eq!(
            problems.described_by("details-title", true).as_deref(),
            Some("details-title-hint details-title-error")
        );
        assert_eq!(problems.invalid("details-title"), Some("true"));
        assert_eq!(problems.invalid("details-project"), None);
        assert_eq!(
            problems.under("details-title").into_string(),
            r#"<span class="field-error" id="details-title-error">Enter a title.</span>"#
        );
        assert_eq!(problems.under("details-project").into_string(), "");
    }
}
