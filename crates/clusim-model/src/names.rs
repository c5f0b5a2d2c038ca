//! Object names: case-insensitive identity, validation.
//!
//! ClusAPI names are compared without regard to case; clusim keeps the spelling the
//! caller used and compares through [`NameKey`].

use clusim_api::{Result, Win32Error};
use std::sync::Arc;

/// Longest object name accepted, in UTF-16 units (decision recorded in spec/model.md).
pub const MAX_NAME_LEN: usize = 1024;

/// The case-insensitive identity of a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKey(Box<str>);

impl NameKey {
    /// The key of `name`.
    pub fn of(name: &str) -> NameKey {
        NameKey(name.to_uppercase().into_boxed_str())
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Case-insensitive equality of two names, without allocating: true exactly when
/// `NameKey::of(a) == NameKey::of(b)`.
pub fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().flat_map(char::to_uppercase).eq(b.chars().flat_map(char::to_uppercase))
}

/// A case-insensitive hash of a name, without allocating: names that are
/// [`same_name`] hash alike. Deterministic (same name, same hash, every run).
pub fn name_hash(name: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |unit: u32| h = (h ^ u64::from(unit)).wrapping_mul(PRIME);
    if name.is_ascii() {
        for b in name.bytes() {
            mix(u32::from(b.to_ascii_uppercase()));
        }
    } else {
        for c in name.chars().flat_map(char::to_uppercase) {
            mix(c as u32);
        }
    }
    // Spread FNV's weak low bits (hash tables index by them).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Checks a name given to a create or rename call: non-empty, at most
/// [`MAX_NAME_LEN`] UTF-16 units, no NUL. Otherwise `ERROR_INVALID_PARAMETER`.
pub fn validate_new_name(name: &str) -> Result<Arc<str>> {
    if name.is_empty() || name.contains('\0') || name.encode_utf16().count() > MAX_NAME_LEN {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    Ok(Arc::from(name))
}

/// True when a name could name an existing object (used by open-by-name: anything
/// else is simply "not found").
pub fn plausible_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('\0') && name.encode_utf16().count() <= MAX_NAME_LEN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case() {
        assert_eq!(NameKey::of("Cluster Disk 1"), NameKey::of("CLUSTER disk 1"));
        assert_ne!(NameKey::of("a"), NameKey::of("b"));
    }

    #[test]
    fn same_name_and_name_hash_agree_with_name_key() {
        let names =
            ["Cluster Disk 1", "CLUSTER disk 1", "cluster disk 2", "straße", "STRASSE", "Ǆ", "ǆ", "", "ß"];
        for a in names {
            for b in names {
                let keyed = NameKey::of(a) == NameKey::of(b);
                assert_eq!(same_name(a, b), keyed, "{a:?} vs {b:?}");
                if keyed {
                    assert_eq!(name_hash(a), name_hash(b), "{a:?} vs {b:?}");
                }
            }
        }
        assert_ne!(name_hash("Resource 1"), name_hash("Resource 2"));
    }

    #[test]
    fn bad_names_are_invalid_parameter() {
        assert_eq!(validate_new_name(""), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(validate_new_name("a\0b"), Err(Win32Error::ERROR_INVALID_PARAMETER));
        let long = "x".repeat(MAX_NAME_LEN + 1);
        assert_eq!(validate_new_name(&long), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert!(validate_new_name(&"x".repeat(MAX_NAME_LEN)).is_ok());
    }
}
