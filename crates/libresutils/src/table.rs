//! Property tables (`RESUTIL_PROPERTY_ITEM`) and parameter blocks:
//! `ResUtilGetPropertiesToParameterBlock`, `ResUtilPropertyListFromParameterBlock`,
//! `ResUtilGetAllProperties`.
//!
//! A table is an array of items ended by one whose `Name` is NULL. Each item's value
//! sits in the caller's parameter block at `Offset`, by `Format` (resapi.h
//! "RESUTIL_PROPERTY_ITEM"): `CLUSPROP_FORMAT_DWORD` / `_LONG` a 4-byte number;
//! `_SZ` / `_EXPAND_SZ` an `LPWSTR` (`LocalAlloc`'d by this library); `_MULTI_SZ` /
//! `_BINARY` a pointer followed by a DWORD byte size; `_ULARGE_INTEGER` 8 bytes. A value
//! missing from the database takes the item's default: `Default` for numbers,
//! `lpDefault` (with `Minimum` as its byte size for MULTI_SZ and binary) for the others,
//! `ULargeIntData->Default` for ULARGE_INTEGER. Other formats are
//! `ERROR_INVALID_PARAMETER`.

use crate::clusapi::{self, local_copy, Handle};
use crate::ffi::{export, put};
use crate::wide::{self, WChar};
use clusim_api::property::*;
use clusim_api::{PropertyList, PropertyValue, Win32Error};
use std::ffi::c_void;

/// `RESUTIL_PROPERTY_ITEM` (resapi.h).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct ResutilPropertyItem {
    /// The property name.
    pub Name: *const WChar,
    /// The subkey of the database key holding the value, or NULL.
    pub KeyName: *const WChar,
    /// A `CLUSPROP_FORMAT_*`.
    pub Format: u32,
    /// `Default` / `lpDefault` / `ULargeIntData` (a union of pointer width).
    pub Default: usize,
    /// Minimum (numbers) or the default's byte size (MULTI_SZ, binary).
    pub Minimum: u32,
    /// Maximum (numbers).
    pub Maximum: u32,
    /// `RESUTIL_PROPITEM_*`.
    pub Flags: u32,
    /// Where the value sits in the parameter block.
    pub Offset: u32,
}

/// `RESUTIL_ULARGEINT_DATA`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct ResutilULargeIntData {
    /// Default.
    pub Default: u64,
    /// Minimum.
    pub Minimum: u64,
    /// Maximum.
    pub Maximum: u64,
}

const BINARY: u32 = 1;
const DWORD: u32 = 2;
const SZ: u32 = 3;
const EXPAND_SZ: u32 = 4;
const MULTI_SZ: u32 = 5;
const ULARGE: u32 = 6;
const LONG: u32 = 7;
/// `RESUTIL_PROPITEM_REQUIRED`.
pub const RESUTIL_PROPITEM_REQUIRED: u32 = 2;

const PARAM: Win32Error = Win32Error::ERROR_INVALID_PARAMETER;
const PTR: usize = std::mem::size_of::<*mut u8>();

/// The items of a NULL-terminated table (at most 4096).
///
/// # Safety
/// `table` is NULL or an array of items ended by a NULL `Name`.
unsafe fn items<'a>(
    table: *const ResutilPropertyItem,
) -> Result<Vec<(String, &'a ResutilPropertyItem)>, Win32Error> {
    if table.is_null() {
        return Err(PARAM);
    }
    let mut out = Vec::new();
    for i in 0..4096 {
        // SAFETY: within the table up to its terminator (caller contract).
        let item = unsafe { &*table.add(i) };
        // SAFETY: NUL-terminated or NULL (caller contract).
        match unsafe { wide::read(item.Name) }? {
            None => return Ok(out),
            Some(n) => out.push((n, item)),
        }
    }
    Err(PARAM)
}

