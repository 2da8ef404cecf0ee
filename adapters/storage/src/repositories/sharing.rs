//! Share links, their views and the per-form permission to share.
//!
//! A view is counted by one conditional `UPDATE … SET views = views + 1 WHERE … AND
//! (max_views IS NULL OR views < max_views)` and logged in the same writer transaction only
//! when that `UPDATE` changed a row. On `PostgreSQL` the row lock makes a concurrent `UPDATE`
//! wait and re-check the condition against the committed count; on `SQLite` the transaction
//! begins `IMMEDIATE` on the single writer connection, so counts are serialised. Either way
//! no link is ever counted past its maximum.

use frontdesk_access::Profile;
use frontdesk_kernel::{
    CaseId, FormId, Language, OrgId, PasswordHash, RepositoryError, ShareLinkId, StaffUserId,
    TokenDigest, Uow, Uuid,
};
use frontdesk_sharing::{ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Statement,
};
use time::OffsetDateTime;

use crate::convert::{
    corrupt, digest, from_micros, micros, placeholders, unavailable, write_error,
};
use crate::entities::{form_share_permissions, share_link_views, share_links};
use crate::{Database, SeaOrmUnitOfWork};

const TABLE: &str = "share_links";
const VIEWS: &str = "share_link_views";

fn to_row(link: &ShareLink) -> Result<share_links::Model, RepositoryError> {
    let count =
        |column: &str, value: u32| i32::try_from(value).map_err(|e| corrupt(TABLE, column, e));
    Ok(share_links::Model {
        id: link.id.as_uuid(),
        org_id: link.org_id.as_uuid(),
        case_id: link.case_id.as_uuid(),
        created_by: link.created_by.as_uuid(),
        label: link.label.clone(),
        digest: link.digest.as_bytes().to_vec(),
        language: link.language.code().to_owned(),
        created_at_us: micros(link.created_at),
        expires_at_us: micros(link.expires_at),
        max_views: link
            .max_views
            .map(|max| count("max_views", max))
            .transpose()?,
        views: count("views", link.views)?,
        password_hash: link
            .password_hash
            .as_ref()
            .map(|hash| hash.as_str().to_owned()),
        revoked_at_us: link.revoked_at.map(micros),
    })
}

fn to_link(row: share_links::Model) -> Result<ShareLink, RepositoryError> {
    let count =
        |column: &str, value: i32| u32::try_from(value).map_err(|e| corrupt(TABLE, column, e));
    Ok(ShareLink {
        id: ShareLinkId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        case_id: CaseId::from_uuid(row.case_id),
        created_by: StaffUserId::from_uuid(row.created_by),
        label: row.label,
        digest: digest(TABLE, &row.digest)?,
        language: Language::parse(&row.language).map_err(|e| corrupt(TABLE, "language", e))?,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
        expires_at: from_micros(TABLE, "expires_at_us", row.expires_at_us)?,
        max_views: row
            .max_views
            .map(|max| count("max_views", max))
            .transpose()?,
        views: count("views", row.views)?,
        password_hash: row.password_hash.map(PasswordHash::from_phc),
        revoked_at: row
            .revoked_at_us
            .map(|us| from_micros(TABLE, "revoked_at_us", us))
            .transpose()?,
    })
}

fn to_view(row: share_link_views::Model) -> Result<ShareView, RepositoryError> {
    Ok(ShareView {
        link_id: ShareLinkId::from_uuid(row.link_id),
        viewed_at: from_micros(VIEWS, "viewed_at_us", row.viewed_at_us)?,
        user_agent: row.user_agent,
        ip_hash: row.ip_hash,
    })
}

