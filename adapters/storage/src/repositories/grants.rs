//! Contact users' per-case grants and public-cases rules, and the access domain's view of
//! cases ([`CaseFactsReader`]).

use frontdesk_access::{
    AccessGrant, AccessGrantRepository, CaseFacts, CaseFactsReader, CaseRole, PublicCasesRule,
    PublicCasesRuleRepository,
};
use frontdesk_cases::CaseStatus;
use frontdesk_kernel::{
    AccessGrantId, CaseId, ClientId, ContactUserId, OrgId, RepositoryError, StaffUserId, Uow,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use crate::convert::{corrupt, from_micros, micros, unavailable, write_error};
use crate::entities::{access_grants, cases, contact_user_clients, public_cases_rules};
use crate::{Database, SeaOrmUnitOfWork};

const GRANTS: &str = "access_grants";

fn to_grant(row: &access_grants::Model) -> Result<AccessGrant, RepositoryError> {
    Ok(AccessGrant {
        id: AccessGrantId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        contact_user_id: ContactUserId::from_uuid(row.contact_user_id),
        case_id: CaseId::from_uuid(row.case_id),
        role: CaseRole::parse(&row.role)
            .ok_or_else(|| corrupt(GRANTS, "role", format!("unknown role {:?}", row.role)))?,
        granted_by: StaffUserId::from_uuid(row.granted_by),
        granted_at: from_micros(GRANTS, "granted_at_us", row.granted_at_us)?,
        revoked_at: row
            .revoked_at_us
            .map(|at| from_micros(GRANTS, "revoked_at_us", at))
            .transpose()?,
        revoked_by: row.revoked_by.map(StaffUserId::from_uuid),
    })
}

fn to_rule(row: &public_cases_rules::Model) -> Result<PublicCasesRule, RepositoryError> {
    Ok(PublicCasesRule {
        org_id: OrgId::from_uuid(row.org_id),
        contact_user_id: ContactUserId::from_uuid(row.contact_user_id),
        open: row.open,
        closed: row.closed,
        set_by: StaffUserId::from_uuid(row.set_by),
        set_at: from_micros("public_cases_rules", "set_at_us", row.set_at_us)?,
    })
}

fn to_facts(row: &cases::Model) -> Result<CaseFacts, RepositoryError> {
    let status = CaseStatus::parse(&row.status).ok_or_else(|| {
        corrupt(
            "cases",
            "status",
            format!("unknown status {:?}", row.status),
        )
    })?;
    Ok(CaseFacts {
        org_id: OrgId::from_uuid(row.org_id),
        case_id: CaseId::from_uuid(row.id),
        client_id: row.client_id.map(ClientId::from_uuid),
        public: row.public,
        open: status.is_open(),
    })
}

impl Database {
    async fn active_grants(
        &self,
        org: OrgId,
        filter: sea_orm::sea_query::SimpleExpr,
    ) -> Result<Vec<AccessGrant>, RepositoryError> {
        access_grants::Entity::find()
            .filter(access_grants::Column::OrgId.eq(org.as_uuid()))
            .filter(filter)
            .filter(access_grants::Column::RevokedAtUs.is_null())
            .order_by_asc(access_grants::Column::GrantedAtUs)
            .order_by_asc(access_grants::Column::Id)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_grant)
            .collect()
    }
}

#[async_trait::async_trait]
impl AccessGrantRepository for Database {
    async fn insert(&self, uow: &mut Uow, grant: &AccessGrant) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = access_grants::Model {
            id: grant.id.as_uuid(),
            org_id: grant.org_id.as_uuid(),
            contact_user_id: grant.contact_user_id.as_uuid(),
            case_id: grant.case_id.as_uuid(),
            role: grant.role.as_str().to_owned(),
            granted_by: grant.granted_by.as_uuid(),
            granted_at_us: micros(grant.granted_at),
            revoked_at_us: grant.revoked_at.map(micros),
            revoked_by: grant.revoked_by.map(|by| by.as_uuid()),
        };
        access_grants::Entity::insert(row.into_active_model())
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["id"]))?;
        Ok(())
    }

    async fn find(
        &self,
        org: OrgId,
        id: AccessGrantId,
    ) -> Result<Option<AccessGrant>, RepositoryError> {
        access_grants::Entity::find_by_id(id.as_uuid())
            .filter(access_grants::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .as_ref()
            .map(to_grant)
            .transpose()
    }

    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: AccessGrantId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let changed = access_grants::Entity::update_many()
            .col_expr(access_grants::Column::RevokedAtUs, Expr::value(micros(at)))
            .col_expr(access_grants::Column::RevokedBy, Expr::value(by.as_uuid()))
            .filter(access_grants::Column::Id.eq(id.as_uuid()))
            .filter(access_grants::Column::OrgId.eq(org.as_uuid()))
            .filter(access_grants::Column::RevokedAtUs.is_null())
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected;
        Ok(changed == 1)
    }

    async fn active_for_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Vec<AccessGrant>, RepositoryError> {
        self.active_grants(org, access_grants::Column::ContactUserId.eq(user.as_uuid()))
            .await
    }

    async fn active_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<AccessGrant>, RepositoryError> {
        self.active_grants(org, access_grants::Column::CaseId.eq(case.as_uuid()))
            .await
    }
}

