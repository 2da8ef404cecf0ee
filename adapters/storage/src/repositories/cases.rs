//! Cases, their numbers and their contacts.
//!
//! Numbers come from `case_counters`, one row per organisation, bumped by a single
//! `INSERT … ON CONFLICT DO UPDATE … RETURNING` inside the caller's unit of work. On
//! `PostgreSQL` the row lock it takes holds concurrent allocations for the same
//! organisation until the unit of work ends; on `SQLite` the unit of work already holds the
//! only write lock. A rolled-back unit of work rolls its number back too.

use frontdesk_cases::{
    Case, CaseFilter, CaseNumber, CaseRepository, CaseStatus, Priority, SubmittedContact,
};
use frontdesk_kernel::{
    CaseId, ClientId, ContactId, FormId, Language, OrgId, Page, PageRequest, RepositoryError,
    StaffUserId, Uow,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Statement,
};
use time::OffsetDateTime;

use super::overview::{case_conditions, statement};
use super::views::{model, prefixed_columns};
use crate::convert::{corrupt, from_micros, micros, placeholders, unavailable, write_error};
use crate::entities::case_contacts;
use crate::entities::cases::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "cases";

fn to_row(case: &Case) -> Result<cases::Model, RepositoryError> {
    Ok(cases::Model {
        id: case.id.as_uuid(),
        org_id: case.org_id.as_uuid(),
        number: i64::try_from(case.number.0).map_err(|e| corrupt(TABLE, "number", e))?,
        form_id: case.form_id.as_uuid(),
        title: case.title.clone(),
        description: case.description.clone(),
        priority: case.priority.as_str().to_owned(),
        project: case.project.clone(),
        status: case.status.as_str().to_owned(),
        language: case.language.code().to_owned(),
        submitted: case
            .submitted
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| corrupt(TABLE, "submitted", e))?,
        assignee_id: case.assignee.map(|id| id.as_uuid()),
        client_id: case.client_id.map(|id| id.as_uuid()),
        public: case.public,
        created_at_us: micros(case.created_at),
        updated_at_us: micros(case.updated_at),
    })
}

pub(crate) fn to_case(row: cases::Model) -> Result<Case, RepositoryError> {
    Ok(Case {
        id: CaseId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        number: CaseNumber(u64::try_from(row.number).map_err(|e| corrupt(TABLE, "number", e))?),
        form_id: FormId::from_uuid(row.form_id),
        title: row.title,
        description: row.description,
        priority: Priority::parse(&row.priority).ok_or_else(|| {
            corrupt(
                TABLE,
                "priority",
                format!("unknown priority {:?}", row.priority),
            )
        })?,
        project: row.project,
        status: CaseStatus::parse(&row.status)
            .ok_or_else(|| corrupt(TABLE, "status", format!("unknown status {:?}", row.status)))?,
        language: Language::parse(&row.language).map_err(|e| corrupt(TABLE, "language", e))?,
        submitted: row
            .submitted
            .as_deref()
            .map(serde_json::from_str::<SubmittedContact>)
            .transpose()
            .map_err(|e| corrupt(TABLE, "submitted", e))?,
        assignee: row.assignee_id.map(StaffUserId::from_uuid),
        client_id: row.client_id.map(ClientId::from_uuid),
        public: row.public,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
        updated_at: from_micros(TABLE, "updated_at_us", row.updated_at_us)?,
    })
}

#[async_trait::async_trait]
impl CaseRepository for Database {
    async fn next_number(&self, uow: &mut Uow, org: OrgId) -> Result<CaseNumber, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let backend = transaction.get_database_backend();
        let sql = placeholders(
            backend,
            "INSERT INTO case_counters (org_id, last_number) VALUES (?, 1) \
             ON CONFLICT (org_id) DO UPDATE SET last_number = case_counters.last_number + 1 \
             RETURNING last_number",
        );
        let row = transaction
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [org.as_uuid().into()],
            ))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| corrupt("case_counters", "last_number", "no row returned"))?;
        let number: i64 = row.try_get("", "last_number").map_err(unavailable)?;
        u64::try_from(number)
            .map(CaseNumber)
            .map_err(|e| corrupt("case_counters", "last_number", e))
    }

    async fn insert(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        cases::Entity::insert(to_row(case)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["number"]))?;
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = to_row(case)?;
        cases::Entity::update_many()
            .col_expr(Column::Title, Expr::value(row.title))
            .col_expr(Column::Description, Expr::value(row.description))
            .col_expr(Column::Priority, Expr::value(row.priority))
            .col_expr(Column::Project, Expr::value(row.project))
            .col_expr(Column::Status, Expr::value(row.status))
            .col_expr(Column::AssigneeId, Expr::value(row.assignee_id))
            .col_expr(Column::ClientId, Expr::value(row.client_id))
            .col_expr(Column::Public, Expr::value(row.public))
            .col_expr(Column::UpdatedAtUs, Expr::value(row.updated_at_us))
            .filter(Column::Id.eq(row.id))
            .filter(Column::OrgId.eq(row.org_id))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find(&self, org: OrgId, id: CaseId) -> Result<Option<Case>, RepositoryError> {
        cases::Entity::find_by_id(id.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_case)
            .transpose()
    }

    async fn find_by_number(
        &self,
        org: OrgId,
        number: CaseNumber,
    ) -> Result<Option<Case>, RepositoryError> {
        let Ok(number) = i64::try_from(number.0) else {
            return Ok(None);
        };
        cases::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::Number.eq(number))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_case)
            .transpose()
    }

    async fn list(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let mut conditions = case_conditions(org, filter);
        if let Some(after) = page.after {
            conditions.sql.push_str(" AND cases.id > ?");
            conditions.values.push(after.into());
        }
        conditions
            .values
            .push(i64::from(page.limit.saturating_add(1)).into());
        let sql = format!(
            "SELECT {} FROM cases WHERE {} ORDER BY cases.id LIMIT ?",
            prefixed_columns::<cases::Entity>("c_"),
            conditions.sql,
        );
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, conditions.values))
            .await
            .map_err(unavailable)?;
        let cases = rows
            .iter()
            .map(|row| to_case(model::<cases::Model>(row, "c_")?))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(cases, page, |case| case.id.as_uuid()))
    }

    async fn link_contact(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let backend = transaction.get_database_backend();
        // Only a case and a contact of `org`; linking twice keeps the first time.
        let sql = placeholders(
            backend,
            "INSERT INTO case_contacts (org_id, case_id, contact_id, linked_at_us) \
             SELECT ?, ?, ?, ? \
             WHERE EXISTS (SELECT 1 FROM cases WHERE id = ? AND org_id = ?) \
             AND EXISTS (SELECT 1 FROM contacts WHERE id = ? AND org_id = ?) \
             ON CONFLICT (case_id, contact_id) DO NOTHING",
        );
        let (org, case, contact) = (org.as_uuid(), case.as_uuid(), contact.as_uuid());
        transaction
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    org.into(),
                    case.into(),
                    contact.into(),
                    micros(at).into(),
                    case.into(),
                    org.into(),
                    contact.into(),
                    org.into(),
                ],
            ))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn contacts_of(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ContactId>, RepositoryError> {
        let rows = case_contacts::Entity::find()
            .filter(case_contacts::Column::OrgId.eq(org.as_uuid()))
            .filter(case_contacts::Column::CaseId.eq(case.as_uuid()))
            .order_by_asc(case_contacts::Column::LinkedAtUs)
            .order_by_asc(case_contacts::Column::ContactId)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        Ok(rows
            .into_iter()
            .map(|row| ContactId::from_uuid(row.contact_id))
            .collect())
    }
}
