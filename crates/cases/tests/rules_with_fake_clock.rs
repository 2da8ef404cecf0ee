//! Property tests of the cases rules (guest-link expiry, revocation and reissue, guest-edit
//! statuses, tenant isolation, intake validation, idempotency, unsubscribing), driven
//! through `CasesService` over the testkit's in-memory fakes with a fake clock.

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, LifetimeKind, OrgName, OrgSlug, Organisation, OrganisationRepository,
    PortalMode, Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{
    ContactMessage, ContactsPorts, ContactsService, CreateContactError, NewContact,
};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, ContactId, Language, OrgId, PageRequest, StaffUserId, Uuid,
    UuidV7Generator,
};
use frontdesk_messaging::{
    MessageState, MessagingPorts, MessagingService, OutboundMessage, Outbox, RecipientLimits,
    TemplateKind,
};
use frontdesk_testkit::{
    BlankTemplateEngine, FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, cases_ports,
};
use proptest::prelude::*;
use time::Duration;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    service: CasesService,
    contacts: ContactsService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let ports = cases_ports(
        &store,
        &cases,
        Arc::new(FakeCaptcha::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    let shared = Arc::new(store.clone());
    let mail = MessagingService::new(
        MessagingPorts {
            transactions: shared.clone(),
            outbox: shared.clone(),
            templates: shared.clone(),
            engine: Arc::new(BlankTemplateEngine),
            organisations: shared.clone(),
            clock: clock.clone(),
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    );
    let contacts = ContactsService::new(ContactsPorts {
        transactions: shared.clone(),
        organisations: shared,
        contacts: Arc::new(cases.clone()),
        clients: Arc::new(cases.clone()),
        mail: Arc::new(mail),
        clock: clock.clone(),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        clock,
        store,
        cases,
        service: CasesService::new(ports, IntakePolicy::default()),
        contacts,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn actor(org: OrgId, profile: Profile) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([profile]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// An organisation with a `contact` form configured by `form`; returns an admin actor.
    async fn organisation(&self, slug: &str, form: NewForm) -> StaffActor {
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse("Org").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: self.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        let admin = actor(org.id, Profile::Admin);
        self.service
            .create_form(
                &admin,
                NewForm {
                    slug: "contact".into(),
                    name: "Contact us".into(),
                    ..form
                },
            )
            .await
            .expect("form");
        admin
    }

    /// Every mail queued since the last call, oldest first.
    async fn mails(&self) -> Vec<OutboundMessage> {
        let now = self.now();
        let mut claimed = self
            .store
            .claim("test", now, now + Duration::hours(1), 1_000)
            .await
            .expect("claim");
        claimed.sort_by_key(|c| c.message.created_at);
        for c in &claimed {
            assert!(
                self.store
                    .mark_sent(c.message.id, "test", now)
                    .await
                    .expect("sent")
            );
        }
        claimed.into_iter().map(|c| c.message).collect()
    }
}

fn raw(email: &str, captcha: &str) -> RawSubmission {
    RawSubmission {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        email: Some(email.into()),
        title: Some("Broken heating".into()),
        description: Some("The radiator is cold.".into()),
        priority: Some("high".into()),
        captcha: Some(captcha.into()),
        ..RawSubmission::default()
    }
}

fn submission(org: &str, fields: RawSubmission) -> Submission {
    Submission {
        org_slug: org.into(),
        form_slug: "contact".into(),
        fields,
        client_ip: Some("198.51.100.7".parse().expect("ip")),
        idempotency_key: None,
    }
}

/// The token at the end of a `{base}/g/…` or `{base}/u/…` URL in a mail's data.
fn token_in(mail: &OutboundMessage, key: &str) -> String {
    mail.data[key]
        .as_str()
        .expect("url in mail")
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

/// Submits a case and returns it with the guest token from the confirmation mail.
async fn submitted(w: &World, org: &str, email: &str, captcha: &str) -> (Submitted, String) {
    let created = w
        .service
        .submit(submission(org, raw(email, captcha)))
        .await
        .expect("submit");
    let mails = w.mails().await;
    let mail = mails.last().expect("confirmation mail");
    assert_eq!(mail.kind, TemplateKind::GuestCaseCreated);
    (created, token_in(mail, "case_url"))
}

const DAY: i64 = 86_400;

/// Whether a staff use case's error says that what it was asked about is not in the actor's
/// organisation.
trait NotFound {
    fn is_not_found(&self) -> bool;
}

macro_rules! not_found_when {
    ($($error:ty => $pattern:pat),* $(,)?) => {
        $(impl NotFound for $error {
            fn is_not_found(&self) -> bool {
                matches!(self, $pattern)
            }
        })*
    };
}

not_found_when! {
    CaseDetailError => CaseDetailError::CaseNotFound,
    ChangeStatusError => ChangeStatusError::CaseNotFound,
    AddCommentError => AddCommentError::CaseNotFound,
    ReissueGuestAccessError => ReissueGuestAccessError::CaseNotFound,
    RevokeGuestAccessError => RevokeGuestAccessError::CaseNotFound,
    AssociateContactError =>
        AssociateContactError::CaseNotFound | AssociateContactError::ContactNotFound,
    frontdesk_contacts::ContactProfileError => frontdesk_contacts::ContactProfileError::ContactNotFound,
    frontdesk_contacts::EmailContactError => frontdesk_contacts::EmailContactError::ContactNotFound,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_guest_link_opens_iff_before_its_expiry_and_not_revoked(
        elapsed in 0i64..(200 * DAY),
        revoke in any::<bool>(),
    ) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation("acme", NewForm::default()).await;
            let (created, token) = submitted(&w, "acme", "ada@example.org", "ok").await;
            if revoke {
                let revoked = w.service.revoke_guest_access(&admin, created.case_id).await.expect("revoke");
                prop_assert_eq!(revoked, 1);
            }
            w.clock.advance(Duration::seconds(elapsed));
            let lifetime = LifetimeKind::GuestLink.standard().default_seconds;
            let opened = w.service.open_guest_link(&token).await;
            let viewed = w.service.guest_case(&token, created.case_id).await;
            if revoke {
                prop_assert!(matches!(opened, Err(GuestLinkError::Revoked)), "{opened:?}");
                prop_assert!(matches!(viewed, Err(GuestLinkError::Revoked)));
            } else if elapsed < lifetime {
                prop_assert_eq!(opened.expect("opens"), created.case_id);
                let view = viewed.expect("view");
                prop_assert_eq!(view.case.number, created.number);
                prop_assert_eq!(view.contact.email.as_str(), "ada@example.org");
                prop_assert!(view.may_edit);
            } else {
                prop_assert!(matches!(opened, Err(GuestLinkError::Expired)), "{opened:?}");
                prop_assert!(matches!(viewed, Err(GuestLinkError::Expired)));
            }
            Ok(())
        })?;
    }

    #[test]
    fn a_reissued_link_replaces_the_old_one(elapsed in 0i64..(89 * DAY), by_guest in any::<bool>()) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation("acme", NewForm::default()).await;
            let (created, old) = submitted(&w, "acme", "ada@example.org", "ok").await;
            w.clock.advance(Duration::seconds(elapsed));
            if by_guest {
                w.service.request_new_link("acme", "ADA@example.org", &format!("#{}", created.number.0)).await.expect("request");
            } else {
                w.service.reissue_guest_access(&admin, created.case_id).await.expect("reissue");
            }
            let mails = w.mails().await;
            prop_assert_eq!(mails.len(), 1);
            prop_assert_eq!(mails[0].kind, TemplateKind::GuestLinkReissued);
            let new = token_in(&mails[0], "case_url");
            prop_assert!(matches!(w.service.open_guest_link(&old).await, Err(GuestLinkError::Revoked)));
            prop_assert_eq!(w.service.open_guest_link(&new).await.expect("new link"), created.case_id);
            // The new link lives a full lifetime from its issue.
            w.clock.advance(Duration::seconds(LifetimeKind::GuestLink.standard().default_seconds - 1));
            prop_assert!(w.service.open_guest_link(&new).await.is_ok());
            Ok(())
        })?;
    }

    #[test]
    fn guests_edit_only_in_the_forms_guest_edit_statuses(
        allowed in proptest::sample::subsequence(CaseStatus::ALL.to_vec(), 0..=5),
        status in proptest::sample::select(CaseStatus::ALL.to_vec()),
    ) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation("acme", NewForm {
                guest_edit_statuses: Some(allowed.clone()),
                ..NewForm::default()
            }).await;
            let (created, token) = submitted(&w, "acme", "ada@example.org", "ok").await;
            w.service.change_status(&admin, created.case_id, status, None).await.expect("status");
            let view = w.service.guest_case(&token, created.case_id).await.expect("view");
            prop_assert_eq!(view.may_edit, allowed.contains(&status));
            let edit = GuestEdit { title: Some("Still cold".into()), ..GuestEdit::default() };
            let outcome = w.service.guest_edit(&token, created.case_id, edit).await;
            if allowed.contains(&status) {
                prop_assert!(outcome.is_ok(), "{outcome:?}");
                let detail = w.service.case_detail(&admin, created.case_id).await.expect("detail");
                prop_assert_eq!(detail.case.title.as_str(), "Still cold");
                let changed = detail.timeline.iter().any(|e| matches!(
                    &e.event,
                    TimelineEvent::FieldChanged { field, to: Some(to), .. } if field == "title" && to == "Still cold"
                ) && e.visibility == Visibility::Public);
                prop_assert!(changed);
            } else {
                prop_assert!(matches!(outcome, Err(GuestActionError::NotEditable)), "{outcome:?}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn a_submission_missing_required_fields_lists_each_and_stores_nothing(
        present in proptest::collection::vec(any::<bool>(), 4),
    ) {
        runtime().block_on(async {
            let w = world();
            w.organisation("acme", NewForm::default()).await;
            let mut fields = raw("ada@example.org", "ok");
            let names = ["first_name", "last_name", "email", "title"];
            if !present[0] { fields.first_name = Some("   ".into()); }
            if !present[1] { fields.last_name = None; }
            if !present[2] { fields.email = None; }
            if !present[3] { fields.title = Some(String::new()); }
            let outcome = w.service.submit(submission("acme", fields)).await;
            let missing: Vec<&str> = names.iter().zip(&present).filter(|(_, p)| !**p).map(|(n, _)| *n).collect();
            if missing.is_empty() {
                prop_assert!(outcome.is_ok(), "{outcome:?}");
            } else {
                let Err(SubmitError::Invalid(errors)) = outcome else {
                    return Err(TestCaseError::fail(format!("{outcome:?}")));
                };
                let listed: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                prop_assert_eq!(listed, missing);
                prop_assert!(errors.iter().all(|e| e.message == "this field is required"));
                let org = w.service.public_form("acme", "contact").await.expect("form").0.id;
                prop_assert_eq!(w.cases.case_count(org), 0);
                prop_assert_eq!(w.cases.contact_count(org), 0);
                prop_assert_eq!(w.store.outbox_count(MessageState::Pending), 0);
            }
            Ok(())
        })?;
    }

    #[test]
    fn an_idempotent_retry_creates_one_case(retries in 1usize..5, same_captcha in any::<bool>()) {
        runtime().block_on(async {
            let w = world();
            w.organisation("acme", NewForm::default()).await;
            let request = |captcha: String| Submission {
                idempotency_key: Some(IdempotencyKey::parse("key-123").expect("key")),
                ..submission("acme", raw("ada@example.org", &captcha))
            };
            let first = w.service.submit(request("ok:0".into())).await.expect("first");
            prop_assert!(!first.replayed);
            for attempt in 1..=retries {
                let captcha = if same_captcha { "ok:0".to_owned() } else { format!("ok:{attempt}") };
                let again = w.service.submit(request(captcha)).await.expect("retry");
                prop_assert!(again.replayed);
                prop_assert_eq!(again.case_id, first.case_id);
                prop_assert_eq!(again.number, first.number);
            }
            let org = w.service.public_form("acme", "contact").await.expect("form").0.id;
            prop_assert_eq!(w.cases.case_count(org), 1);
            prop_assert_eq!(w.store.outbox_count(MessageState::Pending), 1);
            let mut different = request("ok:99".into());
            different.fields.title = Some("Something else".into());
            prop_assert!(matches!(w.service.submit(different).await, Err(SubmitError::IdempotencyConflict)));
            prop_assert_eq!(w.cases.case_count(org), 1);
            Ok(())
        })?;
    }

    #[test]
    fn an_unsubscribed_contact_is_not_notified_again(everything in any::<bool>()) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation("acme", NewForm::default()).await;
            let (created, _) = submitted(&w, "acme", "ada@example.org", "ok").await;
            w.service.change_status(&admin, created.case_id, CaseStatus::Open, Some("On it".into())).await.expect("open");
            let mails = w.mails().await;
            prop_assert_eq!(mails.len(), 1);
            let notification = &mails[0];
            prop_assert_eq!(notification.kind, TemplateKind::CaseNotification);
            prop_assert!(notification.data["activity"].as_str().expect("activity").starts_with("Status changed from New to Open"));
            let unsubscribe_url = notification.unsubscribe_url.clone().expect("unsubscribe url");
            prop_assert_eq!(notification.data["unsubscribe_url"].as_str(), Some(unsubscribe_url.as_str()));
            prop_assert!(unsubscribe_url.starts_with("https://desk.example/u/fdu_"));
            // The notification's own guest link works.
            prop_assert!(w.service.open_guest_link(&token_in(notification, "case_url")).await.is_ok());
            let token = token_in(notification, "unsubscribe_url");
            let view = w.service.unsubscribe_view(&token).await.expect("view");
            prop_assert_eq!(view.case_number, created.number);
            w.service.unsubscribe(&token, everything).await.expect("unsubscribe");
            w.service.unsubscribe(&token, everything).await.expect("idempotent");
            w.clock.advance(Duration::minutes(5));
            w.service.change_status(&admin, created.case_id, CaseStatus::Pending, None).await.expect("pending");
            w.service.add_comment(&admin, created.case_id, "Any news?", Visibility::Public).await.expect("comment");
            prop_assert_eq!(w.store.outbox_count(MessageState::Pending), 0);
            Ok(())
        })?;
    }
}

