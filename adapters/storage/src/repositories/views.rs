//! The records behind the public pages, each read with one joined statement.
//!
//! A guest page needs the capability, its case, the case's organisation and form and the
//! contact; a public submission needs the organisation and form behind its URL. Reading them
//! one by one costs a round trip to the connection each (on `SQLite`, a hand-off to the
//! connection's thread). Here every entity's columns are selected under a prefix (`g_`,
//! `c_`, `o_`, `f_`, `p_`) and decoded with the entity's own model, so the conversions stay
//! those of the entity repositories. The SQL text is built once per backend.

use std::sync::OnceLock;

use frontdesk_access::{OrgSlug, Organisation};
use frontdesk_cases::{CaseInContext, CaseViewReader, Form, FormSlug, GuestCaseRecord};
use frontdesk_kernel::{CaseId, OrgId, RepositoryError, TokenDigest};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, IdenStatic, Iterable, QueryResult,
    Statement,
};

use super::cases::to_case;
use super::contacts::to_contact;
use super::guest::to_access;
use crate::Database;
use crate::convert::{placeholders, unavailable};
use crate::entities::{cases, contacts, forms, guest_access, organisations};

/// `"table"."column" AS "{prefix}column"` for every column of `E`.
pub(super) fn prefixed_columns<E>(prefix: &str) -> String
where
    E: EntityTrait,
{
    let table = E::default().table_name().to_owned();
    E::Column::iter()
        .map(|column| {
            let name = column.as_str();
            format!("\"{table}\".\"{name}\" AS \"{prefix}{name}\"")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQL text built once per backend.
struct CachedSql {
    sqlite: OnceLock<String>,
    postgres: OnceLock<String>,
}

impl CachedSql {
    const fn new() -> Self {
        Self {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
        }
    }

    fn get(&self, backend: DbBackend, build: impl FnOnce() -> String) -> String {
        let cell = if backend == DbBackend::Postgres {
            &self.postgres
        } else {
            &self.sqlite
        };
        cell.get_or_init(|| placeholders(backend, &build())).clone()
    }
}

static CASE_IN_CONTEXT: CachedSql = CachedSql::new();
static GUEST_CASE: CachedSql = CachedSql::new();
static PUBLIC_FORM: CachedSql = CachedSql::new();

fn public_form_sql() -> String {
    format!(
        "SELECT {}, {} FROM organisations \
         JOIN forms ON forms.org_id = organisations.id \
         WHERE organisations.slug = ? AND forms.slug = ?",
        prefixed_columns::<organisations::Entity>("o_"),
        prefixed_columns::<forms::Entity>("f_"),
    )
}

fn case_in_context_sql() -> String {
    format!(
        "SELECT {}, {}, {} FROM cases \
         JOIN organisations ON organisations.id = cases.org_id \
         JOIN forms ON forms.id = cases.form_id AND forms.org_id = cases.org_id \
         WHERE cases.id = ? AND cases.org_id = ?",
        prefixed_columns::<organisations::Entity>("o_"),
        prefixed_columns::<forms::Entity>("f_"),
        prefixed_columns::<cases::Entity>("c_"),
    )
}

fn guest_case_sql() -> String {
    format!(
        "SELECT {}, {}, {}, {}, {} FROM guest_access \
         JOIN cases ON cases.id = guest_access.case_id AND cases.org_id = guest_access.org_id \
         JOIN organisations ON organisations.id = guest_access.org_id \
         JOIN forms ON forms.id = cases.form_id AND forms.org_id = cases.org_id \
         JOIN contacts ON contacts.id = guest_access.contact_id \
              AND contacts.org_id = guest_access.org_id \
         WHERE guest_access.digest = ?",
        prefixed_columns::<guest_access::Entity>("g_"),
        prefixed_columns::<organisations::Entity>("o_"),
        prefixed_columns::<forms::Entity>("f_"),
        prefixed_columns::<cases::Entity>("c_"),
        prefixed_columns::<contacts::Entity>("p_"),
    )
}

/// Decodes the columns of `M` selected under `prefix`.
pub(super) fn model<M: FromQueryResult>(
    row: &QueryResult,
    prefix: &str,
) -> Result<M, RepositoryError> {
    M::from_query_result(row, prefix).map_err(unavailable)
}

fn to_context(row: &QueryResult) -> Result<CaseInContext, RepositoryError> {
    Ok(CaseInContext {
        organisation: Organisation::try_from(model::<organisations::Model>(row, "o_")?)?,
        form: Form::try_from(model::<forms::Model>(row, "f_")?)?,
        case: to_case(model::<cases::Model>(row, "c_")?)?,
    })
}

#[async_trait::async_trait]
impl CaseViewReader for Database {
    async fn case_in_context(
        &self,
        org: OrgId,
        id: CaseId,
    ) -> Result<Option<CaseInContext>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let sql = CASE_IN_CONTEXT.get(backend, case_in_context_sql);
        self.reader()
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [id.as_uuid().into(), org.as_uuid().into()],
            ))
            .await
            .map_err(unavailable)?
            .map(|row| to_context(&row))
            .transpose()
    }

    async fn guest_case(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestCaseRecord>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let sql = GUEST_CASE.get(backend, guest_case_sql);
        self.reader()
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [digest.as_bytes().to_vec().into()],
            ))
            .await
            .map_err(unavailable)?
            .map(|row| {
                Ok(GuestCaseRecord {
                    access: to_access(&model::<guest_access::Model>(&row, "g_")?)?,
                    context: to_context(&row)?,
                    contact: to_contact(&model::<contacts::Model>(&row, "p_")?)?,
                })
            })
            .transpose()
    }

    async fn public_form(
        &self,
        org: &OrgSlug,
        form: &FormSlug,
    ) -> Result<Option<(Organisation, Form)>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let sql = PUBLIC_FORM.get(backend, public_form_sql);
        self.reader()
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [org.as_str().into(), form.as_str().into()],
            ))
            .await
            .map_err(unavailable)?
            .map(|row| {
                Ok((
                    Organisation::try_from(model::<organisations::Model>(&row, "o_")?)?,
                    Form::try_from(model::<forms::Model>(&row, "f_")?)?,
                ))
            })
            .transpose()
    }
}
