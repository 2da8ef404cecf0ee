//! The staff console's reads over many cases: the case list and search (one statement for
//! the rows, one for the total), and the counts behind the dashboard (one statement each).
//!
//! Filters become fixed SQL fragments with `?` placeholders; every value a person typed is
//! a bound parameter, never SQL text. Text matches with `LOWER(…) LIKE ? ESCAPE '\'` and a
//! pattern whose `%`, `_` and `\` are escaped ([`contains_pattern`]), so they match only
//! themselves. `LOWER` folds ASCII on `SQLite` and follows the database's locale on
//! `PostgreSQL`. Search rows carry their form, first contact and assignee through joins.

use std::fmt::Write as _;

use frontdesk_access::VisibleCases;
use frontdesk_cases::{
    AssigneeFilter, CaseFilter, CaseNumber, CaseOverviewReader, CaseRow, CaseSort, CaseStatus,
    DayCount, FormCount, Priority, VisibleCaseQuery,
};
use frontdesk_contacts::{Counted, PageNumber};
use frontdesk_kernel::{FormId, OrgId, RepositoryError};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
use time::{Duration, OffsetDateTime, UtcOffset};

use super::cases::to_case;
use super::views::{model, prefixed_columns};
use crate::Database;
use crate::convert::{contains_pattern, corrupt, micros, placeholders, unavailable};
use crate::entities::cases;

/// Microseconds in a day.
const DAY_US: i64 = 86_400_000_000;

/// A `WHERE` clause over `cases` with `?` placeholders and the values they bind, in order.
pub(super) struct Conditions {
    /// The clause, without `WHERE`.
    pub sql: String,
    /// Its values.
    pub values: Vec<Value>,
}

impl Conditions {
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push_str(sql);
        self.values.extend(values);
    }
}

/// The conditions a case of `org` must meet to pass `filter`.
pub(super) fn case_conditions(org: OrgId, filter: &CaseFilter) -> Conditions {
    let mut conditions = Conditions {
        sql: "cases.org_id = ?".to_owned(),
        values: vec![org.as_uuid().into()],
    };
    if let Some(status) = filter.status {
        conditions.push(" AND cases.status = ?", [status.as_str().into()]);
    }
    if let Some(form) = filter.form {
        conditions.push(" AND cases.form_id = ?", [form.as_uuid().into()]);
    }
    if let Some(priority) = filter.priority {
        conditions.push(" AND cases.priority = ?", [priority.as_str().into()]);
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Unassigned => conditions.push(" AND cases.assignee_id IS NULL", []),
        AssigneeFilter::Member(member) => {
            conditions.push(" AND cases.assignee_id = ?", [member.as_uuid().into()]);
        }
    }
    if let Some(client) = filter.client {
        conditions.push(" AND cases.client_id = ?", [client.as_uuid().into()]);
    }
    if let Some(contact) = filter.contact {
        conditions.push(
            " AND EXISTS (SELECT 1 FROM case_contacts AS fc \
             WHERE fc.case_id = cases.id AND fc.org_id = cases.org_id AND fc.contact_id = ?)",
            [contact.as_uuid().into()],
        );
    }
    if let Some(text) = &filter.text {
        let pattern = contains_pattern(text.folded());
        conditions.push(" AND (", []);
        if let Some(number) = CaseNumber::parse_reference(text.as_str())
            .and_then(|number| i64::try_from(number.0).ok())
        {
            conditions.push("cases.number = ? OR ", [number.into()]);
        }
        conditions.push(
            "LOWER(cases.title) LIKE ? ESCAPE '\\' \
             OR EXISTS (SELECT 1 FROM case_contacts AS tc \
                 JOIN contacts AS tp ON tp.id = tc.contact_id AND tp.org_id = tc.org_id \
                 WHERE tc.case_id = cases.id AND tc.org_id = cases.org_id \
                 AND (LOWER(tp.email) LIKE ? ESCAPE '\\' \
                      OR LOWER(tp.first_name || ' ' || tp.last_name) LIKE ? ESCAPE '\\')))",
            [
                pattern.clone().into(),
                pattern.clone().into(),
                pattern.into(),
            ],
        );
    }
    conditions
}

