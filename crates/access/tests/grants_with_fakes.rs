//! Use-case tests of `GrantsService` over the in-memory grant store, with a mocked contact
//! user directory: grants stay inside the user's clients and organisation, revokes and rule
//! changes are audited with who and when, lists filter by open and closed, and the case's
//! access lists the grants and the rules that cover it now.
#![expect(clippy::too_many_lines, reason = "a scenario reads best top to bottom")]

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, CaseAction, CaseFacts, CaseRole, CaseStatusFilter, ContactUserFacts, Decision,
    GrantAccess, GrantAccessError, GrantsPorts, GrantsService, MockContactUserDirectory, Profile,
    ProfileSet, PublicCasesRuleError, Reach, RevokeGrantError, SetPublicCasesRule, StaffActor,
};
use frontdesk_kernel::{
    AccessGrantId, ApiTokenId, CaseId, ClientId, ContactUserId, OrgId, StaffUserId, Uuid,
    UuidV7Generator,
};
use frontdesk_testkit::{FakeClock, InMemoryContactUserStore, InMemoryStore};

struct World {
    service: GrantsService,
    grants: Arc<InMemoryContactUserStore>,
    audit: Arc<InMemoryStore>,
    actor: StaffActor,
    user: ContactUserId,
    client: ClientId,
}

fn id() -> Uuid {
    Uuid::now_v7()
}

fn world(active: bool) -> World {
    let org = OrgId::from_uuid(id());
    let user = ContactUserId::from_uuid(id());
    let client = ClientId::from_uuid(id());
    let mut directory = MockContactUserDirectory::new();
    directory
        .expect_contact_user_facts()
        .returning(move |asked_org, asked| {
            Ok(
                (asked_org == org && asked == user).then(|| ContactUserFacts {
                    org_id: org,
                    id: user,
                    client_ids: vec![client],
                    active,
                }),
            )
        });
    let grants = Arc::new(InMemoryContactUserStore::new());
    let audit = Arc::new(InMemoryStore::new());
    let service = GrantsService::new(GrantsPorts {
        transactions: audit.clone(),
        grants: grants.clone(),
        rules: grants.clone(),
        cases: grants.clone(),
        users: Arc::new(directory),
        audit: audit.clone(),
        clock: Arc::new(FakeClock::new()),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        service,
        grants,
        audit,
        actor: StaffActor {
            org_id: org,
            user_id: StaffUserId::from_uuid(id()),
            profiles: ProfileSet::of([Profile::Agent]),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(id())),
        },
        user,
        client,
    }
}

impl World {
    fn case(&self, client: Option<ClientId>, public: bool, open: bool) -> CaseId {
        let case_id = CaseId::from_uuid(id());
        self.grants.set_case(CaseFacts {
            org_id: self.actor.org_id,
            case_id,
            client_id: client,
            public,
            open,
        });
        case_id
    }

    fn request(&self, case_id: CaseId, role: CaseRole) -> GrantAccess {
        GrantAccess {
            contact_user_id: self.user,
            case_id,
            role,
        }
    }
}

#[tokio::test]
async fn grants_stay_within_the_users_clients_and_organisation() {
    let w = world(true);
    let own = w.case(Some(w.client), false, true);
    let foreign_client = w.case(Some(ClientId::from_uuid(id())), false, true);
    let no_client = w.case(None, false, false);

    let grant = w
        .service
        .grant(&w.actor, w.request(own, CaseRole::Viewer))
        .await
        .unwrap();
    assert_eq!(grant.granted_by, w.actor.user_id);
    assert!(matches!(
        w.service
            .grant(&w.actor, w.request(foreign_client, CaseRole::Viewer))
            .await,
        Err(GrantAccessError::CaseNotFound)
    ));
    w.service
        .grant(&w.actor, w.request(no_client, CaseRole::Editor))
        .await
        .unwrap();

    // Another organisation: neither the case nor the user is found.
    let stranger = StaffActor {
        org_id: OrgId::from_uuid(id()),
        ..w.actor.clone()
    };
    assert!(matches!(
        w.service
            .grant(&stranger, w.request(own, CaseRole::Viewer))
            .await,
        Err(GrantAccessError::UserNotFound)
    ));
    let unknown = GrantAccess {
        contact_user_id: ContactUserId::from_uuid(id()),
        ..w.request(own, CaseRole::Viewer)
    };
    assert!(matches!(
        w.service.grant(&w.actor, unknown).await,
        Err(GrantAccessError::UserNotFound)
    ));
    assert!(matches!(
        w.service
            .grant(
                &w.actor,
                w.request(CaseId::from_uuid(id()), CaseRole::Viewer)
            )
            .await,
        Err(GrantAccessError::CaseNotFound)
    ));

    // The same grant again is the same grant; another role replaces it.
    let again = w
        .service
        .grant(&w.actor, w.request(own, CaseRole::Viewer))
        .await
        .unwrap();
    assert_eq!(again.id, grant.id);
    let editor = w
        .service
        .grant(&w.actor, w.request(own, CaseRole::Editor))
        .await
        .unwrap();
    assert_ne!(editor.id, grant.id);

    let open = w
        .service
        .list_grants(&w.actor, w.user, Some(CaseStatusFilter::Open))
        .await
        .unwrap();
    assert_eq!(
        open.iter().map(|g| g.grant.id).collect::<Vec<_>>(),
        [editor.id]
    );
    let closed = w
        .service
        .list_grants(&w.actor, w.user, Some(CaseStatusFilter::Closed))
        .await
        .unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].case.case_id, no_client);
    assert_eq!(
        w.service
            .list_grants(&w.actor, w.user, None)
            .await
            .unwrap()
            .len(),
        2
    );

    let actions: Vec<_> = w
        .audit
        .audit_events()
        .iter()
        .map(|e| (e.action.as_str().to_owned(), e.actor))
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|(a, _)| a == "access_grant.created")
            .count(),
        3
    );
    assert_eq!(
        actions
            .iter()
            .filter(|(a, _)| a == "access_grant.revoked")
            .count(),
        1
    );
    assert!(
        actions
            .iter()
            .all(|(_, actor)| *actor == Some(w.actor.user_id))
    );
}

