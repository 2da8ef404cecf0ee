//! Public form submissions for [`Form::standard_fields`](frontdesk_cases::Form::standard_fields):
//! valid ones, and ones with exactly one bad field.

use frontdesk_cases::{Priority, RawSubmission};
use proptest::prelude::*;

use super::hostile::{hostile_email, hostile_name};
use super::{email_address_raw, person_name_raw};

/// A one-line title: printable words, 1–80 characters.
pub fn case_title() -> impl Strategy<Value = String> {
    r"[A-Za-z0-9àéèüß][A-Za-z0-9àéèüß ,.!?'&()-]{0,78}[A-Za-z0-9.!?)]"
}

/// A valid submission of the standard fields (no captcha): names and an address as people
/// type them, a title, optionally a description (with line breaks), a phone and a
/// priority.
pub fn submission() -> impl Strategy<Value = RawSubmission> {
    (
        person_name_raw(),
        person_name_raw(),
        email_address_raw(),
        case_title(),
        prop::option::of(r"[A-Za-z0-9 ,.!?\n]{1,500}"),
        prop::option::of(r"\+?[0-9]{6,14}"),
        prop::option::of(prop::sample::select(Priority::ALL.to_vec())),
    )
        .prop_map(
            |(first, last, (email, _, _), title, description, phone, priority)| RawSubmission {
                first_name: Some(first.0),
                last_name: Some(last.0),
                email: Some(email),
                phone,
                address: None,
                title: Some(title),
                project: None,
                description,
                priority: priority.map(|priority| priority.as_str().to_owned()),
                captcha: None,
            },
        )
}

/// Which field [`bad_submission`] broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadField {
    /// The address is hostile (see [`hostile_email`]).
    Email,
    /// The first name is missing.
    MissingFirstName,
    /// The last name holds a control character.
    LastName,
    /// The title is blank.
    BlankTitle,
    /// The priority is not one of the four.
    Priority,
}

/// A [`submission`] with exactly one field made bad, and which.
pub fn bad_submission() -> impl Strategy<Value = (RawSubmission, BadField)> {
    (
        submission(),
        prop::sample::select(vec![
            BadField::Email,
            BadField::MissingFirstName,
            BadField::LastName,
            BadField::BlankTitle,
            BadField::Priority,
        ]),
        hostile_email(),
        hostile_name(),
        " {0,3}",
        "[a-z]{1,8}".prop_filter("not a priority", |p| Priority::parse(p).is_none()),
    )
        .prop_map(|(mut fields, bad, (email, _), name, blank, priority)| {
            match bad {
                BadField::Email => fields.email = Some(email),
                BadField::MissingFirstName => fields.first_name = None,
                BadField::LastName => fields.last_name = Some(name),
                BadField::BlankTitle => fields.title = Some(blank),
                BadField::Priority => fields.priority = Some(priority),
            }
            (fields, bad)
        })
}
