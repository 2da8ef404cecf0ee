//! The contact search.

use frontdesk_contacts::{Contact, PageNumber, SearchText};

use crate::contract::cases::overview::insert_person;
use crate::contract::cases::{CasesContractSubject, cases_org};

/// The contact search: name ("first last") or email, ignoring case, wildcards literal;
/// sorted by last name, then first name, ignoring case; numbered pages with totals; never
/// another organisation's contacts.
pub async fn contacts_search(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let zoe = insert_person(subject, org.id, "zoe@b.test", "Zoe", "baker").await;
    let dan = insert_person(subject, org.id, "dan@u.test", "Dan", "Under_score").await;
    let ann = insert_person(subject, org.id, "ann@a.test", "Ann", "Adams").await;
    let eve = insert_person(subject, org.id, "eve@u.test", "Eve", "Underwood").await;
    let amy = insert_person(subject, org.id, "amy@b.test", "amy", "Baker").await;
    insert_person(subject, other.id, "ann@a.test", "Ann", "Adams").await;

    let search = |raw: Option<&str>, page: PageNumber| {
        let text = raw.and_then(SearchText::parse);
        async move {
            subject
                .contacts
                .search(org.id, text, page)
                .await
                .expect("search")
        }
    };
    let ids = |rows: &[Contact]| rows.iter().map(|c| c.id).collect::<Vec<_>>();
    let all = search(None, PageNumber::new(1, 100)).await;
    assert_eq!(
        ids(&all.rows),
        vec![ann.id, amy.id, zoe.id, dan.id, eve.id],
        "by last name, then first name, ignoring case"
    );
    assert_eq!(
        all.total, 5,
        "another organisation's contacts are never counted"
    );
    assert_eq!(all.rows[0], ann, "a contact reads back as written");
    for (raw, expected) in [
        ("BAKER", vec![amy.id, zoe.id]),
        ("@b.TEST", vec![amy.id, zoe.id]),
        ("dan under", vec![dan.id]),
        ("under_", vec![dan.id]),
        ("%", vec![]),
        ("eve@u", vec![eve.id]),
    ] {
        let found = search(Some(raw), PageNumber::new(1, 100)).await;
        assert_eq!(ids(&found.rows), expected, "{raw:?}");
        assert_eq!(found.total, expected.len() as u64);
    }
    let pages: Vec<Vec<_>> =
        futures::future::join_all((1..=3).map(|n| search(None, PageNumber::new(n, 2))))
            .await
            .iter()
            .map(|page| {
                assert_eq!(page.total, 5);
                ids(&page.rows)
            })
            .collect();
    assert_eq!(
        pages,
        vec![vec![ann.id, amy.id], vec![zoe.id, dan.id], vec![eve.id]]
    );
    assert!(
        search(None, PageNumber::new(4, 2)).await.rows.is_empty(),
        "past the end"
    );
}
