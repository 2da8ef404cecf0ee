//! `MessagingService::outbox_summary` over the in-memory fakes: what waits and what died, for
//! mail administrators of the organisation only.

use std::sync::Arc;

use frontdesk_access::{AuthMethod, Forbidden, Permission, Profile, ProfileSet, StaffActor};
use frontdesk_kernel::{
    ApiTokenId, EmailAddress, Language, OrgId, StaffUserId, UnitOfWork, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{
    MessagingPorts, MessagingService, NewMail, Outbox, OutboxSummary, OutboxSummaryError,
    RecipientLimits, TemplateKind,
};
use frontdesk_testkit::{BlankTemplateEngine, FakeClock, InMemoryStore, InMemoryUnitOfWork};
use time::Duration;

fn actor(org: OrgId, profiles: impl IntoIterator<Item = Profile>) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of(profiles),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

fn service(store: &InMemoryStore, clock: Arc<FakeClock>) -> MessagingService {
    let store = Arc::new(store.clone());
    MessagingService::new(
        MessagingPorts {
            transactions: store.clone(),
            outbox: store.clone(),
            templates: store.clone(),
            engine: Arc::new(BlankTemplateEngine),
            organisations: store,
            clock,
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    )
}

async fn send(service: &MessagingService, org: OrgId, to: &str) {
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    service
        .enqueue(
            uow.as_mut(),
            NewMail {
                org_id: org,
                to: EmailAddress::parse(to).expect("address"),
                to_name: None,
                kind: TemplateKind::Test,
                language: Language::En,
                data: serde_json::json!({}),
                unsubscribe_url: None,
            },
        )
        .await
        .expect("enqueue");
    uow.commit().await.expect("commit");
}

#[tokio::test]
async fn the_summary_counts_waiting_and_dead_mail_of_the_organisation() {
    let store = InMemoryStore::new();
    let clock = Arc::new(FakeClock::new());
    let service = service(&store, clock.clone());
    let org = OrgId::from_uuid(Uuid::now_v7());
    let other = OrgId::from_uuid(Uuid::now_v7());
    for n in 0..3 {
        send(&service, org, &format!("r{n}@example.org")).await;
    }
    send(&service, other, "elsewhere@example.org").await;
    let admin = actor(org, [Profile::Admin]);
    assert_eq!(
        service.outbox_summary(&admin).await.expect("summary"),
        OutboxSummary {
            waiting: 3,
            dead: 0
        }
    );

    let now = frontdesk_kernel::Clock::now(clock.as_ref());
    let claimed = store
        .claim("w", now, now + Duration::minutes(5), 10)
        .await
        .expect("claim");
    let mine: Vec<_> = claimed
        .iter()
        .filter(|claim| claim.message.org_id == org)
        .collect();
    assert!(
        store
            .mark_sent(mine[0].message.id, "w", now)
            .await
            .expect("sent")
    );
    assert!(
        store
            .mark_failed(mine[1].message.id, "w", "550 no such user", None)
            .await
            .expect("dead")
    );
    assert_eq!(
        service.outbox_summary(&admin).await.expect("summary"),
        OutboxSummary {
            waiting: 1,
            dead: 1
        },
        "the one still sending waits; sent mail is not counted"
    );
}

#[tokio::test]
async fn the_summary_is_for_mail_administrators() {
    let store = InMemoryStore::new();
    let service = service(&store, Arc::new(FakeClock::new()));
    let org = OrgId::from_uuid(Uuid::now_v7());
    for profiles in [vec![Profile::Agent], vec![Profile::CaseAdmin], vec![]] {
        assert!(matches!(
            service.outbox_summary(&actor(org, profiles)).await,
            Err(OutboxSummaryError::Forbidden(Forbidden(
                Permission::ManageMailTemplates
            )))
        ));
    }
}
