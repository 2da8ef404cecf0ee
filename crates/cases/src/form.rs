//! Intake forms: which fields a public form shows, in which order and sections, and the
//! rules for the cases it creates.

use frontdesk_kernel::{FormId, Language, LineRule, OrgId, SingleLine};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::CaseStatus;

/// A form's URL name: 1–40 lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FormSlug(String);

impl FormSlug {
    /// Parses a slug.
    ///
    /// # Errors
    /// [`FormError::Slug`] when `raw` breaks the rules.
    pub fn parse(raw: &str) -> Result<Self, FormError> {
        let ok = (1..=40).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && !raw.ends_with('-')
            && !raw.contains("--")
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FormError::Slug)
        }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The rule of a form's display name: one line of 1–200 characters.
pub enum FormNameRule {}

impl LineRule for FormNameRule {
    const MAX_CHARS: usize = 200;
}

/// A form's display name, checked.
pub type FormName = SingleLine<FormNameRule>;

/// Parses a form's display name: surrounding whitespace (line breaks included) is trimmed
/// first, as it always was, so a name pasted with a trailing newline is still accepted.
///
/// # Errors
/// [`FormError::Name`] when the rest is blank, too long or holds control characters.
pub fn parse_form_name(raw: &str) -> Result<FormName, FormError> {
    FormName::parse(raw.trim()).map_err(|_| FormError::Name)
}

/// A field a public form can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    /// Contact's first name (always shown and required).
    FirstName,
    /// Contact's last name (always shown and required).
    LastName,
    /// Contact's email (always shown and required).
    Email,
    /// Contact's phone.
    Phone,
    /// Contact's postal address.
    Address,
    /// Case title.
    Title,
    /// Related project.
    Project,
    /// Case description.
    Description,
    /// Case priority.
    Priority,
}

impl FormField {
    /// Every field, in the standard order.
    pub const ALL: [Self; 9] = [
        Self::FirstName,
        Self::LastName,
        Self::Email,
        Self::Phone,
        Self::Address,
        Self::Title,
        Self::Project,
        Self::Description,
        Self::Priority,
    ];

    /// The wire and form-field name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::Title => "title",
            Self::Project => "project",
            Self::Description => "description",
            Self::Priority => "priority",
        }
    }

    /// Whether every form must show and require this field.
    pub const fn always_required(self) -> bool {
        matches!(self, Self::FirstName | Self::LastName | Self::Email)
    }
}

/// How a form shows one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConfig {
    /// The field.
    pub field: FormField,
    /// Whether it must be filled in.
    pub required: bool,
    /// The section heading it appears under, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// Why a form configuration is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum FormError {
    /// Bad slug.
    #[error("a form slug is 1–40 lower-case letters, digits and single hyphens")]
    Slug,
    /// Bad name.
    #[error("a form name is 1–200 characters")]
    Name,
    /// A field appears twice.
    #[error("the field {0} appears twice")]
    DuplicateField(&'static str),
    /// First name, last name or email missing or optional.
    #[error("the field {0} is always shown and required")]
    MandatoryField(&'static str),
    /// A section name is empty or too long.
    #[error("a section name is 1–100 characters")]
    Section,
}

/// An organisation's intake form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Its id.
    pub id: FormId,
    /// The organisation.
    pub org_id: OrgId,
    /// URL name, unique in the organisation.
    pub slug: FormSlug,
    /// Display name (the public form's heading).
    pub name: String,
    /// Language of the form and of the cases it creates.
    pub default_language: Language,
    /// Fields shown, in order.
    pub fields: Vec<FieldConfig>,
    /// Statuses in which guests may edit their case.
    pub guest_edit_statuses: Vec<CaseStatus>,
    /// Whether contacts of its cases get notifications.
    pub notify_contacts: bool,
    /// Whether staff may share its cases by public link.
    pub share_links_enabled: bool,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Form {
    /// The standard field set: names, email, phone, title, description, priority; names,
    /// email and title required.
    pub fn standard_fields() -> Vec<FieldConfig> {
        let field = |field, required, section: &str| FieldConfig {
            field,
            required,
            section: Some(section.to_owned()),
        };
        vec![
            field(FormField::FirstName, true, "contact"),
            field(FormField::LastName, true, "contact"),
            field(FormField::Email, true, "contact"),
            field(FormField::Phone, false, "contact"),
            field(FormField::Title, true, "case"),
            field(FormField::Description, false, "case"),
            field(FormField::Priority, false, "case"),
        ]
    }

    /// Checks a field list: no duplicates; first name, last name and email present and
    /// required; section names 1–100 characters.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check_fields(fields: &[FieldConfig]) -> Result<(), FormError> {
        let mut seen = std::collections::BTreeSet::new();
        for config in fields {
            if !seen.insert(config.field) {
                return Err(FormError::DuplicateField(config.field.as_str()));
            }
            if config.field.always_required() && !config.required {
                return Err(FormError::MandatoryField(config.field.as_str()));
            }
            if let Some(section) = &config.section
                && (section.trim().is_empty() || section.chars().count() > 100)
            {
                return Err(FormError::Section);
            }
        }
        for mandatory in [FormField::FirstName, FormField::LastName, FormField::Email] {
            if !seen.contains(&mandatory) {
                return Err(FormError::MandatoryField(mandatory.as_str()));
            }
        }
        Ok(())
    }

    /// How the form shows `field`, if it does.
    pub fn field(&self, field: FormField) -> Option<&FieldConfig> {
        self.fields.iter().find(|config| config.field == field)
    }

    /// Whether guests may edit a case of this form in `status`.
    pub fn guest_may_edit(&self, status: CaseStatus) -> bool {
        self.guest_edit_statuses.contains(&status)
    }
}
