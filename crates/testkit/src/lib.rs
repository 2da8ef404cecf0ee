//! Test support for Frontdesk: a fake clock, deterministic randomness, in-memory fakes of
//! every port, the storage contract suite that every adapter must pass, and proptest
//! strategies. For tests only; nothing here is fit for production.

pub mod clock;

pub use clock::{FakeClock, SequenceTokenSource};
