//! V2 notification ports: `CreateClusterNotifyPortV2`, `RegisterClusterNotifyV2`,
//! `RegisterClusterResourceTypeNotifyV2`, `GetClusterNotifyV2`, `GetNotifyEventHandle`
//! (spec/v2.md, spec/c-abi.md "V2 notification ports"). Each is the simulator's
//! `NotifyV2Api` method with the pointers marshalled; what only C can get wrong (a NULL
//! filter array with a count, a NULL required pointer) is answered here, after the
//! port handle (CABI-ORDER).

use super::notify::{is_invalid_handle_value, object_of};
use super::raw;
use crate::events;
use crate::ffi::{put, required_wstr, set_last_error, WChar};
use crate::global::sim;
use crate::types::*;
use crate::wide_v2::{get_in_width, CallerOuts};
use clusim_api::notify_v2::{GetNotifyV2Error, NotifyFilterAndType, NotifyV2Sizes};
use clusim_api::*;

const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

/// `ERROR_INVALID_HANDLE` unless `h` is an open port: the answer a required-pointer
/// check gives first.
fn port_first(h: HCHANGE) -> Win32Error {
    if sim().handle_kind(raw(h)) == Some(ObjectKind::Port) {
        Win32Error::ERROR_INVALID_PARAMETER
    } else {
        Win32Error::ERROR_INVALID_HANDLE
    }
}

fn filter(f: NOTIFY_FILTER_AND_TYPE) -> NotifyFilterAndType {
    NotifyFilterAndType { object_type: f.dwObjectType, flags: f.FilterFlags as u64 }
}

export! {
    /// `CreateClusterNotifyPortV2`: as `CreateClusterNotifyPort` (CABI-CREATE-PORT) with
    /// `dwFilterCount` filters sharing `dwNotifyKey`, each a cluster-wide registration;
    /// one bad filter (unknown object type, flags outside its enum or client-only)
    /// refuses them all with `ERROR_INVALID_PARAMETER` and registers nothing. A NULL
    /// `Filters` with a non-zero count is `ERROR_INVALID_PARAMETER`. NULL + last error.
    fn CreateClusterNotifyPortV2(
        hChange: HCHANGE,
        hCluster: HCLUSTER,
        Filters: *const NOTIFY_FILTER_AND_TYPE,
        dwFilterCount: u32,
        dwNotifyKey: usize,
    ) -> HCHANGE;
    on_panic = std::ptr::null_mut();
    {
        let existing = (!is_invalid_handle_value(hChange)).then(|| HChange(raw(hChange)));
        if Filters.is_null() && dwFilterCount != 0 {
            let e = match existing {
                Some(p) if sim().handle_kind(p.0) != Some(ObjectKind::Port) => Win32Error::ERROR_INVALID_HANDLE,
                _ => Win32Error::ERROR_INVALID_PARAMETER,
            };
            set_last_error(e.0);
            return std::ptr::null_mut();
        }
        let filters: Vec<NotifyFilterAndType> = (0..dwFilterCount as usize)
            // SAFETY: a non-NULL `Filters` holds `dwFilterCount` readable entries (caller
            // contract); the count is 0 when it is NULL.
            .map(|i| filter(unsafe { Filters.add(i).read_unaligned() }))
            .collect();
        let cluster = (!is_invalid_handle_value(hCluster)).then(|| HCluster(raw(hCluster)));
        super::ret_handle(
            sim().create_notify_port_v2(existing, cluster, &filters, NotifyKey(dwNotifyKey)).map(|h| h.0),
        )
    }
}

export! {
    /// `RegisterClusterNotifyV2`: one filter on one object; the kind of `hObject` comes
    /// from the handle itself (CABI-REGISTER) and must be the one the filter's object type
    /// takes (fact sheet §3.8), else `ERROR_INVALID_HANDLE`. A bad filter is
    /// `ERROR_INVALID_PARAMETER`; nothing is registered on failure.
    fn RegisterClusterNotifyV2(hChange: HCHANGE, Filter: NOTIFY_FILTER_AND_TYPE, hObject: HANDLE, dwNotifyKey: usize) -> u32;
    on_panic = GEN_FAILURE;
    {
        crate::ffi::code(sim().register_notify_v2(
            HChange(raw(hChange)),
            filter(Filter),
            object_of(hObject),
            NotifyKey(dwNotifyKey),
        ))
    }
}

export! {
    /// `RegisterClusterResourceTypeNotifyV2`: RESOURCE_TYPE events of the type named
    /// `resTypeName` (required: NULL is `ERROR_INVALID_PARAMETER`, after the port check).
    fn RegisterClusterResourceTypeNotifyV2(
        hChange: HCHANGE,
        hCluster: HCLUSTER,
        Flags: i64,
        resTypeName: *const WChar,
        dwNotifyKey: usize,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        if resTypeName.is_null() {
            return port_first(hChange).0;
        }
        // SAFETY: a non-NULL `resTypeName` is a NUL-terminated string (caller contract).
        let name = match unsafe { required_wstr(resTypeName) } {
            Ok(n) => n,
            Err(e) => return e.0,
        };
        crate::ffi::code(sim().register_resource_type_notify_v2(
            HChange(raw(hChange)),
            HCluster(raw(hCluster)),
            Flags as u64,
            &name,
            NotifyKey(dwNotifyKey),
        ))
    }
}

