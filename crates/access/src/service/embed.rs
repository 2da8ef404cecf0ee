//! The sites allowed to embed the organisation's forms (seed 000, the widget): read them
//! (any staff member; the embeddable routes read them for anyone) and replace them (members
//! with [`Permission::ManageOrganisation`]).

use std::sync::Arc;

use frontdesk_kernel::{
    AuditEventId, Clock, IdGenerator, OrgId, RepositoryError, TransactionRunner,
};

use crate::error::Forbidden;
use crate::{
    AuditAction, AuditEvent, AuditLog, EmbedOrigin, EmbedOriginRepository, MAX_EMBED_ORIGINS,
    Permission, StaffActor,
};

impl AuditAction {
    /// The origins allowed to embed the organisation's forms changed.
    pub const EMBED_ORIGINS_CHANGED: Self = Self::new("embed_origins.changed");
}

/// Everything the embed settings need from outside.
#[derive(Clone)]
pub struct EmbedPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// The allowed origins.
    pub origins: Arc<dyn EmbedOriginRepository>,
    /// Audit trail, written in each change's unit of work.
    pub audit: Arc<dyn AuditLog>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The embed settings' use cases.
#[derive(Clone)]
pub struct EmbedService {
    ports: EmbedPorts,
}

/// Why the allowed origins could not be replaced.
#[derive(Debug, thiserror::Error)]
pub enum SetEmbedOriginsError {
    /// The actor may not manage the organisation.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// More than [`MAX_EMBED_ORIGINS`] different origins.
    #[error("at most 20 sites may embed the forms")]
    TooMany,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl EmbedService {
    /// A service over `ports`.
    pub fn new(ports: EmbedPorts) -> Self {
        Self { ports }
    }

    /// The origins allowed to embed `org`'s forms, for the embeddable routes' CSP and CORS
    /// answers (anyone: they are what those answers name).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn origins_of(&self, org: OrgId) -> Result<Vec<EmbedOrigin>, RepositoryError> {
        self.ports.origins.origins_of(org).await
    }

    /// The origins allowed to embed the actor's organisation's forms (any staff member).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn embed_origins(
        &self,
        actor: &StaffActor,
    ) -> Result<Vec<EmbedOrigin>, RepositoryError> {
        self.origins_of(actor.org_id).await
    }

    /// Replaces the origins allowed to embed the actor's organisation's forms and returns
    /// them as stored: duplicates dropped, the first's place kept; an empty list lets no
    /// site frame or call them. The list and one [`AuditAction::EMBED_ORIGINS_CHANGED`]
    /// event (naming the origins) land in one unit of work; the same list stores nothing.
    ///
    /// # Errors
    /// See [`SetEmbedOriginsError`].
    pub async fn set_embed_origins(
        &self,
        actor: &StaffActor,
        origins: Vec<EmbedOrigin>,
    ) -> Result<Vec<EmbedOrigin>, SetEmbedOriginsError> {
        actor.require(Permission::ManageOrganisation)?;
        let origins = deduplicated(origins);
        if origins.len() > MAX_EMBED_ORIGINS {
            return Err(SetEmbedOriginsError::TooMany);
        }
        let stored = self.ports.origins.origins_of(actor.org_id).await?;
        if stored == origins {
            return Ok(stored);
        }
        let mut uow = self.ports.transactions.begin().await?;
        self.ports
            .origins
            .save_origins(uow.as_mut(), actor.org_id, &origins)
            .await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(actor.org_id),
            actor: Some(actor.user_id),
            action: AuditAction::EMBED_ORIGINS_CHANGED,
            subject: Some(actor.org_id.to_string()),
            detail: format!(
                "origins={}",
                origins
                    .iter()
                    .map(EmbedOrigin::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            at: self.ports.clock.now(),
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(origins)
    }
}

/// `origins` without repeats, each at its first place.
fn deduplicated(origins: Vec<EmbedOrigin>) -> Vec<EmbedOrigin> {
    let mut seen = std::collections::BTreeSet::new();
    origins
        .into_iter()
        .filter(|origin| seen.insert(origin.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_action_name_does_not_change() {
        assert_eq!(
            AuditAction::EMBED_ORIGINS_CHANGED.as_str(),
            "embed_origins.changed"
        );
    }

    #[test]
    fn repeats_keep_their_first_place() {
        let parse = |raw: &str| EmbedOrigin::parse(raw).unwrap();
        let list = deduplicated(vec![
            parse("https://b.example"),
            parse("https://a.example"),
            parse("https://B.example/"),
        ]);
        assert_eq!(
            list,
            [parse("https://b.example"), parse("https://a.example")]
        );
    }
}
