//! The dispatcher's decisions, one port mocked at a time: send → sent; temporary failure →
//! retried later with backoff; permanent failure, unrenderable template or last attempt →
//! dead; the stable Message-ID and unsubscribe headers reach the transport.

use std::sync::Arc;

use frontdesk_access::{
    Branding, MockOrganisationRepository, OrgName, OrgSlug, Organisation, PortalMode,
    TokenLifetimePolicy,
};
use frontdesk_kernel::{Clock, EmailAddress, Language, MessageId, OrgId, PersonName, Uuid};
use frontdesk_messaging::*;
use frontdesk_testkit::{FakeClock, SequenceTokenSource};
use time::Duration;

const WORKER: &str = "worker-1";

fn organisation(id: OrgId) -> Organisation {
    Organisation {
        id,
        slug: OrgSlug::parse("acme").expect("slug"),
        name: OrgName::parse("Acme Ltd").expect("name"),
        branding: Branding::default(),
        base_url: "https://desk.acme.example".parse().expect("url"),
        default_language: Language::En,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: FakeClock::new().now(),
    }
}

fn claimed(kind: TemplateKind, attempt: u32) -> ClaimedMessage {
    ClaimedMessage {
        message: OutboundMessage {
            id: MessageId::from_uuid(Uuid::now_v7()),
            org_id: OrgId::from_uuid(Uuid::now_v7()),
            to: EmailAddress::parse("guest@example.org").expect("email"),
            to_name: Some(PersonName::parse("Gail Guest").expect("name")),
            kind,
            language: Language::Fr,
            data: serde_json::json!({"case_url": "https://desk.acme.example/g/x"}),
            unsubscribe_url: Some("https://desk.acme.example/u/fdu_x".into()),
            created_at: FakeClock::new().now(),
        },
        attempt,
    }
}

struct Setup {
    outbox: MockOutbox,
    templates: MockTemplateStore,
    engine: MockTemplateEngine,
    transport: MockMailTransport,
    organisations: MockOrganisationRepository,
    clock: Arc<FakeClock>,
}

impl Setup {
    fn new(claim: ClaimedMessage) -> Self {
        Self::batch(vec![claim])
    }

    /// A dispatcher whose one claim returns `claims`, all of one organisation, kind and
    /// language: the organisation and the template override are read once for the batch.
    fn batch(claims: Vec<ClaimedMessage>) -> Self {
        let org = organisation(claims[0].message.org_id);
        let mut outbox = MockOutbox::new();
        outbox
            .expect_claim()
            .times(1)
            .returning(move |_, _, _, _| Ok(claims.clone()));
        let mut organisations = MockOrganisationRepository::new();
        organisations
            .expect_find()
            .times(1)
            .returning(move |_| Ok(Some(org.clone())));
        let mut templates = MockTemplateStore::new();
        templates
            .expect_find()
            .times(1)
            .returning(|_, _, _| Ok(None));
        let mut engine = MockTemplateEngine::new();
        engine
            .expect_default_template()
            .returning(|_, _| MailTemplate {
                subject: "s".into(),
                html: "h".into(),
                text: "t".into(),
            });
        Self {
            outbox,
            templates,
            engine,
            transport: MockMailTransport::new(),
            organisations,
            clock: Arc::new(FakeClock::new()),
        }
    }

    fn renders(&mut self) {
        self.engine.expect_render().returning(|_, data| {
            Ok(RenderedMail {
                subject: format!(
                    "Hello {}",
                    data["recipient_name"].as_str().unwrap_or_default()
                ),
                html: "<p>hi</p>".into(),
                text: "hi".into(),
            })
        });
    }

    fn dispatcher(self) -> Dispatcher {
        Dispatcher::new(
            Arc::new(self.outbox),
            Arc::new(self.templates),
            Arc::new(self.engine),
            Arc::new(self.transport),
            Arc::new(self.organisations),
            self.clock,
            Arc::new(SequenceTokenSource::default()),
            DispatcherSettings {
                worker_id: WORKER.into(),
                batch_size: 10,
                lease: Duration::seconds(60),
                sender: EmailAddress::parse("desk@acme.example").expect("sender"),
                retry: RetryPolicy::default(),
                concurrency: 4,
            },
        )
    }
}

#[tokio::test]
async fn an_accepted_mail_is_marked_sent_with_a_stable_message_id_and_unsubscribe_header() {
    let claim = claimed(TemplateKind::CaseNotification, 1);
    let id = claim.message.id;
    let mut setup = Setup::new(claim);
    setup.renders();
    setup
        .transport
        .expect_send()
        .withf(move |envelope| {
            envelope.message_id == format!("{id}@desk.acme.example")
                && envelope.list_unsubscribe.as_deref() == Some("https://desk.acme.example/u/fdu_x")
                && envelope.from_name.as_deref() == Some("Acme Ltd")
                && envelope.content.subject == "Hello Gail Guest"
        })
        .times(1)
        .returning(|_| Ok(()));
    setup
        .outbox
        .expect_mark_sent_many()
        .withf(move |ids, worker, _| ids == [id] && worker == WORKER)
        .times(1)
        .returning(|_, _, _| Ok(1));
    let report = setup.dispatcher().dispatch_once().await.expect("dispatch");
    assert_eq!(
        report,
        DispatchReport {
            claimed: 1,
            sent: 1,
            retried: 0,
            dead: 0
        }
    );
}

