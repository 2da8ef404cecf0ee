//! The form editor's input: what the edit page posts (name, default language, one row per
//! field with show, required, order and section, guest-edit statuses, notifications, the
//! Share Case Publicly addon, and which field's up/down button was pressed), read into
//! [`FormChanges`] or into the errors to show beside the inputs. Pure, so it is tested
//! here; the rules themselves are the cases domain's ([`parse_form_name`],
//! [`Form::check_fields`]).

use std::collections::BTreeMap;

use frontdesk_cases::{CaseStatus, FieldConfig, Form, FormChanges, FormField, parse_form_name};
use frontdesk_kernel::Language;

/// Highest order number accepted.
const MAX_ORDER: u32 = 999;
/// The order numbers the editor shows: 10, 20, 30… so a field can be put between two
/// others by typing a number in between.
fn order_steps() -> impl Iterator<Item = u32> {
    (1..).map(|n: u32| n.saturating_mul(10))
}
/// Longest section name, in characters (as [`Form::check_fields`] allows).
const MAX_SECTION_CHARS: usize = 100;

/// One field's row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// The field.
    pub(super) field: FormField,
    /// Whether the form shows it.
    pub(super) show: bool,
    /// Whether it must be filled in.
    pub(super) required: bool,
    /// Its order number as typed (blank: after the numbered ones).
    pub(super) order: String,
    /// Its section as typed (blank: none).
    pub(super) section: String,
}

/// A button that moves a shown field one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    /// One place earlier.
    Up(FormField),
    /// One place later.
    Down(FormField),
}

/// Everything the edit page posts, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EditorInput {
    /// Display name.
    pub(super) name: String,
    /// Default language code.
    pub(super) language: String,
    /// One row per field, in the order shown.
    pub(super) rows: Vec<Row>,
    /// Statuses in which guests may edit.
    pub(super) guest_edit: Vec<CaseStatus>,
    /// Whether contacts get notifications.
    pub(super) notify_contacts: bool,
    /// The Share Case Publicly addon.
    pub(super) share_links_enabled: bool,
    /// The up/down button pressed, if one was.
    pub(super) movement: Option<Move>,
}

/// What is wrong with one row (message keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RowErrors {
    /// The order number.
    pub(super) order: Option<&'static str>,
    /// The section name.
    pub(super) section: Option<&'static str>,
}

/// What is wrong with a submission (message keys), shown beside the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct EditorErrors {
    /// The name.
    pub(super) name: Option<&'static str>,
    /// The default language.
    pub(super) language: Option<&'static str>,
    /// Rows with errors.
    pub(super) rows: BTreeMap<FormField, RowErrors>,
    /// The field list as a whole.
    pub(super) fields: Option<&'static str>,
}

impl EditorErrors {
    /// Whether nothing was refused.
    pub(super) fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.language.is_none()
            && self.rows.is_empty()
            && self.fields.is_none()
    }
}

fn field_named(name: &str) -> Option<FormField> {
    FormField::ALL
        .into_iter()
        .find(|field| field.as_str() == name)
}

impl EditorInput {
    /// The editor showing `form` as it is: its fields in order, then the fields it does not
    /// show, numbered 10, 20, 30…
    pub(super) fn from_form(form: &Form) -> Self {
        let hidden = FormField::ALL
            .into_iter()
            .filter(|field| form.field(*field).is_none())
            .map(|field| FieldConfig {
                field,
                required: false,
                section: None,
            });
        let rows = form
            .fields
            .iter()
            .map(|config| (true, config.clone()))
            .chain(hidden.map(|config| (false, config)))
            .zip(order_steps())
            .map(|((show, config), order): ((bool, FieldConfig), u32)| Row {
                field: config.field,
                show,
                required: config.required,
                order: order.to_string(),
                section: config.section.unwrap_or_default(),
            })
            .collect();
        Self {
            name: form.name.clone(),
            language: form.default_language.code().to_owned(),
            rows,
            guest_edit: form.guest_edit_statuses.clone(),
            notify_contacts: form.notify_contacts,
            share_links_enabled: form.share_links_enabled,
            movement: None,
        }
    }