export! {
    /// `GetNotifyEventHandle`: the port's event handle (N15) in `*lphTargetEvent`: the
    /// same value on every call, signalled while the port holds events, owned by the
    /// port. Wait on it with `WaitForSingleObject` / `WaitForMultipleObjects`. NULL
    /// `lphTargetEvent`: `ERROR_INVALID_PARAMETER` (after the port check).
    fn GetNotifyEventHandle(hChange: HCHANGE, lphTargetEvent: *mut HANDLE) -> u32;
    on_panic = GEN_FAILURE;
    {
        if lphTargetEvent.is_null() {
            return port_first(hChange).0;
        }
        match sim().get_notify_event_handle(HChange(raw(hChange))) {
            Ok(e) => {
                events::handed_out(e.0 .0);
                // SAFETY: non-NULL (checked) and writable (caller contract).
                unsafe { put(lphTargetEvent, super::handle(e.0)) };
                0
            }
            Err(e) => e.0,
        }
    }
}

/// One optional string output: `Some(buffer of *cch units)` when both pointers are given,
/// `None` when the buffer pointer is NULL (not wanted); a buffer without its length is
/// `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `buf` is NULL or writable for `*cch` units; `cch` is NULL or readable.
unsafe fn out_slice<'a, T>(buf: *mut T, len: *const u32) -> Result<Option<&'a mut [T]>> {
    match (buf.is_null(), len.is_null()) {
        (true, _) => Ok(None),
        (false, true) => Err(Win32Error::ERROR_INVALID_PARAMETER),
        // SAFETY: `buf` holds `*len` writable units and nothing else refers to them
        // during the call (caller contract).
        (false, false) => {
            Ok(Some(unsafe { std::slice::from_raw_parts_mut(buf, len.read_unaligned() as usize) }))
        }
    }
}

/// Writes every size to its (optional) pointer.
///
/// # Safety
/// Each pointer is NULL or writable.
unsafe fn put_sizes(s: &NotifyV2Sizes, ptrs: [*mut u32; 5]) {
    let values = [s.buffer, s.object_id, s.parent_id, s.name, s.type_name];
    for (p, v) in ptrs.into_iter().zip(values) {
        // SAFETY: forwarded contract.
        unsafe { put(p, v as u32) };
    }
}

export! {
    /// `GetClusterNotifyV2`: the next event of a V2 port, one flag per event.
    /// `lpdwNotifyKey` is required (`ERROR_INVALID_PARAMETER`, after the port check, before
    /// waiting); every other output is optional — a NULL buffer is not wanted, a buffer
    /// without its length pointer `ERROR_INVALID_PARAMETER`. `buffer` is in bytes
    /// (`*lpbBufferSize`), the strings by the V1 convention (capacity including the NUL
    /// in, length excluding it out). `ERROR_MORE_DATA` when any wanted output is too
    /// small: every non-NULL size pointer receives its size and the event stays queued
    /// (N17). Every size pointer is written on success too. `dwMilliseconds` as
    /// `GetClusterNotify`; `WAIT_TIMEOUT`; `ERROR_INVALID_HANDLE` (also when the port
    /// closes during the wait).
    fn GetClusterNotifyV2(
        hChange: HCHANGE,
        lpdwNotifyKey: *mut usize,
        pFilterAndType: *mut NOTIFY_FILTER_AND_TYPE,
        buffer: *mut u8,
        lpbBufferSize: *mut u32,
        lpszObjectId: *mut WChar,
        lpcchObjectId: *mut u32,
        lpszParentId: *mut WChar,
        lpcchParentId: *mut u32,
        lpszName: *mut WChar,
        lpcchName: *mut u32,
        lpszType: *mut WChar,
        lpcchType: *mut u32,
        dwMilliseconds: u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        if lpdwNotifyKey.is_null() {
            return port_first(hChange).0;
        }
        // SAFETY: each buffer is NULL or writable for its stated size (caller contract).
        let outs = unsafe {
            (|| -> Result<_> {
                Ok(CallerOuts {
                    buffer: out_slice(buffer, lpbBufferSize)?,
                    strings: [
                        out_slice(lpszObjectId, lpcchObjectId)?,
                        out_slice(lpszParentId, lpcchParentId)?,
                        out_slice(lpszName, lpcchName)?,
                        out_slice(lpszType, lpcchType)?,
                    ],
                })
            })()
        };
        let outs = match outs {
            Ok(o) => o,
            Err(_) => return port_first(hChange).0,
        };
        let sizes = [lpbBufferSize, lpcchObjectId, lpcchParentId, lpcchName, lpcchType];
        let timeout = if dwMilliseconds == 0 { Timeout::POLL } else { Timeout::from_millis(dwMilliseconds) };
        let port = HChange(raw(hChange));
        match get_in_width(outs, Box::new(|b| sim().get_notify_v2(port, b, timeout))) {
            Ok(h) => {
                // SAFETY: `lpdwNotifyKey` is non-NULL (checked); every other pointer is
                // NULL or writable (caller contract).
                unsafe {
                    put(lpdwNotifyKey, h.key.0);
                    put(
                        pFilterAndType,
                        NOTIFY_FILTER_AND_TYPE { dwObjectType: h.filter.object_type, FilterFlags: h.filter.flags as i64 },
                    );
                    put_sizes(&h.sizes, sizes);
                }
                0
            }
            Err(GetNotifyV2Error::MoreData(s)) => {
                // SAFETY: every size pointer is NULL or writable (caller contract).
                unsafe { put_sizes(&s, sizes) };
                Win32Error::ERROR_MORE_DATA.0
            }
            Err(GetNotifyV2Error::Failed(e)) => e.0,
        }
    }
}
