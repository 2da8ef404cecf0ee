//! Every problem document the JSON API answers for a domain error, as a reviewed snapshot:
//! a change of status, `type`, title or detail shows up in review as a snapshot diff.

use frontdesk_access::{
    CaseAccessError, CreateApiTokenError, CreateStaffUserError, Forbidden, GrantAccessError,
    ListAuditError, ListGrantsError, ListStaffUsersError, Permission, PublicCasesRuleError,
    RevokeApiTokenError, RevokeGrantError, SetLanguageError, UpdateOrganisationError,
    UpdateStaffUserError, WhoAmIError,
};
use frontdesk_cases::{
    AddCommentError, AssociateContactError, CaseDetailError, ChangeStatusError, CreateFormError,
    FormError, GetFormError, GuestLinksError, ListCasesError, ListFormsError,
    ReissueGuestAccessError, RevokeGuestAccessError, SubmitError, UpdateCaseError, UpdateFormError,
};
use frontdesk_contacts::{
    ClientError, ContactProfileError, ContactUserError, CreateClientError, CreateContactError,
    CreateContactUserError, EmailContactError, FieldError, InviteContactUserError,
    SearchClientsError, SearchContactsError, SendPasswordError, UpdateClientError,
    UpdateContactUserError,
};
use frontdesk_kernel::{CaptchaError, PasswordHashingError, RepositoryError};
use frontdesk_messaging::{
    DeadLetterError, EnqueueError, RenderError, SendTestMailError, TemplateAdminError,
    TemplateRuleError,
};
use frontdesk_sharing::{
    CreateShareLinkError, EmailShareLinkError, ListShareLinksError, ListShareViewsError,
    RevokeShareLinkError, SetSharePermissionError, ShareMessageError, SharePermissionsError,
};
use serde_json::{Value, json};

use crate::problem::Problem;

fn forbidden() -> Forbidden {
    Forbidden(Permission::EditCases)
}

fn field_errors() -> Vec<FieldError> {
    vec![FieldError {
        field: "body".to_owned(),
        message: "a message is 1–10000 characters".to_owned(),
    }]
}

fn storage() -> RepositoryError {
    RepositoryError::Corrupt("a row that cannot be read".to_owned())
}

/// The document and the headers a client reads beside it.
fn document(problem: &Problem) -> Value {
    let mut body = serde_json::to_value(problem).expect("problems serialise");
    if let Some(seconds) = problem.retry_after {
        body["(Retry-After)"] = json!(seconds);
    }
    if problem.bearer_challenge {
        body["(WWW-Authenticate)"] = json!("Bearer");
    }
    body
}

macro_rules! catalogue {
    ($($name:literal => $error:expr),+ $(,)?) => {
        vec![$(($name, document(&Problem::from($error)))),+]
    };
}

/// Contact users, their grants and who reaches a case.
fn contact_user_problems() -> Vec<(&'static str, Value)> {
    catalogue![
        "contact_users.create.client_not_found" => CreateContactUserError::ClientNotFound,
        "contact_users.create.invalid" => CreateContactUserError::InvalidFields(field_errors()),
        "contact_users.create.username_taken" => CreateContactUserError::UsernameTaken,
        "contact_users.create.already_a_user" => CreateContactUserError::AlreadyAUser,
        "contact_users.invite.invalid" => InviteContactUserError::InvalidFields(field_errors()),
        "contact_users.invite.client_not_found" => InviteContactUserError::ClientNotFound,
        "contact_users.invite.already_a_user" => InviteContactUserError::AlreadyAUser,
        "contact_users.invite.recipient_limited" => InviteContactUserError::RecipientLimited { retry_after_seconds: 60 },
        "contact_users.get.not_found" => ContactUserError::NotFound,
        "contact_users.update.not_found" => UpdateContactUserError::NotFound,
        "contact_users.update.username_taken" => UpdateContactUserError::UsernameTaken,
        "contact_users.send_password.disabled" => SendPasswordError::Disabled,
        "contact_users.send_password.recipient_limited" => SendPasswordError::RecipientLimited { retry_after_seconds: 60 },
        "contact_users.send_password.busy" => SendPasswordError::Busy,
        "contact_users.send_password.hashing" => SendPasswordError::Hashing(PasswordHashingError::Failed("x".to_owned())),
        "grants.create.user_not_found" => GrantAccessError::UserNotFound,
        "grants.create.case_not_found" => GrantAccessError::CaseNotFound,
        "grants.create.forbidden" => GrantAccessError::Forbidden(Forbidden(Permission::ManageContacts)),
        "grants.revoke.not_found" => RevokeGrantError::NotFound,
        "grants.list.user_not_found" => ListGrantsError::UserNotFound,
        "grants.public_cases.user_not_found" => PublicCasesRuleError::UserNotFound,
        "grants.case_access.case_not_found" => CaseAccessError::CaseNotFound,
        "cases.guest_links.not_found" => GuestLinksError::CaseNotFound,
    ]
}

