//! V1 notification ports: `CreateClusterNotifyPort`, `RegisterClusterNotify`,
//! `GetClusterNotify`, `CloseClusterNotifyPort`.

use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::*;
use std::ffi::c_void;
use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
use windows_sys::Win32::Networking::Clustering::*;

impl NotifyApi for ClusApiBackend {
    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange> {
        let invalid = INVALID_HANDLE_VALUE as isize;
        let p = existing.map(|h| self.ledger.check(h.0, ObjectKind::Port)).transpose()?.unwrap_or(invalid);
        let c = cluster.map(|h| self.ledger.check(h.0, ObjectKind::Cluster)).transpose()?.unwrap_or(invalid);
        // SAFETY: open handles or INVALID_HANDLE_VALUE.
        let h = unsafe { CreateClusterNotifyPort(p, c, filter.bits(), key.0) };
        match existing {
            // Adding to an existing port returns that port: nothing new to record.
            Some(port) if h != 0 => Ok(port),
            _ => self.ledger.opened(h as usize, ObjectKind::Port).map(HChange),
        }
    }

    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let o = self.ledger.check(object.raw(), object.kind())?;
        // SAFETY: open handles; `hObject` is an untyped HANDLE in C.
        rc(unsafe { RegisterClusterNotify(p, filter.bits(), o as *mut c_void, key.0) })
    }

    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        let p = self.ledger.check(port.0, ObjectKind::Port)?;
        let (mut key, mut filter) = (0usize, 0u32);
        let mut cch = u32::try_from(name.len()).unwrap_or(u32::MAX);
        // Polls skip the general (128-bit) millisecond conversion.
        let ms = if timeout == Timeout::POLL { 0 } else { timeout.as_millis_u32() };
        // SAFETY: `name` is writable for `cch` units; the other out-pointers are locals.
        let code = unsafe { GetClusterNotify(p, &mut key, &mut filter, name.as_mut_ptr(), &mut cch, ms) };
        match code {
            0 => Ok(NotifyHeader {
                key: NotifyKey(key),
                change: ChangeFlags::from_bits_retain(filter),
                name_len: cch as usize,
            }),
            234 => Err(GetNotifyError::MoreData { needed: cch as usize }),
            e => Err(GetNotifyError::Failed(Win32Error(e))),
        }
    }

    fn close_notify_port(&self, port: HChange) -> Result<()> {
        let h = self.ledger.take(port.0, ObjectKind::Port)?;
        self.forget_port_event(port);
        // SAFETY: an open port handle, closed once.
        bool_or_gle(unsafe { CloseClusterNotifyPort(h) })
    }
}
