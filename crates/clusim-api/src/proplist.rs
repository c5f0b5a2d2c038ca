//! Property lists in the documented CLUSPROP format (safe code, no pointers).
//!
//! Shared by both sides of the C boundary: libclusapi encodes GET results and strictly
//! decodes SET input; the real-ClusAPI backend (`clusim-clusapi`) decodes GET results
//! and encodes SET input.
//!
//! Layout (fact sheet §1.6; MS-CMRP 2.2.3.10 PROPERTY_LIST), little-endian:
//!
//! ```text
//! DWORD count
//! count × {
//!     DWORD CLUSPROP_SYNTAX_NAME (0x00040003)   DWORD cbLength   WCHAR name[] incl. NUL   pad to 4
//!     DWORD value syntax                          DWORD cbLength   BYTE data[cbLength]      pad to 4
//!     DWORD CLUSPROP_SYNTAX_ENDMARK (0)
//! }
//! ```
//!
//! Value syntaxes and the property values they carry: `LIST_VALUE_BINARY` (0x00010001,
//! `REG_BINARY`), `LIST_VALUE_DWORD` (0x00010002, 4 bytes), `LIST_VALUE_SZ` (0x00010003,
//! UTF-16 with its NUL), `LIST_VALUE_EXPAND_SZ` (0x00010004), `LIST_VALUE_MULTI_SZ`
//! (0x00010005, strings each with a NUL, then a final NUL), `LIST_VALUE_ULARGE_INTEGER`
//! (0x00010006, 8 bytes, `REG_QWORD`), `LIST_VALUE_LONG` (0x00010007, 4 bytes, signed).
//!
//! [`decode`] is strict: anything it cannot read exactly as laid out above is
//! `ERROR_INVALID_DATA`; it never panics and never allocates more than the input holds.
//! Bytes after the last counted property are ignored (callers routinely pass their
//! whole buffer size).

use crate::{PropertyList, PropertyValue, Win32Error};

/// `CLUSPROP_SYNTAX_ENDMARK`.
pub const CLUSPROP_SYNTAX_ENDMARK: u32 = 0;
/// `CLUSPROP_SYNTAX_NAME`.
pub const CLUSPROP_SYNTAX_NAME: u32 = 0x0004_0003;
/// `CLUSPROP_SYNTAX_LIST_VALUE_BINARY`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_BINARY: u32 = 0x0001_0001;
/// `CLUSPROP_SYNTAX_LIST_VALUE_DWORD`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_DWORD: u32 = 0x0001_0002;
/// `CLUSPROP_SYNTAX_LIST_VALUE_SZ`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_SZ: u32 = 0x0001_0003;
/// `CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ: u32 = 0x0001_0004;
/// `CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ: u32 = 0x0001_0005;
/// `CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER`.
pub const CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER: u32 = 0x0001_0006;
/// `CLUSPROP_SYNTAX_LIST_VALUE_LONG` (a signed DWORD).
pub const CLUSPROP_SYNTAX_LIST_VALUE_LONG: u32 = 0x0001_0007;

const INVALID: Win32Error = Win32Error::ERROR_INVALID_DATA;

