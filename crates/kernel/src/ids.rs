//! Typed identifiers: every entity id is a UUID v7 wrapped in its own type, so a case id can
//! never be passed where a contact id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
pub use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps an existing UUID (as read back from storage).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }
    };
}

id_type!(
    /// Identifies an organisation (a tenant).
    OrgId
);
id_type!(
    /// Identifies a staff user.
    StaffUserId
);
id_type!(
    /// Identifies a staff API token (not the secret itself).
    ApiTokenId
);
id_type!(
    /// Identifies a staff session record (not the secret session id).
    SessionId
);
id_type!(
    /// Identifies a one-time action token record (password setup, reset, activation).
    ActionTokenId
);
id_type!(
    /// Identifies an intake form.
    FormId
);
id_type!(
    /// Identifies an audit event.
    AuditEventId
);
id_type!(
    /// Identifies an outbound mail message; also the stable part of its `Message-ID`.
    MessageId
);
id_type!(
    /// Identifies a contact (a person known to an organisation).
    ContactId
);
id_type!(
    /// Identifies a case.
    CaseId
);
id_type!(
    /// Identifies a timeline entry of a case.
    TimelineEntryId
);
id_type!(
    /// Identifies a guest access capability (not the secret token).
    GuestAccessId
);
id_type!(
    /// Identifies a public share link (not the secret token).
    ShareLinkId
);
id_type!(
    /// Identifies a client: a customer company of the organisation.
    ClientId
);
id_type!(
    /// Identifies a contact user: a contact with a login (client contact, registered or
    /// portal user).
    ContactUserId
);
id_type!(
    /// Identifies an access grant of a contact user to one case.
    AccessGrantId
);
id_type!(
    /// Identifies a registration link (not the secret token).
    RegistrationLinkId
);