/// Registration links.
fn registration_problems() -> Vec<(&'static str, Value)> {
    use frontdesk_registration::{
        CreateRegistrationLinkError as Create, EmailRegistrationLinkError as Email,
        LinkBoundsError, ListRegistrationUsesError, RegistrationLinkError,
        RevokeRegistrationLinkError,
    };
    catalogue![
        "registration.create.forbidden" => Create::Forbidden(Forbidden(Permission::ManageStaff)),
        "registration.create.disabled" => Create::RegistrationDisabled,
        "registration.create.no_uses" => Create::Bounds(LinkBoundsError::NoUses),
        "registration.create.staff_unbounded" => Create::Bounds(LinkBoundsError::StaffUnbounded),
        "registration.create.client_on_staff_link" => Create::ClientOnStaffLink,
        "registration.create.unknown_client" => Create::UnknownClient,
        "registration.create.unknown_form" => Create::UnknownForm,
        "registration.create.expiry_in_past" => Create::ExpiryInPast,
        "registration.create.expiry_too_late" => Create::ExpiryTooLate { max_days: 365 },
        "registration.get.not_found" => RegistrationLinkError::LinkNotFound,
        "registration.revoke.not_found" => RevokeRegistrationLinkError::LinkNotFound,
        "registration.uses.not_found" => ListRegistrationUsesError::LinkNotFound,
        "registration.email.not_found" => Email::LinkNotFound,
        "registration.email.wrong_url" => Email::WrongUrl,
        "registration.email.recipients" => Email::Recipients { max: 50 },
        "registration.email.link_closed" => Email::LinkClosed,
        "registration.email.domain_not_allowed" => Email::DomainNotAllowed { address: "sam@evil.test".to_owned() },
        "registration.email.recipient_limited" => Email::RecipientLimited { address: "sam@acme.test".to_owned(), retry_after_seconds: 60 },
    ]
}

