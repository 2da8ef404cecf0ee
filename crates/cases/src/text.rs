//! The few sentences the cases domain says to people outside the organisation, in every
//! supported language: field errors on public forms and the activity lines of notifications.

use frontdesk_kernel::Language;

use crate::CaseStatus;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Required and missing.
    Required,
    /// A name that is too long.
    NameTooLong,
    /// Line breaks or other control characters where none are allowed.
    ControlCharacters,
    /// Not a plain email address.
    Email,
    /// An email address with line breaks (header injection attempt).
    EmailLineBreak,
    /// Not a phone number.
    Phone,
    /// Not a postal address.
    Address,
    /// A title of the wrong length.
    Title,
    /// A description over the limit (in characters).
    Description(usize),
    /// Not a known priority.
    Priority,
    /// A project of the wrong length.
    Project,
    /// A comment or message body of the wrong length.
    Body,
}

/// The message for `problem` in `language`.
pub(crate) fn problem(language: Language, problem: Problem) -> String {
    match language {
        Language::En => match problem {
            Problem::Required => "this field is required".to_owned(),
            Problem::NameTooLong => "a name is at most 200 characters".to_owned(),
            Problem::ControlCharacters => {
                "this field cannot contain line breaks or control characters".to_owned()
            }
            Problem::Email => "enter a valid email address, like name@example.org".to_owned(),
            Problem::EmailLineBreak => {
                "an email address cannot contain line breaks or control characters".to_owned()
            }
            Problem::Phone => {
                "a phone number has 3–40 characters: digits, spaces and + ( ) - . /".to_owned()
            }
            Problem::Address => "an address is 1–500 characters".to_owned(),
            Problem::Title => "a title is 1–200 characters on one line".to_owned(),
            Problem::Description(max) => format!("a description is at most {max} characters"),
            Problem::Priority => "choose one of: low, normal, high, urgent".to_owned(),
            Problem::Project => "a project is 1–200 characters on one line".to_owned(),
            Problem::Body => "a message is 1–10000 characters".to_owned(),
        },
        Language::Fr => match problem {
            Problem::Required => "ce champ est obligatoire".to_owned(),
            Problem::NameTooLong => "un nom comporte au plus 200 caractères".to_owned(),
            Problem::ControlCharacters => {
                "ce champ ne peut pas contenir de retours à la ligne ni de caractères de contrôle"
                    .to_owned()
            }
            Problem::Email => {
                "saisissez une adresse e-mail valide, par exemple nom@exemple.fr".to_owned()
            }
            Problem::EmailLineBreak => {
                "une adresse e-mail ne peut pas contenir de retours à la ligne ni de caractères de contrôle"
                    .to_owned()
            }
            Problem::Phone => {
                "un numéro de téléphone comporte 3 à 40 caractères : chiffres, espaces et + ( ) - . /"
                    .to_owned()
            }
            Problem::Address => "une adresse comporte 1 à 500 caractères".to_owned(),
            Problem::Title => "un titre comporte 1 à 200 caractères sur une ligne".to_owned(),
            Problem::Description(max) => {
                format!("une description comporte au plus {max} caractères")
            }
            Problem::Priority => "choisissez : low, normal, high ou urgent".to_owned(),
            Problem::Project => "un projet comporte 1 à 200 caractères sur une ligne".to_owned(),
            Problem::Body => "un message comporte 1 à 10000 caractères".to_owned(),
        },
    }
}

/// A status as people read it.
pub(crate) fn status_label(language: Language, status: CaseStatus) -> &'static str {
    match (language, status) {
        (Language::En, CaseStatus::New) => "New",
        (Language::En, CaseStatus::Open) => "Open",
        (Language::En, CaseStatus::Pending) => "Pending",
        (Language::En, CaseStatus::Resolved) => "Resolved",
        (Language::En, CaseStatus::Closed) => "Closed",
        (Language::Fr, CaseStatus::New) => "Nouveau",
        (Language::Fr, CaseStatus::Open) => "Ouvert",
        (Language::Fr, CaseStatus::Pending) => "En attente",
        (Language::Fr, CaseStatus::Resolved) => "Résolu",
        (Language::Fr, CaseStatus::Closed) => "Fermé",
    }
}

/// Longest excerpt of a comment quoted in a notification, in characters.
const EXCERPT_CHARS: usize = 500;

fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(EXCERPT_CHARS).collect();
        short.push('…');
        short
    }
}

/// "Status changed from New to Open", with the accompanying comment if any.
pub(crate) fn status_activity(
    language: Language,
    from: CaseStatus,
    to: CaseStatus,
    comment: Option<&str>,
) -> String {
    let (from, to) = (status_label(language, from), status_label(language, to));
    let line = match language {
        Language::En => format!("Status changed from {from} to {to}"),
        Language::Fr => format!("Statut modifié de {from} à {to}"),
    };
    match comment {
        Some(comment) => format!("{line} — {}", excerpt(comment)),
        None => line,
    }
}

/// "New comment: …".
pub(crate) fn comment_activity(language: Language, body: &str) -> String {
    match language {
        Language::En => format!("New comment: {}", excerpt(body)),
        Language::Fr => format!("Nouveau commentaire : {}", excerpt(body)),
    }
}

/// The title of a case submitted without one.
pub(crate) fn default_title(language: Language, name: &str) -> String {
    match language {
        Language::En => format!("Case from {name}"),
        Language::Fr => format!("Demande de {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        let all = [
            Problem::Required,
            Problem::NameTooLong,
            Problem::ControlCharacters,
            Problem::Email,
            Problem::EmailLineBreak,
            Problem::Phone,
            Problem::Address,
            Problem::Title,
            Problem::Description(10),
            Problem::Priority,
            Problem::Project,
            Problem::Body,
        ];
        for language in Language::ALL {
            for p in all {
                assert!(!problem(language, p).is_empty());
            }
        }
        assert_eq!(
            problem(Language::En, Problem::Required),
            "this field is required"
        );
        assert_eq!(
            status_activity(Language::En, CaseStatus::New, CaseStatus::Open, None),
            "Status changed from New to Open"
        );
        assert!(comment_activity(Language::En, &"x".repeat(600)).ends_with('…'));
    }
}