/// Reads `len` bytes at `p` (none for NULL).
///
/// # Safety
/// `p` is NULL or readable for `len` bytes.
unsafe fn bytes_at(p: *const u8, len: u32) -> Vec<u8> {
    if p.is_null() {
        return Vec::new();
    }
    // SAFETY: readable for `len` bytes (caller contract).
    unsafe { std::slice::from_raw_parts(p, len as usize) }.to_vec()
}

/// The item's default value.
///
/// # Safety
/// The item's default pointers are NULL or valid for its format.
unsafe fn default_of(item: &ResutilPropertyItem) -> Result<PropertyValue, Win32Error> {
    let p = item.Default as *const u8;
    Ok(match item.Format {
        DWORD => PropertyValue::Dword(item.Default as u32),
        LONG => PropertyValue::Long(item.Default as u32 as i32),
        // SAFETY (both): NULL or NUL-terminated (caller contract).
        SZ => PropertyValue::Sz(unsafe { wide::read(p.cast()) }?.unwrap_or_default()),
        EXPAND_SZ => PropertyValue::ExpandSz(unsafe { wide::read(p.cast()) }?.unwrap_or_default()),
        MULTI_SZ => {
            // SAFETY: `Minimum` bytes (caller contract).
            let b = unsafe { bytes_at(p, item.Minimum) };
            wide::value_from(REG_MULTI_SZ, &b).ok_or(PARAM)?
        }
        // SAFETY: `Minimum` bytes (caller contract).
        BINARY => PropertyValue::Binary(unsafe { bytes_at(p, item.Minimum) }),
        ULARGE if p.is_null() => PropertyValue::Qword(0),
        // SAFETY: points to a RESUTIL_ULARGEINT_DATA (caller contract).
        ULARGE => {
            PropertyValue::Qword(unsafe { (p as *const ResutilULargeIntData).read_unaligned() }.Default)
        }
        _ => return Err(PARAM),
    })
}

/// A database value read for an item, in the item's format (`ERROR_INVALID_PARAMETER`
/// when the stored type does not fit it).
fn typed(item: &ResutilPropertyItem, ty: u32, data: &[u8]) -> Result<PropertyValue, Win32Error> {
    let want = match item.Format {
        DWORD | LONG => REG_DWORD,
        SZ => REG_SZ,
        EXPAND_SZ if ty == REG_SZ => REG_SZ,
        EXPAND_SZ => REG_EXPAND_SZ,
        MULTI_SZ => REG_MULTI_SZ,
        BINARY => REG_BINARY,
        ULARGE => REG_QWORD,
        _ => return Err(PARAM),
    };
    if ty != want {
        return Err(PARAM);
    }
    let v = wide::value_from(ty, data).ok_or(PARAM)?;
    Ok(match (item.Format, v) {
        (LONG, PropertyValue::Dword(x)) => PropertyValue::Long(x as i32),
        (EXPAND_SZ, PropertyValue::Sz(s)) => PropertyValue::ExpandSz(s),
        (_, v) => v,
    })
}

/// The value of an item in the database key (or its `KeyName` subkey); `None` when it
/// is not there.
fn read_item(
    key: Handle,
    item: &ResutilPropertyItem,
    name: &str,
) -> Result<Option<PropertyValue>, Win32Error> {
    // SAFETY: NULL or NUL-terminated (caller contract of the table).
    let sub = unsafe { wide::read(item.KeyName) }?;
    let Some(sub) = sub else {
        return clusapi::query_value(key, name)?.map(|(t, d)| typed(item, t, &d)).transpose();
    };
    let wsub = wide::units_z(&sub);
    let mut h: Handle = std::ptr::null_mut();
    // SAFETY: `wsub` NUL-terminated, `h` writable.
    match unsafe { clusapi::ClusterRegOpenKey(key, wsub.as_ptr(), clusapi::KEY_READ, &mut h) } {
        0 => {}
        2 => return Ok(None),
        e => return Err(Win32Error(e as u32)),
    }
    let r = clusapi::query_value(h, name);
    // SAFETY: `h` was opened above.
    unsafe { clusapi::ClusterRegCloseKey(h) };
    r?.map(|(t, d)| typed(item, t, &d)).transpose()
}