/// `?, ?, …` for `n` values.
fn list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The conditions a case must meet to be on a contact user's list (`scope`, see
/// [`VisibleCases::admits`]) and to match `query`; `None` when nothing can match.
/// Grants count for cases of no client or of one of the user's; the rule covers public
/// cases of the user's clients, open or closed as it says.
fn visible_conditions(scope: &VisibleCases, query: &VisibleCaseQuery) -> Option<Conditions> {
    let granted = scope.granted();
    let clients = scope.clients();
    let rule = scope
        .public_cases()
        .filter(|rule| if query.open { rule.open } else { rule.closed })
        .filter(|_| !clients.is_empty());
    if granted.is_empty() && rule.is_none() {
        return None;
    }
    let statuses: Vec<CaseStatus> = CaseStatus::ALL
        .into_iter()
        .filter(|status| status.is_open() == query.open)
        .collect();
    let mut conditions = Conditions {
        sql: format!(
            "cases.org_id = ? AND cases.status IN ({})",
            list(statuses.len())
        ),
        values: vec![scope.org_id().as_uuid().into()],
    };
    conditions
        .values
        .extend(statuses.iter().map(|status| Value::from(status.as_str())));
    let client_values = || clients.iter().map(|client| Value::from(client.as_uuid()));
    let mut reaches: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if !granted.is_empty() {
        let mut reach = format!(
            "(cases.id IN ({}) AND (cases.client_id IS NULL",
            list(granted.len())
        );
        values.extend(granted.iter().map(|(case, _)| Value::from(case.as_uuid())));
        if !clients.is_empty() {
            let _ = write!(reach, " OR cases.client_id IN ({})", list(clients.len()));
            values.extend(client_values());
        }
        reach.push_str("))");
        reaches.push(reach);
    }
    if rule.is_some() {
        reaches.push(format!(
            "(cases.public = ? AND cases.client_id IN ({}))",
            list(clients.len())
        ));
        values.push(true.into());
        values.extend(client_values());
    }
    conditions.push(&format!(" AND ({})", reaches.join(" OR ")), values);
    if let Some(text) = &query.text {
        conditions.push(" AND (", []);
        if let Some(number) = CaseNumber::parse_reference(text.as_str())
            .and_then(|number| i64::try_from(number.0).ok())
        {
            conditions.push("cases.number = ? OR ", [number.into()]);
        }
        conditions.push(
            "LOWER(cases.title) LIKE ? ESCAPE '\\')",
            [contains_pattern(text.folded()).into()],
        );
    }
    Some(conditions)
}

/// The `ORDER BY` list of `sort`; every order ends with the case number, so it is total.
fn order_by(sort: CaseSort) -> String {
    match sort {
        CaseSort::Newest => "cases.number DESC".to_owned(),
        CaseSort::Oldest => "cases.number ASC".to_owned(),
        CaseSort::RecentlyUpdated => "cases.updated_at_us DESC, cases.number DESC".to_owned(),
        CaseSort::Priority => {
            let ranks = Priority::ALL.iter().enumerate().fold(
                String::new(),
                |mut ranks, (rank, priority)| {
                    // Writing to a String cannot fail.
                    let _ = write!(ranks, "WHEN '{}' THEN {rank} ", priority.as_str());
                    ranks
                },
            );
            format!("CASE cases.priority {ranks}ELSE -1 END DESC, cases.number DESC")
        }
        CaseSort::Title => "LOWER(cases.title) ASC, cases.number ASC".to_owned(),
    }
}

/// A statement of `sql` (with `?` placeholders) for `backend`.
pub(super) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(backend, placeholders(backend, sql), values)
}

fn count(row: &QueryResult, column: &str) -> Result<u64, RepositoryError> {
    let n: i64 = row.try_get("", column).map_err(unavailable)?;
    u64::try_from(n).map_err(|e| corrupt("cases", column, e))
}

