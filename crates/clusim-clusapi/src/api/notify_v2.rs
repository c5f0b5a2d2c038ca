//! V2 notification ports over ClusAPI: `CreateClusterNotifyPortV2`,
//! `RegisterClusterNotifyV2`, `RegisterClusterResourceTypeNotifyV2`,
//! `GetClusterNotifyV2`, `GetNotifyEventHandle`, and `WaitForSingleObject` on the event
//! (spec/v2.md, spec/conformance.md CONF-V2).

use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::*;
use std::ffi::c_void;
use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Networking::Clustering::*;
use windows_sys::Win32::System::Threading::WaitForSingleObject;

/// `WAIT_FAILED`.
const WAIT_FAILED: u32 = 0xFFFF_FFFF;

fn c_filter(f: NotifyFilterAndType) -> NOTIFY_FILTER_AND_TYPE {
    NOTIFY_FILTER_AND_TYPE { dwObjectType: f.object_type, FilterFlags: f.flags as i64 }
}

/// One output for `GetClusterNotifyV2`: the buffer (NULL when not wanted) and its size
/// in the unit ClusAPI counts (bytes for the payload, characters for strings).
fn out_ptr<T>(b: &mut Option<&mut [T]>) -> (*mut T, u32) {
    match b {
        Some(s) => (s.as_mut_ptr(), u32::try_from(s.len()).unwrap_or(u32::MAX)),
        None => (std::ptr::null_mut(), 0),
    }
}

impl NotifyV2Api for ClusApiBackend {
    fn create_notify_port_v2(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filters: &[NotifyFilterAndType],
        key: NotifyKey,
    ) -> Result<HChange> {
        let invalid = INVALID_HANDLE_VALUE as isize;
        let p = existing.map(|h| self.ledger.check(h.0, ObjectKind::Port)).transpose()?.unwrap_or(invalid);
        let c = cluster.map(|h| self.ledger.check(h.0, ObjectKind::Cluster)).transpose()?.unwrap_or(invalid);
        let fs: Vec<NOTIFY_FILTER_AND_TYPE> = filters.iter().map(|&f| c_filter(f)).collect();
        let n = u32::try_from(fs.len()).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)?;
        // SAFETY: open handles or INVALID_HANDLE_VALUE; `fs` holds `n` filters.
        let h = unsafe { CreateClusterNotifyPortV2(p, c, fs.as_ptr(), n, key.0) };
        match existing {
            // Adding to an existing port returns that port: nothing new to record.
            Some(port) if h != 0 => Ok(port),
            _ => self.ledger.opened(h as usize, ObjectKind::Port).map(HChange),
        }
    }

    fn register_notify_v2(
        &self,
        port: HChange,
        filter: NotifyFilterAndType,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let o = self.ledger.check(object.raw(), object.kind())?;
        // SAFETY: open handles; `hObject` is an untyped HANDLE in C.
        rc(unsafe { RegisterClusterNotifyV2(p, c_filter(filter), o as *mut c_void, key.0) })
    }

    fn register_resource_type_notify_v2(
        &self,
        port: HChange,
        cluster: HCluster,
        flags: u64,
        type_name: &str,
        key: NotifyKey,
    ) -> Result<()> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let (c, name) = self.name_call(cluster, type_name)?;
        // SAFETY: open handles; `name` is NUL-terminated.
        rc(unsafe { RegisterClusterResourceTypeNotifyV2(p, c, flags as i64, name.as_ptr(), key.0) })
    }

    fn get_notify_v2(
        &self,
        port: HChange,
        out: &mut NotifyV2Buffers<'_>,
        timeout: Timeout,
    ) -> std::result::Result<NotifyV2Header, GetNotifyV2Error> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let (buf, mut cb) = out_ptr(&mut out.buffer);
        let (oid, mut c_oid) = out_ptr(&mut out.object_id);
        let (pid, mut c_pid) = out_ptr(&mut out.parent_id);
        let (name, mut c_name) = out_ptr(&mut out.name);
        let (ty, mut c_ty) = out_ptr(&mut out.type_name);
        let (mut key, mut ft) = (0usize, NOTIFY_FILTER_AND_TYPE { dwObjectType: 0, FilterFlags: 0 });
        let ms = if timeout == Timeout::POLL { 0 } else { timeout.as_millis_u32() };
        // SAFETY: each buffer is NULL or writable for the size passed with it; the size
        // pointers and the key/filter outputs are locals. A NULL buffer with its size
        // pointer is "not wanted" (CONF-V2): the size is still written back.
        let code = unsafe {
            GetClusterNotifyV2(
                p,
                &mut key,
                &mut ft,
                buf,
                &mut cb,
                oid,
                &mut c_oid,
                pid,
                &mut c_pid,
                name,
                &mut c_name,
                ty,
                &mut c_ty,
                ms,
            )
        };
        let sizes = NotifyV2Sizes {
            buffer: cb as usize,
            object_id: c_oid as usize,
            parent_id: c_pid as usize,
            name: c_name as usize,
            type_name: c_ty as usize,
        };
        match code {
            0 => Ok(NotifyV2Header {
                key: NotifyKey(key),
                filter: NotifyFilterAndType { object_type: ft.dwObjectType, flags: ft.FilterFlags as u64 },
                sizes,
            }),
            234 => Err(GetNotifyV2Error::MoreData(sizes)),
            e => Err(GetNotifyV2Error::Failed(Win32Error(e))),
        }
    }

    fn get_notify_event_handle(&self, port: HChange) -> Result<HNotifyEvent> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let mut event: HANDLE = std::ptr::null_mut();
        // SAFETY: an open port; `event` is a local.
        rc(unsafe { GetNotifyEventHandle(p, &mut event) })?;
        // The port owns the event (N15): recorded so waits can check it, forgotten when
        // the port closes.
        let raw = self.ledger.add(RawHandle(event as usize), ObjectKind::NotifyEvent);
        self.port_events.lock().unwrap_or_else(|e| e.into_inner()).insert(port.0 .0, raw.0);
        Ok(HNotifyEvent(raw))
    }

    fn wait_notify_event(&self, event: HNotifyEvent, timeout: Timeout) -> Result<()> {
        let e = self.ledger.check(event.0, ObjectKind::NotifyEvent)?;
        let ms = if timeout == Timeout::POLL { 0 } else { timeout.as_millis_u32() };
        // SAFETY: an event handle of a port that is still open (the ledger forgets it when
        // the port closes).
        match unsafe { WaitForSingleObject(e as HANDLE, ms) } {
            0 => Ok(()),
            WAIT_FAILED => Err(last_error()),
            code => Err(Win32Error(code)),
        }
    }
}

impl ClusApiBackend {
    /// Forgets the event handle of a port that is closing: it belongs to the port (N15).
    pub(crate) fn forget_port_event(&self, port: HChange) {
        let event = self.port_events.lock().unwrap_or_else(|e| e.into_inner()).remove(&port.0 .0);
        if let Some(e) = event {
            let _ = self.ledger.take(RawHandle(e), ObjectKind::NotifyEvent);
        }
    }
}
