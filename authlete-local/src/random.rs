//! Credentials from the operating system's random generator, and the hashes that key the maps.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::store::Key;

/// 256 random bits, base64url without padding (43 characters).
pub(crate) fn token() -> String {
    URL_SAFE_NO_PAD.encode(bytes::<32>())
}

/// `N` random bytes from the OS generator.
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    aws_lc_rs::rand::fill(&mut out).expect("the operating system's random generator failed");
    out
}

/// The map key of a credential.
pub(crate) fn key(credential: &str) -> Key {
    Sha256::digest(credential.as_bytes()).into()
}

/// A user code of the device flow: 8 letters from a set without vowels or look-alikes
/// (RFC 8628 §6.1), as Authlete makes them (no separator).
pub(crate) fn user_code() -> String {
    const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    let mut code = String::with_capacity(8);
    while code.len() < 8 {
        for byte in bytes::<16>() {
            // 240 = 12 * 20: reject the tail so that every letter is equally likely.
            if byte < 240 && code.len() < 8 {
                code.push(ALPHABET[(byte % 20) as usize] as char);
            }
        }
    }
    code
}

/// A user code as typed (`wdjb-mjht`): letters only, upper case.
pub(crate) fn normalise_user_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|ch| ch.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_ne!(key(&a), key(&b));
    }

    #[test]
    fn user_codes_use_the_alphabet() {
        let code = user_code();
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|ch| "BCDFGHJKLMNPQRSTVWXZ".contains(ch)));
        let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
        assert_eq!(normalise_user_code(&typed), code);
    }
}
