//! Case timelines.

use frontdesk_cases::{Author, TimelineEntry, TimelineEvent, TimelineRepository, Visibility};
use frontdesk_kernel::{
    CaseId, ContactId, OrgId, RepositoryError, StaffUserId, TimelineEntryId, Uow,
};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};

use crate::convert::{corrupt, from_micros, micros, unavailable, write_error};
use crate::entities::timeline_entries::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "timeline_entries";

fn author_columns(author: Author) -> (&'static str, Option<frontdesk_kernel::Uuid>) {
    match author {
        Author::Staff(id) => ("staff", Some(id.as_uuid())),
        Author::Contact(id) => ("contact", Some(id.as_uuid())),
        Author::System => ("system", None),
    }
}

fn to_author(kind: &str, id: Option<frontdesk_kernel::Uuid>) -> Result<Author, RepositoryError> {
    match (kind, id) {
        ("staff", Some(id)) => Ok(Author::Staff(StaffUserId::from_uuid(id))),
        ("contact", Some(id)) => Ok(Author::Contact(ContactId::from_uuid(id))),
        ("system", None) => Ok(Author::System),
        _ => Err(corrupt(
            TABLE,
            "author_kind",
            format!("author {kind:?} with id {id:?}"),
        )),
    }
}

fn to_row(org: OrgId, entry: &TimelineEntry) -> Result<timeline_entries::Model, RepositoryError> {
    let (author_kind, author_id) = author_columns(entry.author);
    Ok(timeline_entries::Model {
        id: entry.id.as_uuid(),
        org_id: org.as_uuid(),
        case_id: entry.case_id.as_uuid(),
        author_kind: author_kind.to_owned(),
        author_id,
        event: serde_json::to_string(&entry.event).map_err(|e| corrupt(TABLE, "event", e))?,
        visibility: entry.visibility.as_str().to_owned(),
        at_us: micros(entry.at),
    })
}

fn to_entry(row: &timeline_entries::Model) -> Result<TimelineEntry, RepositoryError> {
    Ok(TimelineEntry {
        id: TimelineEntryId::from_uuid(row.id),
        case_id: CaseId::from_uuid(row.case_id),
        author: to_author(&row.author_kind, row.author_id)?,
        event: serde_json::from_str::<TimelineEvent>(&row.event)
            .map_err(|e| corrupt(TABLE, "event", e))?,
        visibility: Visibility::parse(&row.visibility).ok_or_else(|| {
            corrupt(
                TABLE,
                "visibility",
                format!("unknown visibility {:?}", row.visibility),
            )
        })?,
        at: from_micros(TABLE, "at_us", row.at_us)?,
    })
}

#[async_trait::async_trait]
impl TimelineRepository for Database {
    async fn append(
        &self,
        uow: &mut Uow,
        org: OrgId,
        entry: &TimelineEntry,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        timeline_entries::Entity::insert(to_row(org, entry)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(())
    }

    async fn list(
        &self,
        org: OrgId,
        case: CaseId,
        include_internal: bool,
    ) -> Result<Vec<TimelineEntry>, RepositoryError> {
        let mut query = timeline_entries::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::CaseId.eq(case.as_uuid()));
        if !include_internal {
            query = query.filter(Column::Visibility.eq(Visibility::Public.as_str()));
        }
        query
            .order_by_asc(Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(|row| to_entry(&row))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_round_trip_and_mismatches_are_corrupt() {
        let id = frontdesk_kernel::Uuid::now_v7();
        for author in [
            Author::Staff(StaffUserId::from_uuid(id)),
            Author::Contact(ContactId::from_uuid(id)),
            Author::System,
        ] {
            let (kind, id) = author_columns(author);
            assert_eq!(to_author(kind, id).unwrap(), author);
        }
        assert!(to_author("staff", None).is_err());
        assert!(to_author("system", Some(id)).is_err());
        assert!(to_author("robot", Some(id)).is_err());
    }
}
