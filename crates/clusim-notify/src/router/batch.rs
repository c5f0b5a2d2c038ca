//! Batch notification ports in the router: each watches one key path (B9) and receives
//! the projection of every committed batch, ports in creation order (spec/batches.md).

use super::Router;
use crate::batch_port::{project, BatchPortQueue};
use crate::ids::PortId;
use clusim_model::ExecRecord;
use std::sync::Arc;

/// One batch notification port as the router keeps it.
#[derive(Clone)]
pub(super) struct BatchTarget {
    /// The watched key's path from the root (the port follows the path, B9).
    path: Arc<str>,
    queue: Arc<BatchPortQueue>,
}

impl std::fmt::Debug for BatchTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchTarget").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Router {
    /// Adds a batch notification port watching the key at `path`.
    pub fn add_batch_port(&mut self, id: PortId, path: Arc<str>, queue: Arc<BatchPortQueue>) {
        self.batch_ports.insert(id, BatchTarget { path, queue });
    }

    /// Removes a batch notification port (`false` if it was not there).
    pub fn remove_batch_port(&mut self, id: PortId) -> bool {
        self.batch_ports.remove(&id).is_some()
    }

    /// Delivers one committed batch's records: each batch port queues the projection
    /// of the records onto its key, in the order the ports were created (ids ascend).
    pub fn route_batch(&self, records: &[ExecRecord]) {
        for port in self.batch_ports.values() {
            let (recs, at_port) = project(records, &port.path);
            port.queue.push(recs, at_port);
        }
    }
}