/// Stores a value in the parameter block.
///
/// # Safety
/// `block` is writable at the item's offset for its format.
unsafe fn store(block: *mut u8, item: &ResutilPropertyItem, v: &PropertyValue) -> Result<(), Win32Error> {
    // SAFETY (every write): inside the caller's block at this item's offset.
    unsafe {
        let at = block.add(item.Offset as usize);
        match v {
            PropertyValue::Dword(x) => put(at.cast::<u32>(), *x),
            PropertyValue::Long(x) => put(at.cast::<i32>(), *x),
            PropertyValue::Qword(x) => put(at.cast::<u64>(), *x),
            PropertyValue::Sz(s) | PropertyValue::ExpandSz(s) => {
                put(at.cast::<*mut c_void>(), local_copy(&wide::bytes_z(s))?)
            }
            PropertyValue::MultiSz(_) | PropertyValue::Binary(_) => {
                let b = wide::value_bytes(v);
                put(at.cast::<*mut c_void>(), local_copy(&b)?);
                put(at.add(PTR).cast::<u32>(), b.len() as u32);
            }
        }
    }
    Ok(())
}

/// Reads an item's value from the parameter block.
///
/// # Safety
/// `block` is readable at the item's offset for its format, its pointers valid.
unsafe fn load(block: *const u8, item: &ResutilPropertyItem) -> Result<PropertyValue, Win32Error> {
    // SAFETY (every read): inside the caller's block; pointers valid (caller contract).
    unsafe {
        let at = block.add(item.Offset as usize);
        let ptr = || at.cast::<*const u8>().read_unaligned();
        let size = || at.add(PTR).cast::<u32>().read_unaligned();
        Ok(match item.Format {
            DWORD => PropertyValue::Dword(at.cast::<u32>().read_unaligned()),
            LONG => PropertyValue::Long(at.cast::<i32>().read_unaligned()),
            ULARGE => PropertyValue::Qword(at.cast::<u64>().read_unaligned()),
            SZ => PropertyValue::Sz(wide::read(ptr().cast())?.unwrap_or_default()),
            EXPAND_SZ => PropertyValue::ExpandSz(wide::read(ptr().cast())?.unwrap_or_default()),
            MULTI_SZ => {
                let b = bytes_at(ptr(), size());
                if b.is_empty() {
                    PropertyValue::MultiSz(Vec::new())
                } else {
                    wide::value_from(REG_MULTI_SZ, &b).ok_or(PARAM)?
                }
            }
            BINARY => PropertyValue::Binary(bytes_at(ptr(), size())),
            _ => return Err(PARAM),
        })
    }
}

/// Writes an encoded property list by the control-code convention: `ERROR_MORE_DATA`
/// with `*required` when it does not fit `cap` bytes.
///
/// # Safety
/// `out` is NULL or writable for `cap` bytes; `returned`, `required` NULL or writable.
unsafe fn write_list(
    list: &PropertyList,
    out: *mut c_void,
    cap: u32,
    returned: *mut u32,
    required: *mut u32,
) -> Result<(), Win32Error> {
    let bytes = wide::encode_list(list);
    let len = bytes.len() as u32;
    if out.is_null() || cap < len {
        // SAFETY: NULL or writable (caller contract).
        unsafe {
            put(returned, 0);
            put(required, len);
        }
        return Err(Win32Error::ERROR_MORE_DATA);
    }
    // SAFETY: `out` writable for `cap >= len` bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), out.cast::<u8>(), bytes.len());
        put(returned, len);
        put(required, 0);
    }
    Ok(())
}