/// Asserts that `outcome` says "not found".
fn not_found<E: NotFound + std::fmt::Debug>(outcome: Result<(), E>) {
    match outcome {
        Err(error) => assert!(error.is_not_found(), "{error:?}"),
        Ok(()) => panic!("found: Ok(())"),
    }
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one scenario that tries every staff and guest route"
)]
async fn another_organisations_ids_are_never_found() {
    let w = world();
    let admin_a = w.organisation("acme", NewForm::default()).await;
    let admin_b = w.organisation("globex", NewForm::default()).await;
    let (case_a, token_a) = submitted(&w, "acme", "ada@example.org", "ok:a").await;
    let (case_b, _) = submitted(&w, "globex", "bob@example.org", "ok:b").await;
    let contact_a = w
        .service
        .case_detail(&admin_a, case_a.case_id)
        .await
        .expect("own case")
        .contacts[0]
        .id;
    let contact_b = w
        .service
        .case_detail(&admin_b, case_b.case_id)
        .await
        .expect("own case")
        .contacts[0]
        .id;
    let foreign = case_a.case_id;
    not_found(w.service.case_detail(&admin_b, foreign).await.map(|_| ()));
    not_found(
        w.service
            .change_status(&admin_b, foreign, CaseStatus::Closed, None)
            .await
            .map(|_| ()),
    );
    not_found(
        w.service
            .add_comment(&admin_b, foreign, "hi", Visibility::Internal)
            .await
            .map(|_| ()),
    );
    not_found(w.service.reissue_guest_access(&admin_b, foreign).await);
    not_found(
        w.service
            .revoke_guest_access(&admin_b, foreign)
            .await
            .map(|_| ()),
    );
    not_found(
        w.service
            .associate_contact(&admin_b, foreign, contact_b, true)
            .await,
    );
    not_found(
        w.service
            .associate_contact(&admin_b, case_b.case_id, contact_a, false)
            .await,
    );
    not_found(
        w.contacts
            .contact_profile(&admin_b, contact_a)
            .await
            .map(|_| ()),
    );
    not_found(
        w.contacts
            .email_contact(
                &admin_b,
                contact_a,
                ContactMessage {
                    subject: "Hello".into(),
                    body: "Body".into(),
                },
            )
            .await
            .map(|_| ()),
    );
    let listed = w
        .service
        .list_cases(&admin_b, CaseFilter::default(), PageRequest::first())
        .await
        .expect("list");
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].id, case_b.case_id);
    // A guest token of one organisation never opens another's case.
    assert!(matches!(
        w.service.guest_case(&token_a, case_b.case_id).await,
        Err(GuestLinkError::Invalid)
    ));
    assert!(matches!(
        w.service
            .guest_comment(&token_a, case_b.case_id, "hello")
            .await,
        Err(GuestActionError::Link(GuestLinkError::Invalid))
    ));
    assert!(matches!(
        w.service
            .guest_case(&token_a, CaseId::from_uuid(Uuid::now_v7()))
            .await,
        Err(GuestLinkError::Invalid)
    ));
    // Asking for a link with another organisation's case number does nothing.
    w.service
        .request_new_link("globex", "ada@example.org", "1")
        .await
        .expect("same answer");
    assert!(w.mails().await.is_empty());
    // Nothing of organisation A changed.
    let detail = w
        .service
        .case_detail(&admin_a, case_a.case_id)
        .await
        .expect("own case");
    assert_eq!(detail.case.status, CaseStatus::New);
    assert_eq!(detail.timeline.len(), 1);
}