fn pad4(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

fn entry(out: &mut Vec<u8>, syntax: u32, data: &[u8]) {
    out.extend_from_slice(&syntax.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    pad4(out);
}

fn utf16z(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

/// The value syntax that carries a property value.
pub fn syntax_of(v: &PropertyValue) -> u32 {
    match v {
        PropertyValue::Binary(_) => CLUSPROP_SYNTAX_LIST_VALUE_BINARY,
        PropertyValue::Dword(_) => CLUSPROP_SYNTAX_LIST_VALUE_DWORD,
        PropertyValue::Sz(_) => CLUSPROP_SYNTAX_LIST_VALUE_SZ,
        PropertyValue::ExpandSz(_) => CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ,
        PropertyValue::MultiSz(_) => CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ,
        PropertyValue::Qword(_) => CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER,
        PropertyValue::Long(_) => CLUSPROP_SYNTAX_LIST_VALUE_LONG,
    }
}

/// Encodes a property list.
pub fn encode(list: &PropertyList) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(list.len() as u32).to_le_bytes());
    for (name, value) in list {
        entry(&mut out, CLUSPROP_SYNTAX_NAME, &utf16z(name));
        // `to_reg_bytes` is exactly the CLUSPROP data for every syntax above.
        entry(&mut out, syntax_of(value), &value.to_reg_bytes());
        out.extend_from_slice(&CLUSPROP_SYNTAX_ENDMARK.to_le_bytes());
    }
    out
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn dword(&mut self) -> Result<u32, Win32Error> {
        let end = self.pos.checked_add(4).ok_or(INVALID)?;
        let b = self.buf.get(self.pos..end).ok_or(INVALID)?;
        self.pos = end;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `cbLength` bytes of data, then the padding to a 4-byte boundary (which must be
    /// present in the buffer).
    fn data(&mut self) -> Result<&'a [u8], Win32Error> {
        let len = self.dword()? as usize;
        let end = self.pos.checked_add(len).ok_or(INVALID)?;
        let padded = end.checked_add((4 - end % 4) % 4).ok_or(INVALID)?;
        let data = self.buf.get(self.pos..end).ok_or(INVALID)?;
        if padded > self.buf.len() {
            return Err(INVALID);
        }
        self.pos = padded;
        Ok(data)
    }
}

fn units(data: &[u8]) -> Result<Vec<u16>, Win32Error> {
    if !data.len().is_multiple_of(2) {
        return Err(INVALID);
    }
    Ok(data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
}

/// One NUL-terminated string with no NUL inside.
fn sz(data: &[u8]) -> Result<String, Win32Error> {
    let u = units(data)?;
    match u.split_last() {
        Some((0, body)) if !body.contains(&0) => String::from_utf16(body).map_err(|_| INVALID),
        _ => Err(INVALID),
    }
}

/// Non-empty strings each with a NUL, then a final NUL (a lone NUL is the empty list).
fn multi_sz(data: &[u8]) -> Result<Vec<String>, Win32Error> {
    let u = units(data)?;
    let Some((0, body)) = u.split_last() else {
        return Err(INVALID);
    };
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let Some((0, items)) = body.split_last() else {
        return Err(INVALID);
    };
    items
        .split(|&c| c == 0)
        .map(
            |part| if part.is_empty() { Err(INVALID) } else { String::from_utf16(part).map_err(|_| INVALID) },
        )
        .collect()
}

fn value(syntax: u32, data: &[u8]) -> Result<PropertyValue, Win32Error> {
    Ok(match syntax {
        CLUSPROP_SYNTAX_LIST_VALUE_BINARY => PropertyValue::Binary(data.to_vec()),
        CLUSPROP_SYNTAX_LIST_VALUE_DWORD => {
            PropertyValue::Dword(u32::from_le_bytes(data.try_into().map_err(|_| INVALID)?))
        }
        CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER => {
            PropertyValue::Qword(u64::from_le_bytes(data.try_into().map_err(|_| INVALID)?))
        }
        CLUSPROP_SYNTAX_LIST_VALUE_LONG => {
            PropertyValue::Long(i32::from_le_bytes(data.try_into().map_err(|_| INVALID)?))
        }
        CLUSPROP_SYNTAX_LIST_VALUE_SZ => PropertyValue::Sz(sz(data)?),
        CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ => PropertyValue::ExpandSz(sz(data)?),
        CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ => PropertyValue::MultiSz(multi_sz(data)?),
        _ => return Err(INVALID),
    })
}

/// Decodes a property list (see the module documentation for what is refused).
pub fn decode(buf: &[u8]) -> Result<PropertyList, Win32Error> {
    let mut r = Reader { buf, pos: 0 };
    let count = r.dword()?;
    let mut out = PropertyList::new();
    for _ in 0..count {
        if r.dword()? != CLUSPROP_SYNTAX_NAME {
            return Err(INVALID);
        }
        let name = sz(r.data()?)?;
        let syntax = r.dword()?;
        let v = value(syntax, r.data()?)?;
        if r.dword()? != CLUSPROP_SYNTAX_ENDMARK {
            return Err(INVALID);
        }
        out.push((name, v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_dword_property_has_the_documented_bytes() {
        let list = vec![("A".to_string(), PropertyValue::Dword(5))];
        let bytes = encode(&list);
        let expect: Vec<u8> = [
            1u32,        // count
            0x0004_0003, // NAME
            4,           // "A\0"
        ]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .chain([0x41, 0, 0, 0])
        .chain([0x0001_0002u32, 4, 5, 0].iter().flat_map(|v| v.to_le_bytes()))
        .collect();
        assert_eq!(bytes, expect);
        assert_eq!(decode(&bytes).unwrap(), list);
    }

    #[test]
    fn an_empty_list_is_one_zero_dword() {
        assert_eq!(encode(&Vec::new()), vec![0, 0, 0, 0]);
        assert_eq!(decode(&[0, 0, 0, 0]).unwrap(), Vec::new());
    }

    #[test]
    fn malformed_lists_are_invalid_data() {
        let good = encode(&vec![("Name".into(), PropertyValue::Sz("x".into()))]);
        for cut in 0..good.len() {
            assert_eq!(decode(&good[..cut]), Err(Win32Error::ERROR_INVALID_DATA), "cut at {cut}");
        }
        let mut bad_syntax = good.clone();
        bad_syntax[4] = 9;
        assert_eq!(decode(&bad_syntax), Err(Win32Error::ERROR_INVALID_DATA));
        let mut huge_len = good.clone();
        huge_len[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&huge_len), Err(Win32Error::ERROR_INVALID_DATA));
        let dword_of_three = [1u32, 0x40003, 4, 0x41, 0x10002, 3, 0, 0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>();
        assert_eq!(decode(&dword_of_three), Err(Win32Error::ERROR_INVALID_DATA));
        let unterminated_name =
            [1u32, 0x40003, 2, 0x41].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
        assert_eq!(decode(&unterminated_name), Err(Win32Error::ERROR_INVALID_DATA));
        let big_count = u32::MAX.to_le_bytes();
        assert_eq!(decode(&big_count), Err(Win32Error::ERROR_INVALID_DATA));
    }

    #[test]
    fn trailing_bytes_after_the_counted_properties_are_ignored() {
        let mut bytes = encode(&vec![("N".into(), PropertyValue::Qword(1 << 40))]);
        bytes.extend_from_slice(&[0xAA; 12]);
        assert_eq!(decode(&bytes).unwrap(), vec![("N".to_string(), PropertyValue::Qword(1 << 40))]);
    }

    fn value_strategy() -> impl Strategy<Value = PropertyValue> {
        let text = "[a-zA-Z0-9 é%\\\\]{0,12}";
        prop_oneof![
            any::<u32>().prop_map(PropertyValue::Dword),
            any::<u64>().prop_map(PropertyValue::Qword),
            any::<i32>().prop_map(PropertyValue::Long),
            text.prop_map(PropertyValue::Sz),
            text.prop_map(PropertyValue::ExpandSz),
            proptest::collection::vec("[a-z0-9]{1,6}", 0..4).prop_map(PropertyValue::MultiSz),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(PropertyValue::Binary),
        ]
    }

    proptest! {
        #[test]
        fn every_list_round_trips(list in proptest::collection::vec(("[A-Za-z][A-Za-z0-9]{0,10}", value_strategy()), 0..6)) {
            let bytes = encode(&list);
            prop_assert_eq!(bytes.len() % 4, 0);
            prop_assert_eq!(decode(&bytes).unwrap(), list);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn corrupting_one_byte_never_panics(
            list in proptest::collection::vec(("[A-Za-z]{1,6}", value_strategy()), 1..4),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let mut bytes = encode(&list);
            let i = at.index(bytes.len());
            bytes[i] = byte;
            let _ = decode(&bytes);
        }
    }
}
