//! The shared state behind handles: one cell per cluster, one per port.
//!
//! Lock order: handle table (never held across other locks) → cluster state → port
//! queue. Model changes are applied and routed under the cluster lock, which is what
//! makes every port see changes in the order the model applied them.

use clusim_clock::Clock;
use clusim_model::{Cluster, Effect};
use clusim_notify::{BatchPortQueue, PortQueue, Router};
use parking_lot::{Mutex, MutexGuard};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A cluster's model and registrations under one lock.
pub struct ClusterState {
    /// The model.
    pub model: Cluster,
    /// Its registrations.
    pub router: Router,
    /// Its batch notification ports by handle value (delivery in creation order).
    pub batch_ports: BTreeMap<u64, Arc<BatchPortCell>>,
}

impl ClusterState {
    /// Routes effects in order (renames re-key registrations before later events).
    pub fn apply(&mut self, fx: &[Effect]) {
        for e in fx {
            match e {
                Effect::Event(ev) => {
                    self.router.route(ev);
                }
                Effect::Renamed { kind, old, new } => self.router.rename(*kind, old, new),
            }
        }
    }
}

/// One simulated cluster.
pub struct ClusterCell {
    /// Serial number within the simulator (foreign-handle checks).
    pub serial: u64,
    /// Its name.
    pub name: Arc<str>,
    state: Mutex<ClusterState>,
}

impl ClusterCell {
    /// Wraps a model.
    pub fn new(serial: u64, model: Cluster) -> Arc<ClusterCell> {
        Arc::new(ClusterCell {
            serial,
            name: model.name().clone(),
            state: Mutex::new(ClusterState { model, router: Router::new(), batch_ports: BTreeMap::new() }),
        })
    }

    /// Locks the cluster and stamps the clock's time on it.
    pub fn lock(&self, clock: &Clock) -> MutexGuard<'_, ClusterState> {
        let mut g = self.state.lock();
        g.model.set_now(clock.now());
        g
    }

    /// Runs a mutation: effects are routed under the same lock, in order.
    pub fn mutate<T>(
        &self,
        clock: &Clock,
        f: impl FnOnce(&mut Cluster, &mut Vec<Effect>) -> clusim_api::Result<T>,
    ) -> clusim_api::Result<T> {
        let mut st = self.lock(clock);
        let mut fx = Vec::new();
        let out = f(&mut st.model, &mut fx);
        debug_assert!(out.is_ok() || fx.is_empty(), "a failing call must not record effects");
        if out.is_ok() {
            st.apply(&fx);
        }
        out
    }
}

/// One notification port.
pub struct PortCell {
    /// Its handle value.
    pub id: u64,
    /// The queue.
    pub queue: Arc<PortQueue>,
    binding: Mutex<Option<Arc<ClusterCell>>>,
}

impl PortCell {
    /// A new port, bound to `cluster` if given.
    pub fn new(id: u64, queue: Arc<PortQueue>, cluster: Option<Arc<ClusterCell>>) -> PortCell {
        if let Some(c) = &cluster {
            queue.set_cluster_name(c.name.clone());
        }
        PortCell { id, queue, binding: Mutex::new(cluster) }
    }

    /// The cluster the port is bound to.
    pub fn cluster(&self) -> Option<Arc<ClusterCell>> {
        self.binding.lock().clone()
    }

    /// Binds to `cluster` unless bound to another one (`false` then).
    pub fn bind(&self, cluster: &Arc<ClusterCell>) -> bool {
        let mut b = self.binding.lock();
        match &*b {
            Some(c) => Arc::ptr_eq(c, cluster),
            None => {
                *b = Some(cluster.clone());
                self.queue.set_cluster_name(cluster.name.clone());
                true
            }
        }
    }
}

/// One batch notification port: where it looks (a key path) and its queue.
pub struct BatchPortCell {
    /// Its handle value.
    pub id: u64,
    /// The cluster it watches.
    pub cell: Arc<ClusterCell>,
    /// The watched key's path from the root (the port follows the path, B9).
    pub path: Arc<str>,
    /// The queue.
    pub queue: Arc<BatchPortQueue>,
}
