//! The activation link's 24 hours, with the fake clock: a sign-up on a public portal, then
//! the link opened `later` seconds afterwards opens exactly while `later` < 24 h, and a
//! used link never opens again.

#![expect(clippy::unwrap_used, reason = "a test: a panic is how it fails")]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use frontdesk_access::{
    Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    TokenLifetimePolicy,
};
use frontdesk_kernel::{
    ActionTokenId, Clock, Language, OrgId, RegistrationLinkId, RepositoryError, UnitOfWork, Uow,
    Uuid, UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, MessageId, NewMail};
use frontdesk_registration::{
    ActivationError, PendingSignUp, PendingSignUpRepository, SignUpForm, SignUpPorts,
    SignUpService, SignUpVia,
};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore,
    InMemoryRegistrationStore, InMemoryStore, InMemoryUnitOfWork, PathLinks, SequenceTokenSource,
};
use proptest::prelude::*;
use secrecy::SecretString;
use time::Duration;

#[derive(Default)]
struct Pending(Mutex<HashMap<Uuid, RegistrationLinkId>>);

#[async_trait::async_trait]
impl PendingSignUpRepository for Pending {
    async fn insert(&self, _uow: &mut Uow, pending: &PendingSignUp) -> Result<(), RepositoryError> {
        self.0
            .lock()
            .unwrap()
            .insert(pending.activation_id.as_uuid(), pending.link_id);
        Ok(())
    }

    async fn link_of(
        &self,
        _org: OrgId,
        activation: ActionTokenId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        Ok(self.0.lock().unwrap().get(&activation.as_uuid()).copied())
    }

    async fn link_of_user(
        &self,
        _org: OrgId,
        _user: frontdesk_kernel::ContactUserId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        // Every sign-up here goes through the portal, none through a registration link.
        assert!(self.0.lock().unwrap().is_empty());
        Ok(None)
    }
}

#[derive(Default)]
struct Mail(Mutex<Vec<NewMail>>);

#[async_trait::async_trait]
impl MailQueue for Mail {
    async fn enqueue(&self, _uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        self.0.lock().unwrap().push(mail);
        Ok(MessageId::from_uuid(Uuid::now_v7()))
    }
}

struct World {
    service: SignUpService,
    clock: Arc<FakeClock>,
    mail: Arc<Mail>,
    slug: OrgSlug,
}

async fn world() -> World {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let clock = Arc::new(FakeClock::new());
    let mail = Arc::new(Mail::default());
    let slug = OrgSlug::parse("workbook").unwrap();
    let org = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: slug.clone(),
        name: OrgName::parse("WorkBook Ltd").unwrap(),
        branding: Branding::default(),
        base_url: "https://desk.example/".parse().unwrap(),
        default_language: Language::En,
        portal_mode: PortalMode::Public,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    store.insert(uow.as_mut(), &org).await.unwrap();
    let service = SignUpService::new(SignUpPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: Arc::new(InMemoryRegistrationStore::new()),
        pending: Arc::new(Pending::default()),
        contacts: cases.clone(),
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        staff: store.clone(),
        staff_links: store.clone(),
        staff_sessions: store.clone(),
        cases: cases.clone(),
        forms: cases,
        grants: users,
        audit: store,
        mail: mail.clone(),
        public_links: Arc::new(PathLinks),
        captcha: Arc::new(FakeCaptcha::new()),
        hasher: Arc::new(FakeHasher::new()),
        clock: clock.clone(),
        tokens: Arc::new(SequenceTokenSource::default()),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        service,
        clock,
        mail,
        slug,
    }
}

/// The token of the last activation link mailed.
fn last_token(world: &World) -> String {
    let sent = world.mail.0.lock().unwrap();
    let url = sent.last().unwrap().data["action_url"]
        .as_str()
        .unwrap()
        .to_owned();
    url.rsplit('/').next().unwrap().to_owned()
}

async fn sign_up(world: &World) -> String {
    world
        .service
        .sign_up(
            SignUpVia::Portal(&world.slug),
            SignUpForm {
                first_name: "Jane".into(),
                last_name: "Doe".into(),
                email: "jane@example.com".into(),
                password: SecretString::from("correct horse battery"),
                captcha: Some(format!("ok:{}", Uuid::now_v7())),
                client_ip: None,
            },
        )
        .await
        .unwrap();
    last_token(world)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn an_activation_link_opens_only_within_its_24_hours(later in 0i64..=172_800) {
        runtime().block_on(async {
            let world = world().await;
            let token = sign_up(&world).await;
            world.clock.advance(Duration::seconds(later));
            let opened = world.service.open_activation(&token).await;
            if later < 86_400 {
                prop_assert!(opened.is_ok(), "{later}: {opened:?}");
                let activated = world.service.activate(&token).await;
                prop_assert!(activated.is_ok(), "{later}");
                let again = world.service.activate(&token).await;
                prop_assert!(
                    matches!(again, Err(frontdesk_registration::ActivateError::Link(ActivationError::Used { .. }))),
                    "a used link never opens again"
                );
            } else {
                prop_assert!(
                    matches!(opened, Err(ActivationError::Expired { .. })),
                    "{later}: {opened:?}"
                );
                prop_assert!(world.service.activate(&token).await.is_err());
            }
            Ok(())
        })?;
    }
}

#[test]
fn the_boundary_itself_is_expired() {
    runtime().block_on(async {
        let world = world().await;
        let token = sign_up(&world).await;
        world.clock.advance(Duration::seconds(86_399));
        assert!(world.service.open_activation(&token).await.is_ok());
        world.clock.advance(Duration::seconds(1));
        assert!(matches!(
            world.service.open_activation(&token).await,
            Err(ActivationError::Expired { .. })
        ));
    });
}
