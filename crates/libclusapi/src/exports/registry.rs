//! The cluster database: `GetCluster…Key`, `ClusterReg{Create,Open,Delete,Close}Key`,
//! values, enumeration, key information and security (spec/registry.md, spec/c-abi.md
//! CABI-REG-*).
//!
//! Order of checks (CABI-ORDER): the key (or object) handle (`ERROR_INVALID_HANDLE`),
//! then required pointers and sizes (`ERROR_INVALID_PARAMETER`), then the operation
//! (the model's codes: `ERROR_FILE_NOT_FOUND`, `ERROR_KEY_DELETED`, …). A failing call
//! writes nothing through its out-pointers except the sizes its convention reports.

use super::{expect, handle, raw, ret_handle};
use crate::ffi::{fits, put, read_wstr, required_wstr, write_wstr, Fit};
use crate::global::sim;
use crate::types::*;
use crate::wide::{reg_data_in, reg_data_out};
use clusim_api::registry::{self_relative_sd_len, MAX_SECURITY_DESCRIPTOR_LEN, MAX_VALUE_DATA};
use clusim_api::*;
use std::ffi::c_void;

const GEN_FAILURE: LONG = Win32Error::ERROR_GEN_FAILURE.0 as LONG;

/// A `Result<()>` as a `LONG` return value.
pub(crate) fn lcode(r: Result<()>) -> LONG {
    match r {
        Ok(()) => 0,
        Err(e) => e.0 as LONG,
    }
}

/// The key handle `h`, checked.
pub(crate) fn key(h: HKEY) -> Result<HKey> {
    expect(h, ObjectKind::Key).map(HKey)
}

/// A value name: NULL is the default value (`""`), as in Win32's registry functions.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn value_name(p: *const WChar) -> Result<String> {
    // SAFETY: forwarded caller contract.
    Ok(unsafe { read_wstr(p) }?.unwrap_or_default())
}