#[tokio::test]
async fn a_new_link_request_answers_the_same_whether_or_not_it_matches() {
    let w = world();
    w.organisation("acme", NewForm::default()).await;
    let (created, token) = submitted(&w, "acme", "ada@example.org", "ok").await;
    for (org, email, number) in [
        ("acme", "eve@example.org", "1"),
        ("acme", "ada@example.org", "2"),
        ("acme", "ada@example.org", "one"),
        ("nope", "ada@example.org", "1"),
        ("acme", "not an email", "1"),
    ] {
        w.service
            .request_new_link(org, email, number)
            .await
            .expect("same answer");
    }
    assert!(w.mails().await.is_empty());
    assert!(w.service.open_guest_link(&token).await.is_ok());
    w.service
        .request_new_link("acme", "ada@example.org", "1")
        .await
        .expect("match");
    assert_eq!(w.mails().await.len(), 1);
    // A second request within the recipient limit answers the same and changes nothing.
    w.service
        .request_new_link("acme", "ada@example.org", "#1")
        .await
        .expect("limited, same answer");
    assert!(w.mails().await.is_empty());
    assert_eq!(w.cases.guest_accesses(created.case_id).len(), 2);
}

#[tokio::test]
async fn guests_comment_and_other_contacts_are_notified() {
    let w = world();
    let admin = w.organisation("acme", NewForm::default()).await;
    let (created, token) = submitted(&w, "acme", "ada@example.org", "ok").await;
    let colleague = w
        .contacts
        .create_contact(
            &admin,
            NewContact {
                email: "grace@example.org".into(),
                first_name: "Grace".into(),
                last_name: "Hopper".into(),
                ..NewContact::default()
            },
        )
        .await
        .expect("contact");
    assert!(matches!(
        w.contacts
            .create_contact(
                &admin,
                NewContact {
                    email: "GRACE@example.org".into(),
                    first_name: "G".into(),
                    last_name: "H".into(),
                    ..NewContact::default()
                },
            )
            .await,
        Err(CreateContactError::ContactExists)
    ));
    w.service
        .associate_contact(&admin, created.case_id, colleague.id, false)
        .await
        .expect("associate");
    assert!(matches!(
        w.service.guest_comment(&token, created.case_id, "  ").await,
        Err(GuestActionError::Invalid(_))
    ));
    w.service
        .guest_comment(&token, created.case_id, "It is still cold")
        .await
        .expect("comment");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1, "only the other contact is notified");
    assert_eq!(mails[0].to.as_str(), "grace@example.org");
    assert_eq!(
        mails[0].data["activity"].as_str(),
        Some("New comment: It is still cold")
    );
    let view = w
        .service
        .guest_case(&token, created.case_id)
        .await
        .expect("view");
    assert_eq!(view.timeline.len(), 2);
    // Internal staff comments are not shown to guests and notify nobody.
    w.service
        .add_comment(
            &admin,
            created.case_id,
            "internal note",
            Visibility::Internal,
        )
        .await
        .expect("internal");
    assert!(w.mails().await.is_empty());
    let view = w
        .service
        .guest_case(&token, created.case_id)
        .await
        .expect("view");
    assert_eq!(view.timeline.len(), 2);
}

