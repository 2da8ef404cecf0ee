//! Property tests of the staff console's reads, through `CasesService` over the testkit's
//! in-memory fakes with a fake clock: the 30-day bucketing of the statistics (a case created
//! at 00:00:00 UTC counts for that day; 29 days ago is in, 30 days ago out) and the case
//! search (every row passes every filter, the total is right, pages neither overlap nor
//! skip, the order holds), never counting another organisation's cases.

use std::collections::BTreeSet;
use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{Contact, ContactRepository};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, ContactId, EmailAddress, FormId, Language, OrgId, PersonName,
    StaffUserId, Uuid, UuidV7Generator,
};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryStore, InMemoryUnitOfWork,
    SequenceTokenSource, cases_ports,
};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime, UtcOffset};

const DAY_SECONDS: i64 = 86_400;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    service: CasesService,
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
    World {
        clock,
        store,
        cases,
        service: CasesService::new(ports, IntakePolicy::default()),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn viewer(org: OrgId) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([Profile::Agent]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    /// A new organisation with forms `support` and `sales`.
    async fn organisation(&self) -> (OrgId, [Form; 2]) {
        let suffix = &Uuid::now_v7().simple().to_string()[20..];
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(&format!("org-{suffix}")).expect("slug"),
            name: OrgName::parse("Org").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: self.clock.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        let form = |slug: &str, name: &str| Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            slug: FormSlug::parse(slug).expect("slug"),
            name: name.to_owned(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: false,
            share_links_enabled: false,
            created_at: org.created_at,
        };
        let forms = [form("support", "Support"), form("sales", "Sales")];
        for form in &forms {
            FormRepository::insert(&self.cases, form)
                .await
                .expect("form");
        }
        (org.id, forms)
    }

    /// A case of `org` through `form`, created at `created_at`.
    async fn case(&self, org: OrgId, form: FormId, created_at: OffsetDateTime) -> Case {
        let mut uow = InMemoryUnitOfWork;
        let number = self.cases.next_number(&mut uow, org).await.expect("number");
        let case = Case {
            id: CaseId::from_uuid(Uuid::now_v7()),
            org_id: org,
            number,
            form_id: form,
            title: format!("Case {number}"),
            description: None,
            priority: Priority::Normal,
            project: None,
            status: CaseStatus::New,
            language: Language::En,
            submitted: None,
            assignee: None,
            created_at,
            updated_at: created_at,
            client_id: None,
            public: false,
        };
        CaseRepository::insert(&self.cases, &mut uow, &case)
            .await
            .expect("case");
        case
    }

    async fn save(&self, case: &Case) {
        CaseRepository::update(&self.cases, &mut InMemoryUnitOfWork, case)
            .await
            .expect("update");
    }

    async fn contact(&self, org: OrgId, email: &str, first: &str, last: &str) -> Contact {
        let contact = Contact {
            id: ContactId::from_uuid(Uuid::now_v7()),
            org_id: org,
            email: EmailAddress::parse(email).expect("email"),
            first_name: PersonName::parse(first).expect("name"),
            last_name: PersonName::parse(last).expect("name"),
            phone: None,
            address: None,
            unsubscribed_all: false,
            created_at: self.clock.now(),
            client_id: None,
        };
        ContactRepository::insert(&self.cases, &mut InMemoryUnitOfWork, &contact)
            .await
            .expect("contact");
        contact
    }
}

/// An instant between 2024 and 2030, to the microsecond, seen from some UTC offset.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (1_704_067_200i64..1_893_456_000, 0i64..1_000_000, -12i8..=14).prop_map(
        |(seconds, micros, hours)| {
            let utc = OffsetDateTime::from_unix_timestamp(seconds).expect("in range")
                + Duration::microseconds(micros);
            utc.to_offset(UtcOffset::from_hms(hours, 0, 0).expect("offset"))
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_thirty_days_end_today_and_count_each_case_on_its_utc_day(
        now in instant(),
        offsets in prop::collection::vec(0i64..(33 * DAY_SECONDS * 1_000_000), 0..40),
        statuses in prop::collection::vec(prop::sample::select(CaseStatus::ALL.to_vec()), 40),
        foreign in 0usize..5,
    ) {
        runtime().block_on(async {
            let w = world();
            w.clock.set(now);
            let (org, forms) = w.organisation().await;
            let (other, other_forms) = w.organisation().await;
            let today = now.to_offset(UtcOffset::UTC).date();
            let first = today - Duration::days(29);
            let start = first.midnight().assume_utc();
            // Boundaries: 00:00:00 of the first day, 29 days ago (in); a microsecond before
            // it, 30 days ago (out); the first day's last microsecond and the next midnight
            // (days 0 and 1); 00:00:00 today (in, last day).
            let mut created: Vec<OffsetDateTime> = vec![
                start,
                start - Duration::microseconds(1),
                start - Duration::days(1),
                start + Duration::days(1) - Duration::microseconds(1),
                start + Duration::days(1),
                today.midnight().assume_utc(),
            ];
            // Random instants from three days before the window up to now.
            let earliest = start - Duration::days(3);
            let span = (now - earliest).whole_microseconds();
            created.extend(offsets.iter().map(|offset| {
                earliest + Duration::microseconds(i64::try_from(i128::from(*offset) % span).expect("fits"))
            }));
            let mut expected = [0u64; 30];
            let mut open = [0u64; 3];
            let mut open_by_form = [0u64; 2];
            for (index, at) in created.iter().enumerate() {
                let form = &forms[index % 2];
                let mut case = w.case(org, form.id, *at).await;
                case.status = statuses[index % statuses.len()];
                w.save(&case).await;
                let day = (at.to_offset(UtcOffset::UTC).date() - first).whole_days();
                if let Ok(day) = usize::try_from(day) {
                    expected[day] += 1;
                }
                if let Some(slot) = CaseStatus::OPEN.iter().position(|s| *s == case.status) {
                    open[slot] += 1;
                    open_by_form[index % 2] += 1;
                }
            }
            for _ in 0..foreign {
                w.case(other, other_forms[0].id, today.midnight().assume_utc()).await;
            }

            let stats = w.service.statistics(&viewer(org)).await.expect("statistics");
            prop_assert_eq!(stats.created_per_day.len(), 30);
            prop_assert_eq!(stats.created_per_day[0].day, first);
            prop_assert_eq!(stats.created_per_day[29].day, today);
            for (index, day) in stats.created_per_day.iter().enumerate() {
                prop_assert_eq!(day.day, first + Duration::days(i64::try_from(index).expect("small")));
                prop_assert_eq!(day.created, expected[index], "day {}", day.day);
            }
            prop_assert!(stats.created_per_day[0].created >= 2, "00:00:00 of 29 days ago is in");
            prop_assert!(stats.created_per_day[1].created >= 1, "the next midnight is the next day");
            prop_assert!(stats.created_per_day[29].created >= 1, "00:00:00 today is in");
            prop_assert_eq!(
                stats.open_by_status.clone(),
                CaseStatus::OPEN.iter().copied().zip(open).collect::<Vec<_>>()
            );
            prop_assert_eq!(stats.open_total(), open.iter().sum::<u64>());
            let mut by_form: Vec<(String, u64)> = forms
                .iter()
                .zip(open_by_form)
                .filter(|(_, n)| *n > 0)
                .map(|(form, n)| (form.slug.as_str().to_owned(), n))
                .collect();
            by_form.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| {
                let name = |slug: &str| if slug == "sales" { "Sales" } else { "Support" };
                name(&a.0).cmp(name(&b.0))
            }));
            prop_assert_eq!(
                stats.open_by_form.iter().map(|f| (f.form_slug.clone(), f.open)).collect::<Vec<_>>(),
                by_form
            );
            Ok(())
        })?;
    }
}

