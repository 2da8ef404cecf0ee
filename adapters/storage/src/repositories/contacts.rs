//! Contacts and their notification preferences.

use frontdesk_contacts::{
    Contact, ContactRepository, Counted, PageNumber, Phone, PostalAddress, SearchText,
};
use frontdesk_kernel::{
    CaseId, ClientId, ContactId, EmailAddress, OrgId, PersonName, RepositoryError, Uow,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    Statement,
};
use time::OffsetDateTime;

use super::overview::statement;
use super::views::{model, prefixed_columns};
use crate::convert::{
    contains_pattern, corrupt, from_micros, micros, placeholders, unavailable, write_error,
};
use crate::entities::contact_case_unsubscribes;
use crate::entities::contacts::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "contacts";

fn to_row(contact: &Contact) -> contacts::Model {
    contacts::Model {
        id: contact.id.as_uuid(),
        org_id: contact.org_id.as_uuid(),
        email: contact.email.as_str().to_owned(),
        email_normalised: contact.email.normalised(),
        first_name: contact.first_name.as_str().to_owned(),
        last_name: contact.last_name.as_str().to_owned(),
        phone: contact.phone.as_ref().map(|p| p.as_str().to_owned()),
        address: contact.address.as_ref().map(|a| a.as_str().to_owned()),
        client_id: contact.client_id.map(|id| id.as_uuid()),
        unsubscribed_all: contact.unsubscribed_all,
        created_at_us: micros(contact.created_at),
    }
}

pub(crate) fn to_contact(row: &contacts::Model) -> Result<Contact, RepositoryError> {
    Ok(Contact {
        id: ContactId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        email: EmailAddress::parse(&row.email).map_err(|e| corrupt(TABLE, "email", e))?,
        first_name: PersonName::parse(&row.first_name)
            .map_err(|e| corrupt(TABLE, "first_name", e))?,
        last_name: PersonName::parse(&row.last_name).map_err(|e| corrupt(TABLE, "last_name", e))?,
        phone: row
            .phone
            .as_deref()
            .map(Phone::parse)
            .transpose()
            .map_err(|e| corrupt(TABLE, "phone", e))?,
        address: row
            .address
            .as_deref()
            .map(PostalAddress::parse)
            .transpose()
            .map_err(|e| corrupt(TABLE, "address", e))?,
        client_id: row.client_id.map(ClientId::from_uuid),
        unsubscribed_all: row.unsubscribed_all,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
    })
}

fn by_email(org: OrgId, email: &EmailAddress) -> sea_orm::Select<contacts::Entity> {
    contacts::Entity::find()
        .filter(Column::OrgId.eq(org.as_uuid()))
        .filter(Column::EmailNormalised.eq(email.normalised()))
}

