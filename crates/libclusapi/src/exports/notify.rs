//! V1 notification ports: `CreateClusterNotifyPort`, `RegisterClusterNotify`,
//! `GetClusterNotify`, `CloseClusterNotifyPort` (spec/ports.md, spec/c-abi.md).

use super::{raw, ret_handle};
use crate::ffi::{code, put, set_last_error, sim_name_buffer};
use crate::global::sim;
use crate::types::*;
use clusim_api::*;

const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

pub(super) fn is_invalid_handle_value(h: *mut std::ffi::c_void) -> bool {
    h as usize == INVALID_HANDLE_VALUE
}

export! {
    /// `CreateClusterNotifyPort`: `hChange = INVALID_HANDLE_VALUE` creates a port,
    /// otherwise adds a cluster-wide registration (`dwFilter`, `dwNotifyKey`) to the port
    /// and returns it; `hCluster = INVALID_HANDLE_VALUE` creates a port associated with no
    /// cluster (N13). NULL + last error (`ERROR_INVALID_HANDLE`, `ERROR_INVALID_PARAMETER`
    /// for adding without a cluster or from another cluster).
    fn CreateClusterNotifyPort(hChange: HCHANGE, hCluster: HCLUSTER, dwFilter: u32, dwNotifyKey: usize) -> HCHANGE;
    on_panic = std::ptr::null_mut();
    {
        let existing = (!is_invalid_handle_value(hChange)).then(|| HChange(raw(hChange)));
        let cluster = (!is_invalid_handle_value(hCluster)).then(|| HCluster(raw(hCluster)));
        let r = sim()
            .create_notify_port(existing, cluster, ChangeFlags::from_bits_retain(dwFilter), NotifyKey(dwNotifyKey))
            .map(|h| h.0);
        ret_handle(r)
    }
}

/// The object an untyped `hObject` stands for, by the kind of the handle itself. An
/// unknown value goes in as a cluster handle: the simulator answers
/// `ERROR_INVALID_HANDLE` for it after checking the port, as for any bad object.
pub(super) fn object_of(h: HANDLE) -> ObjectHandle {
    let r = raw(h);
    match sim().handle_kind(r) {
        Some(ObjectKind::Node) => ObjectHandle::Node(HNode(r)),
        Some(ObjectKind::Group) => ObjectHandle::Group(HGroup(r)),
        Some(ObjectKind::Resource) => ObjectHandle::Resource(HResource(r)),
        Some(ObjectKind::Network) => ObjectHandle::Network(HNetwork(r)),
        Some(ObjectKind::NetInterface) => ObjectHandle::NetInterface(HNetInterface(r)),
        Some(ObjectKind::Key) => ObjectHandle::Key(HKey(r)),
        _ => ObjectHandle::Cluster(HCluster(r)),
    }
}

export! {
    /// `RegisterClusterNotify`: a per-object registration; `hObject` may be an
    /// `HCLUSTER`, `HNODE`, `HGROUP`, `HRESOURCE`, `HNETWORK`, `HNETINTERFACE` or
    /// `HKEY` (registry events of that key, REG-SCOPE). The kind of `hObject` is
    /// taken from the handle itself. `ERROR_INVALID_HANDLE` for a bad port or object;
    /// `ERROR_INVALID_PARAMETER` for a filter outside the kind's allowed set (N8).
    fn RegisterClusterNotify(hChange: HCHANGE, dwFilterType: u32, hObject: HANDLE, dwNotifyKey: usize) -> u32;
    on_panic = GEN_FAILURE;
    {
        code(sim().register_notify(
            HChange(raw(hChange)),
            ChangeFlags::from_bits_retain(dwFilterType),
            object_of(hObject),
            NotifyKey(dwNotifyKey),
        ))
    }
}

export! {
    /// `GetClusterNotify`: the next event of the port — key in `*lpdwNotifyKey`, one
    /// `CLUSTER_CHANGE` bit in `*lpdwFilterType`, the object name by the string
    /// convention (`*lpcchName`: capacity including the NUL in, length excluding it out).
    /// `dwMilliseconds`: 0 polls, `INFINITE` waits. Returns `ERROR_SUCCESS`,
    /// `WAIT_TIMEOUT`, `ERROR_MORE_DATA` (the event stays queued, N1; a NULL `lpszName`
    /// is a size query), `ERROR_INVALID_HANDLE` (bad or closed port, also when it is
    /// closed while this call waits), `ERROR_INVALID_PARAMETER` (NULL `lpdwNotifyKey`,
    /// `lpdwFilterType` or `lpcchName`; checked before waiting, nothing consumed).
    fn GetClusterNotify(
        hChange: HCHANGE,
        lpdwNotifyKey: *mut usize,
        lpdwFilterType: *mut u32,
        lpszName: *mut WChar,
        lpcchName: *mut u32,
        dwMilliseconds: u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        if lpdwNotifyKey.is_null() || lpdwFilterType.is_null() || lpcchName.is_null() {
            // A bad port still answers ERROR_INVALID_HANDLE first.
            if sim().handle_kind(raw(hChange)) != Some(ObjectKind::Port) {
                return Win32Error::ERROR_INVALID_HANDLE.0;
            }
            return Win32Error::ERROR_INVALID_PARAMETER.0;
        }
        let cap = if lpszName.is_null() {
            0
        } else {
            // SAFETY: `lpcchName` is non-NULL and readable (caller contract).
            (unsafe { lpcchName.read_unaligned() }) as usize
        };
        // Polls skip the general millisecond conversion.
        let timeout = if dwMilliseconds == 0 { Timeout::POLL } else { Timeout::from_millis(dwMilliseconds) };
        // SAFETY: the caller's buffer holds `*lpcchName` writable units (`cap` is 0 when
        // it is NULL); nothing else refers to it during the call.
        let (answer, name_len) = unsafe {
            sim_name_buffer(lpszName, cap, |buf| {
                let r = sim().get_notify(HChange(raw(hChange)), buf, timeout);
                let len = r.as_ref().ok().map(|h| h.name_len);
                (r, len)
            })
        };
        match answer {
            Ok(h) => {
                // SAFETY: all three are non-NULL (checked) and writable (caller contract).
                unsafe {
                    put(lpdwNotifyKey, h.key.0);
                    put(lpdwFilterType, h.change.bits());
                    put(lpcchName, name_len.unwrap_or(0) as u32);
                }
                0
            }
            Err(GetNotifyError::MoreData { needed }) => {
                // SAFETY: non-NULL (checked) and writable (caller contract).
                unsafe { put(lpcchName, needed as u32) };
                Win32Error::ERROR_MORE_DATA.0
            }
            Err(GetNotifyError::Failed(e)) => e.0,
        }
    }
}

export! {
    /// `CloseClusterNotifyPort`: always returns TRUE, as documented (SDK-CLOSEPORT).
    /// Waiters in `GetClusterNotify` wake with `ERROR_INVALID_HANDLE`. A handle that is
    /// not an open port (NULL, closed, forged, another kind) changes nothing and leaves
    /// `ERROR_INVALID_HANDLE` as the last error; a successful close leaves the last error
    /// alone.
    fn CloseClusterNotifyPort(hChange: HCHANGE) -> BOOL;
    on_panic = TRUE;
    {
        if let Err(e) = sim().close_notify_port(HChange(raw(hChange))) {
            set_last_error(e.0);
        }
        TRUE
    }
}
