//! Hashes, tokens and randomness: the one place for each.
//!
//! - [`sha256_hex`]: the SHA-256 of bytes as lower-case hex (files, figures,
//!   session tokens); [`sha256`] the raw digest;
//! - [`acak`]: bytes from the operating system's random source;
//! - [`token_baru`] / [`token_sah`]: session and CSRF tokens (256 bits);
//!   [`token_sementara`] / [`token_sementara_sah`]: the shorter keys of
//!   short-lived entries (a form sent back, an upload awaiting
//!   confirmation; 128 bits);
//! - [`sama`]: comparison in constant time, for secrets.

use sha2::Digest;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha256(bytes))
}

/// The SHA-256 of `bytes` (a Content-Security-Policy script hash).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// `N` random bytes from the operating system.
pub fn acak<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b
}

fn berbentuk_hex(t: &str, panjang: usize) -> bool {
    t.len() == panjang && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new random token (256 bits, hex): sessions and CSRF.
pub fn token_baru() -> String {
    hex(&acak::<32>())
}

/// Whether `t` has the shape of a token from [`token_baru`] (64 hex digits).
pub fn token_sah(t: &str) -> bool {
    berbentuk_hex(t, 64)
}

/// A new key of a short-lived entry (128 bits, hex).
pub fn token_sementara() -> String {
    hex(&acak::<16>())
}

/// Whether `t` has the shape of a key from [`token_sementara`] (32 hex
/// digits), so that anything else is a 404 without a query.
pub fn token_sementara_sah(t: &str) -> bool {
    berbentuk_hex(t, 32)
}

/// The SHA-256 (hex) under which a session token is stored.
pub fn id_sesi(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Equal, in time independent of where the two differ.
pub fn sama(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_and_token_shapes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(token_sah(&token_baru()));
        assert!(!token_sah(&token_sementara()));
        assert!(token_sementara_sah(&token_sementara()));
        assert!(!token_sementara_sah("../../etc/passwd"));
        assert_ne!(token_baru(), token_baru());
    }

    #[test]
    fn comparison() {
        assert!(sama("abc", "abc"));
        assert!(!sama("abc", "abd"));
        assert!(!sama("abc", "abcd"));
    }
}