    /// Reads the posted pairs (the CSRF token and anything unknown are ignored). Rows come
    /// in the standard field order; [`Self::to_changes`] orders them.
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Self {
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map_or(String::new(), |(_, value)| value.clone())
        };
        let ticked = |name: &str| pairs.iter().any(|(key, _)| key == name);
        let rows = FormField::ALL
            .into_iter()
            .map(|field| {
                let name = field.as_str();
                let always = field.always_required();
                Row {
                    field,
                    show: always || ticked(&format!("show_{name}")),
                    required: always || ticked(&format!("required_{name}")),
                    order: value(&format!("order_{name}")),
                    section: value(&format!("section_{name}")),
                }
            })
            .collect();
        let mut guest_edit: Vec<CaseStatus> = pairs
            .iter()
            .filter(|(key, _)| key == "guest_edit")
            .filter_map(|(_, value)| CaseStatus::parse(value))
            .collect();
        guest_edit.sort();
        guest_edit.dedup();
        let movement = pairs
            .iter()
            .find(|(key, _)| key == "move")
            .and_then(|(_, value)| value.split_once(':'))
            .and_then(|(direction, name)| {
                let field = field_named(name)?;
                match direction {
                    "up" => Some(Move::Up(field)),
                    "down" => Some(Move::Down(field)),
                    _ => None,
                }
            });
        Self {
            name: value("name"),
            language: value("default_language"),
            rows,
            guest_edit,
            notify_contacts: ticked("notify_contacts"),
            share_links_enabled: ticked("share_links_enabled"),
            movement,
        }
    }

    /// The rows in the order the form will show them: shown fields by order number (blank
    /// last, ties as listed) with the pressed button's move applied, then hidden ones.
    /// Order numbers that are not numbers count as blank here; [`Self::to_changes`] refuses
    /// them.
    pub(super) fn ordered(&self) -> Vec<Row> {
        let key = |row: &Row| row.order.trim().parse::<u32>().unwrap_or(u32::MAX);
        let mut shown: Vec<Row> = self.rows.iter().filter(|row| row.show).cloned().collect();
        shown.sort_by_key(key);
        if let Some(movement) = self.movement {
            let (field, up) = match movement {
                Move::Up(field) => (field, true),
                Move::Down(field) => (field, false),
            };
            if let Some(at) = shown.iter().position(|row| row.field == field) {
                if up && at > 0 {
                    shown.swap(at, at - 1);
                } else if !up && at + 1 < shown.len() {
                    shown.swap(at, at + 1);
                }
            }
        }
        let hidden = self.rows.iter().filter(|row| !row.show).cloned();
        shown
            .into_iter()
            .chain(hidden)
            .zip(order_steps())
            .map(|(row, order): (Row, u32)| Row {
                order: order.to_string(),
                ..row
            })
            .collect()
    }

    /// The changes to save, or every error to show (nothing is saved then).
    pub(super) fn to_changes(&self) -> Result<FormChanges, EditorErrors> {
        let mut errors = EditorErrors::default();
        if parse_form_name(&self.name).is_err() {
            errors.name = Some("forms-error-name");
        }
        let language = Language::parse(&self.language).ok();
        if language.is_none() {
            errors.language = Some("forms-error-language");
        }
        for row in &self.rows {
            let order = row.order.trim();
            let mut row_errors = RowErrors::default();
            if !order.is_empty()
                && !order
                    .parse::<u32>()
                    .is_ok_and(|number| (1..=MAX_ORDER).contains(&number))
            {
                row_errors.order = Some("forms-error-order");
            }
            let section = row.section.trim();
            if section.chars().count() > MAX_SECTION_CHARS || section.chars().any(char::is_control)
            {
                row_errors.section = Some("forms-error-section");
            }
            if row_errors != RowErrors::default() {
                errors.rows.insert(row.field, row_errors);
            }
        }
        let fields: Vec<FieldConfig> = self
            .ordered()
            .into_iter()
            .filter(|row| row.show)
            .map(|row| FieldConfig {
                field: row.field,
                required: row.required || row.field.always_required(),
                section: Some(row.section.trim().to_owned()).filter(|s| !s.is_empty()),
            })
            .collect();
        if errors.rows.is_empty() && Form::check_fields(&fields).is_err() {
            errors.fields = Some("forms-error-fields");
        }
        match language {
            Some(language) if errors.is_empty() => Ok(FormChanges {
                name: Some(self.name.clone()),
                default_language: Some(language),
                fields: Some(fields),
                guest_edit_statuses: Some(self.guest_edit.clone()),
                notify_contacts: Some(self.notify_contacts),
                share_links_enabled: Some(self.share_links_enabled),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::{FormId, OrgId, Uuid};

    use super::*;

    fn standard() -> Form {
        Form {
            id: FormId::from_uuid(Uuid::nil()),
            org_id: OrgId::from_uuid(Uuid::nil()),
            slug: frontdesk_cases::FormSlug::parse("contact").unwrap(),
            name: "Contact".into(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: true,
            share_links_enabled: false,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    /// What the edit page posts for `input` (checkboxes only when ticked).
    fn posted(input: &EditorInput) -> Vec<(String, String)> {
        let mut pairs = vec![
            ("csrf".to_owned(), "token".to_owned()),
            ("name".to_owned(), input.name.clone()),
            ("default_language".to_owned(), input.language.clone()),
        ];
        for row in &input.rows {
            let name = row.field.as_str();
            if row.show {
                pairs.push((format!("show_{name}"), "on".into()));
            }
            if row.required {
                pairs.push((format!("required_{name}"), "on".into()));
            }
            pairs.push((format!("order_{name}"), row.order.clone()));
            pairs.push((format!("section_{name}"), row.section.clone()));
        }
        for status in &input.guest_edit {
            pairs.push(("guest_edit".into(), status.as_str().into()));
        }
        if input.notify_contacts {
            pairs.push(("notify_contacts".into(), "on".into()));
        }
        if input.share_links_enabled {
            pairs.push(("share_links_enabled".into(), "on".into()));
        }
        pairs
    }

    fn with(pairs: &mut Vec<(String, String)>, key: &str, value: &str) {
        pairs.retain(|(k, _)| k != key);
        pairs.push((key.to_owned(), value.to_owned()));
    }

    #[test]
    fn an_untouched_form_saves_as_it_was() {
        let form = standard();
        let input = EditorInput::from_pairs(&posted(&EditorInput::from_form(&form)));
        let changes = input.to_changes().unwrap();
        assert_eq!(changes.fields, Some(form.fields.clone()));
        assert_eq!(changes.name.as_deref(), Some("Contact"));
        assert_eq!(changes.default_language, Some(Language::En));
        assert_eq!(changes.guest_edit_statuses, Some(vec![CaseStatus::New]));
        assert_eq!(changes.notify_contacts, Some(true));
        assert_eq!(changes.share_links_enabled, Some(false));
    }

    #[test]
    fn fields_are_shown_required_reordered_and_sectioned_as_ticked() {
        let mut pairs = posted(&EditorInput::from_form(&standard()));
        with(&mut pairs, "show_project", "on");
        with(&mut pairs, "required_project", "on");
        with(&mut pairs, "order_project", "1");
        with(&mut pairs, "section_project", "  Work  ");
        pairs.retain(|(k, _)| k != "show_phone" && k != "required_title");
        pairs.retain(|(k, _)| k != "required_email");
        with(&mut pairs, "share_links_enabled", "on");
        pairs.push(("guest_edit".into(), "pending".into()));
        let changes = EditorInput::from_pairs(&pairs).to_changes().unwrap();
        let fields = changes.fields.unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "project",
                "first_name",
                "last_name",
                "email",
                "title",
                "description",
                "priority"
            ]
        );
        assert_eq!(fields[0].section.as_deref(), Some("Work"));
        assert!(fields[0].required);
        assert!(fields[3].required, "email stays required");
        assert!(!fields[4].required, "title became optional");
        assert_eq!(changes.share_links_enabled, Some(true));
        assert_eq!(
            changes.guest_edit_statuses,
            Some(vec![CaseStatus::New, CaseStatus::Pending])
        );
    }

    #[test]
    fn up_and_down_move_a_shown_field_one_place() {
        let mut pairs = posted(&EditorInput::from_form(&standard()));
        with(&mut pairs, "move", "up:phone");
        let names = |pairs: &[(String, String)]| -> Vec<FormField> {
            EditorInput::from_pairs(pairs)
                .ordered()
                .iter()
                .filter(|row| row.show)
                .map(|row| row.field)
                .collect()
        };
        let moved = names(&pairs);
        assert_eq!(moved[2], FormField::Phone);
        assert_eq!(moved[3], FormField::Email);
        with(&mut pairs, "move", "up:first_name");
        assert_eq!(
            names(&pairs)[0],
            FormField::FirstName,
            "the first stays first"
        );
        with(&mut pairs, "move", "down:priority");
        assert_eq!(names(&pairs).last(), Some(&FormField::Priority));
        with(&mut pairs, "move", "down:address");
        assert_eq!(names(&pairs).len(), 7, "a hidden field does not move");
        with(&mut pairs, "move", "sideways:phone");
        assert_eq!(EditorInput::from_pairs(&pairs).movement, None);
    }

    #[test]
    fn every_mistake_is_reported_and_nothing_is_saved() {
        let mut pairs = posted(&EditorInput::from_form(&standard()));
        with(&mut pairs, "name", "   ");
        with(&mut pairs, "default_language", "xx");
        with(&mut pairs, "order_phone", "first");
        with(&mut pairs, "order_title", "1000");
        with(&mut pairs, "section_description", &"x".repeat(101));
        let errors = EditorInput::from_pairs(&pairs).to_changes().unwrap_err();
        assert_eq!(errors.name, Some("forms-error-name"));
        assert_eq!(errors.language, Some("forms-error-language"));
        assert_eq!(
            errors.rows[&FormField::Phone].order,
            Some("forms-error-order")
        );
        assert_eq!(
            errors.rows[&FormField::Title].order,
            Some("forms-error-order")
        );
        assert_eq!(
            errors.rows[&FormField::Description].section,
            Some("forms-error-section")
        );
        assert_eq!(errors.rows.len(), 3);
    }

    #[test]
    fn names_email_and_first_name_cannot_be_hidden_by_tampering() {
        let pairs = vec![
            ("name".to_owned(), "Bare".to_owned()),
            ("default_language".to_owned(), "fr".to_owned()),
        ];
        let changes = EditorInput::from_pairs(&pairs).to_changes().unwrap();
        let fields = changes.fields.unwrap();
        assert_eq!(fields.len(), 3);
        assert!(
            fields
                .iter()
                .all(|f| f.required && f.field.always_required())
        );
        assert_eq!(changes.default_language, Some(Language::Fr));
        assert_eq!(changes.notify_contacts, Some(false));
    }
}
