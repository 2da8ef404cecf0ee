//! Secret tokens of each kind, and garbage that no kind accepts.

use frontdesk_kernel::{Token, TokenKind, TokenSource};
use proptest::prelude::*;

/// Any [`TokenKind`].
pub fn token_kind() -> impl Strategy<Value = TokenKind> {
    prop::sample::select(TokenKind::ALL.to_vec())
}

/// Fills every buffer with the same 32 bytes, repeated.
struct Bytes([u8; 32]);

impl TokenSource for Bytes {
    fn fill(&self, buffer: &mut [u8]) {
        for (index, byte) in buffer.iter_mut().enumerate() {
            *byte = self.0[index % 32];
        }
    }
}

/// A fresh token of `kind` from random bytes.
pub fn token_of(kind: TokenKind) -> impl Strategy<Value = Token> {
    any::<[u8; 32]>().prop_map(move |bytes| Token::generate(kind, &Bytes(bytes)))
}

/// A fresh token of any kind.
pub fn token() -> impl Strategy<Value = Token> {
    token_kind().prop_flat_map(token_of)
}

/// A valid token of `kind` damaged so that `Token::parse(kind, …)` must refuse it: another
/// kind's prefix, no prefix, cut short, one character too many, padding, a character outside
/// base64url, a space or line break, or upper-cased prefix.
pub fn damaged_token(kind: TokenKind) -> impl Strategy<Value = String> {
    let others: Vec<TokenKind> = TokenKind::ALL
        .into_iter()
        .filter(|other| *other != kind)
        .collect();
    (
        token_of(kind),
        prop::sample::select(others),
        0usize..8,
        1usize..43,
    )
        .prop_map(move |(token, other, damage, at)| {
            let text = token.expose().to_owned();
            let body = &text[kind.prefix().len()..];
            match damage {
                0 => format!("{}{body}", other.prefix()),
                1 => body.to_owned(),
                2 => text[..kind.prefix().len() + at].to_owned(),
                3 => format!("{text}A"),
                4 => format!("{text}="),
                5 => format!("{}{}*{}", kind.prefix(), &body[..at], &body[at..]),
                6 => format!("{}{}\n{}", kind.prefix(), &body[..at], &body[at..]),
                _ => format!("{}{body}", kind.prefix().to_ascii_uppercase()),
            }
        })
}