#[tokio::test]
async fn a_recipient_limited_contact_is_skipped_and_the_change_still_happens() {
    let w = world();
    let admin = w.organisation("acme", NewForm::default()).await;
    let (created, _) = submitted(&w, "acme", "ada@example.org", "ok").await;
    w.service
        .change_status(&admin, created.case_id, CaseStatus::Open, None)
        .await
        .expect("open");
    let changed = w
        .service
        .change_status(&admin, created.case_id, CaseStatus::Pending, None)
        .await
        .expect("pending, even though the contact was just mailed");
    assert_eq!(changed.status, CaseStatus::Pending);
    assert_eq!(w.mails().await.len(), 1);
    // Same status again changes nothing.
    let same = w
        .service
        .change_status(&admin, created.case_id, CaseStatus::Pending, None)
        .await
        .expect("same");
    assert_eq!(same.updated_at, changed.updated_at);
}

#[tokio::test]
async fn the_per_ip_limit_holds_then_lifts() {
    let w = world();
    w.organisation("acme", NewForm::default()).await;
    let policy = IntakePolicy::default();
    for n in 0..policy.per_ip {
        w.service
            .submit(submission(
                "acme",
                raw(&format!("p{n}@example.org"), &format!("ok:{n}")),
            ))
            .await
            .expect("within the limit");
    }
    let limited = w
        .service
        .submit(submission("acme", raw("late@example.org", "ok:late")))
        .await;
    assert!(
        matches!(limited, Err(SubmitError::RateLimited { retry_after_seconds }) if retry_after_seconds > 0),
        "{limited:?}"
    );
    w.clock.advance(policy.window);
    w.service
        .submit(submission("acme", raw("late@example.org", "ok:late")))
        .await
        .expect("after the window");
}

