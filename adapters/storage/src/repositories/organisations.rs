//! Organisations and their starting records.

use frontdesk_access::{
    Branding, OrgName, OrgSlug, Organisation, OrganisationInitialiser, OrganisationRepository,
    PortalMode, TokenLifetimePolicy,
};
use frontdesk_cases::{CaseStatus, Form, FormSlug};
use frontdesk_kernel::{FormId, Language, OrgId, RepositoryError, Uow, Uuid};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use crate::convert::{corrupt, db_time, unavailable, write_error};
use crate::entities::{forms, organisations};
use crate::{Database, SeaOrmUnitOfWork};

/// The slug of the form every organisation starts with.
const DEFAULT_FORM_SLUG: &str = "contact";
/// Its display name.
const DEFAULT_FORM_NAME: &str = "Contact";

const TABLE: &str = "organisations";

fn to_row(org: &Organisation) -> Result<organisations::Model, RepositoryError> {
    Ok(organisations::Model {
        id: org.id.as_uuid(),
        slug: org.slug.as_str().to_owned(),
        name: org.name.as_str().to_owned(),
        branding: serde_json::to_string(&org.branding)
            .map_err(|e| corrupt(TABLE, "branding", e))?,
        base_url: org.base_url.as_str().to_owned(),
        default_language: org.default_language.code().to_owned(),
        portal_mode: org.portal_mode.as_str().to_owned(),
        registration_enabled: org.registration_enabled,
        lifetimes: serde_json::to_string(&org.lifetimes)
            .map_err(|e| corrupt(TABLE, "lifetimes", e))?,
        created_at: db_time(org.created_at),
    })
}

impl TryFrom<organisations::Model> for Organisation {
    type Error = RepositoryError;

    fn try_from(row: organisations::Model) -> Result<Self, Self::Error> {
        Ok(Self {
            id: OrgId::from_uuid(row.id),
            slug: OrgSlug::parse(&row.slug).map_err(|e| corrupt(TABLE, "slug", e))?,
            name: OrgName::parse(&row.name).map_err(|e| corrupt(TABLE, "name", e))?,
            branding: serde_json::from_str::<Branding>(&row.branding)
                .map_err(|e| corrupt(TABLE, "branding", e))?,
            base_url: url::Url::parse(&row.base_url).map_err(|e| corrupt(TABLE, "base_url", e))?,
            default_language: Language::parse(&row.default_language)
                .map_err(|e| corrupt(TABLE, "default_language", e))?,
            portal_mode: PortalMode::parse(&row.portal_mode).ok_or_else(|| {
                corrupt(
                    TABLE,
                    "portal_mode",
                    format!("unknown mode {:?}", row.portal_mode),
                )
            })?,
            registration_enabled: row.registration_enabled,
            lifetimes: serde_json::from_str::<TokenLifetimePolicy>(&row.lifetimes)
                .map_err(|e| corrupt(TABLE, "lifetimes", e))?,
            created_at: row.created_at,
        })
    }
}

#[async_trait::async_trait]
impl OrganisationRepository for Database {
    async fn insert(&self, uow: &mut Uow, org: &Organisation) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        organisations::Entity::insert(to_row(org)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["slug"]))?;
        Ok(())
    }

    async fn find(&self, id: OrgId) -> Result<Option<Organisation>, RepositoryError> {
        organisations::Entity::find_by_id(id.as_uuid())
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(Organisation::try_from)
            .transpose()
    }

    async fn find_by_slug(&self, slug: &OrgSlug) -> Result<Option<Organisation>, RepositoryError> {
        organisations::Entity::find()
            .filter(organisations::Column::Slug.eq(slug.as_str()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .map(Organisation::try_from)
            .transpose()
    }

    async fn update(&self, uow: &mut Uow, org: &Organisation) -> Result<bool, RepositoryError> {
        use organisations::Column;
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = to_row(org)?;
        let result = organisations::Entity::update_many()
            .col_expr(Column::Name, Expr::value(row.name))
            .col_expr(Column::Branding, Expr::value(row.branding))
            .col_expr(Column::DefaultLanguage, Expr::value(row.default_language))
            .col_expr(Column::PortalMode, Expr::value(row.portal_mode))
            .col_expr(
                Column::RegistrationEnabled,
                Expr::value(row.registration_enabled),
            )
            .col_expr(Column::Lifetimes, Expr::value(row.lifetimes))
            .filter(Column::Id.eq(row.id))
            .exec(transaction)
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected > 0)
    }
}

#[async_trait::async_trait]
impl OrganisationInitialiser for Database {
    async fn initialise(
        &self,
        uow: &mut Uow,
        org: &Organisation,
    ) -> Result<String, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let form = Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            slug: FormSlug::parse(DEFAULT_FORM_SLUG).map_err(|e| corrupt("forms", "slug", e))?,
            name: DEFAULT_FORM_NAME.to_owned(),
            default_language: org.default_language,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: true,
            share_links_enabled: false,
            created_at: org.created_at,
        };
        forms::Entity::insert(super::forms::to_row(&form, org.created_at)?.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| match write_error(e, &[]) {
                RepositoryError::Conflict(_) => RepositoryError::Conflict("form"),
                other => other,
            })?;
        Ok(DEFAULT_FORM_SLUG.to_owned())
    }
}