/// Reads `cb` bytes of caller data, refusing sizes over the database's 1 MiB limit
/// before touching the buffer, and a NULL buffer with a non-zero size.
///
/// # Safety
/// `p` is NULL or readable for `cb` bytes.
pub(crate) unsafe fn value_data<'a>(p: *const u8, cb: u32) -> Result<&'a [u8]> {
    if cb as usize > MAX_VALUE_DATA || (p.is_null() && cb > 0) {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    if cb == 0 {
        return Ok(&[]);
    }
    // SAFETY: non-NULL and readable for `cb` bytes (caller contract); only read during
    // the call.
    Ok(unsafe { std::slice::from_raw_parts(p, cb as usize) })
}

// ----- opening keys --------------------------------------------------------------------

export! {
    /// `GetClusterKey`: the root of the cluster database, or NULL + last error
    /// (`ERROR_INVALID_HANDLE`). `samDesired` is accepted and not enforced.
    fn GetClusterKey(hCluster: HCLUSTER, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    {
        let r = expect(hCluster, ObjectKind::Cluster)
            .and_then(|c| sim().get_cluster_key(HCluster(c), samDesired))
            .map(|k| k.0);
        ret_handle(r)
    }
}

/// The body of the five `GetCluster<Object>Key` functions.
fn object_key(h: *mut c_void, kind: ObjectKind, sam: REGSAM) -> HKEY {
    let r = expect(h, kind).and_then(|r| {
        let object = match kind {
            ObjectKind::Group => ObjectHandle::Group(HGroup(r)),
            ObjectKind::Resource => ObjectHandle::Resource(HResource(r)),
            ObjectKind::Node => ObjectHandle::Node(HNode(r)),
            ObjectKind::Network => ObjectHandle::Network(HNetwork(r)),
            _ => ObjectHandle::NetInterface(HNetInterface(r)),
        };
        sim().get_object_key(object, sam).map(|k| k.0)
    });
    ret_handle(r)
}

export! {
    /// `GetClusterGroupKey`: the group's key (`Groups\<id>`), or NULL + last error
    /// (`ERROR_INVALID_HANDLE`; a deleted group's not-found code).
    fn GetClusterGroupKey(hGroup: HGROUP, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    { object_key(hGroup, ObjectKind::Group, samDesired) }
}

export! {
    /// `GetClusterResourceKey`: the resource's key (`Resources\<id>`), or NULL + last
    /// error.
    fn GetClusterResourceKey(hResource: HRESOURCE, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    { object_key(hResource, ObjectKind::Resource, samDesired) }
}

export! {
    /// `GetClusterNodeKey`: the node's key (`Nodes\<number>`), or NULL + last error.
    fn GetClusterNodeKey(hNode: HNODE, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    { object_key(hNode, ObjectKind::Node, samDesired) }
}

export! {
    /// `GetClusterNetworkKey`: the network's key (`Networks\<id>`), or NULL + last error.
    fn GetClusterNetworkKey(hNetwork: HNETWORK, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    { object_key(hNetwork, ObjectKind::Network, samDesired) }
}

export! {
    /// `GetClusterNetInterfaceKey`: the interface's key (`NetworkInterfaces\<id>`), or
    /// NULL + last error.
    fn GetClusterNetInterfaceKey(hNetInterface: HNETINTERFACE, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    { object_key(hNetInterface, ObjectKind::NetInterface, samDesired) }
}

export! {
    /// `GetClusterResourceTypeKey`: the type's key (`ResourceTypes\<name>`), or NULL +
    /// last error (`ERROR_INVALID_HANDLE`, `ERROR_INVALID_PARAMETER` for a NULL name,
    /// `ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND`).
    fn GetClusterResourceTypeKey(hCluster: HCLUSTER, lpszTypeName: *const WChar, samDesired: REGSAM) -> HKEY;
    on_panic = std::ptr::null_mut();
    {
        let r = (|| {
            let c = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: forwarded caller contract.
            let name = unsafe { required_wstr(lpszTypeName) }?;
            sim().get_resource_type_key(HCluster(c), &name, samDesired).map(|k| k.0)
        })();
        ret_handle(r)
    }
}

// ----- keys -----------------------------------------------------------------------------

export! {
    /// `ClusterRegCreateKey`: creates `lpszSubKey` below `hKey` (with every missing
    /// intermediate key) or opens it; `""` opens `hKey`'s key. `*phkResult` receives the
    /// new handle and `*lpdwDisposition` (optional) `REG_CREATED_NEW_KEY` (1) or
    /// `REG_OPENED_EXISTING_KEY` (2). `lpSecurityAttributes` is ignored, `samDesired`
    /// not enforced. Codes: `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` for a NULL
    /// subkey or `phkResult`, `dwOptions` other than 0 or `REG_OPTION_VOLATILE`, a
    /// malformed path (leading `\`, empty component, a component over 255 characters);
    /// `ERROR_KEY_DELETED`.
    fn ClusterRegCreateKey(
        hKey: HKEY,
        lpszSubKey: *const WChar,
        dwOptions: u32,
        samDesired: REGSAM,
        lpSecurityAttributes: *const c_void,
        phkResult: *mut HKEY,
        lpdwDisposition: *mut u32,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        let _ = lpSecurityAttributes;
        lcode((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let subkey = unsafe { required_wstr(lpszSubKey) }?;
            if phkResult.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let (new, disposition) = sim().reg_create_key(k, &subkey, dwOptions, samDesired)?;
            // SAFETY: `phkResult` is non-NULL (checked) and writable; `lpdwDisposition`
            // NULL or writable (caller contract).
            unsafe {
                put(phkResult, handle(new.0));
                put(lpdwDisposition, disposition.value());
            }
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegOpenKey`: opens `lpszSubKey` below `hKey` (`""`: `hKey`'s key again).
    /// Codes: `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (NULL subkey or
    /// `phkResult`, malformed path); `ERROR_FILE_NOT_FOUND`; `ERROR_KEY_DELETED`.
    fn ClusterRegOpenKey(hKey: HKEY, lpszSubKey: *const WChar, samDesired: REGSAM, phkResult: *mut HKEY) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let subkey = unsafe { required_wstr(lpszSubKey) }?;
            if phkResult.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let new = sim().reg_open_key(k, &subkey, samDesired)?;
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(phkResult, handle(new.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegDeleteKey`: deletes a subkey that has no subkeys. Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (NULL or malformed name);
    /// `ERROR_FILE_NOT_FOUND`; `ERROR_ACCESS_DENIED` (it has subkeys, B15, or it is
    /// protected); `ERROR_KEY_DELETED`.
    fn ClusterRegDeleteKey(hKey: HKEY, lpszSubKey: *const WChar) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let subkey = unsafe { required_wstr(lpszSubKey) }?;
            sim().reg_delete_key(k, &subkey)
        })())
    }
}

export! {
    /// `ClusterRegCloseKey`: `ERROR_SUCCESS` or `ERROR_INVALID_HANDLE`. A key registered
    /// with `RegisterClusterNotify` queues `CLUSTER_CHANGE_HANDLE_CLOSE` (REG-HANDLE-CLOSE).
    fn ClusterRegCloseKey(hKey: HKEY) -> LONG;
    on_panic = GEN_FAILURE;
    { lcode(sim().reg_close_key(HKey(raw(hKey)))) }
}

// ----- values ---------------------------------------------------------------------------

export! {
    /// `ClusterRegSetValue`: sets a value (`lpszValueName` NULL or `""`: the default
    /// value). Codes: `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` for `cbData`
    /// over 1 MiB (refused before the buffer is read), a NULL `lpData` with a non-zero
    /// `cbData`, an unknown type or data that does not fit it (REG-VALUE);
    /// `ERROR_KEY_DELETED`.
    fn ClusterRegSetValue(hKey: HKEY, lpszValueName: *const WChar, dwType: u32, lpData: *const u8, cbData: u32) -> u32;
    on_panic = GEN_FAILURE as u32;
    {
        crate::ffi::code((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let name = unsafe { value_name(lpszValueName) }?;
            // SAFETY: forwarded caller contract.
            let data = unsafe { value_data(lpData, cbData) }?;
            sim().reg_set_value(k, &name, dwType, &reg_data_in(dwType, data)?)
        })())
    }
}

export! {
    /// `ClusterRegDeleteValue` (NULL or `""`: the default value). Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_FILE_NOT_FOUND`; `ERROR_KEY_DELETED`.
    fn ClusterRegDeleteValue(hKey: HKEY, lpszValueName: *const WChar) -> u32;
    on_panic = GEN_FAILURE as u32;
    {
        crate::ffi::code((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let name = unsafe { value_name(lpszValueName) }?;
            sim().reg_delete_value(k, &name)
        })())
    }
}

/// Writes value data by the Win32 registry convention: `*lpcb` is the capacity in
/// bytes; NULL `lp` is a size query (`Ok`, `*lpcb` = size); too small is
/// `ERROR_MORE_DATA` with `*lpcb` = size and nothing copied.
///
/// # Safety
/// `lpcb` is non-NULL, readable and writable; `lp` NULL or writable for `*lpcb` bytes.
unsafe fn write_data(lp: *mut u8, lpcb: *mut u32, data: &[u8]) -> Result<()> {
    // SAFETY: `lpcb` readable (caller contract).
    let cap = unsafe { lpcb.read_unaligned() } as usize;
    // SAFETY: `lpcb` writable (caller contract).
    unsafe { lpcb.write_unaligned(data.len() as u32) };
    if lp.is_null() {
        return Ok(());
    }
    if data.len() > cap {
        return Err(Win32Error::ERROR_MORE_DATA);
    }
    // SAFETY: `lp` writable for `cap >= data.len()` bytes; `data` is our own copy.
    unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), lp, data.len()) };
    Ok(())
}

export! {
    /// `ClusterRegQueryValue`: the value's type in `*lpdwValueType` (optional) and its
    /// data by the Win32 registry convention: `*lpcbData` is the capacity in bytes; a
    /// NULL `lpData` is a size query (`ERROR_SUCCESS`, `*lpcbData` = size); a buffer too
    /// small is `ERROR_MORE_DATA` with `*lpcbData` = size (the type is written, the data
    /// not). `lpcbData` may be NULL only when `lpData` is (`ERROR_INVALID_PARAMETER`).
    /// Codes: `ERROR_INVALID_HANDLE`; `ERROR_FILE_NOT_FOUND`; `ERROR_KEY_DELETED`.
    fn ClusterRegQueryValue(
        hKey: HKEY,
        lpszValueName: *const WChar,
        lpdwValueType: *mut u32,
        lpData: *mut u8,
        lpcbData: *mut u32,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            // SAFETY: forwarded caller contract.
            let name = unsafe { value_name(lpszValueName) }?;
            if !lpData.is_null() && lpcbData.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let (ty, data) = sim().reg_query_value(k, &name)?;
            let data = reg_data_out(ty, &data);
            // SAFETY: NULL or writable (caller contract).
            unsafe { put(lpdwValueType, ty) };
            if lpcbData.is_null() {
                return Ok(());
            }
            // SAFETY: `lpcbData` non-NULL; buffers valid by the caller's contract.
            unsafe { write_data(lpData, lpcbData, &data) }
        })())
    }
}

export! {
    /// `ClusterRegEnumKey`: the `dwIndex`-th subkey (name order) by the string
    /// convention — `*lpcchName` is the capacity including the NUL on input and the
    /// length without it on output; a name that does not fit (or a NULL `lpszName`) is
    /// `ERROR_MORE_DATA` with the length, and nothing else is written. Its last-write
    /// time goes to `*lpftLastWriteTime` (optional). Codes: `ERROR_INVALID_HANDLE`;
    /// `ERROR_INVALID_PARAMETER` (NULL `lpcchName`); `ERROR_NO_MORE_ITEMS` past the end;
    /// `ERROR_KEY_DELETED`.
    fn ClusterRegEnumKey(
        hKey: HKEY,
        dwIndex: u32,
        lpszName: *mut WChar,
        lpcchName: *mut u32,
        lpftLastWriteTime: *mut FILETIME,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            if lpcchName.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let (name, time) = sim().reg_enum_key(k, dwIndex)?;
            // SAFETY: `lpcchName` non-NULL; `lpszName` writable for `*lpcchName` units.
            unsafe { write_wstr(lpszName, lpcchName, &name) }?;
            // SAFETY: NULL or writable (caller contract).
            unsafe { put(lpftLastWriteTime, FILETIME::from_u64(time.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegEnumValue`: the `dwIndex`-th value (creation order). Name by the string
    /// convention (`lpcchValueName` required); type to `*lpdwType` (optional); data by the
    /// registry convention (`lpData` optional: NULL is a size query; `lpcbData` required
    /// when `lpData` is not NULL). When the name or the data does not fit, nothing is
    /// copied, `*lpcchValueName` and `*lpcbData` (when given) receive both sizes and the
    /// answer is `ERROR_MORE_DATA`. Codes: `ERROR_INVALID_HANDLE`;
    /// `ERROR_INVALID_PARAMETER`; `ERROR_NO_MORE_ITEMS` past the end; `ERROR_KEY_DELETED`.
    fn ClusterRegEnumValue(
        hKey: HKEY,
        dwIndex: u32,
        lpszValueName: *mut WChar,
        lpcchValueName: *mut u32,
        lpdwType: *mut u32,
        lpData: *mut u8,
        lpcbData: *mut u32,
    ) -> u32;
    on_panic = GEN_FAILURE as u32;
    {
        crate::ffi::code((|| {
            let k = key(hKey)?;
            if lpcchValueName.is_null() || (!lpData.is_null() && lpcbData.is_null()) {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let (name, ty, data) = sim().reg_enum_value(k, dwIndex)?;
            let data = reg_data_out(ty, &data);
            let units = crate::wide::encode(&name);
            // SAFETY: `lpcchValueName` non-NULL and readable.
            let name_fits = matches!(unsafe { fits(lpszValueName, lpcchValueName, units.len()) }, Fit::Fits);
            let data_fits = lpData.is_null()
                // SAFETY: `lpcbData` non-NULL whenever `lpData` is not (checked).
                || data.len() <= unsafe { lpcbData.read_unaligned() } as usize;
            // SAFETY: non-NULL (checked) or NULL-tolerant writes to caller pointers.
            unsafe {
                lpcchValueName.write_unaligned(units.len() as u32);
                put(lpcbData, data.len() as u32);
            }
            if !(name_fits && data_fits) {
                return Err(Win32Error::ERROR_MORE_DATA);
            }
            // SAFETY: the name and its NUL fit the capacity the caller gave; `lpData`,
            // when not NULL, holds at least `data.len()` bytes (checked above).
            unsafe {
                crate::ffi::copy_units(lpszValueName, &units);
                put(lpdwType, ty);
                if !lpData.is_null() && !data.is_empty() {
                    std::ptr::copy_nonoverlapping(data.as_ptr(), lpData, data.len());
                }
            }
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegQueryInfoKey`: counts, longest names (characters, no NUL), largest
    /// data, descriptor size, last-write time. Every out-pointer is optional. Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_KEY_DELETED`.
    fn ClusterRegQueryInfoKey(
        hKey: HKEY,
        lpcSubKeys: *mut u32,
        lpcchMaxSubKeyLen: *mut u32,
        lpcValues: *mut u32,
        lpcchMaxValueNameLen: *mut u32,
        lpcbMaxValueLen: *mut u32,
        lpcbSecurityDescriptor: *mut u32,
        lpftLastWriteTime: *mut FILETIME,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let info = sim().reg_query_info_key(key(hKey)?)?;
            // SAFETY: each pointer NULL or writable (caller contract).
            unsafe {
                put(lpcSubKeys, info.subkeys);
                put(lpcchMaxSubKeyLen, info.max_subkey_len);
                put(lpcValues, info.values);
                put(lpcchMaxValueNameLen, info.max_value_name_len);
                put(lpcbMaxValueLen, info.max_value_len);
                put(lpcbSecurityDescriptor, info.security_descriptor_len);
                put(lpftLastWriteTime, FILETIME::from_u64(info.last_write.0));
            }
            Ok(())
        })())
    }
}

// ----- security -------------------------------------------------------------------------

export! {
    /// `ClusterRegGetKeySecurity`: the key's self-relative security descriptor (whole,
    /// whatever `RequestedInformation` asks). Size negotiation follows Win32's
    /// `RegGetKeySecurity` (CABI-REG-SECURITY): `*lpcbSecurityDescriptor` is the capacity
    /// in bytes; when the descriptor does not fit — or `pSecurityDescriptor` is NULL, a
    /// size query — the answer is `ERROR_INSUFFICIENT_BUFFER` (122) with the size needed
    /// in `*lpcbSecurityDescriptor`. Codes: `ERROR_INVALID_HANDLE`;
    /// `ERROR_INVALID_PARAMETER` (NULL `lpcbSecurityDescriptor`); `ERROR_KEY_DELETED`.
    fn ClusterRegGetKeySecurity(
        hKey: HKEY,
        RequestedInformation: u32,
        pSecurityDescriptor: *mut c_void,
        lpcbSecurityDescriptor: *mut u32,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            if lpcbSecurityDescriptor.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let sd = sim().reg_get_key_security(k, RequestedInformation)?;
            // SAFETY: `lpcbSecurityDescriptor` non-NULL (checked) and valid.
            unsafe {
                match write_data(pSecurityDescriptor.cast(), lpcbSecurityDescriptor, &sd) {
                    Ok(()) if pSecurityDescriptor.is_null() => Err(Win32Error::ERROR_INSUFFICIENT_BUFFER),
                    Err(Win32Error::ERROR_MORE_DATA) => Err(Win32Error::ERROR_INSUFFICIENT_BUFFER),
                    other => other,
                }
            }
        })())
    }
}

/// The bytes of the self-relative descriptor at `p`, its length taken from its contents
/// ([`self_relative_sd_len`]).
///
/// # Safety
/// `p` is non-NULL and points to a self-relative security descriptor: its header and the
/// headers and bodies of the components its offsets name are readable.
unsafe fn descriptor_bytes(p: *const u8) -> Result<Vec<u8>> {
    let len = self_relative_sd_len(|off| {
        debug_assert!(off < MAX_SECURITY_DESCRIPTOR_LEN);
        let mut b = [0u8; 4];
        // SAFETY: the header and every component header the descriptor names are readable
        // (caller contract); `self_relative_sd_len` only asks for those.
        unsafe { std::ptr::copy_nonoverlapping(p.add(off), b.as_mut_ptr(), 4) };
        Some(b)
    })?;
    // SAFETY: the descriptor spans `len` bytes by its own offsets (caller contract).
    Ok(unsafe { std::slice::from_raw_parts(p, len) }.to_vec())
}

export! {
    /// `ClusterRegSetKeySecurity`: replaces the key's descriptor with the self-relative
    /// descriptor at `pSecurityDescriptor`, whose length is taken from its contents (the
    /// header and the farthest owner, group, SACL or DACL). Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (NULL descriptor);
    /// `ERROR_INVALID_SECURITY_DESCR` (1338: revision ≠ 1, not self-relative, offsets
    /// inside the header or past 64 KiB, REG-SECURITY); `ERROR_KEY_DELETED`. Raises
    /// `CLUSTER_CHANGE_REGISTRY_ATTRIBUTES`.
    fn ClusterRegSetKeySecurity(hKey: HKEY, SecurityInformation: u32, pSecurityDescriptor: *mut c_void) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            if pSecurityDescriptor.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: forwarded caller contract.
            let sd = unsafe { descriptor_bytes(pSecurityDescriptor.cast::<u8>()) }?;
            sim().reg_set_key_security(k, SecurityInformation, &sd)
        })())
    }
}
