//! Sequences of operations for model-based property tests: on share links (two
//! organisations, so a test can check that neither sees the other's links), on guest access
//! links, and on contact users' grants (the access decision's model test).
//!
//! Operations name things by small indexes (`org`, `case`, the `n`-th link made so far,
//! taken modulo how many exist), so a test maps them onto what it created and proptest can
//! shrink a failing sequence to a short one.

use proptest::prelude::*;

/// Organisations a share-link sequence works in.
pub const ORGS: usize = 2;
/// Contact users a grant sequence names.
pub const USERS: usize = 3;
/// Cases a grant or guest-access sequence names.
pub const CASES: usize = 4;
/// Clients a grant sequence names.
pub const CLIENTS: usize = 3;

/// One step on share links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareLinkOp {
    /// An admin of `org` shares its case, limited to `max_views` or not, open for
    /// `lifetime_seconds` (within the default maximum of 90 days).
    Create {
        /// Which organisation (0..[`ORGS`]).
        org: usize,
        /// The view limit, if any (1–3).
        max_views: Option<u32>,
        /// Seconds until it expires.
        lifetime_seconds: i64,
    },
    /// Someone opens the `n`-th link created so far (and confirms the view).
    Open {
        /// Which link (modulo how many exist).
        n: usize,
    },
    /// An admin of `org` revokes the `n`-th link created so far — of any organisation, so a
    /// sequence also tries to revoke another organisation's link.
    Revoke {
        /// Whose admin acts.
        org: usize,
        /// Which link.
        n: usize,
    },
    /// An admin of `org` lists its case's links and counts its open links.
    List {
        /// Whose admin asks.
        org: usize,
    },
    /// Time passes.
    Wait {
        /// Seconds.
        seconds: i64,
    },
}

/// A [`ShareLinkOp`]; waits go up to 40 days, so links expire within a sequence.
pub fn share_link_op() -> impl Strategy<Value = ShareLinkOp> {
    prop_oneof![
        3 => (0..ORGS, prop::option::of(1u32..=3), 1i64..=30 * 86_400)
            .prop_map(|(org, max_views, lifetime_seconds)| ShareLinkOp::Create { org, max_views, lifetime_seconds }),
        4 => (0usize..32).prop_map(|n| ShareLinkOp::Open { n }),
        1 => (0..ORGS, 0usize..32).prop_map(|(org, n)| ShareLinkOp::Revoke { org, n }),
        1 => (0..ORGS).prop_map(|org| ShareLinkOp::List { org }),
        2 => (1i64..=40 * 86_400).prop_map(|seconds| ShareLinkOp::Wait { seconds }),
    ]
}

/// One step on guest access links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestAccessOp {
    /// Staff issue a fresh guest link for `case` (superseding the case's earlier ones).
    Issue {
        /// Which case (0..[`CASES`]).
        case: usize,
    },
    /// The guest opens the `n`-th link issued so far.
    Open {
        /// Which link (modulo how many exist).
        n: usize,
    },
    /// Staff revoke guest access to `case`.
    Revoke {
        /// Which case.
        case: usize,
    },
    /// Time passes.
    Wait {
        /// Seconds.
        seconds: i64,
    },
}

/// A [`GuestAccessOp`]; waits go up to 40 days.
pub fn guest_access_op() -> impl Strategy<Value = GuestAccessOp> {
    prop_oneof![
        2 => (0..CASES).prop_map(|case| GuestAccessOp::Issue { case }),
        4 => (0usize..32).prop_map(|n| GuestAccessOp::Open { n }),
        1 => (0..CASES).prop_map(|case| GuestAccessOp::Revoke { case }),
        2 => (1i64..=40 * 86_400).prop_map(|seconds| GuestAccessOp::Wait { seconds }),
    ]
}

/// One step on contact users' grants and what the access decision reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantOp {
    /// Grant `user` viewer (or editor) on `case`.
    Grant {
        /// Which contact user (0..[`USERS`]).
        user: usize,
        /// Which case (0..[`CASES`]).
        case: usize,
        /// Editor rather than viewer.
        editor: bool,
    },
    /// Revokes the `n`-th grant ever made (modulo their number), revoked or not.
    Revoke {
        /// Which grant.
        n: usize,
    },
    /// Set `user`'s "all public cases of my clients" rule.
    Rule {
        /// Which contact user.
        user: usize,
        /// Open cases included.
        open: bool,
        /// Closed cases included.
        closed: bool,
    },
    /// Flip whether `case` is public.
    Public {
        /// Which case.
        case: usize,
        /// Public or not.
        public: bool,
    },
    /// Open or close `case`.
    Open {
        /// Which case.
        case: usize,
        /// Open or closed.
        open: bool,
    },
    /// Move `case` to a client, or to none.
    Client {
        /// Which case.
        case: usize,
        /// Which client (0..[`CLIENTS`]), if any.
        client: Option<usize>,
    },
    /// Activate or deactivate `user`'s account.
    Active {
        /// Which contact user.
        user: usize,
        /// Active or not.
        active: bool,
    },
    /// `user` joins `client`.
    Join {
        /// Which contact user.
        user: usize,
        /// Which client.
        client: usize,
    },
    /// Time passes.
    Wait {
        /// Seconds.
        seconds: i64,
    },
}

/// A [`GrantOp`], grants and revokes the most frequent.
pub fn grant_op() -> impl Strategy<Value = GrantOp> {
    prop_oneof![
        3 => (0..USERS, 0..CASES, any::<bool>()).prop_map(|(user, case, editor)| GrantOp::Grant { user, case, editor }),
        2 => (0usize..64).prop_map(|n| GrantOp::Revoke { n }),
        2 => (0..USERS, any::<bool>(), any::<bool>()).prop_map(|(user, open, closed)| GrantOp::Rule { user, open, closed }),
        2 => (0..CASES, any::<bool>()).prop_map(|(case, public)| GrantOp::Public { case, public }),
        1 => (0..CASES, any::<bool>()).prop_map(|(case, open)| GrantOp::Open { case, open }),
        1 => (0..CASES, prop::option::of(0..CLIENTS)).prop_map(|(case, client)| GrantOp::Client { case, client }),
        1 => (0..USERS, any::<bool>()).prop_map(|(user, active)| GrantOp::Active { user, active }),
        1 => (0..USERS, 0..CLIENTS).prop_map(|(user, client)| GrantOp::Join { user, client }),
        1 => (1i64..200_000).prop_map(|seconds| GrantOp::Wait { seconds }),
    ]
}

/// Instants around an expiry: one second before, the instant itself, and one second after,
/// with whether a link expiring at `expires_at` still works then (only the first).
pub fn around_expiry(expires_at: time::OffsetDateTime) -> [(time::OffsetDateTime, bool); 3] {
    let second = time::Duration::SECOND;
    [
        (expires_at - second, true),
        (expires_at, false),
        (expires_at + second, false),
    ]
}
