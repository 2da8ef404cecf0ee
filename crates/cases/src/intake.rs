//! Checking public input against a form: every field error collected, in the form's order
//! and language; valid input parsed into trusted values.

use frontdesk_contacts::{Phone, PostalAddress};
use frontdesk_kernel::{
    EmailAddress, EmailAddressError, Language, LineRule, PersonName, PersonNameError, SingleLine,
    SingleLineError,
};
use sha2::{Digest, Sha256};

use crate::text::{self, Problem};
use crate::{
    CaseProjectRule, CaseTitleRule, FieldError, Form, FormField, GuestEdit, Priority, RawSubmission,
};

/// Longest title, in characters.
const MAX_LINE_CHARS: usize = CaseTitleRule::MAX_CHARS;
/// Longest comment or message body, in characters.
pub(crate) const MAX_BODY_CHARS: usize = 10_000;
/// Characters of the description used as a title when the form asks for none.
const DEFAULT_TITLE_CHARS: usize = 80;

/// A submission whose every field passed the form's rules.
#[derive(Debug, Clone)]
pub(crate) struct ValidSubmission {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: EmailAddress,
    pub phone: Option<Phone>,
    pub address: Option<PostalAddress>,
    pub title: String,
    pub description: Option<String>,
    pub project: Option<String>,
    pub priority: Priority,
}

impl ValidSubmission {
    /// SHA-256 of a canonical form of the request (length-prefixed normalised values), so
    /// a retried request with the same meaning hashes the same.
    pub fn request_hash(&self, org_slug: &str, form_slug: &str) -> [u8; 32] {
        let email = self.email.normalised();
        let priority = self.priority.as_str();
        let parts: [Option<&str>; 11] = [
            Some(org_slug),
            Some(form_slug),
            Some(self.first_name.as_str()),
            Some(self.last_name.as_str()),
            Some(&email),
            self.phone.as_ref().map(Phone::as_str),
            self.address.as_ref().map(PostalAddress::as_str),
            Some(&self.title),
            self.description.as_deref(),
            self.project.as_deref(),
            Some(priority),
        ];
        let mut hasher = Sha256::new();
        hasher.update(b"frontdesk-intake-v1");
        for part in parts {
            match part {
                None => hasher.update([0u8]),
                Some(value) => {
                    hasher.update([1u8]);
                    hasher.update((value.len() as u64).to_be_bytes());
                    hasher.update(value.as_bytes());
                }
            }
        }
        hasher.finalize().into()
    }
}

/// Collects field errors in one language.
pub(crate) struct Errors {
    language: Language,
    errors: Vec<FieldError>,
}

impl Errors {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            errors: Vec::new(),
        }
    }

    pub fn push(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            message: text::problem(self.language, problem),
        });
    }

    /// `Ok(value)` when no error was pushed.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty()
            && let Some(value) = value()
        {
            return Ok(value);
        }
        Err(self.errors)
    }
}

/// `raw` trimmed, or `None` when absent or blank.
pub(crate) fn present(raw: Option<&String>) -> Option<&str> {
    raw.map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

/// One line under rule `R` (see [`SingleLine`]): control characters are told apart from a
/// wrong length (`problem`).
pub(crate) fn single_line<R: LineRule>(value: &str, problem: Problem) -> Result<String, Problem> {
    SingleLine::<R>::parse(value)
        .map(String::from)
        .map_err(|error| match error {
            SingleLineError::ControlCharacter => Problem::ControlCharacters,
            SingleLineError::Empty | SingleLineError::TooLong { .. } => problem,
        })
}

/// Multi-line text of 1–`max` characters: line breaks and tabs allowed, other control
/// characters not; CRLF becomes LF.
pub(crate) fn multi_line(value: &str, max: usize, too_long: Problem) -> Result<String, Problem> {
    let normalised = value.trim().replace("\r\n", "\n");
    if normalised
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Problem::ControlCharacters);
    }
    let count = normalised.chars().count();
    if count == 0 || count > max {
        return Err(too_long);
    }
    Ok(normalised)
}

fn name_problem(error: PersonNameError) -> Problem {
    match error {
        PersonNameError::Empty => Problem::Required,
        PersonNameError::TooLong => Problem::NameTooLong,
        PersonNameError::ControlCharacter => Problem::ControlCharacters,
    }
}

fn email_problem(error: EmailAddressError) -> Problem {
    match error {
        EmailAddressError::Empty => Problem::Required,
        EmailAddressError::ControlCharacter => Problem::EmailLineBreak,
        _ => Problem::Email,
    }
}

/// A comment or message body, 1–10 000 characters.
pub(crate) fn body(language: Language, field: &str, raw: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Errors::new(language);
    let value = multi_line(raw, MAX_BODY_CHARS, Problem::Body);
    match &value {
        Ok(_) => {}
        Err(problem) => errors.push(field, *problem),
    }
    errors.finish(|| value.ok())
}

/// The fields the form shows (with whether each is required), then any mandatory field a
/// stored form somehow lacks.
fn shown_fields(form: &Form) -> Vec<(FormField, bool)> {
    let mut fields: Vec<(FormField, bool)> = form
        .fields
        .iter()
        .map(|config| {
            (
                config.field,
                config.required || config.field.always_required(),
            )
        })
        .collect();
    for mandatory in [FormField::FirstName, FormField::LastName, FormField::Email] {
        if !fields.iter().any(|(field, _)| *field == mandatory) {
            fields.push((mandatory, true));
        }
    }
    fields
}