#[tokio::test]
async fn only_notifications_carry_an_unsubscribe_header() {
    let claim = claimed(TemplateKind::ShareLink, 1);
    let mut setup = Setup::new(claim);
    setup.renders();
    setup
        .transport
        .expect_send()
        .withf(|envelope| envelope.list_unsubscribe.is_none())
        .times(1)
        .returning(|_| Ok(()));
    setup
        .outbox
        .expect_mark_sent_many()
        .returning(|ids, _, _| Ok(ids.len() as u64));
    setup.dispatcher().dispatch_once().await.expect("dispatch");
}

#[tokio::test]
async fn a_batch_reads_its_organisation_and_template_once_and_marks_every_sent_message() {
    let first = claimed(TemplateKind::CaseNotification, 1);
    let org = first.message.org_id;
    let claims: Vec<ClaimedMessage> = (0..3)
        .map(|_| {
            let mut claim = claimed(TemplateKind::CaseNotification, 1);
            claim.message.org_id = org;
            claim
        })
        .collect();
    let mut expected: Vec<_> = claims.iter().map(|claim| claim.message.id).collect();
    expected.sort();
    let mut setup = Setup::batch(claims);
    setup.renders();
    setup.transport.expect_send().times(3).returning(|_| Ok(()));
    let marked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = marked.clone();
    setup
        .outbox
        .expect_mark_sent_many()
        .returning(move |ids, _, _| {
            recorder.lock().expect("lock").extend_from_slice(ids);
            Ok(ids.len() as u64)
        });
    let report = setup.dispatcher().dispatch_once().await.expect("dispatch");
    assert_eq!(report.sent, 3);
    let mut marked = marked.lock().expect("lock").clone();
    marked.sort();
    assert_eq!(marked, expected, "each sent message is marked once");
}

#[tokio::test]
async fn a_temporary_failure_is_retried_later_with_backoff() {
    let claim = claimed(TemplateKind::Test, 2);
    let mut setup = Setup::new(claim);
    setup.renders();
    let now = setup.clock.now();
    setup
        .transport
        .expect_send()
        .returning(|_| Err(TransportError::Transient("451 try later".into())));
    let policy = RetryPolicy::default();
    let (earliest, latest) = (
        now + policy.after_failure(2, 0.0).expect("delay"),
        now + policy.after_failure(2, 1.0).expect("delay"),
    );
    setup
        .outbox
        .expect_mark_failed()
        .withf(move |_, worker, error, retry_at| {
            worker == WORKER
                && error.contains("451")
                && retry_at.is_some_and(|at| earliest <= at && at <= latest)
        })
        .times(1)
        .returning(|_, _, _, _| Ok(true));
    let report = setup.dispatcher().dispatch_once().await.expect("dispatch");
    assert_eq!(report.retried, 1);
}

#[tokio::test]
async fn the_last_attempt_and_permanent_failures_are_dead() {
    for (attempt, failure) in [
        (
            RetryPolicy::default().max_attempts,
            TransportError::Transient("timeout".into()),
        ),
        (1, TransportError::Permanent("550 no such user".into())),
    ] {
        let mut setup = Setup::new(claimed(TemplateKind::Test, attempt));
        setup.renders();
        let failure = failure.clone();
        setup
            .transport
            .expect_send()
            .returning(move |_| Err(failure.clone()));
        setup
            .outbox
            .expect_mark_failed()
            .withf(|_, _, _, retry_at| retry_at.is_none())
            .times(1)
            .returning(|_, _, _, _| Ok(true));
        let report = setup.dispatcher().dispatch_once().await.expect("dispatch");
        assert_eq!(report.dead, 1, "attempt {attempt}");
    }
}

#[tokio::test]
async fn an_unrenderable_template_is_dead_without_reaching_the_transport() {
    let mut setup = Setup::new(claimed(TemplateKind::Test, 1));
    setup
        .engine
        .expect_render()
        .returning(|_, _| Err(RenderError("bad helper".into())));
    setup.transport.expect_send().never();
    setup
        .outbox
        .expect_mark_failed()
        .withf(|_, _, error, retry_at| error.contains("bad helper") && retry_at.is_none())
        .times(1)
        .returning(|_, _, _, _| Ok(true));
    let report = setup.dispatcher().dispatch_once().await.expect("dispatch");
    assert_eq!(report.dead, 1);
}
