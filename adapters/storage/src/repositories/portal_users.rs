//! Staff's list of portal users (`contact_users` joined with their `contacts`, filtered by
//! state, text and client) and the access a removal revokes (`access_grants`,
//! `public_cases_rules`).

use frontdesk_contacts::{PortalUserDirectory, PortalUserQuery};
use frontdesk_kernel::{
    ContactUserId, OrgId, Page, PageRequest, RepositoryError, StaffUserId, Uow, Uuid,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use super::overview::statement;
use crate::convert::{contains_pattern, micros, unavailable};
use crate::entities::{access_grants, public_cases_rules};
use crate::{Database, SeaOrmUnitOfWork};

#[async_trait::async_trait]
impl PortalUserDirectory for Database {
    async fn search(
        &self,
        org: OrgId,
        query: &PortalUserQuery,
        page: PageRequest,
    ) -> Result<Page<ContactUserId>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let mut sql = "SELECT cu.id AS id FROM contact_users cu \
             JOIN contacts c ON c.id = cu.contact_id AND c.org_id = cu.org_id \
             WHERE cu.org_id = ? AND cu.state <> 'removed'"
            .to_owned();
        let mut values: Vec<sea_orm::Value> = vec![org.as_uuid().into()];
        if let Some(state) = query.state {
            let states = state.states();
            sql.push_str(" AND cu.state IN (");
            sql.push_str(&vec!["?"; states.len()].join(", "));
            sql.push(')');
            values.extend(states.iter().map(|s| s.as_str().into()));
        }
        if let Some(text) = &query.text {
            let pattern = contains_pattern(text.folded());
            sql.push_str(
                " AND (LOWER(c.email) LIKE ? ESCAPE '\\' \
                 OR LOWER(c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '\\' \
                 OR cu.username LIKE ? ESCAPE '\\')",
            );
            values.extend([
                pattern.clone().into(),
                pattern.clone().into(),
                pattern.into(),
            ]);
        }
        if let Some(client) = query.client {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM contact_user_clients l \
                 WHERE l.contact_user_id = cu.id AND l.client_id = ?)",
            );
            values.push(client.as_uuid().into());
        }
        if let Some(after) = page.after {
            sql.push_str(" AND cu.id > ?");
            values.push(after.into());
        }
        sql.push_str(" ORDER BY cu.id LIMIT ?");
        values.push(i64::from(page.limit + 1).into());
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, values))
            .await
            .map_err(unavailable)?;
        let ids = rows
            .iter()
            .map(|row| {
                row.try_get::<Uuid>("", "id")
                    .map(ContactUserId::from_uuid)
                    .map_err(unavailable)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(ids, page, ContactUserId::as_uuid))
    }

    async fn revoke_access(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let grants = access_grants::Entity::update_many()
            .col_expr(access_grants::Column::RevokedAtUs, Expr::value(micros(at)))
            .col_expr(access_grants::Column::RevokedBy, Expr::value(by.as_uuid()))
            .filter(access_grants::Column::OrgId.eq(org.as_uuid()))
            .filter(access_grants::Column::ContactUserId.eq(user.as_uuid()))
            .filter(access_grants::Column::RevokedAtUs.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected;
        let rules = public_cases_rules::Entity::delete_many()
            .filter(public_cases_rules::Column::OrgId.eq(org.as_uuid()))
            .filter(public_cases_rules::Column::ContactUserId.eq(user.as_uuid()))
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected;
        Ok(grants + rules)
    }
}
