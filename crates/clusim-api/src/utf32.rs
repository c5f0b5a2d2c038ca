//! The wire formats in UTF-32: conversion between the UTF-16 form the simulator stores
//! and produces (as on Windows) and the UTF-32 form the 32-bit `WCHAR` flavours of the C
//! libraries (`libclusapi_wchar32`, `libresutils_wchar32`) hand to their callers: value
//! data, property lists and value lists (spec/c-abi.md CABI-WCHAR32). Safe code on byte
//! slices, little-endian, shared by both libraries so they convert by the same rules:
//! - text entries (names and `SZ` / `EXPAND_SZ` / `MULTI_SZ` / `EXPANDED_SZ` values)
//!   are converted, their `cbLength` and padding recomputed; other entries are copied;
//! - UTF-32 input that is not a Unicode scalar value (a surrogate, above U+10FFFF) or
//!   whose size is not a multiple of 4 is refused (`None`);
//! - UTF-16 output never fails: an unpaired surrogate comes out as its own value, an odd
//!   trailing byte as one unit.

use std::borrow::Cow;

/// CLUSPROP formats whose data is text (`CLUSPROP_FORMAT_SZ`, `_EXPAND_SZ`,
/// `_MULTI_SZ`, `_EXPANDED_SZ`); the format is the low word of a syntax, so
/// `CLUSPROP_SYNTAX_NAME` (0x00040003) is text too.
pub const STRING_FORMATS: [u32; 4] = [3, 4, 5, 8];

/// A property list (count, then entries with `count` `ENDMARK`s) with the data of every
/// text entry converted by `conv`; `None` when it is malformed.
pub fn transcode_property_list(list: &[u8], conv: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Option<Vec<u8>> {
    let count = dword(list, 0)?;
    let mut out = Vec::with_capacity(list.len() * 2);
    out.extend_from_slice(&count.to_le_bytes());
    transcode_entries(list, 4, Some(count), &mut out, conv)?;
    Some(out)
}

/// Copies CLUSPROP entries from `list[pos..]` to `out`, converting text data: until
/// `endmarks` `ENDMARK`s were copied (`None`: until the first one, or the end of the
/// buffer). The position after the last entry copied.
pub fn transcode_entries(
    list: &[u8],
    mut pos: usize,
    endmarks: Option<u32>,
    out: &mut Vec<u8>,
    conv: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> Option<usize> {
    let mut seen = 0u32;
    loop {
        if endmarks == Some(seen) || (endmarks.is_none() && pos == list.len()) {
            return Some(pos);
        }
        let syntax = dword(list, pos)?;
        out.extend_from_slice(&syntax.to_le_bytes());
        pos += 4;
        if syntax == 0 {
            seen += 1;
            if endmarks.is_none() {
                return Some(pos);
            }
            continue;
        }
        let len = dword(list, pos)? as usize;
        let start = pos + 4;
        let data = list.get(start..start.checked_add(len)?)?;
        pos = start + len + (4 - len % 4) % 4;
        if pos > list.len() {
            return None;
        }
        let data: Cow<[u8]> = if STRING_FORMATS.contains(&(syntax & 0xFFFF)) {
            Cow::Owned(conv(data)?)
        } else {
            Cow::Borrowed(data)
        };
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&data);
        out.resize(out.len() + (4 - data.len() % 4) % 4, 0);
    }
}

fn dword(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// UTF-32LE bytes as UTF-16LE bytes; `None` for a size that is not a multiple of 4 or a
/// unit that is not a Unicode scalar value.
pub fn utf32_to_utf16(data: &[u8]) -> Option<Vec<u8>> {
    if !data.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut buf = [0u16; 2];
    for c in data.chunks_exact(4) {
        let ch = char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))?;
        for u in ch.encode_utf16(&mut buf) {
            out.extend_from_slice(&u.to_le_bytes());
        }
    }
    Some(out)
}

/// UTF-16LE bytes as UTF-32LE bytes: surrogate pairs joined, an unpaired surrogate as
/// its own value, an odd trailing byte as one unit.
pub fn utf16_to_utf32(data: &[u8]) -> Vec<u8> {
    let units = data.chunks(2).map(|c| u16::from_le_bytes([c[0], c.get(1).copied().unwrap_or(0)]));
    char::decode_utf16(units)
        .map(|r| r.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
        .flat_map(u32::to_le_bytes)
        .collect()
}