fn every_problem() -> Vec<(&'static str, Value)> {
    let mut problems = catalogue![
        "forms.create.forbidden" => CreateFormError::Forbidden(forbidden()),
        "forms.create.slug_taken" => CreateFormError::SlugTaken,
        "forms.create.invalid" => CreateFormError::Invalid(FormError::Slug),
        "forms.create.repository" => CreateFormError::Repository(storage()),
        "forms.get.forbidden" => GetFormError::Forbidden(forbidden()),
        "forms.get.not_found" => GetFormError::FormNotFound,
        "forms.list.forbidden" => ListFormsError::Forbidden(forbidden()),
        "forms.update.not_found" => UpdateFormError::FormNotFound,
        "forms.update.invalid" => UpdateFormError::Invalid(FormError::Name),
        "intake.not_found" => SubmitError::NotFound,
        "intake.invalid" => SubmitError::Invalid(field_errors()),
        "intake.captcha_missing" => SubmitError::Captcha(CaptchaError::Missing),
        "intake.captcha_replayed" => SubmitError::Captcha(CaptchaError::Replayed),
        "intake.rate_limited" => SubmitError::RateLimited { retry_after_seconds: 42 },
        "intake.idempotency_conflict" => SubmitError::IdempotencyConflict,
        "intake.recipient_limited" => SubmitError::RecipientLimited { retry_after_seconds: 60 },
        "cases.list.forbidden" => ListCasesError::Forbidden(forbidden()),
        "cases.detail.not_found" => CaseDetailError::CaseNotFound,
        "cases.update.not_found" => UpdateCaseError::CaseNotFound,
        "cases.update.invalid" => UpdateCaseError::Invalid(field_errors()),
        "cases.update.unknown_assignee" => UpdateCaseError::UnknownAssignee,
        "cases.update.unknown_client" => UpdateCaseError::UnknownClient,
        "cases.status.not_found" => ChangeStatusError::CaseNotFound,
        "cases.status.invalid_comment" => ChangeStatusError::InvalidComment(field_errors()),
        "cases.comment.forbidden" => AddCommentError::Forbidden(forbidden()),
        "cases.comment.invalid" => AddCommentError::InvalidComment(field_errors()),
        "cases.associate.contact_not_found" => AssociateContactError::ContactNotFound,
        "cases.associate.recipient_limited" => AssociateContactError::RecipientLimited { retry_after_seconds: 60 },
        "cases.guest_reissue.not_found" => ReissueGuestAccessError::CaseNotFound,
        "cases.guest_revoke.not_found" => RevokeGuestAccessError::CaseNotFound,
        "contacts.search.forbidden" => SearchContactsError::Forbidden(Forbidden(Permission::ViewCases)),
        "contacts.create.invalid" => CreateContactError::InvalidFields(field_errors()),
        "contacts.create.exists" => CreateContactError::ContactExists,
        "contacts.profile.not_found" => ContactProfileError::ContactNotFound,
        "contacts.email.invalid" => EmailContactError::InvalidMessage(field_errors()),
        "contacts.email.recipient_limited" => EmailContactError::RecipientLimited { retry_after_seconds: 60 },
        "clients.create.forbidden" => CreateClientError::Forbidden(Forbidden(Permission::ManageContacts)),
        "clients.create.invalid" => CreateClientError::InvalidFields(field_errors()),
        "clients.get.not_found" => ClientError::ClientNotFound,
        "clients.search.forbidden" => SearchClientsError::Forbidden(Forbidden(Permission::ViewCases)),
        "clients.update.not_found" => UpdateClientError::ClientNotFound,
        "clients.update.invalid" => UpdateClientError::InvalidFields(field_errors()),
        "mail.template.rule" => TemplateAdminError::Rule(TemplateRuleError::MissingPlaceholders {
            part: "text",
            missing: vec!["login".to_owned()],
        }),
        "mail.template.render" => TemplateAdminError::Render(RenderError("unknown helper".to_owned())),
        "mail.enqueue.recipient_limited" => EnqueueError::RecipientLimited { retry_after_seconds: 60 },
        "mail.test.forbidden" => SendTestMailError::Forbidden(forbidden()),
        "mail.dead.not_found" => DeadLetterError::NotFound,
        "me.not_found" => WhoAmIError::NotFound,
        "me.language.not_found" => SetLanguageError::NotFound,
        "audit.list.forbidden" => ListAuditError::Forbidden(Forbidden(Permission::ViewAudit)),
        "share.create.case_not_found" => CreateShareLinkError::CaseNotFound,
        "share.create.addon_disabled" => CreateShareLinkError::AddonDisabled,
        "share.create.forbidden" => CreateShareLinkError::Forbidden,
        "share.create.no_views" => CreateShareLinkError::NoViews,
        "share.create.expiry_in_past" => CreateShareLinkError::ExpiryInPast,
        "share.create.expiry_too_late" => CreateShareLinkError::ExpiryTooLate { max_days: 30 },
        "share.create.weak_password" => CreateShareLinkError::WeakPassword,
        "share.create.busy" => CreateShareLinkError::Busy,
        "share.create.hashing" => CreateShareLinkError::Hashing(PasswordHashingError::Failed("x".to_owned())),
        "share.list.case_not_found" => ListShareLinksError::CaseNotFound,
        "share.views.link_not_found" => ListShareViewsError::LinkNotFound,
        "share.revoke.link_not_found" => RevokeShareLinkError::LinkNotFound,
        "share.email.wrong_url" => EmailShareLinkError::WrongUrl,
        "share.email.link_closed" => EmailShareLinkError::LinkClosed,
        "share.email.invalid_message" => EmailShareLinkError::InvalidMessage(ShareMessageError::TooLong { max: 2000 }),
        "share.email.recipient_limited" => EmailShareLinkError::RecipientLimited { retry_after_seconds: 60 },
        "share.permissions.form_not_found" => SharePermissionsError::FormNotFound,
        "share.set_permission.form_not_found" => SetSharePermissionError::FormNotFound,
        "org.update.forbidden" => UpdateOrganisationError::Forbidden(forbidden()),
        "org.update.logo_not_https" => UpdateOrganisationError::LogoUrlNotHttps,
        "org.update.organisation_missing" => UpdateOrganisationError::OrganisationMissing,
        "staff.create.email_taken" => CreateStaffUserError::EmailTaken,
        "staff.list.forbidden" => ListStaffUsersError::Forbidden(forbidden()),
        "staff.update.not_found" => UpdateStaffUserError::NotFound,
        "staff.update.last_admin" => UpdateStaffUserError::LastAdmin,
        "tokens.create.user_not_found" => CreateApiTokenError::UserNotFound,
        "tokens.create.user_disabled" => CreateApiTokenError::UserDisabled,
        "tokens.create.expiry_not_in_future" => CreateApiTokenError::ExpiryNotInFuture,
        "tokens.revoke.not_found" => RevokeApiTokenError::NotFound,
        "storage.conflict" => RepositoryError::Conflict("email"),
        "storage.corrupt" => storage(),
    ];
    problems.extend(contact_user_problems());
    problems.extend(portal_problems());
    problems.extend(registration_problems());
    problems.extend(embed_problems());
    problems
}