fn to_row(row: &QueryResult) -> Result<CaseRow, RepositoryError> {
    let text = |column: &str| {
        row.try_get::<Option<String>>("", column)
            .map_err(unavailable)
    };
    let contact_name = match (text("p_first_name")?, text("p_last_name")?) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        _ => None,
    };
    Ok(CaseRow {
        case: to_case(model::<cases::Model>(row, "c_")?)?,
        form_slug: row.try_get("", "f_slug").map_err(unavailable)?,
        form_name: row.try_get("", "f_name").map_err(unavailable)?,
        contact_name,
        contact_email: text("p_email")?,
        assignee_name: text("s_name")?,
    })
}

fn search_sql(conditions: &str, sort: CaseSort) -> String {
    format!(
        "SELECT {}, forms.slug AS f_slug, forms.name AS f_name, \
         pc.first_name AS p_first_name, pc.last_name AS p_last_name, pc.email AS p_email, \
         staff_users.name AS s_name \
         FROM cases \
         JOIN forms ON forms.id = cases.form_id AND forms.org_id = cases.org_id \
         LEFT JOIN contacts AS pc ON pc.org_id = cases.org_id AND pc.id = ( \
             SELECT lc.contact_id FROM case_contacts AS lc \
             WHERE lc.case_id = cases.id AND lc.org_id = cases.org_id \
             ORDER BY lc.linked_at_us, lc.contact_id LIMIT 1) \
         LEFT JOIN staff_users ON staff_users.id = cases.assignee_id \
              AND staff_users.org_id = cases.org_id \
         WHERE {conditions} ORDER BY {} LIMIT ? OFFSET ?",
        prefixed_columns::<cases::Entity>("c_"),
        order_by(sort),
    )
}

