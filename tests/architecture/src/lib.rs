//! Architecture tests live in tests/.