export! {
    /// `ResUtilGetPropertiesToParameterBlock`: every item of the table read from the
    /// database key (or its default) into the parameter block. With
    /// `bCheckForRequiredProperties`, a missing `RESUTIL_PROPITEM_REQUIRED` item is
    /// `ERROR_FILE_NOT_FOUND` and its name (a `LocalAlloc` copy) goes to
    /// `*pszNameOfPropInError`.
    fn ResUtilGetPropertiesToParameterBlock(
        hkeyClusterKey: Handle,
        pPropertyTable: *const ResutilPropertyItem,
        pOutParams: *mut u8,
        bCheckForRequiredProperties: i32,
        pszNameOfPropInError: *mut *mut WChar,
    ) -> u32;
    {
        // SAFETY: a terminated table (caller contract).
        let items = unsafe { items(pPropertyTable) }?;
        if pOutParams.is_null() {
            return Err(PARAM);
        }
        for (name, item) in items {
            let v = match read_item(hkeyClusterKey, item, &name)? {
                Some(v) => v,
                None if bCheckForRequiredProperties != 0 && item.Flags & RESUTIL_PROPITEM_REQUIRED != 0 => {
                    if !pszNameOfPropInError.is_null() {
                        // SAFETY: writable (caller contract).
                        unsafe { put(pszNameOfPropInError, local_copy(&wide::bytes_z(&name))?.cast()) };
                    }
                    return Err(Win32Error::ERROR_FILE_NOT_FOUND);
                }
                // SAFETY: the item's default pointers (caller contract).
                None => unsafe { default_of(item) }?,
            };
            // SAFETY: the block holds every item's offset (caller contract).
            unsafe { store(pOutParams, item, &v) }?;
        }
        Ok(())
    }
}

export! {
    /// `ResUtilPropertyListFromParameterBlock`: a property list of every item of the
    /// table with its value in the parameter block. `*pcbOutPropertyListSize` is the
    /// buffer's size; too small (or NULL) is `ERROR_MORE_DATA` with `*pcbRequired`.
    fn ResUtilPropertyListFromParameterBlock(
        pPropertyTable: *const ResutilPropertyItem,
        pOutPropertyList: *mut c_void,
        pcbOutPropertyListSize: *mut u32,
        pInParams: *const u8,
        pcbBytesReturned: *mut u32,
        pcbRequired: *mut u32,
    ) -> u32;
    {
        // SAFETY: a terminated table (caller contract).
        let items = unsafe { items(pPropertyTable) }?;
        if pInParams.is_null() || pcbOutPropertyListSize.is_null() {
            return Err(PARAM);
        }
        let mut list = PropertyList::new();
        for (name, item) in items {
            // SAFETY: the block holds every item (caller contract).
            list.push((name, unsafe { load(pInParams, item) }?));
        }
        // SAFETY: readable (checked non-NULL); buffers per the caller contract.
        unsafe {
            let cap = pcbOutPropertyListSize.read_unaligned();
            write_list(&list, pOutPropertyList, cap, pcbBytesReturned, pcbRequired)
        }
    }
}

export! {
    /// `ResUtilGetAllProperties`: a property list of every item of the table (from the
    /// database key, or its default), then every other value of the key.
    fn ResUtilGetAllProperties(
        hkeyClusterKey: Handle,
        pPropertyTable: *const ResutilPropertyItem,
        pOutPropertyList: *mut c_void,
        cbOutPropertyListSize: u32,
        pcbBytesReturned: *mut u32,
        pcbRequired: *mut u32,
    ) -> u32;
    {
        // SAFETY: a terminated table (caller contract).
        let items = unsafe { items(pPropertyTable) }?;
        let mut list = PropertyList::new();
        for (name, item) in &items {
            let v = match read_item(hkeyClusterKey, item, name)? {
                Some(v) => v,
                // SAFETY: the item's default pointers (caller contract).
                None => unsafe { default_of(item) }?,
            };
            list.push((name.clone(), v));
        }
        for (name, ty, data) in clusapi::enum_values(hkeyClusterKey)? {
            if items.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                continue;
            }
            if let Some(v) = wide::value_from(ty, &data) {
                list.push((name, v));
            }
        }
        // SAFETY: buffers per the caller contract.
        unsafe { write_list(&list, pOutPropertyList, cbOutPropertyListSize, pcbBytesReturned, pcbRequired) }
    }
}