#[tokio::test]
async fn submissions_are_checked_field_by_field_in_the_forms_language() {
    let w = world();
    w.organisation(
        "acme",
        NewForm {
            default_language: Some(Language::Fr),
            ..NewForm::default()
        },
    )
    .await;
    let mut fields = raw("ada@example.org\r\nBcc: eve@example.org", "ok");
    fields.priority = Some("whenever".into());
    fields.description = Some("x".repeat(20_001));
    fields.phone = Some("call me".into()); // the standard form shows a phone field
    fields.address = Some("\0".into()); // not shown: ignored
    let Err(SubmitError::Invalid(errors)) = w.service.submit(submission("acme", fields)).await
    else {
        panic!("invalid expected");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["email", "phone", "description", "priority"]);
    assert!(errors[0].message.contains("retours à la ligne"));
    // Captcha problems come after the fields.
    let mut fields = raw("ada@example.org", "wrong");
    assert!(matches!(
        w.service.submit(submission("acme", fields.clone())).await,
        Err(SubmitError::Captcha(
            frontdesk_kernel::CaptchaError::Invalid
        ))
    ));
    fields.captcha = None;
    assert!(matches!(
        w.service.submit(submission("acme", fields)).await,
        Err(SubmitError::Captcha(
            frontdesk_kernel::CaptchaError::Missing
        ))
    ));
    assert!(matches!(
        w.service
            .submit(Submission {
                form_slug: "nope".into(),
                ..submission("acme", raw("ada@example.org", "ok"))
            })
            .await,
        Err(SubmitError::NotFound)
    ));
}

