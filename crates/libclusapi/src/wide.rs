//! The one transcoding module: everything that depends on the width of `WCHAR` beyond
//! the pointer helpers of [`crate::ffi`].
//!
//! Inside the library every string is Rust `String` and every wire format the simulator
//! produces or reads — property lists, `REG_SZ` / `REG_EXPAND_SZ` / `REG_MULTI_SZ` value
//! data, notification names — is UTF-16, as on Windows. At the C boundary the strings
//! are in the flavour's width ([`WChar`]): UTF-16 in `libclusapi`, UTF-32 (the
//! platform's 4-byte `wchar_t`) in `libclusapi_wchar32` (built with
//! `--cfg clusim_wchar32`). The functions here convert between the two; in the 16-bit
//! flavour they are the identity and borrow.
//!
//! Rules of the 32-bit flavour (spec/c-abi.md CABI-WCHAR32):
//! - an input unit that is not a Unicode scalar value (a surrogate, or above
//!   U+10FFFF) is refused (`ERROR_INVALID_PARAMETER` for strings and value data,
//!   `ERROR_INVALID_DATA` inside a property list, as for any malformed list);
//! - string value data whose size is not a multiple of 4 bytes is refused
//!   (`ERROR_INVALID_PARAMETER`);
//! - output never fails: an unpaired UTF-16 surrogate in stored data comes out as its
//!   own value, an odd trailing byte as one unit;
//! - sizes are counted in the flavour's units: characters of 4 bytes, value data and
//!   property lists in the bytes of the converted form.

use crate::ffi::WChar;
use clusim_api::utf32::{transcode_entries, transcode_property_list, utf16_to_utf32, utf32_to_utf16};
use clusim_api::Win32Error;
use std::borrow::Cow;

/// `REG_SZ`, `REG_EXPAND_SZ`, `REG_MULTI_SZ`: the value types whose data is text.
const STRING_TYPES: [u32; 3] = [1, 2, 7];

/// Whether this build's `WCHAR` is 32 bits.
pub(crate) const WIDE32: bool = std::mem::size_of::<WChar>() == 4;

/// `s` in the flavour's units, without a NUL.
#[cfg(not(clusim_wchar32))]
pub(crate) fn encode(s: &str) -> Vec<WChar> {
    s.encode_utf16().collect()
}

/// `s` in the flavour's units, without a NUL.
#[cfg(clusim_wchar32)]
pub(crate) fn encode(s: &str) -> Vec<WChar> {
    s.chars().map(WChar::from).collect()
}

/// The length of `s` in the flavour's units.
pub(crate) fn len(s: &str) -> usize {
    if WIDE32 {
        s.chars().count()
    } else {
        s.encode_utf16().count()
    }
}

/// Units read from a caller as a string; `ERROR_INVALID_PARAMETER` for an unpaired
/// surrogate.
#[cfg(not(clusim_wchar32))]
pub(crate) fn decode(units: &[WChar]) -> Result<String, Win32Error> {
    String::from_utf16(units).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)
}

/// Units read from a caller as a string; `ERROR_INVALID_PARAMETER` for a value that is
/// not a Unicode scalar value.
#[cfg(clusim_wchar32)]
pub(crate) fn decode(units: &[WChar]) -> Result<String, Win32Error> {
    units.iter().map(|&u| char::from_u32(u).ok_or(Win32Error::ERROR_INVALID_PARAMETER)).collect()
}

/// `s` and its NUL as the bytes of a control-code output string.
pub(crate) fn strz_bytes(s: &str) -> Vec<u8> {
    encode(s).into_iter().chain(std::iter::once(0)).flat_map(WChar::to_le_bytes).collect()
}

/// Value data a caller passes (registry set, batch command) as the UTF-16 data the
/// database stores.
pub(crate) fn reg_data_in(ty: u32, data: &[u8]) -> Result<Cow<'_, [u8]>, Win32Error> {
    if !WIDE32 || !STRING_TYPES.contains(&ty) {
        return Ok(Cow::Borrowed(data));
    }
    utf32_to_utf16(data).map(Cow::Owned).ok_or(Win32Error::ERROR_INVALID_PARAMETER)
}

/// Stored value data as the caller receives it (registry query and enumeration, batch
/// notification records, read-batch replies).
pub(crate) fn reg_data_out(ty: u32, data: &[u8]) -> Cow<'_, [u8]> {
    if !WIDE32 || !STRING_TYPES.contains(&ty) {
        return Cow::Borrowed(data);
    }
    Cow::Owned(utf16_to_utf32(data))
}

