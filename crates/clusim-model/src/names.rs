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
    fn bad_names_are_invalid_parameter() {
        assert_eq!(validate_new_name(""), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(validate_new_name("a\0b"), Err(Win32Error::ERROR_INVALID_PARAMETER));
        let long = "x".repeat(MAX_NAME_LEN + 1);
        assert_eq!(validate_new_name(&long), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert!(validate_new_name(&"x".repeat(MAX_NAME_LEN)).is_ok());
    }
}
