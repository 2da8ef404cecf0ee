//! Per-organisation mail template overrides.

use frontdesk_kernel::{Language, OrgId, RepositoryError};
use frontdesk_messaging::{MailTemplate, TemplateKind, TemplateStore};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use time::OffsetDateTime;

use crate::Database;
use crate::convert::{db_time, unavailable};
use crate::entities::mail_templates::{self, Column};

#[async_trait::async_trait]
impl TemplateStore for Database {
    async fn find(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<Option<MailTemplate>, RepositoryError> {
        let row = mail_templates::Entity::find_by_id((
            org.as_uuid(),
            kind.as_str().to_owned(),
            language.code().to_owned(),
        ))
        .one(self.reader())
        .await
        .map_err(unavailable)?;
        Ok(row.map(|row| MailTemplate {
            subject: row.subject,
            html: row.html,
            text: row.text_body,
        }))
    }

    async fn save(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let row = mail_templates::Model {
            org_id: org.as_uuid(),
            kind: kind.as_str().to_owned(),
            language: language.code().to_owned(),
            subject: template.subject.clone(),
            html: template.html.clone(),
            text_body: template.text.clone(),
            updated_at: db_time(at),
        };
        // One statement, so concurrent saves never conflict: the last one wins.
        mail_templates::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::columns([Column::OrgId, Column::Kind, Column::Language])
                    .update_columns([
                        Column::Subject,
                        Column::Html,
                        Column::TextBody,
                        Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn delete(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, RepositoryError> {
        let result = mail_templates::Entity::delete_many()
            .filter(Column::OrgId.eq(org.as_uuid()))
            .filter(Column::Kind.eq(kind.as_str()))
            .filter(Column::Language.eq(language.code()))
            .exec(self.writer())
            .await
            .map_err(unavailable)?;
        Ok(result.rows_affected > 0)
    }
}
