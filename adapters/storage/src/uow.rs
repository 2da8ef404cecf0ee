//! The unit of work: a database transaction behind the domain's [`UnitOfWork`] port.

use std::any::Any;

use frontdesk_kernel::{RepositoryError, TransactionRunner, UnitOfWork, Uow};
use sea_orm::DatabaseTransaction;

use crate::Database;
use crate::convert::unavailable;

/// A [`UnitOfWork`] backed by a sea-orm transaction. Dropping it without
/// [`UnitOfWork::commit`] rolls the transaction back.
pub struct SeaOrmUnitOfWork {
    transaction: DatabaseTransaction,
}

impl SeaOrmUnitOfWork {
    pub(crate) fn new(transaction: DatabaseTransaction) -> Self {
        Self { transaction }
    }

    /// The transaction, for adapter-internal writes.
    pub(crate) fn transaction(&self) -> &DatabaseTransaction {
        &self.transaction
    }

    /// Commits without going through the port.
    pub(crate) async fn commit_unit(self) -> Result<(), sea_orm::DbErr> {
        self.transaction.commit().await
    }

    /// The transaction inside `uow`, if `uow` came from this adapter.
    ///
    /// # Errors
    /// [`RepositoryError::Corrupt`] for a unit of work from another adapter.
    pub fn transaction_of(uow: &mut Uow) -> Result<&DatabaseTransaction, RepositoryError> {
        uow.as_any()
            .downcast_mut::<Self>()
            .map(|unit| &unit.transaction)
            .ok_or_else(|| RepositoryError::Corrupt("foreign unit of work".to_owned()))
    }
}

impl std::fmt::Debug for SeaOrmUnitOfWork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SeaOrmUnitOfWork")
    }
}

#[async_trait::async_trait]
impl UnitOfWork for SeaOrmUnitOfWork {
    fn as_any(&mut self) -> &mut (dyn Any + Send) {
        self
    }

    async fn commit(self: Box<Self>) -> Result<(), RepositoryError> {
        self.transaction.commit().await.map_err(unavailable)
    }
}

#[async_trait::async_trait]
impl TransactionRunner for Database {
    async fn begin(&self) -> Result<Box<dyn UnitOfWork>, RepositoryError> {
        let unit = self.begin_unit().await.map_err(unavailable)?;
        Ok(Box::new(unit))
    }
}
