//! `ResUtilFind*Property`: one property of a property list, by name (case-insensitive,
//! as the cluster compares names), in the syntax the function reads.
//!
//! Return codes (resapi.h pages): `ERROR_SUCCESS`; `ERROR_FILE_NOT_FOUND` when no
//! property has the name; `ERROR_INVALID_DATA` when the list is not a well-formed
//! property list (or its buffer is NULL) or the property has another syntax;
//! `ERROR_NOT_ENOUGH_MEMORY` when the copy cannot be allocated;
//! `ERROR_INVALID_PARAMETER` for a NULL name or a NULL out-pointer where the page does
//! not make it optional. Copies are `LocalAlloc` blocks: free them with `LocalFree`.

use crate::clusapi::local_copy;
use crate::ffi::{export, put};
use crate::wide::{self, WChar};
use clusim_api::{PropertyValue, Win32Error};
use std::ffi::c_void;

/// The value of property `name` in the list at `list` (`size` bytes).
///
/// # Safety
/// `list` is NULL or readable for `size` bytes; `name` NULL or NUL-terminated.
unsafe fn find(list: *const c_void, size: u32, name: *const WChar) -> Result<PropertyValue, Win32Error> {
    // SAFETY: NUL-terminated or NULL (caller contract).
    let name = unsafe { wide::read(name) }?.ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
    if list.is_null() || size == 0 {
        return Err(Win32Error::ERROR_INVALID_DATA);
    }
    // SAFETY: readable for `size` bytes (caller contract).
    let bytes = unsafe { std::slice::from_raw_parts(list.cast::<u8>(), size as usize) };
    wide::decode_list(bytes)?
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        .map(|(_, v)| v)
        .ok_or(Win32Error::ERROR_FILE_NOT_FOUND)
}

/// Hands a copy of `bytes` to `*out` (when not NULL) and its size to `*size` (when not
/// NULL).
///
/// # Safety
/// `out` and `size` are NULL or writable.
unsafe fn give(bytes: &[u8], out: *mut *mut c_void, size: *mut u32) -> Result<(), Win32Error> {
    if !out.is_null() {
        let p = local_copy(bytes)?;
        // SAFETY: writable (caller contract).
        unsafe { put(out, p) };
    }
    // SAFETY: NULL or writable (caller contract).
    unsafe { put(size, bytes.len() as u32) };
    Ok(())
}

const BAD: Win32Error = Win32Error::ERROR_INVALID_DATA;

/// Finds a number: `pick` takes it out of the value (`None`: another syntax,
/// `ERROR_INVALID_DATA`) and it goes to `*out` (required).
///
/// # Safety
/// As [`find`]; `out` NULL or writable.
unsafe fn find_number<T>(
    list: *const c_void,
    size: u32,
    name: *const WChar,
    out: *mut T,
    pick: impl FnOnce(PropertyValue) -> Option<T>,
) -> Result<(), Win32Error> {
    // SAFETY: forwarded caller contract.
    let v = pick(unsafe { find(list, size, name) }?).ok_or(BAD)?;
    if out.is_null() {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: writable (caller contract).
    unsafe { put(out, v) };
    Ok(())
}

export! {
    /// `ResUtilFindDwordProperty`: a DWORD (or LONG) property's value in `*pdwPropertyValue`.
    fn ResUtilFindDwordProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        pdwPropertyValue: *mut u32,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        unsafe {
            find_number(pPropertyList, cbPropertyListSize, pszPropertyName, pdwPropertyValue, |v| match v {
                PropertyValue::Dword(v) => Some(v),
                PropertyValue::Long(v) => Some(v as u32),
                _ => None,
            })
        }
    }
}

export! {
    /// `ResUtilFindLongProperty`: a LONG property's value in `*plPropertyValue`.
    fn ResUtilFindLongProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        plPropertyValue: *mut i32,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        unsafe {
            find_number(pPropertyList, cbPropertyListSize, pszPropertyName, plPropertyValue, |v| match v {
                PropertyValue::Long(v) => Some(v),
                _ => None,
            })
        }
    }
}

export! {
    /// `ResUtilFindULargeIntegerProperty`: a ULARGE_INTEGER property's value.
    fn ResUtilFindULargeIntegerProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        plPropertyValue: *mut u64,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        unsafe {
            find_number(pPropertyList, cbPropertyListSize, pszPropertyName, plPropertyValue, |v| match v {
                PropertyValue::Qword(v) => Some(v),
                _ => None,
            })
        }
    }
}

export! {
    /// `ResUtilFindSzProperty`: a copy of a string property (`LocalFree` it); NULL
    /// `pszPropertyValue` only checks that it exists.
    fn ResUtilFindSzProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        pszPropertyValue: *mut *mut WChar,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        let PropertyValue::Sz(s) = unsafe { find(pPropertyList, cbPropertyListSize, pszPropertyName) }? else {
            return Err(BAD);
        };
        // SAFETY: NULL or writable (caller contract).
        unsafe { give(&wide::bytes_z(&s), pszPropertyValue.cast(), std::ptr::null_mut()) }
    }
}

export! {
    /// `ResUtilFindExpandSzProperty`: a copy of an expandable-string property.
    fn ResUtilFindExpandSzProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        pszPropertyValue: *mut *mut WChar,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        let PropertyValue::ExpandSz(s) = unsafe { find(pPropertyList, cbPropertyListSize, pszPropertyName) }?
        else {
            return Err(BAD);
        };
        // SAFETY: NULL or writable (caller contract).
        unsafe { give(&wide::bytes_z(&s), pszPropertyValue.cast(), std::ptr::null_mut()) }
    }
}

export! {
    /// `ResUtilFindMultiSzProperty`: a copy of a MULTI_SZ property (each string with its
    /// NUL, then a final NUL) and its size in bytes.
    fn ResUtilFindMultiSzProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        pszPropertyValue: *mut *mut WChar,
        pcbPropertyValueSize: *mut u32,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        let v = unsafe { find(pPropertyList, cbPropertyListSize, pszPropertyName) }?;
        if !matches!(v, PropertyValue::MultiSz(_)) {
            return Err(BAD);
        }
        // SAFETY: NULL or writable (caller contract).
        unsafe { give(&wide::value_bytes(&v), pszPropertyValue.cast(), pcbPropertyValueSize) }
    }
}

export! {
    /// `ResUtilFindBinaryProperty`: a copy of a binary property and its size in bytes.
    fn ResUtilFindBinaryProperty(
        pPropertyList: *const c_void,
        cbPropertyListSize: u32,
        pszPropertyName: *const WChar,
        pbPropertyValue: *mut *mut u8,
        pcbPropertyValueSize: *mut u32,
    ) -> u32;
    {
        // SAFETY: forwarded caller contract.
        let PropertyValue::Binary(b) = unsafe { find(pPropertyList, cbPropertyListSize, pszPropertyName) }?
        else {
            return Err(BAD);
        };
        // SAFETY: NULL or writable (caller contract).
        unsafe { give(&b, pbPropertyValue.cast(), pcbPropertyValueSize) }
    }
}