#[async_trait::async_trait]
impl ContactRepository for Database {
    async fn insert(&self, uow: &mut Uow, contact: &Contact) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        // A taken address is not an error to the database (`DO NOTHING`), so the caller's
        // transaction stays usable and can look the winning contact up; no savepoint needed.
        let inserted = contacts::Entity::insert(to_row(contact).into_active_model())
            .on_conflict(
                OnConflict::columns([Column::OrgId, Column::EmailNormalised])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["email"]))?;
        if inserted == 0 {
            return Err(RepositoryError::Conflict("email"));
        }
        Ok(())
    }

    /// One statement: an insert whose conflict on the address "updates" the address to
    /// itself, so that `RETURNING` yields the existing row unchanged. On `PostgreSQL` a
    /// concurrent unit of work inserting the same address waits for this one and then gets
    /// the committed row.
    async fn find_or_insert_in(
        &self,
        uow: &mut Uow,
        contact: &Contact,
    ) -> Result<Contact, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = contacts::Entity::insert(to_row(contact).into_active_model())
            .on_conflict(
                OnConflict::columns([Column::OrgId, Column::EmailNormalised])
                    .update_column(Column::EmailNormalised)
                    .to_owned(),
            )
            .exec_with_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["email"]))?;
        to_contact(&row)
    }

    async fn rename_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ContactId,
        first_name: &PersonName,
        last_name: &PersonName,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let changed = contacts::Entity::update_many()
            .col_expr(Column::FirstName, Expr::value(first_name.as_str()))
            .col_expr(Column::LastName, Expr::value(last_name.as_str()))
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .exec(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(changed.rows_affected > 0)
    }

    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError> {
        contacts::Entity::find_by_id(id.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| to_contact(&row))
            .transpose()
    }

    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        by_email(org, email)
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| to_contact(&row))
            .transpose()
    }

    async fn find_by_email_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        by_email(org, email)
            .one(transaction)
            .await
            .map_err(unavailable)?
            .map(|row| to_contact(&row))
            .transpose()
    }

    async fn unsubscribe_case(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        // Only for a contact and a case of `org`; unsubscribing twice keeps the first time.
        let backend = self.writer().get_database_backend();
        let sql = placeholders(
            backend,
            "INSERT INTO contact_case_unsubscribes (org_id, contact_id, case_id, at_us) \
             SELECT ?, ?, ?, ? \
             WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ? AND org_id = ?) \
             AND EXISTS (SELECT 1 FROM cases WHERE id = ? AND org_id = ?) \
             ON CONFLICT (contact_id, case_id) DO NOTHING",
        );
        let (org, contact, case) = (org.as_uuid(), contact.as_uuid(), case.as_uuid());
        self.writer()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    org.into(),
                    contact.into(),
                    case.into(),
                    micros(at).into(),
                    contact.into(),
                    org.into(),
                    case.into(),
                    org.into(),
                ],
            ))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn unsubscribe_all(
        &self,
        org: OrgId,
        contact: ContactId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        contacts::Entity::update_many()
            .col_expr(Column::UnsubscribedAll, Expr::value(true))
            .filter(Column::Id.eq(contact.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn is_subscribed(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
    ) -> Result<bool, RepositoryError> {
        let Some(row) = contacts::Entity::find_by_id(contact.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
        else {
            // Nobody to notify.
            return Ok(false);
        };
        if row.unsubscribed_all {
            return Ok(false);
        }
        let unsubscribed = contact_case_unsubscribes::Entity::find()
            .filter(contact_case_unsubscribes::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_case_unsubscribes::Column::ContactId.eq(contact.as_uuid()))
            .filter(contact_case_unsubscribes::Column::CaseId.eq(case.as_uuid()))
            .count(self.reader())
            .await
            .map_err(unavailable)?;
        Ok(unsubscribed == 0)
    }

    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Contact>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let mut conditions = "contacts.org_id = ?".to_owned();
        let mut values: Vec<sea_orm::Value> = vec![org.as_uuid().into()];
        if let Some(text) = &text {
            let pattern = contains_pattern(text.folded());
            conditions.push_str(
                " AND (LOWER(contacts.email) LIKE ? ESCAPE '\\' \
                 OR LOWER(contacts.first_name || ' ' || contacts.last_name) LIKE ? ESCAPE '\\')",
            );
            values.extend([pattern.clone().into(), pattern.into()]);
        }
        let total: i64 = self
            .reader()
            .query_one_raw(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM contacts WHERE {conditions}"),
                values.clone(),
            ))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| corrupt(TABLE, "count", "no row returned"))?
            .try_get("", "n")
            .map_err(unavailable)?;
        let total = u64::try_from(total).map_err(|e| corrupt(TABLE, "count", e))?;
        if total <= page.offset() {
            return Ok(Counted {
                rows: Vec::new(),
                total,
            });
        }
        values.push(i64::from(page.per_page).into());
        values.push(i64::try_from(page.offset()).unwrap_or(i64::MAX).into());
        let sql = format!(
            "SELECT {} FROM contacts WHERE {conditions} \
             ORDER BY LOWER(contacts.last_name), LOWER(contacts.first_name), contacts.id \
             LIMIT ? OFFSET ?",
            prefixed_columns::<contacts::Entity>("p_"),
        );
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, values))
            .await
            .map_err(unavailable)?;
        Ok(Counted {
            rows: rows
                .iter()
                .map(|row| to_contact(&model::<contacts::Model>(row, "p_")?))
                .collect::<Result<_, _>>()?,
            total,
        })
    }
}
