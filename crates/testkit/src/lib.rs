//! Test support for Frontdesk: a fake clock, deterministic randomness, in-memory fakes of
//! every port, the storage contract suite that every adapter must pass, and proptest
//! strategies for the value types ([`strategies`]). For tests only; nothing here is fit for
//! production.
//!
//! ```
//! use frontdesk_kernel::Clock;
//! use frontdesk_testkit::FakeClock;
//! use time::Duration;
//!
//! let clock = FakeClock::new();
//! let start = clock.now();
//! clock.advance(Duration::days(14));
//! assert_eq!(clock.now() - start, Duration::days(14));
//! ```

pub mod cases_fakes;
pub mod clock;
pub mod contact_user_fakes;
pub mod contract;
pub mod embed_fakes;
pub mod fakes;
pub mod host;
pub mod links;
pub mod portal_user_fakes;
pub mod registration_fakes;
pub mod sharing_fakes;
pub mod strategies;

pub use cases_fakes::{
    BlankTemplateEngine, FakeCaptcha, InMemoryCaseOverview, InMemoryCasesStore, cases_ports,
    composed_views, overview_reader,
};
pub use clock::{FakeClock, SequenceTokenSource};
pub use contact_user_fakes::InMemoryContactUserStore;
pub use contract::ContractSubject;
pub use embed_fakes::InMemoryEmbedOrigins;
pub use fakes::{FakeHasher, InMemoryStore, InMemoryUnitOfWork, access_ports, portal_ports};
pub use host::{SharingHost, Tenant};
pub use links::PathLinks;
pub use portal_user_fakes::InMemoryPortalUsers;
pub use registration_fakes::{
    InMemoryPendingSignUps, InMemoryRegistrationStore, registration_ports,
};
pub use sharing_fakes::{InMemorySharingStore, sharing_ports};