/// Checks `raw` against `form`: every error, in the form's order and language; fields the
/// form does not show are ignored.
pub(crate) fn submission(
    form: &Form,
    raw: &RawSubmission,
    max_description: usize,
) -> Result<ValidSubmission, Vec<FieldError>> {
    check(
        shown_fields(form),
        form.default_language,
        raw,
        max_description,
    )
}

fn check(
    fields: Vec<(FormField, bool)>,
    language: Language,
    raw: &RawSubmission,
    max_description: usize,
) -> Result<ValidSubmission, Vec<FieldError>> {
    let mut errors = Errors::new(language);
    let mut first_name = None;
    let mut last_name = None;
    let mut email = None;
    let mut phone = None;
    let mut address = None;
    let mut title = None;
    let mut description = None;
    let mut project = None;
    let mut priority = Priority::default();
    for (field, required) in fields {
        let name = field.as_str();
        let value = match field {
            FormField::FirstName => raw.first_name.as_ref(),
            FormField::LastName => raw.last_name.as_ref(),
            FormField::Email => raw.email.as_ref(),
            FormField::Phone => raw.phone.as_ref(),
            FormField::Address => raw.address.as_ref(),
            FormField::Title => raw.title.as_ref(),
            FormField::Project => raw.project.as_ref(),
            FormField::Description => raw.description.as_ref(),
            FormField::Priority => raw.priority.as_ref(),
        };
        let Some(value) = present(value) else {
            if required {
                errors.push(name, Problem::Required);
            }
            continue;
        };
        let outcome = match field {
            FormField::FirstName => PersonName::parse(value)
                .map(|v| first_name = Some(v))
                .map_err(name_problem),
            FormField::LastName => PersonName::parse(value)
                .map(|v| last_name = Some(v))
                .map_err(name_problem),
            FormField::Email => EmailAddress::parse(value)
                .map(|v| email = Some(v))
                .map_err(email_problem),
            FormField::Phone => Phone::parse(value)
                .map(|v| phone = Some(v))
                .map_err(|_| Problem::Phone),
            FormField::Address => PostalAddress::parse(value)
                .map(|v| address = Some(v))
                .map_err(|_| Problem::Address),
            FormField::Title => {
                single_line::<CaseTitleRule>(value, Problem::Title).map(|v| title = Some(v))
            }
            FormField::Project => {
                single_line::<CaseProjectRule>(value, Problem::Project).map(|v| project = Some(v))
            }
            FormField::Description => multi_line(
                value,
                max_description,
                Problem::Description(max_description),
            )
            .map(|v| description = Some(v)),
            FormField::Priority => Priority::parse(&value.to_ascii_lowercase())
                .map(|v| priority = v)
                .ok_or(Problem::Priority),
        };
        if let Err(problem) = outcome {
            errors.push(name, problem);
        }
    }
    errors.finish(|| {
        let (first_name, last_name, email) = (first_name?, last_name?, email?);
        let title = title.unwrap_or_else(|| {
            default_title(
                language,
                description.as_deref(),
                &format!("{first_name} {last_name}"),
            )
        });
        Some(ValidSubmission {
            first_name,
            last_name,
            email,
            phone,
            address,
            title,
            description,
            project,
            priority,
        })
    })
}

/// The first line of the description (at most 80 characters), or "Case from {name}".
fn default_title(language: Language, description: Option<&str>, name: &str) -> String {
    description
        .and_then(|d| d.lines().map(str::trim).find(|line| !line.is_empty()))
        .map_or_else(
            || {
                text::default_title(language, name)
                    .chars()
                    .take(MAX_LINE_CHARS)
                    .collect()
            },
            |line| line.chars().take(DEFAULT_TITLE_CHARS).collect(),
        )
}

/// A guest's edit as trusted values; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[expect(
    clippy::option_option,
    reason = "keep, set or clear: the three outcomes of an optional field's edit"
)]
pub(crate) struct ValidEdit {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub priority: Option<Priority>,
    pub project: Option<Option<String>>,
}

/// Checks a guest's edit against the form: only fields the form shows may change; a blank
/// required field is an error, a blank optional one clears it (title and priority stay).
pub(crate) fn guest_edit(
    form: &Form,
    language: Language,
    edit: &GuestEdit,
    max_description: usize,
) -> Result<ValidEdit, Vec<FieldError>> {
    let mut errors = Errors::new(language);
    let mut valid = ValidEdit::default();
    for config in &form.fields {
        let field = config.field;
        let name = field.as_str();
        let raw = match field {
            FormField::Title => edit.title.as_ref(),
            FormField::Description => edit.description.as_ref(),
            FormField::Priority => edit.priority.as_ref(),
            FormField::Project => edit.project.as_ref(),
            _ => continue,
        };
        let Some(raw) = raw else { continue };
        let Some(value) = present(Some(raw)) else {
            if config.required || field == FormField::Title {
                errors.push(name, Problem::Required);
            } else if field == FormField::Description {
                valid.description = Some(None);
            } else if field == FormField::Project {
                valid.project = Some(None);
            }
            continue;
        };
        let outcome = match field {
            FormField::Title => {
                single_line::<CaseTitleRule>(value, Problem::Title).map(|v| valid.title = Some(v))
            }
            FormField::Project => single_line::<CaseProjectRule>(value, Problem::Project)
                .map(|v| valid.project = Some(Some(v))),
            FormField::Description => multi_line(
                value,
                max_description,
                Problem::Description(max_description),
            )
            .map(|v| valid.description = Some(Some(v))),
            FormField::Priority => Priority::parse(&value.to_ascii_lowercase())
                .map(|v| valid.priority = Some(v))
                .ok_or(Problem::Priority),
            _ => Ok(()),
        };
        if let Err(problem) = outcome {
            errors.push(name, problem);
        }
    }
    errors.finish(|| Some(valid))
}
