//! Intake forms.

use frontdesk_cases::{CaseStatus, FieldConfig, Form, FormRepository, FormSlug};
use frontdesk_kernel::{FormId, Language, OrgId, RepositoryError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{corrupt, db_time, unavailable, write_error};
use crate::entities::forms::{self, Column};

const TABLE: &str = "forms";

/// The row of `form`, with `updated_at` as given.
pub(crate) fn to_row(
    form: &Form,
    updated_at: OffsetDateTime,
) -> Result<forms::Model, RepositoryError> {
    Ok(forms::Model {
        id: form.id.as_uuid(),
        org_id: form.org_id.as_uuid(),
        slug: form.slug.as_str().to_owned(),
        name: form.name.clone(),
        default_language: form.default_language.code().to_owned(),
        created_at: db_time(form.created_at),
        fields: Some(serde_json::to_string(&form.fields).map_err(|e| corrupt(TABLE, "fields", e))?),
        guest_edit_statuses: Some(
            serde_json::to_string(&form.guest_edit_statuses)
                .map_err(|e| corrupt(TABLE, "guest_edit_statuses", e))?,
        ),
        notify_contacts: form.notify_contacts,
        share_links_enabled: form.share_links_enabled,
        updated_at: Some(db_time(updated_at)),
    })
}

impl TryFrom<forms::Model> for Form {
    type Error = RepositoryError;

    fn try_from(row: forms::Model) -> Result<Self, Self::Error> {
        let fields = match row.fields.as_deref() {
            // Forms made before the cases migration show the standard fields.
            None => Form::standard_fields(),
            Some(text) => {
                let fields: Vec<FieldConfig> =
                    serde_json::from_str(text).map_err(|e| corrupt(TABLE, "fields", e))?;
                Form::check_fields(&fields).map_err(|e| corrupt(TABLE, "fields", e))?;
                fields
            }
        };
        let guest_edit_statuses = match row.guest_edit_statuses.as_deref() {
            None => vec![CaseStatus::New],
            Some(text) => serde_json::from_str::<Vec<CaseStatus>>(text)
                .map_err(|e| corrupt(TABLE, "guest_edit_statuses", e))?,
        };
        Ok(Self {
            id: FormId::from_uuid(row.id),
            org_id: OrgId::from_uuid(row.org_id),
            slug: FormSlug::parse(&row.slug).map_err(|e| corrupt(TABLE, "slug", e))?,
            name: row.name,
            default_language: Language::parse(&row.default_language)
                .map_err(|e| corrupt(TABLE, "default_language", e))?,
            fields,
            guest_edit_statuses,
            notify_contacts: row.notify_contacts,
            share_links_enabled: row.share_links_enabled,
            created_at: row.created_at,
        })
    }
}

#[async_trait::async_trait]
impl FormRepository for Database {
    async fn insert(&self, form: &Form) -> Result<(), RepositoryError> {
        forms::Entity::insert(to_row(form, form.created_at)?.into_active_model())
            .exec_without_returning(self.writer())
            .await
            .map_err(|e| write_error(e, &["slug"]))?;
        Ok(())
    }

    async fn update(&self, form: &Form) -> Result<(), RepositoryError> {
        let row = to_row(form, OffsetDateTime::now_utc())?;
        forms::Entity::update_many()
            .col_expr(Column::Name, Expr::value(row.name))
            .col_expr(Column::DefaultLanguage, Expr::value(row.default_language))
            .col_expr(Column::Fields, Expr::value(row.fields))
            .col_expr(
                Column::GuestEditStatuses,
                Expr::value(row.guest_edit_statuses),
            )
            .col_expr(Column::NotifyContacts, Expr::value(row.notify_contacts))
            .col_expr(
                Column::ShareLinksEnabled,
                Expr::value(row.share_links_enabled),
            )
            .col_expr(Column::UpdatedAt, Expr::value(row.updated_at))
            .filter(Column::Id.eq(row.id))
            .filter(Column::OrgId.eq(row.org_id))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find_by_slug(
        &self,
        org: OrgId,
        slug: &FormSlug,
    ) -> Result<Option<Form>, RepositoryError> {
        forms::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::Slug.eq(slug.as_str()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(Form::try_from)
            .transpose()
    }

    async fn find(&self, org: OrgId, id: FormId) -> Result<Option<Form>, RepositoryError> {
        forms::Entity::find_by_id(id.as_uuid())
            .filter(Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(Form::try_from)
            .transpose()
    }

    async fn list(&self, org: OrgId) -> Result<Vec<Form>, RepositoryError> {
        forms::Entity::find()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .order_by_asc(Column::Slug)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(Form::try_from)
            .collect()
    }
}