#[async_trait::async_trait]
impl CaseOverviewReader for Database {
    async fn search(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        sort: CaseSort,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let conditions = case_conditions(org, filter);
        let total_row = self
            .reader()
            .query_one_raw(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM cases WHERE {}", conditions.sql),
                conditions.values.clone(),
            ))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| corrupt("cases", "count", "no row returned"))?;
        let total = count(&total_row, "n")?;
        if total <= page.offset() {
            return Ok(Counted {
                rows: Vec::new(),
                total,
            });
        }
        let mut values = conditions.values;
        values.push(i64::from(page.per_page).into());
        values.push(i64::try_from(page.offset()).unwrap_or(i64::MAX).into());
        let rows = self
            .reader()
            .query_all_raw(statement(
                backend,
                &search_sql(&conditions.sql, sort),
                values,
            ))
            .await
            .map_err(unavailable)?;
        Ok(Counted {
            rows: rows.iter().map(to_row).collect::<Result<_, _>>()?,
            total,
        })
    }

    async fn search_visible(
        &self,
        scope: &VisibleCases,
        query: &VisibleCaseQuery,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError> {
        let Some(conditions) = visible_conditions(scope, query) else {
            return Ok(Counted::empty());
        };
        let backend = self.reader().get_database_backend();
        let total_row = self
            .reader()
            .query_one_raw(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM cases WHERE {}", conditions.sql),
                conditions.values.clone(),
            ))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| corrupt("cases", "count", "no row returned"))?;
        let total = count(&total_row, "n")?;
        if total <= page.offset() {
            return Ok(Counted {
                rows: Vec::new(),
                total,
            });
        }
        let mut values = conditions.values;
        values.push(i64::from(page.per_page).into());
        values.push(i64::try_from(page.offset()).unwrap_or(i64::MAX).into());
        let sql = format!(
            "SELECT {}, forms.slug AS f_slug, forms.name AS f_name \
             FROM cases \
             JOIN forms ON forms.id = cases.form_id AND forms.org_id = cases.org_id \
             WHERE {} ORDER BY cases.number DESC LIMIT ? OFFSET ?",
            prefixed_columns::<cases::Entity>("c_"),
            conditions.sql,
        );
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, values))
            .await
            .map_err(unavailable)?;
        Ok(Counted {
            rows: rows
                .iter()
                .map(|row| {
                    Ok(CaseRow {
                        case: to_case(model::<cases::Model>(row, "c_")?)?,
                        form_slug: row.try_get("", "f_slug").map_err(unavailable)?,
                        form_name: row.try_get("", "f_name").map_err(unavailable)?,
                        contact_name: None,
                        contact_email: None,
                        assignee_name: None,
                    })
                })
                .collect::<Result<_, RepositoryError>>()?,
            total,
        })
    }

    async fn count_by_status(&self, org: OrgId) -> Result<Vec<(CaseStatus, u64)>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        let rows = self
            .reader()
            .query_all_raw(statement(
                backend,
                "SELECT status, COUNT(*) AS n FROM cases WHERE org_id = ? GROUP BY status",
                vec![org.as_uuid().into()],
            ))
            .await
            .map_err(unavailable)?;
        let mut counts = rows
            .iter()
            .map(|row| {
                let status: String = row.try_get("", "status").map_err(unavailable)?;
                let status = CaseStatus::parse(&status).ok_or_else(|| {
                    corrupt("cases", "status", format!("unknown status {status:?}"))
                })?;
                Ok((status, count(row, "n")?))
            })
            .collect::<Result<Vec<_>, RepositoryError>>()?;
        counts.sort_by_key(|(status, _)| *status);
        Ok(counts)
    }

    async fn count_by_form(
        &self,
        org: OrgId,
        statuses: &[CaseStatus],
    ) -> Result<Vec<FormCount>, RepositoryError> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.reader().get_database_backend();
        let list = vec!["?"; statuses.len()].join(", ");
        let sql = format!(
            "SELECT forms.id AS id, forms.slug AS slug, forms.name AS name, COUNT(*) AS n \
             FROM cases JOIN forms ON forms.id = cases.form_id AND forms.org_id = cases.org_id \
             WHERE cases.org_id = ? AND cases.status IN ({list}) \
             GROUP BY forms.id, forms.slug, forms.name \
             ORDER BY COUNT(*) DESC, forms.name, forms.slug"
        );
        let mut values: Vec<Value> = vec![org.as_uuid().into()];
        values.extend(statuses.iter().map(|status| Value::from(status.as_str())));
        let rows = self
            .reader()
            .query_all_raw(statement(backend, &sql, values))
            .await
            .map_err(unavailable)?;
        rows.iter()
            .map(|row| {
                Ok(FormCount {
                    form_id: FormId::from_uuid(row.try_get("", "id").map_err(unavailable)?),
                    form_slug: row.try_get("", "slug").map_err(unavailable)?,
                    form_name: row.try_get("", "name").map_err(unavailable)?,
                    open: count(row, "n")?,
                })
            })
            .collect()
    }

    async fn count_created_per_day(
        &self,
        org: OrgId,
        since: OffsetDateTime,
    ) -> Result<Vec<DayCount>, RepositoryError> {
        let backend = self.reader().get_database_backend();
        // Days are counted from midnight (UTC) of `since`'s day, so every index is ≥ 0 and
        // integer division floors on both backends.
        let first = since.to_offset(UtcOffset::UTC).date();
        let origin = micros(first.midnight().assume_utc());
        let rows = self
            .reader()
            .query_all_raw(statement(
                backend,
                "SELECT day_index, COUNT(*) AS n FROM ( \
                     SELECT (created_at_us - ?) / ? AS day_index FROM cases \
                     WHERE org_id = ? AND created_at_us >= ?) AS created \
                 GROUP BY day_index ORDER BY day_index",
                vec![
                    origin.into(),
                    DAY_US.into(),
                    org.as_uuid().into(),
                    micros(since).into(),
                ],
            ))
            .await
            .map_err(unavailable)?;
        rows.iter()
            .map(|row| {
                let index: i64 = row.try_get("", "day_index").map_err(unavailable)?;
                let day = first
                    .checked_add(Duration::days(index))
                    .ok_or_else(|| corrupt("cases", "created_at_us", "day out of range"))?;
                Ok(DayCount {
                    day,
                    created: count(row, "n")?,
                })
            })
            .collect()
    }
}