/// One generated case: title, status, priority, form (0 or 1), assignee (none, A or B),
/// which of three contacts are associated, and how much later it was last changed.
type CaseSeed = (String, CaseStatus, Priority, usize, usize, [bool; 3], u32);

fn case_seed() -> impl Strategy<Value = CaseSeed> {
    (
        "[a-cA-C%_ #0-9]{1,8}",
        prop::sample::select(CaseStatus::ALL.to_vec()),
        prop::sample::select(Priority::ALL.to_vec()),
        0usize..2,
        0usize..3,
        any::<[bool; 3]>(),
        0u32..1_000,
    )
}

/// A generated search: text, status, form (0, 1 or an unknown slug), priority, assignee
/// (anyone, nobody, A or B), sort and page size.
type SearchSeed = (
    Option<String>,
    Option<CaseStatus>,
    Option<usize>,
    Option<Priority>,
    usize,
    CaseSort,
    u32,
);

fn search_seed() -> impl Strategy<Value = SearchSeed> {
    (
        prop::option::of("[a-cA-C%_ #0-9]{0,3}"),
        prop::option::of(prop::sample::select(CaseStatus::ALL.to_vec())),
        prop::option::of(0usize..3),
        prop::option::of(prop::sample::select(Priority::ALL.to_vec())),
        0usize..4,
        prop::sample::select(CaseSort::ALL.to_vec()),
        1u32..8,
    )
}

/// Whether `case`, with `contacts`, matches the text as a person means it: its number
/// (`42`, `#42`), a substring of its title, or of a contact's "first last" or email,
/// ignoring case.
fn text_matches(text: &str, case: &Case, contacts: &[&Contact]) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return true;
    }
    let digits = text.strip_prefix('#').unwrap_or(text);
    let number = (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse::<u64>().ok())
        .flatten();
    let needle = text.to_lowercase();
    let contains = |haystack: &str| haystack.to_lowercase().contains(&needle);
    number == Some(case.number.0)
        || contains(&case.title)
        || contacts.iter().any(|c| {
            contains(&format!("{} {}", c.first_name, c.last_name)) || contains(c.email.as_str())
        })
}