/// The sites allowed to embed the forms (the widget), and the answer to any other site.
fn embed_problems() -> Vec<(&'static str, Value)> {
    use frontdesk_access::SetEmbedOriginsError;
    let mut problems = catalogue![
        "embed.set.forbidden" => SetEmbedOriginsError::Forbidden(forbidden()),
        "embed.set.too_many" => SetEmbedOriginsError::TooMany,
    ];
    problems.push((
        "embed.origin_not_allowed",
        document(&Problem::origin_not_allowed()),
    ));
    problems
}

/// The customer portal's settings and its portal-users admin (seed 004).
fn portal_problems() -> Vec<(&'static str, Value)> {
    use frontdesk_access::UpdatePortalError;
    use frontdesk_contacts::{
        RemoveContactUserError, ResendActivationError, SearchPortalUsersError,
    };
    catalogue![
        "portal.update.forbidden" => UpdatePortalError::Forbidden(forbidden()),
        "portal.update.logo_not_https" => UpdatePortalError::LogoUrlNotHttps,
        "portal.update.unknown_forms" => UpdatePortalError::UnknownForms(vec!["nope".to_owned()]),
        "portal.update.too_many_forms" => UpdatePortalError::TooManyForms,
        "portal.update.organisation_missing" => UpdatePortalError::OrganisationMissing,
        "portal_users.search.client_not_found" => SearchPortalUsersError::ClientNotFound,
        "portal_users.resend.not_found" => ResendActivationError::NotFound,
        "portal_users.resend.disabled" => ResendActivationError::Disabled,
        "portal_users.resend.recipient_limited" => ResendActivationError::RecipientLimited { retry_after_seconds: 60 },
        "portal_users.remove.not_found" => RemoveContactUserError::NotFound,
    ]
}

#[test]
fn problem_documents_are_stable() {
    let problems = every_problem();
    for (_, document) in &problems {
        let status = document["status"].as_u64().expect("a status");
        assert!((400..600).contains(&status), "{document}");
        assert!(
            document["type"]
                .as_str()
                .is_some_and(|kind| kind.starts_with("urn:frontdesk:problem:")),
            "{document}"
        );
    }
    let catalogue: serde_json::Map<String, Value> = problems
        .into_iter()
        .map(|(name, document)| (name.to_owned(), document))
        .collect();
    insta::assert_json_snapshot!("problem_documents", catalogue);
}

#[test]
fn server_failures_say_nothing_about_their_cause() {
    let document = document(&Problem::from(storage()));
    assert_eq!(document["status"], 500);
    assert!(!document.to_string().contains("cannot be read"));
}
