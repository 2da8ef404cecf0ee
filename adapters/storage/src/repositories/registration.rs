//! Registration links and their counted uses.
//!
//! A use is counted by one conditional `UPDATE … SET uses = uses + 1 WHERE … AND (max_uses
//! IS NULL OR uses < max_uses)` in the caller's unit of work, and logged there only when
//! that `UPDATE` changed a row. On `PostgreSQL` the row lock makes a concurrent `UPDATE`
//! wait and re-check the condition against the committed count; on `SQLite` units of work
//! begin `IMMEDIATE` on the single writer connection, so counts are serialised. Either way
//! no link is ever counted past its maximum.

use frontdesk_kernel::{
    ClientId, ContactUserId, EmailAddress, FormId, Language, OrgId, Page, PageRequest,
    RegistrationLinkId, RepositoryError, StaffUserId, TokenDigest, Uow, Uuid,
};
use frontdesk_registration::{
    AllowedDomains, RegisteredUser, RegistrationLink, RegistrationLinkRepository, RegistrationRole,
    RegistrationUse,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use time::OffsetDateTime;

use crate::convert::{
    corrupt, digest, from_micros, micros, placeholders, unavailable, write_error,
};
use crate::entities::{registration_links, registration_uses};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "registration_links";
const USES: &str = "registration_uses";

fn to_row(link: &RegistrationLink) -> Result<registration_links::Model, RepositoryError> {
    let count =
        |column: &str, value: u32| i32::try_from(value).map_err(|e| corrupt(TABLE, column, e));
    Ok(registration_links::Model {
        id: link.id.as_uuid(),
        org_id: link.org_id.as_uuid(),
        label: link.label.clone(),
        role: link.role.as_str().to_owned(),
        client_id: link.client_id.map(|id| id.as_uuid()),
        auto_case_form: link.auto_case_form.map(|id| id.as_uuid()),
        digest: link.digest.as_bytes().to_vec(),
        language: link.language.code().to_owned(),
        allowed_domains: link.allowed_domains.as_ref().map(AllowedDomains::to_lines),
        max_uses: link
            .max_uses
            .map(|max| count("max_uses", max))
            .transpose()?,
        uses: count("uses", link.uses)?,
        created_by: link.created_by.as_uuid(),
        created_at_us: micros(link.created_at),
        expires_at_us: micros(link.expires_at),
        revoked_at_us: link.revoked_at.map(micros),
    })
}

fn to_link(row: registration_links::Model) -> Result<RegistrationLink, RepositoryError> {
    let count =
        |column: &str, value: i32| u32::try_from(value).map_err(|e| corrupt(TABLE, column, e));
    let allowed_domains = match row.allowed_domains {
        None => None,
        Some(lines) => AllowedDomains::parse(lines.lines())
            .map_err(|e| corrupt(TABLE, "allowed_domains", e))?,
    };
    Ok(RegistrationLink {
        id: RegistrationLinkId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        label: row.label,
        role: RegistrationRole::parse(&row.role).map_err(|e| corrupt(TABLE, "role", e))?,
        client_id: row.client_id.map(ClientId::from_uuid),
        auto_case_form: row.auto_case_form.map(FormId::from_uuid),
        digest: digest(TABLE, &row.digest)?,
        language: Language::parse(&row.language).map_err(|e| corrupt(TABLE, "language", e))?,
        allowed_domains,
        max_uses: row.max_uses.map(|max| count("max_uses", max)).transpose()?,
        uses: count("uses", row.uses)?,
        created_by: StaffUserId::from_uuid(row.created_by),
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
        expires_at: from_micros(TABLE, "expires_at_us", row.expires_at_us)?,
        revoked_at: row
            .revoked_at_us
            .map(|us| from_micros(TABLE, "revoked_at_us", us))
            .transpose()?,
    })
}

fn to_use(row: &registration_uses::Model) -> Result<RegistrationUse, RepositoryError> {
    let who = match (row.contact_user_id, row.staff_user_id) {
        (Some(contact), None) => RegisteredUser::Contact(ContactUserId::from_uuid(contact)),
        (None, Some(staff)) => RegisteredUser::Staff(StaffUserId::from_uuid(staff)),
        _ => {
            return Err(corrupt(
                USES,
                "contact_user_id",
                "exactly one of contact_user_id and staff_user_id is set",
            ));
        }
    };
    Ok(RegistrationUse {
        link_id: RegistrationLinkId::from_uuid(row.link_id),
        who,
        email: EmailAddress::parse(&row.email).map_err(|e| corrupt(USES, "email", e))?,
        at: from_micros(USES, "at_us", row.at_us)?,
    })
}

#[async_trait::async_trait]
impl RegistrationLinkRepository for Database {
    async fn insert(&self, uow: &mut Uow, link: &RegistrationLink) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        registration_links::Entity::insert(to_row(link)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Option<RegistrationLink>, RepositoryError> {
        registration_links::Entity::find_by_id(id.as_uuid())
            .filter(registration_links::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_link)
            .transpose()
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<RegistrationLink>, RepositoryError> {
        registration_links::Entity::find()
            .filter(registration_links::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_link)
            .transpose()
    }

    async fn list(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<RegistrationLink>, RepositoryError> {
        use registration_links::Column;
        let mut query = registration_links::Entity::find().filter(Column::OrgId.eq(org.as_uuid()));
        if let Some(after) = page.after {
            query = query.filter(Column::Id.gt(after));
        }
        let links = query
            .order_by_asc(Column::Id)
            .limit(u64::from(page.limit) + 1)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(to_link)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(links, page, |link| link.id.as_uuid()))
    }

    async fn revoke(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        use registration_links::Column;
        let result = registration_links::Entity::update_many()
            .col_expr(Column::RevokedAtUs, Expr::value(micros(at)))
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::RevokedAtUs.is_null())
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected > 0)
    }

    async fn record_use(
        &self,
        uow: &mut Uow,
        link: &RegistrationLink,
        used: &RegistrationUse,
    ) -> Result<bool, RepositoryError> {
        if used.link_id != link.id {
            return Err(RepositoryError::Corrupt(format!(
                "{USES}.link_id: a use of {} recorded on link {}",
                used.link_id, link.id
            )));
        }
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let backend = transaction.get_database_backend();
        let sql = placeholders(
            backend,
            "UPDATE registration_links SET uses = uses + 1 \
             WHERE id = ? AND org_id = ? AND (max_uses IS NULL OR uses < max_uses) \
             AND revoked_at_us IS NULL AND expires_at_us > ?",
        );
        // The link's state is checked again in the statement that counts, so a revocation
        // or expiry that lands after the caller's check still stops the use.
        let counted = transaction
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    link.id.as_uuid().into(),
                    link.org_id.as_uuid().into(),
                    micros(used.at).into(),
                ],
            ))
            .await
            .map_err(unavailable)?
            .rows_affected()
            > 0;
        if !counted {
            return Ok(false);
        }
        let (contact_user_id, staff_user_id) = match used.who {
            RegisteredUser::Contact(id) => (Some(id.as_uuid()), None),
            RegisteredUser::Staff(id) => (None, Some(id.as_uuid())),
        };
        let row = registration_uses::Model {
            id: Uuid::now_v7(),
            link_id: link.id.as_uuid(),
            org_id: link.org_id.as_uuid(),
            contact_user_id,
            staff_user_id,
            email: used.email.as_str().to_owned(),
            at_us: micros(used.at),
        };
        registration_uses::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        Ok(true)
    }

    async fn list_uses(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Vec<RegistrationUse>, RepositoryError> {
        use registration_uses::Column;
        registration_uses::Entity::find()
            .filter(Column::LinkId.eq(id.as_uuid()))
            .filter(Column::OrgId.eq(org.as_uuid()))
            .order_by_asc(Column::AtUs)
            .order_by_asc(Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_use)
            .collect()
    }
}
