//! The backend value: construction, the handles it holds, and closing them all on drop.

use crate::batch_get;
use crate::buffers::wide;
use crate::ledger::Ledger;
use clusim_api::{Backend, HCluster, ObjectKind, RawHandle, Result};
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use windows_sys::Win32::Networking::Clustering::*;

/// The real-ClusAPI backend (see the crate documentation).
pub struct ClusApiBackend {
    pub(crate) ledger: Ledger,
    pub(crate) posted: batch_get::Posted,
    pub(crate) poll_grace: Duration,
    /// Each V2 port's event handle (`GetNotifyEventHandle`), by port: forgotten with the
    /// port, which owns it (N15).
    pub(crate) port_events: Mutex<BTreeMap<usize, usize>>,
}

impl Default for ClusApiBackend {
    fn default() -> Self {
        ClusApiBackend::new()
    }
}

impl std::fmt::Debug for ClusApiBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusApiBackend").field("open_handles", &self.open_handles()).finish()
    }
}

impl ClusApiBackend {
    /// A backend holding no handles yet.
    pub fn new() -> ClusApiBackend {
        ClusApiBackend {
            ledger: Ledger::default(),
            posted: batch_get::Posted::default(),
            poll_grace: batch_get::DEFAULT_POLL_GRACE,
            port_events: Mutex::default(),
        }
    }

    /// The same, shared, as most callers (the RAII client layer, the conformance runner)
    /// take it.
    pub fn shared() -> Arc<dyn Backend> {
        Arc::new(ClusApiBackend::new())
    }

    /// Sets the least time a finite-timeout `reg_get_batch_notification` waits for its
    /// posted call (default [`batch_get::DEFAULT_POLL_GRACE`]).
    pub fn with_batch_poll_grace(mut self, grace: Duration) -> ClusApiBackend {
        self.poll_grace = grace;
        self
    }

    /// How many handles this backend holds open.
    pub fn open_handles(&self) -> usize {
        self.ledger.len()
    }

    /// The handle of `cluster` and `name` in UTF-16, as the by-name calls take them.
    pub(crate) fn name_call(&self, cluster: HCluster, name: &str) -> Result<(isize, Vec<u16>)> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        Ok((c, wide(name)?))
    }

    /// Closes one handle of any kind, as `Drop` does.
    fn close_any(&self, raw: RawHandle, kind: ObjectKind) {
        let h = raw.0 as isize;
        // SAFETY (every call below): `h` was open in the ledger with this kind and has just
        // been taken out of it, so it is closed exactly once.
        unsafe {
            match kind {
                ObjectKind::BatchNotification => {
                    ClusterRegBatchCloseNotification(h);
                }
                ObjectKind::ReadBatchReply => {
                    ClusterRegCloseReadBatchReply(h);
                }
                ObjectKind::RegBatch => {
                    ClusterRegCloseBatch(h, 0, std::ptr::null_mut());
                }
                ObjectKind::ReadBatch => {
                    let mut reply = 0isize;
                    if ClusterRegCloseReadBatch(h, &mut reply) == 0 {
                        ClusterRegCloseReadBatchReply(reply);
                    }
                }
                ObjectKind::BatchPort => {
                    ClusterRegCloseBatchNotifyPort(h);
                }
                ObjectKind::Port => {
                    CloseClusterNotifyPort(h);
                }
                ObjectKind::Key => {
                    ClusterRegCloseKey(h as *mut c_void);
                }
                ObjectKind::Resource => {
                    CloseClusterResource(h);
                }
                ObjectKind::Group => {
                    CloseClusterGroup(h);
                }
                ObjectKind::Node => {
                    CloseClusterNode(h);
                }
                ObjectKind::Network => {
                    CloseClusterNetwork(h);
                }
                ObjectKind::NetInterface => {
                    CloseClusterNetInterface(h);
                }
                ObjectKind::Cluster => {
                    CloseCluster(h);
                }
                // The port owns its event handle (N15): closing the port closes it.
                ObjectKind::ResourceType | ObjectKind::NotifyEvent => {}
            }
        }
    }
}

impl Drop for ClusApiBackend {
    fn drop(&mut self) {
        self.posted.forget_all();
        let rank = |k: ObjectKind| match k {
            ObjectKind::BatchNotification | ObjectKind::ReadBatchReply => 0,
            ObjectKind::RegBatch | ObjectKind::ReadBatch => 1,
            ObjectKind::BatchPort | ObjectKind::Port => 2,
            ObjectKind::Key => 3,
            ObjectKind::Cluster => 5,
            _ => 4,
        };
        let mut open = self.ledger.take_all();
        open.sort_by_key(|&(raw, kind)| (rank(kind), raw));
        for (raw, kind) in open {
            self.close_any(raw, kind);
        }
    }
}