/// Whether `a` may come before `b` under `sort`.
fn in_order(sort: CaseSort, a: &Case, b: &Case) -> bool {
    match sort {
        CaseSort::Newest => a.number > b.number,
        CaseSort::Oldest => a.number < b.number,
        CaseSort::RecentlyUpdated => (a.updated_at, a.number) > (b.updated_at, b.number),
        CaseSort::Priority => (a.priority, a.number) > (b.priority, b.number),
        CaseSort::Title => (a.title.to_lowercase(), a.number) < (b.title.to_lowercase(), b.number),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_row_matches_every_filter_and_pages_cover_the_matches_once(
        seeds in prop::collection::vec(case_seed(), 1..30),
        search in search_seed(),
    ) {
        runtime().block_on(async {
            let w = world();
            let (org, forms) = w.organisation().await;
            let (other, other_forms) = w.organisation().await;
            let people = [
                w.contact(org, "ann@lee.test", "Ann", "Lee").await,
                w.contact(org, "bob_ray@b.test", "Bob_Ray", "Cole").await,
                w.contact(org, "cy@c.test", "Cy", "100% Sure").await,
            ];
            let members = [
                StaffUserId::from_uuid(Uuid::now_v7()),
                StaffUserId::from_uuid(Uuid::now_v7()),
            ];
            let now = w.clock.now();
            let mut all: Vec<(Case, Vec<&Contact>)> = Vec::new();
            for (title, status, priority, form, assignee, linked, later) in &seeds {
                let mut case = w.case(org, forms[*form].id, now).await;
                case.title.clone_from(title);
                case.status = *status;
                case.priority = *priority;
                case.assignee = match assignee {
                    0 => None,
                    n => Some(members[n - 1]),
                };
                case.updated_at = now + Duration::seconds(i64::from(*later));
                w.save(&case).await;
                let mut contacts = Vec::new();
                for (person, on) in people.iter().zip(linked) {
                    if *on {
                        w.cases
                            .link_contact(&mut InMemoryUnitOfWork, org, case.id, person.id, now)
                            .await
                            .expect("link");
                        contacts.push(person);
                    }
                }
                all.push((case, contacts));
                // The same case in another organisation, which must never be found.
                let mut twin = w.case(other, other_forms[*form].id, now).await;
                twin.title.clone_from(title);
                twin.status = *status;
                twin.priority = *priority;
                w.save(&twin).await;
            }

            let (text, status, form, priority, assignee, sort, per_page) = search;
            let assignee = match assignee {
                0 => AssigneeFilter::Anyone,
                1 => AssigneeFilter::Unassigned,
                n => AssigneeFilter::Member(members[n - 2]),
            };
            let form_slug = form.map(|n| match n {
                0 | 1 => forms[n].slug.as_str().to_owned(),
                _ => "nowhere".to_owned(),
            });
            let expected: BTreeSet<u64> = all
                .iter()
                .filter(|(case, contacts)| {
                    text.as_deref().is_none_or(|t| text_matches(t, case, contacts))
                        && status.is_none_or(|s| case.status == s)
                        && form.is_none_or(|n| n < 2 && case.form_id == forms[n].id)
                        && priority.is_none_or(|p| case.priority == p)
                        && assignee.matches(case.assignee)
                })
                .map(|(case, _)| case.number.0)
                .collect();

            let mut seen: Vec<Case> = Vec::new();
            for page in 1u32.. {
                let found = w
                    .service
                    .search_cases(
                        &viewer(org),
                        CaseSearch {
                            text: text.clone(),
                            status,
                            form: form_slug.clone(),
                            priority,
                            assignee,
                            sort,
                            page,
                            per_page,
                            client: None,
                        },
                    )
                    .await
                    .expect("search");
                prop_assert_eq!(found.total, expected.len() as u64, "the total is every match");
                prop_assert_eq!((found.page, found.per_page), (page, per_page));
                prop_assert!(found.rows.len() <= per_page as usize);
                if found.rows.is_empty() {
                    prop_assert!(seen.len() as u64 == found.total, "only the page past the end is empty");
                    break;
                }
                for row in &found.rows {
                    prop_assert_eq!(row.case.org_id, org, "never another organisation's case");
                    prop_assert!(expected.contains(&row.case.number.0), "#{} passes every filter", row.case.number.0);
                    let (stored, contacts) = all
                        .iter()
                        .find(|(case, _)| case.id == row.case.id)
                        .expect("a case of the organisation");
                    prop_assert_eq!(&row.case, stored);
                    let form = forms.iter().find(|f| f.id == stored.form_id).expect("form");
                    prop_assert_eq!(&row.form_slug, form.slug.as_str());
                    prop_assert_eq!(
                        row.contact_name.clone(),
                        contacts.first().map(|c| c.full_name())
                    );
                }
                seen.extend(found.rows.into_iter().map(|row| row.case));
                prop_assert!(page <= 40, "pages end");
            }
            let numbers: BTreeSet<u64> = seen.iter().map(|case| case.number.0).collect();
            prop_assert_eq!(numbers.len(), seen.len(), "pages do not overlap");
            prop_assert_eq!(&numbers, &expected, "pages cover every match");
            for pair in seen.windows(2) {
                prop_assert!(in_order(sort, &pair[0], &pair[1]), "{:?} order", sort);
            }
            Ok(())
        })?;
    }
}