#[tokio::test]
async fn a_revoke_takes_effect_at_once_and_is_audited_once() {
    let w = world(true);
    let case = w.case(Some(w.client), false, true);
    let grant = w
        .service
        .grant(&w.actor, w.request(case, CaseRole::Viewer))
        .await
        .unwrap();
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Read)
        .await
        .unwrap();
    assert_eq!(
        decision,
        Decision::Allow(Reach::Grant {
            grant: grant.id,
            role: CaseRole::Viewer
        })
    );
    w.service.revoke_grant(&w.actor, grant.id).await.unwrap();
    w.service.revoke_grant(&w.actor, grant.id).await.unwrap();
    let (decision, facts) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Read)
        .await
        .unwrap();
    assert_eq!((decision, facts), (Decision::Deny, None));
    let revokes = w
        .audit
        .audit_events()
        .into_iter()
        .filter(|e| e.action.as_str() == "access_grant.revoked")
        .count();
    assert_eq!(revokes, 1);
    assert!(matches!(
        w.service
            .revoke_grant(&w.actor, AccessGrantId::from_uuid(id()))
            .await,
        Err(RevokeGrantError::NotFound)
    ));
    let stranger = StaffActor {
        org_id: OrgId::from_uuid(id()),
        ..w.actor.clone()
    };
    assert!(matches!(
        w.service.revoke_grant(&stranger, grant.id).await,
        Err(RevokeGrantError::NotFound)
    ));
}

#[tokio::test]
async fn the_public_cases_rule_covers_cases_made_public_later() {
    let w = world(true);
    let case = w.case(Some(w.client), false, true);
    let rule = w
        .service
        .set_public_cases_rule(
            &w.actor,
            SetPublicCasesRule {
                contact_user_id: w.user,
                open: true,
                closed: false,
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rule.set_by, w.actor.user_id);
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Read)
        .await
        .unwrap();
    assert_eq!(decision, Decision::Deny);
    // Staff make it public: the rule covers it on the next read, as a viewer.
    w.grants.set_case(CaseFacts {
        org_id: w.actor.org_id,
        case_id: case,
        client_id: Some(w.client),
        public: true,
        open: true,
    });
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Comment)
        .await
        .unwrap();
    assert_eq!(decision, Decision::Allow(Reach::PublicCases));
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Edit)
        .await
        .unwrap();
    assert_eq!(decision, Decision::Deny);
    let access = w.service.case_access(&w.actor, case).await.unwrap();
    assert_eq!(
        access.rules.len(),
        0,
        "the fake lists rules of known users only"
    );

    // Both off removes the rule.
    let removed = w
        .service
        .set_public_cases_rule(
            &w.actor,
            SetPublicCasesRule {
                contact_user_id: w.user,
                open: false,
                closed: false,
            },
        )
        .await
        .unwrap();
    assert!(removed.is_none());
    assert!(
        w.service
            .public_cases_rule(&w.actor, w.user)
            .await
            .unwrap()
            .is_none()
    );
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Read)
        .await
        .unwrap();
    assert_eq!(decision, Decision::Deny);
    let sets = w
        .audit
        .audit_events()
        .into_iter()
        .filter(|e| e.action.as_str() == "public_cases_rule.set")
        .collect::<Vec<_>>();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[1].detail, "open=false closed=false");
    let stranger = StaffActor {
        org_id: OrgId::from_uuid(id()),
        ..w.actor.clone()
    };
    assert!(matches!(
        w.service
            .set_public_cases_rule(
                &stranger,
                SetPublicCasesRule {
                    contact_user_id: w.user,
                    open: true,
                    closed: true
                }
            )
            .await,
        Err(PublicCasesRuleError::UserNotFound)
    ));
}

#[tokio::test]
async fn disabled_users_pass_nothing() {
    let w = world(false);
    let case = w.case(Some(w.client), true, true);
    w.service
        .grant(&w.actor, w.request(case, CaseRole::Editor))
        .await
        .unwrap();
    let (decision, _) = w
        .service
        .decide_for(w.actor.org_id, w.user, case, CaseAction::Read)
        .await
        .unwrap();
    assert_eq!(decision, Decision::Deny);
}