#[tokio::test]
async fn an_existing_contact_is_never_overwritten_by_a_submission() {
    let w = world();
    let admin = w.organisation("acme", NewForm::default()).await;
    let (first, _) = submitted(&w, "acme", "ada@example.org", "ok:1").await;
    w.clock.advance(Duration::minutes(2));
    let mut fields = raw("Ada@EXAMPLE.org", "ok:2");
    fields.first_name = Some("Mallory".into());
    let second = w
        .service
        .submit(submission("acme", fields))
        .await
        .expect("second");
    assert_eq!(second.number, CaseNumber(first.number.0 + 1));
    let detail = w
        .service
        .case_detail(&admin, second.case_id)
        .await
        .expect("detail");
    assert_eq!(detail.contacts.len(), 1);
    assert_eq!(detail.contacts[0].first_name, "Ada");
    assert_eq!(
        detail
            .case
            .submitted
            .as_ref()
            .map(|s| s.first_name.as_str()),
        Some("Mallory")
    );
    let org = admin.org_id;
    assert_eq!(w.cases.contact_count(org), 1);
    let by_contact = w
        .service
        .list_cases(
            &admin,
            CaseFilter {
                contact: Some(detail.contacts[0].id),
                ..CaseFilter::default()
            },
            PageRequest::first(),
        )
        .await
        .expect("list");
    assert_eq!(by_contact.items.len(), 2);
    let _: ContactId = detail.contacts[0].id;
}

