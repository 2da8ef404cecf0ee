//! Clients (customer companies) and the links of contacts to them.

use frontdesk_contacts::{
    Client, ClientName, ClientRepository, Contact, Counted, PageNumber, SearchText,
};
use frontdesk_kernel::{ClientId, ContactId, OrgId, RepositoryError, Uow};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::contacts::to_contact;
use super::overview::statement;
use super::views::{model, prefixed_columns};
use crate::convert::{contains_pattern, corrupt, from_micros, micros, unavailable, write_error};
use crate::entities::clients::{self, Column};
use crate::entities::{cases, contacts};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "clients";

fn to_row(client: &Client) -> clients::Model {
    clients::Model {
        id: client.id.as_uuid(),
        org_id: client.org_id.as_uuid(),
        name: client.name.as_str().to_owned(),
        created_at_us: micros(client.created_at),
        updated_at_us: micros(client.updated_at),
    }
}

fn to_client(row: &clients::Model) -> Result<Client, RepositoryError> {
    Ok(Client {
        id: ClientId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        name: ClientName::parse(&row.name).map_err(|e| corrupt(TABLE, "name", e))?,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
        updated_at: from_micros(TABLE, "updated_at_us", row.updated_at_us)?,
    })
}

#[async_trait::async_trait]
impl ClientRepository for Database {
    async fn insert(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        clients::Entity::insert(to_row(client).into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["id"]))?;
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = to_row(client);
        clients::Entity::update_many()
            .col_expr(Column::Name, Expr::value(row.name))
            .col_expr(Column::UpdatedAtUs, Expr::value(row.updated_at_us))
            .filter(Column::Id.eq(row.id))
            .filter(Column::OrgId.eq(row.org_id))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find(&self, org: OrgId, id: ClientId) -> Result<Option<Client>, RepositoryError> {
        clients::Entity::find_by_id(id.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(|row| to_client(&row))
            .transpose()
    }

    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Client>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let mut conditions = "clients.org_id = ?".to_owned();
        let mut values: Vec<sea_orm::Value> = vec![org.as_uuid().into()];
        if let Some(text) = &text {
            conditions.push_str(" AND LOWER(clients.name) LIKE ? ESCAPE '\\'");
            values.push(contains_pattern(text.folded()).into());
        }
        let total: i64 = self
            .reader()
            .query_one_raw(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM clients WHERE {conditions}"),
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
            "SELECT {} FROM clients WHERE {conditions} \
             ORDER BY LOWER(clients.name), clients.id LIMIT ? OFFSET ?",
            prefixed_columns::<clients::Entity>("p_"),
        );
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, values))
            .await
            .map_err(unavailable)?;
        Ok(Counted {
            rows: rows
                .iter()
                .map(|row| to_client(&model::<clients::Model>(row, "p_")?))
                .collect::<Result<_, _>>()?,
            total,
        })
    }

    async fn contacts_of(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<Contact>, RepositoryError> {
        let mut found = contacts::Entity::find()
            .filter(contacts::Column::OrgId.eq(org.as_uuid()))
            .filter(contacts::Column::ClientId.eq(client.as_uuid()))
            .order_by_asc(contacts::Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_contact)
            .collect::<Result<Vec<_>, _>>()?;
        found.sort_by_cached_key(|contact| {
            (
                contact.last_name.as_str().to_lowercase(),
                contact.first_name.as_str().to_lowercase(),
                contact.id,
            )
        });
        Ok(found)
    }

    async fn case_count(&self, org: OrgId, client: ClientId) -> Result<u64, RepositoryError> {
        cases::Entity::find()
            .filter(cases::Column::OrgId.eq(org.as_uuid()))
            .filter(cases::Column::ClientId.eq(client.as_uuid()))
            .count(self.reader())
            .await
            .map_err(unavailable)
    }

    async fn set_contact_client(
        &self,
        uow: &mut Uow,
        org: OrgId,
        contact: ContactId,
        client: Option<ClientId>,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let updated = contacts::Entity::update_many()
            .col_expr(
                contacts::Column::ClientId,
                Expr::value(client.map(|id| id.as_uuid())),
            )
            .filter(contacts::Column::Id.eq(contact.as_uuid()))
            .filter(contacts::Column::OrgId.eq(org.as_uuid()))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(updated.rows_affected > 0)
    }
}
