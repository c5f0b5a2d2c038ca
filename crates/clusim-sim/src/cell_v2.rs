//! The shared state behind a V2 port handle and its event handle (spec/v2.md).

use crate::cell::ClusterCell;
use clusim_notify::{PortId, PortQueueV2};
use parking_lot::Mutex;
use std::sync::Arc;

/// One V2 notification port.
pub(crate) struct PortV2Cell {
    /// Its handle value.
    pub(crate) id: PortId,
    /// The queue.
    pub(crate) queue: Arc<PortQueueV2>,
    binding: Mutex<Option<Arc<ClusterCell>>>,
    /// The handle value of its event (`GetNotifyEventHandle`), once asked for (N15).
    pub(crate) event: Mutex<Option<usize>>,
}

impl PortV2Cell {
    /// A new port, bound to `cluster` if given.
    pub(crate) fn new(id: PortId, queue: Arc<PortQueueV2>, cluster: Option<Arc<ClusterCell>>) -> PortV2Cell {
        PortV2Cell { id, queue, binding: Mutex::new(cluster), event: Mutex::new(None) }
    }

    /// The cluster the port is bound to.
    pub(crate) fn cluster(&self) -> Option<Arc<ClusterCell>> {
        self.binding.lock().clone()
    }

    /// Binds to `cluster` unless bound to another one (`false` then).
    pub(crate) fn bind(&self, cluster: &Arc<ClusterCell>) -> bool {
        let mut b = self.binding.lock();
        match &*b {
            Some(c) => Arc::ptr_eq(c, cluster),
            None => {
                *b = Some(cluster.clone());
                true
            }
        }
    }
}