#[tokio::test]
async fn forms_take_defaults_and_keep_their_rules() {
    let w = world();
    let admin = w.organisation("acme", NewForm::default()).await;
    let form = w.service.form(&admin, "contact").await.expect("form");
    assert_eq!(form.fields, Form::standard_fields());
    assert_eq!(form.guest_edit_statuses, vec![CaseStatus::New]);
    assert!(form.notify_contacts);
    assert!(!form.share_links_enabled);
    assert_eq!(form.default_language, Language::En);
    assert!(matches!(
        w.service
            .create_form(
                &admin,
                NewForm {
                    slug: "contact".into(),
                    name: "Again".into(),
                    ..NewForm::default()
                }
            )
            .await,
        Err(CreateFormError::SlugTaken)
    ));
    assert!(matches!(
        w.service
            .create_form(
                &admin,
                NewForm {
                    slug: "Bad Slug".into(),
                    name: "x".into(),
                    ..NewForm::default()
                }
            )
            .await,
        Err(CreateFormError::Invalid(FormError::Slug))
    ));
    let changed = w
        .service
        .update_form(
            &admin,
            "contact",
            FormChanges {
                notify_contacts: Some(false),
                guest_edit_statuses: Some(vec![CaseStatus::Open, CaseStatus::New]),
                ..FormChanges::default()
            },
        )
        .await
        .expect("update");
    assert!(!changed.notify_contacts);
    assert_eq!(
        changed.guest_edit_statuses,
        vec![CaseStatus::New, CaseStatus::Open]
    );
    assert!(matches!(
        w.service
            .update_form(
                &admin,
                "contact",
                FormChanges {
                    fields: Some(vec![]),
                    ..FormChanges::default()
                }
            )
            .await,
        Err(UpdateFormError::Invalid(FormError::MandatoryField(_)))
    ));
    let agent = actor(admin.org_id, Profile::Agent);
    assert!(matches!(
        w.service.form(&agent, "contact").await,
        Err(GetFormError::Forbidden(_))
    ));
    assert!(matches!(
        w.service.form(&admin, "missing").await,
        Err(GetFormError::FormNotFound)
    ));
}
