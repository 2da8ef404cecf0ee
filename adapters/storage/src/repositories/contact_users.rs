//! Contact users with their client links, their one-time links, and the access domain's
//! view of them ([`ContactUserDirectory`]).

use frontdesk_access::{ContactUserDirectory, ContactUserFacts};
use frontdesk_contacts::{
    ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserLinkRepository,
    ContactUserRepository, ContactUserState, Username,
};
use frontdesk_kernel::{
    ActionTokenId, ClientId, ContactId, ContactUserId, OrgId, PasswordHash, RepositoryError,
    TokenDigest, Uow, Uuid,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use time::OffsetDateTime;

use crate::convert::{corrupt, digest, from_micros, micros, unavailable, write_error};
use crate::entities::{contact_user_clients, contact_user_links, contact_users};
use crate::{Database, SeaOrmUnitOfWork};

const USERS: &str = "contact_users";

fn to_row(user: &ContactUser) -> contact_users::Model {
    contact_users::Model {
        id: user.id.as_uuid(),
        org_id: user.org_id.as_uuid(),
        contact_id: user.contact_id.as_uuid(),
        username: user.username.as_str().to_owned(),
        state: user.state.as_str().to_owned(),
        must_change_password: user.must_change_password,
        password_hash: user
            .password_hash
            .as_ref()
            .map(|hash| hash.as_str().to_owned()),
        temporary_password_expires_at_us: user.temporary_password_expires_at.map(micros),
        created_at_us: micros(user.created_at),
        updated_at_us: micros(user.updated_at),
    }
}

fn to_user(
    row: contact_users::Model,
    clients: Vec<ClientId>,
) -> Result<ContactUser, RepositoryError> {
    Ok(ContactUser {
        id: ContactUserId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        contact_id: ContactId::from_uuid(row.contact_id),
        client_ids: clients,
        username: Username::parse(&row.username)
            .map_err(|error| corrupt(USERS, "username", error))?,
        state: ContactUserState::parse(&row.state)
            .ok_or_else(|| corrupt(USERS, "state", format!("unknown state {:?}", row.state)))?,
        must_change_password: row.must_change_password,
        password_hash: row.password_hash.map(PasswordHash::from_phc),
        temporary_password_expires_at: row
            .temporary_password_expires_at_us
            .map(|at| from_micros(USERS, "temporary_password_expires_at_us", at))
            .transpose()?,
        created_at: from_micros(USERS, "created_at_us", row.created_at_us)?,
        updated_at: from_micros(USERS, "updated_at_us", row.updated_at_us)?,
    })
}

fn to_link(row: &contact_user_links::Model) -> Result<ContactUserLink, RepositoryError> {
    const LINKS: &str = "contact_user_links";
    Ok(ContactUserLink {
        id: ActionTokenId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        contact_user_id: ContactUserId::from_uuid(row.contact_user_id),
        purpose: ContactUserLinkPurpose::parse(&row.purpose).ok_or_else(|| {
            corrupt(
                LINKS,
                "purpose",
                format!("unknown purpose {:?}", row.purpose),
            )
        })?,
        digest: digest(LINKS, &row.digest)?,
        created_at: from_micros(LINKS, "created_at_us", row.created_at_us)?,
        expires_at: from_micros(LINKS, "expires_at_us", row.expires_at_us)?,
        used_at: row
            .used_at_us
            .map(|at| from_micros(LINKS, "used_at_us", at))
            .transpose()?,
    })
}

impl Database {
    /// The users of `rows` with their client links, read with one more statement.
    async fn with_clients(
        &self,
        connection: &impl ConnectionTrait,
        rows: Vec<contact_users::Model>,
    ) -> Result<Vec<ContactUser>, RepositoryError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let links = contact_user_clients::Entity::find()
            .filter(contact_user_clients::Column::ContactUserId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(contact_user_clients::Column::ClientId)
            .all(connection)
            .await
            .map_err(unavailable)?;
        rows.into_iter()
            .map(|row| {
                let clients = links
                    .iter()
                    .filter(|link| link.contact_user_id == row.id)
                    .map(|link| ClientId::from_uuid(link.client_id))
                    .collect();
                to_user(row, clients)
            })
            .collect()
    }

    async fn one_user(
        &self,
        row: Option<contact_users::Model>,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(self.with_clients(self.reader(), vec![row]).await?.pop())
    }
}

/// Replaces the client links of `user` inside `transaction`.
async fn write_clients(
    transaction: &sea_orm::DatabaseTransaction,
    user: &ContactUser,
) -> Result<(), RepositoryError> {
    contact_user_clients::Entity::delete_many()
        .filter(contact_user_clients::Column::ContactUserId.eq(user.id.as_uuid()))
        .exec(transaction)
        .await
        .map_err(unavailable)?;
    if user.client_ids.is_empty() {
        return Ok(());
    }
    let rows = user.client_ids.iter().map(|client| {
        contact_user_clients::Model {
            contact_user_id: user.id.as_uuid(),
            client_id: client.as_uuid(),
            org_id: user.org_id.as_uuid(),
        }
        .into_active_model()
    });
    contact_user_clients::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                contact_user_clients::Column::ContactUserId,
                contact_user_clients::Column::ClientId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(transaction)
        .await
        .map_err(unavailable)?;
    Ok(())
}

fn contact_conflict(error: RepositoryError) -> RepositoryError {
    match error {
        RepositoryError::Conflict("contact_id") => RepositoryError::Conflict("contact"),
        other => other,
    }
}

#[async_trait::async_trait]
impl ContactUserRepository for Database {
    async fn insert(&self, uow: &mut Uow, user: &ContactUser) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        // A taken username is not an error to the database (`DO NOTHING`), so a PostgreSQL
        // transaction stays usable and the caller may try another name.
        let inserted = contact_users::Entity::insert(to_row(user).into_active_model())
            .on_conflict(
                OnConflict::columns([
                    contact_users::Column::OrgId,
                    contact_users::Column::Username,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| contact_conflict(write_error(e, &["contact_id"])))?;
        if inserted == 0 {
            return Err(RepositoryError::Conflict("username"));
        }
        write_clients(transaction, user).await
    }

    async fn update(&self, uow: &mut Uow, user: &ContactUser) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = to_row(user);
        let changed = contact_users::Entity::update_many()
            .col_expr(contact_users::Column::Username, Expr::value(row.username))
            .col_expr(contact_users::Column::State, Expr::value(row.state))
            .col_expr(
                contact_users::Column::MustChangePassword,
                Expr::value(row.must_change_password),
            )
            .col_expr(
                contact_users::Column::PasswordHash,
                Expr::value(row.password_hash),
            )
            .col_expr(
                contact_users::Column::TemporaryPasswordExpiresAtUs,
                Expr::value(row.temporary_password_expires_at_us),
            )
            .col_expr(
                contact_users::Column::UpdatedAtUs,
                Expr::value(row.updated_at_us),
            )
            .filter(contact_users::Column::Id.eq(row.id))
            .filter(contact_users::Column::OrgId.eq(row.org_id))
            .exec(transaction)
            .await
            .map_err(|e| write_error(e, &["username"]))?
            .rows_affected;
        if changed == 0 {
            return Ok(false);
        }
        write_clients(transaction, user).await?;
        Ok(true)
    }

    async fn find(
        &self,
        org: OrgId,
        id: ContactUserId,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        let row = contact_users::Entity::find_by_id(id.as_uuid())
            .filter(contact_users::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?;
        self.one_user(row).await
    }

    async fn find_by_username(
        &self,
        org: OrgId,
        username: &Username,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        let row = contact_users::Entity::find()
            .filter(contact_users::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_users::Column::Username.eq(username.as_str()))
            .one(self.reader())
            .await
            .map_err(unavailable)?;
        self.one_user(row).await
    }

    async fn find_by_contact(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        let row = contact_users::Entity::find()
            .filter(contact_users::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_users::Column::ContactId.eq(contact.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?;
        self.one_user(row).await
    }

    async fn username_taken_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        username: &Username,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        Ok(contact_users::Entity::find()
            .filter(contact_users::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_users::Column::Username.eq(username.as_str()))
            .one(transaction)
            .await
            .map_err(unavailable)?
            .is_some())
    }

    async fn list_for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<ContactUser>, RepositoryError> {
        let ids: Vec<Uuid> = contact_user_clients::Entity::find()
            .filter(contact_user_clients::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_user_clients::Column::ClientId.eq(client.as_uuid()))
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(|link| link.contact_user_id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = contact_users::Entity::find()
            .filter(contact_users::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_users::Column::Id.is_in(ids))
            .order_by_asc(contact_users::Column::Username)
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        self.with_clients(self.reader(), rows).await
    }
}

#[async_trait::async_trait]
impl ContactUserLinkRepository for Database {
    async fn insert(&self, uow: &mut Uow, link: &ContactUserLink) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = contact_user_links::Model {
            id: link.id.as_uuid(),
            org_id: link.org_id.as_uuid(),
            contact_user_id: link.contact_user_id.as_uuid(),
            purpose: link.purpose.as_str().to_owned(),
            digest: link.digest.as_bytes().to_vec(),
            created_at_us: micros(link.created_at),
            expires_at_us: micros(link.expires_at),
            used_at_us: link.used_at.map(micros),
        };
        contact_user_links::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserLink>, RepositoryError> {
        contact_user_links::Entity::find()
            .filter(contact_user_links::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .as_ref()
            .map(to_link)
            .transpose()
    }

    async fn mark_used(
        &self,
        uow: &mut Uow,
        link: &ContactUserLink,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let changed = contact_user_links::Entity::update_many()
            .col_expr(
                contact_user_links::Column::UsedAtUs,
                Expr::value(micros(at)),
            )
            .filter(contact_user_links::Column::Id.eq(link.id.as_uuid()))
            .filter(contact_user_links::Column::UsedAtUs.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected;
        Ok(changed == 1)
    }

    async fn supersede_all(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        Ok(contact_user_links::Entity::update_many()
            .col_expr(
                contact_user_links::Column::UsedAtUs,
                Expr::value(micros(at)),
            )
            .filter(contact_user_links::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_user_links::Column::ContactUserId.eq(user.as_uuid()))
            .filter(contact_user_links::Column::UsedAtUs.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected)
    }
}

#[async_trait::async_trait]
impl ContactUserDirectory for Database {
    async fn contact_user_facts(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<ContactUserFacts>, RepositoryError> {
        Ok(ContactUserRepository::find(self, org, user)
            .await?
            .filter(|user| user.state != ContactUserState::Removed)
            .map(|user| user.facts()))
    }
}
