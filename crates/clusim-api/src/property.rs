//! Property values and lists (common and private properties of cluster objects).
//!
//! A property value has one of the registry value types; clusim stores object
//! properties as values in the object's cluster-database key (common properties) and
//! its `Parameters` subkey (private properties), so the two views always agree.

/// `REG_NONE`.
pub const REG_NONE: u32 = 0;
/// `REG_SZ`.
pub const REG_SZ: u32 = 1;
/// `REG_EXPAND_SZ`.
pub const REG_EXPAND_SZ: u32 = 2;
/// `REG_BINARY`.
pub const REG_BINARY: u32 = 3;
/// `REG_DWORD`.
pub const REG_DWORD: u32 = 4;
/// `REG_MULTI_SZ`.
pub const REG_MULTI_SZ: u32 = 7;
/// `REG_QWORD`.
pub const REG_QWORD: u32 = 11;

/// A typed property value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PropertyValue {
    /// `REG_DWORD`.
    Dword(u32),
    /// A signed DWORD (`CLUSPROP_SYNTAX_LIST_VALUE_LONG`), stored as `REG_DWORD`
    /// (e.g. a group's `FailbackWindowStart`, -1 for "no window").
    Long(i32),
    /// `REG_QWORD`.
    Qword(u64),
    /// `REG_SZ`.
    Sz(String),
    /// `REG_EXPAND_SZ`.
    ExpandSz(String),
    /// `REG_MULTI_SZ`.
    MultiSz(Vec<String>),
    /// `REG_BINARY`.
    Binary(Vec<u8>),
}

/// Which property set of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyScope {
    /// Common properties (`CLUSCTL_*_GET_COMMON_PROPERTIES`).
    Common,
    /// Private properties (`CLUSCTL_*_GET_PRIVATE_PROPERTIES`).
    Private,
}

/// An ordered list of (name, value) pairs, as in a ClusAPI property list.
pub type PropertyList = Vec<(String, PropertyValue)>;

impl PropertyValue {
    /// The registry type number of this value.
    pub fn reg_type(&self) -> u32 {
        match self {
            PropertyValue::Dword(_) | PropertyValue::Long(_) => REG_DWORD,
            PropertyValue::Qword(_) => REG_QWORD,
            PropertyValue::Sz(_) => REG_SZ,
            PropertyValue::ExpandSz(_) => REG_EXPAND_SZ,
            PropertyValue::MultiSz(_) => REG_MULTI_SZ,
            PropertyValue::Binary(_) => REG_BINARY,
        }
    }

    /// Encodes the value as registry data bytes (UTF-16LE strings with NULs).
    pub fn to_reg_bytes(&self) -> Vec<u8> {
        fn sz(s: &str, out: &mut Vec<u8>) {
            for u in s.encode_utf16().chain(std::iter::once(0)) {
                out.extend_from_slice(&u.to_le_bytes());
            }
        }
        let mut out = Vec::new();
        match self {
            PropertyValue::Dword(v) => out.extend_from_slice(&v.to_le_bytes()),
            PropertyValue::Long(v) => out.extend_from_slice(&v.to_le_bytes()),
            PropertyValue::Qword(v) => out.extend_from_slice(&v.to_le_bytes()),
            PropertyValue::Sz(s) | PropertyValue::ExpandSz(s) => sz(s, &mut out),
            PropertyValue::MultiSz(items) => {
                for s in items {
                    sz(s, &mut out);
                }
                out.extend_from_slice(&[0, 0]);
            }
            PropertyValue::Binary(b) => out.extend_from_slice(b),
        }
        out
    }

    /// Decodes registry data of the given type; `None` if the bytes do not fit the type
    /// or the type has no property form.
    pub fn from_reg_bytes(reg_type: u32, data: &[u8]) -> Option<PropertyValue> {
        fn utf16(data: &[u8]) -> Option<Vec<u16>> {
            if !data.len().is_multiple_of(2) {
                return None;
            }
            Some(data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
        }
        match reg_type {
            REG_DWORD => Some(PropertyValue::Dword(u32::from_le_bytes(data.try_into().ok()?))),
            REG_QWORD => Some(PropertyValue::Qword(u64::from_le_bytes(data.try_into().ok()?))),
            REG_SZ | REG_EXPAND_SZ => {
                let units = utf16(data)?;
                let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
                let s = String::from_utf16(&units[..end]).ok()?;
                Some(if reg_type == REG_SZ { PropertyValue::Sz(s) } else { PropertyValue::ExpandSz(s) })
            }
            REG_MULTI_SZ => {
                let units = utf16(data)?;
                let mut items = Vec::new();
                for part in units.split(|&u| u == 0) {
                    if part.is_empty() {
                        break;
                    }
                    items.push(String::from_utf16(part).ok()?);
                }
                Some(PropertyValue::MultiSz(items))
            }
            REG_BINARY | REG_NONE => Some(PropertyValue::Binary(data.to_vec())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_bytes_round_trip_for_every_type() {
        let values = [
            PropertyValue::Dword(7),
            PropertyValue::Qword(1 << 40),
            PropertyValue::Sz("héllo".into()),
            PropertyValue::ExpandSz("%SystemRoot%".into()),
            PropertyValue::MultiSz(vec!["a".into(), "bc".into()]),
            PropertyValue::Binary(vec![1, 2, 3]),
        ];
        for v in values {
            let bytes = v.to_reg_bytes();
            assert_eq!(PropertyValue::from_reg_bytes(v.reg_type(), &bytes), Some(v));
        }
        assert_eq!(PropertyValue::from_reg_bytes(REG_DWORD, &[1, 2]), None);
    }
}
