//! Staff users.

use frontdesk_access::{Profile, ProfileSet, StaffUser, StaffUserRepository};
use frontdesk_kernel::{
    EmailAddress, Language, OrgId, Page, PageRequest, PasswordHash, PersonName, RepositoryError,
    StaffUserId, Uow,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use time::OffsetDateTime;

use crate::convert::{corrupt, db_time, unavailable, write_error};
use crate::entities::staff_users::{self, Column};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "staff_users";

/// Profiles are stored as a JSON array of names, e.g. `["admin","agent"]`.
fn profiles_text(profiles: &ProfileSet) -> String {
    let quoted: Vec<String> = profiles
        .names()
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect();
    format!("[{}]", quoted.join(","))
}

fn to_row(user: &StaffUser) -> staff_users::Model {
    staff_users::Model {
        id: user.id.as_uuid(),
        org_id: user.org_id.as_uuid(),
        email: user.email.as_str().to_owned(),
        email_normalised: user.email.normalised(),
        name: user.name.as_str().to_owned(),
        profiles: profiles_text(&user.profiles),
        disabled: user.disabled,
        password_hash: user
            .password_hash
            .as_ref()
            .map(|hash| hash.as_str().to_owned()),
        created_at: db_time(user.created_at),
        updated_at: db_time(user.updated_at),
        language: user.language.map(|language| language.code().to_owned()),
    }
}

impl TryFrom<staff_users::Model> for StaffUser {
    type Error = RepositoryError;

    fn try_from(row: staff_users::Model) -> Result<Self, Self::Error> {
        let names: Vec<String> =
            serde_json::from_str(&row.profiles).map_err(|e| corrupt(TABLE, "profiles", e))?;
        Ok(Self {
            id: StaffUserId::from_uuid(row.id),
            org_id: OrgId::from_uuid(row.org_id),
            email: EmailAddress::parse(&row.email).map_err(|e| corrupt(TABLE, "email", e))?,
            name: PersonName::parse(&row.name).map_err(|e| corrupt(TABLE, "name", e))?,
            profiles: ProfileSet::parse(&names).map_err(|e| corrupt(TABLE, "profiles", e))?,
            disabled: row.disabled,
            password_hash: row.password_hash.map(PasswordHash::from_phc),
            language: row
                .language
                .as_deref()
                .map(Language::parse)
                .transpose()
                .map_err(|e| corrupt(TABLE, "language", e))?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[async_trait::async_trait]
impl StaffUserRepository for Database {
    async fn insert(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        staff_users::Entity::insert(to_row(user).into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["email"]))?;
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = to_row(user);
        staff_users::Entity::update_many()
            .col_expr(Column::Profiles, Expr::value(row.profiles))
            .col_expr(Column::Disabled, Expr::value(row.disabled))
            .col_expr(Column::PasswordHash, Expr::value(row.password_hash))
            .col_expr(Column::UpdatedAt, Expr::value(row.updated_at))
            .filter(Column::Id.eq(row.id))
            .filter(Column::OrgId.eq(row.org_id))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn set_language(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: StaffUserId,
        language: Option<Language>,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let result = staff_users::Entity::update_many()
            .col_expr(
                Column::Language,
                Expr::value(language.map(|language| language.code().to_owned())),
            )
            .col_expr(Column::UpdatedAt, Expr::value(db_time(at)))
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected > 0)
    }

    async fn find(
        &self,
        org: OrgId,
        id: StaffUserId,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        staff_users::Entity::find_by_id(id.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(StaffUser::try_from)
            .transpose()
    }

    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        staff_users::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::EmailNormalised.eq(email.normalised()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(StaffUser::try_from)
            .transpose()
    }

    async fn list(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<StaffUser>, RepositoryError> {
        let mut query = staff_users::Entity::find().filter(Column::OrgId.eq(org.as_uuid()));
        if let Some(after) = page.after {
            query = query.filter(Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(Column::Id)
            .limit(u64::from(page.limit) + 1)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        let users = rows
            .into_iter()
            .map(StaffUser::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(users, page, |user| user.id.as_uuid()))
    }

    async fn count_active_admins(&self, org: OrgId) -> Result<u64, RepositoryError> {
        staff_users::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::Disabled.eq(false))
            .filter(Column::Profiles.contains(format!("\"{}\"", Profile::Admin.as_str())))
            .count(self.reader())
            .await
            .map_err(unavailable)
    }

    async fn count_active_admins_locked(
        &self,
        uow: &mut Uow,
        org: OrgId,
    ) -> Result<u64, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        if transaction.get_database_backend() == DbBackend::Postgres {
            // SQLite units of work begin IMMEDIATE and so already run one at a time.
            transaction
                .execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                    [format!("staff-admins:{org}").into()],
                ))
                .await
                .map_err(unavailable)?;
        }
        staff_users::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::Disabled.eq(false))
            .filter(Column::Profiles.contains(format!("\"{}\"", Profile::Admin.as_str())))
            .count(transaction)
            .await
            .map_err(unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_a_json_array_that_round_trips() {
        let set = ProfileSet::of([Profile::CaseAdmin, Profile::Admin]);
        let text = profiles_text(&set);
        assert_eq!(text, r#"["admin","case_admin"]"#);
        let names: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(ProfileSet::parse(&names).unwrap(), set);
        assert_eq!(profiles_text(&ProfileSet::default()), "[]");
    }
}
