//! Wide strings as they cross this library's ABI: every string parameter is a
//! `*const WChar`, and every string this library reads or writes (string arguments,
//! property lists, MULTI_SZ data, LocalAlloc'd copies, the names and value data it gets
//! from libclusapi) goes through this module, so the width is decided by [`WChar`]
//! alone (libclusapi keeps its width the same way, in its `ffi` module).
//!
//! Two flavours are built from these sources: `libresutils` (16-bit `WCHAR`, UTF-16, as
//! on Windows; over `libclusapi`) and `libresutils_wchar32` (`--cfg clusim_wchar32`: the
//! platform's 32-bit `wchar_t`, UTF-32; over `libclusapi_wchar32`, whose strings,
//! property lists and value data are UTF-32 too). The rules of the 32-bit flavour are
//! libclusapi's (spec/c-abi.md CABI-WCHAR32, RESUTILS-WCHAR32), by the same conversions
//! ([`clusim_api::utf32`]):
//! - a string argument with a unit that is not a Unicode scalar value (a surrogate,
//!   above U+10FFFF) is `ERROR_INVALID_PARAMETER`, as is such MULTI_SZ data (a table's
//!   default, a parameter block); in a property list it is `ERROR_INVALID_DATA`, as for
//!   any malformed list;
//! - sizes are counted in the flavour's units: characters of 4 bytes, MULTI_SZ data and
//!   property lists in the bytes of their UTF-32 form.

use clusim_api::property::{REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ};
use clusim_api::{proplist, utf32, PropertyList, PropertyValue, Win32Error};

/// One wide character (`WCHAR` in the header): 16 bits (UTF-16) in `libresutils`.
#[cfg(not(clusim_wchar32))]
pub type WChar = u16;

/// One wide character (`WCHAR` in the header): the platform's 32-bit `wchar_t` (UTF-32)
/// in `libresutils_wchar32`.
#[cfg(clusim_wchar32)]
pub type WChar = u32;

/// Whether this build's `WCHAR` is 32 bits.
pub const WIDE32: bool = std::mem::size_of::<WChar>() == 4;

/// Longest input string read (characters, excluding the NUL).
const MAX_INPUT_UNITS: usize = 32 * 1024;

/// The registry types whose data is text.
const TEXT_TYPES: [u32; 3] = [REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ];

/// `s` in the flavour's units, without a NUL.
#[cfg(not(clusim_wchar32))]
fn encode(s: &str) -> impl Iterator<Item = WChar> + '_ {
    s.encode_utf16()
}

/// `s` in the flavour's units, without a NUL.
#[cfg(clusim_wchar32)]
fn encode(s: &str) -> impl Iterator<Item = WChar> + '_ {
    s.chars().map(WChar::from)
}

/// The characters of units in the flavour's width (`None`: not a character).
#[cfg(not(clusim_wchar32))]
fn chars(units: &[WChar]) -> impl Iterator<Item = Option<char>> + '_ {
    char::decode_utf16(units.iter().copied()).map(Result::ok)
}

/// The characters of units in the flavour's width (`None`: not a character).
#[cfg(clusim_wchar32)]
fn chars(units: &[WChar]) -> impl Iterator<Item = Option<char>> + '_ {
    units.iter().map(|&u| char::from_u32(u))
}

/// Reads a NUL-terminated wide string; `Ok(None)` for NULL; `ERROR_INVALID_PARAMETER`
/// for a unit that is not a character (an unpaired surrogate; in the 32-bit flavour
/// also any value above U+10FFFF) or a string longer than the cap.
///
/// # Safety
/// `p` is NULL or readable up to its NUL (or the cap).
pub unsafe fn read(p: *const WChar) -> Result<Option<String>, Win32Error> {
    if p.is_null() {
        return Ok(None);
    }
    let mut units = Vec::new();
    loop {
        if units.len() > MAX_INPUT_UNITS {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: readable up to the NUL or the cap (caller contract), checked above.
        let u = unsafe { p.add(units.len()).read_unaligned() };
        if u == 0 {
            break;
        }
        units.push(u);
    }
    chars(&units).collect::<Option<String>>().map(Some).ok_or(Win32Error::ERROR_INVALID_PARAMETER)
}

/// `s` and its NUL as wide characters.
pub fn units_z(s: &str) -> Vec<WChar> {
    encode(s).chain(std::iter::once(0)).collect()
}

/// `s` and its NUL as the bytes of wide characters.
pub fn bytes_z(s: &str) -> Vec<u8> {
    units_z(s).into_iter().flat_map(WChar::to_le_bytes).collect()
}

/// Units libclusapi wrote (a name), as text; a unit that is not a character becomes
/// U+FFFD.
pub fn text(units: &[WChar]) -> String {
    chars(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// The string in wide-character bytes, up to its NUL (or the end).
pub fn from_bytes(b: &[u8]) -> String {
    let units: Vec<WChar> = b
        .chunks_exact(std::mem::size_of::<WChar>())
        .map(|c| c.iter().rev().fold(0, |acc, &byte| (acc << 8) | WChar::from(byte)))
        .collect();
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    text(&units[..end])
}

/// A property list in the flavour's width (what a control code of the flavour's
/// libclusapi returned); `ERROR_INVALID_DATA` when it is malformed (`proplist::decode`),
/// in the 32-bit flavour also for a text unit that is not a character.
pub fn decode_list(bytes: &[u8]) -> Result<PropertyList, Win32Error> {
    if !WIDE32 {
        return proplist::decode(bytes);
    }
    let utf16 =
        utf32::transcode_property_list(bytes, utf32::utf32_to_utf16).ok_or(Win32Error::ERROR_INVALID_DATA)?;
    proplist::decode(&utf16)
}

/// A property list in the flavour's width: names and string values in its units, their
/// `cbLength` and padding counted in its bytes.
pub fn encode_list(list: &PropertyList) -> Vec<u8> {
    let bytes = proplist::encode(list);
    if !WIDE32 {
        return bytes;
    }
    utf32::transcode_property_list(&bytes, |d| Some(utf32::utf16_to_utf32(d))).unwrap_or(bytes)
}

/// Value data of registry type `ty` in the flavour's width (a value libclusapi read, a
/// table's MULTI_SZ default, a parameter block's MULTI_SZ) as a property value; `None`
/// when it does not fit the type.
pub fn value_from(ty: u32, data: &[u8]) -> Option<PropertyValue> {
    if WIDE32 && TEXT_TYPES.contains(&ty) {
        return PropertyValue::from_reg_bytes(ty, &utf32::utf32_to_utf16(data)?);
    }
    PropertyValue::from_reg_bytes(ty, data)
}

/// A value's data in the flavour's width (strings each with its NUL in its units).
pub fn value_bytes(v: &PropertyValue) -> Vec<u8> {
    let bytes = v.to_reg_bytes();
    match v {
        PropertyValue::Sz(_) | PropertyValue::ExpandSz(_) | PropertyValue::MultiSz(_) if WIDE32 => {
            utf32::utf16_to_utf32(&bytes)
        }
        _ => bytes,
    }
}