#[async_trait::async_trait]
impl ShareLinkRepository for Database {
    async fn insert(&self, uow: &mut Uow, link: &ShareLink) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        share_links::Entity::insert(to_row(link)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["digest"]))?;
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        share_links::Entity::find()
            .filter(share_links::Column::Digest.eq(digest.as_bytes().to_vec()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_link)
            .transpose()
    }

    async fn find(
        &self,
        org: OrgId,
        id: ShareLinkId,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        share_links::Entity::find_by_id(id.as_uuid())
            .filter(share_links::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(to_link)
            .transpose()
    }

    async fn list_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ShareLink>, RepositoryError> {
        share_links::Entity::find()
            .filter(share_links::Column::OrgId.eq(org.as_uuid()))
            .filter(share_links::Column::CaseId.eq(case.as_uuid()))
            .order_by_desc(share_links::Column::CreatedAtUs)
            .order_by_desc(share_links::Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(to_link)
            .collect()
    }

    async fn revoke(
        &self,
        org: OrgId,
        id: ShareLinkId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let result = share_links::Entity::update_many()
            .col_expr(share_links::Column::RevokedAtUs, Expr::value(micros(at)))
            .filter(share_links::Column::Id.eq(id.as_uuid()))
            .filter(share_links::Column::OrgId.eq(org.as_uuid()))
            .filter(share_links::Column::RevokedAtUs.is_null())
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected > 0)
    }

    async fn record_view(
        &self,
        link: &ShareLink,
        view: &ShareView,
    ) -> Result<bool, RepositoryError> {
        if view.link_id != link.id {
            return Err(RepositoryError::Corrupt(format!(
                "{VIEWS}.link_id: a view of {} recorded on link {}",
                view.link_id, link.id
            )));
        }
        let unit = self.begin_unit().await.map_err(unavailable)?;
        let transaction = unit.transaction();
        let backend = transaction.get_database_backend();
        let sql = placeholders(
            backend,
            "UPDATE share_links SET views = views + 1 \
             WHERE id = ? AND org_id = ? AND (max_views IS NULL OR views < max_views) \
             AND revoked_at_us IS NULL AND expires_at_us > ?",
        );
        // The link's state is checked again in the same statement that counts, so a
        // revocation or expiry that lands after the caller's check still stops the view.
        let counted = transaction
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    link.id.as_uuid().into(),
                    link.org_id.as_uuid().into(),
                    micros(view.viewed_at).into(),
                ],
            ))
            .await
            .map_err(unavailable)?
            .rows_affected()
            > 0;
        if !counted {
            // Dropping the unit rolls back the (empty) transaction.
            return Ok(false);
        }
        let row = share_link_views::Model {
            id: Uuid::now_v7(),
            link_id: link.id.as_uuid(),
            viewed_at_us: micros(view.viewed_at),
            user_agent: view.user_agent.clone(),
            ip_hash: view.ip_hash.clone(),
        };
        share_link_views::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &[]))?;
        unit.commit_unit().await.map_err(unavailable)?;
        Ok(true)
    }

    async fn views(&self, org: OrgId, id: ShareLinkId) -> Result<Vec<ShareView>, RepositoryError> {
        share_link_views::Entity::find()
            .filter(share_link_views::Column::LinkId.eq(id.as_uuid()))
            .filter(
                share_link_views::Column::LinkId.in_subquery(
                    Query::select()
                        .column(share_links::Column::Id)
                        .from(share_links::Entity)
                        .and_where(share_links::Column::Id.eq(id.as_uuid()))
                        .and_where(share_links::Column::OrgId.eq(org.as_uuid()))
                        .take(),
                ),
            )
            .order_by_asc(share_link_views::Column::ViewedAtUs)
            .order_by_asc(share_link_views::Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(to_view)
            .collect()
    }
    /// The rule of [`ShareLink::is_open`] in one counting statement; expiry compares unix
    /// microseconds, so `now` equal to the expiry is already closed.
    async fn count_active(&self, org: OrgId, now: OffsetDateTime) -> Result<u64, RepositoryError> {
        share_links::Entity::find()
            .filter(share_links::Column::OrgId.eq(org.as_uuid()))
            .filter(share_links::Column::RevokedAtUs.is_null())
            .filter(share_links::Column::ExpiresAtUs.gt(micros(now)))
            .filter(
                Condition::any()
                    .add(share_links::Column::MaxViews.is_null())
                    .add(
                        Expr::col(share_links::Column::Views)
                            .lt(Expr::col(share_links::Column::MaxViews)),
                    ),
            )
            .count(self.reader())
            .await
            .map_err(unavailable)
    }
}

#[async_trait::async_trait]
impl SharePermissionRepository for Database {
    async fn setting(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
    ) -> Result<Option<bool>, RepositoryError> {
        Ok(form_share_permissions::Entity::find_by_id((
            form.as_uuid(),
            profile.as_str().to_owned(),
        ))
        .filter(form_share_permissions::Column::OrgId.eq(org.as_uuid()))
        .one(self.reader())
        .await
        .map_err(unavailable)?
        .map(|row| row.allowed))
    }

    async fn set(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), RepositoryError> {
        let writer = self.writer();
        let backend = writer.get_database_backend();
        // Only a form of `org`: another organisation's form is left untouched.
        let sql = placeholders(
            backend,
            "INSERT INTO form_share_permissions (org_id, form_id, profile, allowed) \
             SELECT ?, ?, ?, ? \
             WHERE EXISTS (SELECT 1 FROM forms WHERE id = ? AND org_id = ?) \
             ON CONFLICT (form_id, profile) DO UPDATE SET allowed = excluded.allowed",
        );
        let (org, form) = (org.as_uuid(), form.as_uuid());
        writer
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [
                    org.into(),
                    form.into(),
                    profile.as_str().into(),
                    allowed.into(),
                    form.into(),
                    org.into(),
                ],
            ))
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