#[async_trait::async_trait]
impl PublicCasesRuleRepository for Database {
    async fn upsert(&self, uow: &mut Uow, rule: &PublicCasesRule) -> Result<(), RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let row = public_cases_rules::Model {
            contact_user_id: rule.contact_user_id.as_uuid(),
            org_id: rule.org_id.as_uuid(),
            open: rule.open,
            closed: rule.closed,
            set_by: rule.set_by.as_uuid(),
            set_at_us: micros(rule.set_at),
        };
        public_cases_rules::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::column(public_cases_rules::Column::ContactUserId)
                    .update_columns([
                        public_cases_rules::Column::Open,
                        public_cases_rules::Column::Closed,
                        public_cases_rules::Column::SetBy,
                        public_cases_rules::Column::SetAtUs,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(transaction)
            .await
            .map_err(|e| write_error(e, &["contact_user_id"]))?;
        Ok(())
    }

    async fn delete(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<bool, RepositoryError> {
        let transaction = SeaOrmUnitOfWork::transaction_of(uow)?;
        let deleted = public_cases_rules::Entity::delete_many()
            .filter(public_cases_rules::Column::OrgId.eq(org.as_uuid()))
            .filter(public_cases_rules::Column::ContactUserId.eq(user.as_uuid()))
            .exec(transaction)
            .await
            .map_err(unavailable)?
            .rows_affected;
        Ok(deleted > 0)
    }

    async fn find(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<PublicCasesRule>, RepositoryError> {
        public_cases_rules::Entity::find_by_id(user.as_uuid())
            .filter(public_cases_rules::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .as_ref()
            .map(to_rule)
            .transpose()
    }

    async fn for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<PublicCasesRule>, RepositoryError> {
        let members: Vec<_> = contact_user_clients::Entity::find()
            .filter(contact_user_clients::Column::OrgId.eq(org.as_uuid()))
            .filter(contact_user_clients::Column::ClientId.eq(client.as_uuid()))
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(|link| link.contact_user_id)
            .collect();
        if members.is_empty() {
            return Ok(Vec::new());
        }
        let mut rules = public_cases_rules::Entity::find()
            .filter(public_cases_rules::Column::OrgId.eq(org.as_uuid()))
            .filter(public_cases_rules::Column::ContactUserId.is_in(members))
            .order_by_asc(public_cases_rules::Column::ContactUserId)
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_rule)
            .collect::<Result<Vec<_>, _>>()?;
        // Removed users' rules do not count; their rows stay for the record.
        let removed = crate::entities::contact_users::Entity::find()
            .filter(crate::entities::contact_users::Column::OrgId.eq(org.as_uuid()))
            .filter(crate::entities::contact_users::Column::State.eq("removed"))
            .filter(
                crate::entities::contact_users::Column::Id
                    .is_in(rules.iter().map(|rule| rule.contact_user_id.as_uuid())),
            )
            .all(self.reader())
            .await
            .map_err(unavailable)?;
        rules.retain(|rule| {
            !removed
                .iter()
                .any(|row| row.id == rule.contact_user_id.as_uuid())
        });
        Ok(rules)
    }
}

#[async_trait::async_trait]
impl CaseFactsReader for Database {
    async fn case_facts(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Option<CaseFacts>, RepositoryError> {
        cases::Entity::find_by_id(case.as_uuid())
            .filter(cases::Column::OrgId.eq(org.as_uuid()))
            .one(self.reader())
            .await
            .map_err(unavailable)?
            .as_ref()
            .map(to_facts)
            .transpose()
    }

    async fn many_case_facts(
        &self,
        org: OrgId,
        cases: &[CaseId],
    ) -> Result<Vec<CaseFacts>, RepositoryError> {
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        cases::Entity::find()
            .filter(cases::Column::OrgId.eq(org.as_uuid()))
            .filter(cases::Column::Id.is_in(cases.iter().map(CaseId::as_uuid)))
            .all(self.reader())
            .await
            .map_err(unavailable)?
            .iter()
            .map(to_facts)
            .collect()
    }
}