/// A property list a caller passes (`…_SET_…_PROPERTIES`) as the UTF-16 list
/// `clusim_api::proplist::decode` reads. Bytes after the last counted property are
/// dropped, as the decoder ignores them.
pub(crate) fn proplist_in(list: &[u8]) -> Result<Cow<'_, [u8]>, Win32Error> {
    if !WIDE32 {
        return Ok(Cow::Borrowed(list));
    }
    transcode_property_list(list, utf32_to_utf16).ok_or(Win32Error::ERROR_INVALID_DATA).map(Cow::Owned)
}

/// A property list the library built (UTF-16) as the caller receives it.
pub(crate) fn proplist_out(list: Vec<u8>) -> Vec<u8> {
    if !WIDE32 {
        return list;
    }
    transcode_property_list(&list, |d| Some(utf16_to_utf32(d))).unwrap_or(list)
}

/// A value list (CLUSPROP entries up to an `ENDMARK`, without a count: what
/// `…_GET_REQUIRED_DEPENDENCIES` and similar codes return) as the caller receives it.
pub(crate) fn value_list_out(list: Vec<u8>) -> Vec<u8> {
    if !WIDE32 {
        return list;
    }
    let mut out = Vec::with_capacity(list.len() * 2);
    match transcode_entries(&list, 0, None, &mut out, |d| Some(utf16_to_utf32(d))) {
        Some(_) => out,
        None => list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusim_api::{proplist, PropertyValue};

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    fn utf32(s: &str) -> Vec<u8> {
        s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect()
    }

    // CABI-WCHAR32: text converts both ways, non-BMP characters included.
    #[test]
    fn utf16_and_utf32_value_data_convert_both_ways() {
        let text = "Grüße \u{1F600}\0second\0\0";
        assert_eq!(utf16_to_utf32(&utf16(text)), utf32(text));
        assert_eq!(utf32_to_utf16(&utf32(text)), Some(utf16(text)));
        assert_eq!(utf32_to_utf16(&[1, 0, 0]), None, "not a multiple of 4");
        assert_eq!(utf32_to_utf16(&0xD800u32.to_le_bytes()), None, "a surrogate");
        assert_eq!(utf32_to_utf16(&0x11_0000u32.to_le_bytes()), None, "past U+10FFFF");
        assert_eq!(utf16_to_utf32(&0xDC00u16.to_le_bytes()), 0xDC00u32.to_le_bytes(), "lone surrogate kept");
    }

    // CABI-WCHAR32: every text entry of a property list is converted, its length and
    // padding recomputed; other entries are copied.
    #[test]
    fn property_lists_convert_names_and_text_values_only() {
        let list = vec![
            ("Name".to_string(), PropertyValue::Sz("Disk \u{1F600}".into())),
            ("Flags".to_string(), PropertyValue::Dword(7)),
            ("Owners".to_string(), PropertyValue::MultiSz(vec!["N1".into(), "N2".into()])),
            ("Blob".to_string(), PropertyValue::Binary(vec![1, 2, 3])),
        ];
        let wire16 = proplist::encode(&list);
        let wire32 = transcode_property_list(&wire16, |d| Some(utf16_to_utf32(d))).expect("well formed");
        // "Name" + NUL is 5 units: 20 bytes in UTF-32 (10 in UTF-16, padded to 12).
        assert_eq!(&wire32[4..12], &[3, 0, 4, 0, 20, 0, 0, 0]);
        assert_eq!(&wire32[12..32], utf32("Name\0").as_slice());
        let back = transcode_property_list(&wire32, utf32_to_utf16).expect("well formed");
        assert_eq!(proplist::decode(&back), Ok(list));
        assert_eq!(transcode_property_list(&wire32[..wire32.len() - 6], utf32_to_utf16), None, "truncated");
    }

    // CABI-WCHAR32: a value list (no count) converts up to its ENDMARK.
    #[test]
    fn value_lists_convert_text_entries_up_to_the_endmark() {
        let mut v = Vec::new();
        v.extend_from_slice(&0x0001_0003u32.to_le_bytes());
        v.extend_from_slice(&4u32.to_le_bytes());
        v.extend_from_slice(&utf16("A\0"));
        v.extend_from_slice(&0u32.to_le_bytes());
        let out = value_list_out(v.clone());
        if WIDE32 {
            let mut want = Vec::new();
            want.extend_from_slice(&0x0001_0003u32.to_le_bytes());
            want.extend_from_slice(&8u32.to_le_bytes());
            want.extend_from_slice(&utf32("A\0"));
            want.extend_from_slice(&0u32.to_le_bytes());
            assert_eq!(out, want);
        } else {
            assert_eq!(out, v);
        }
    }
}
