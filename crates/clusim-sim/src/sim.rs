//! [`Sim`]: simulated clusters by name and the handle table.

use crate::cell::ClusterCell;
use crate::handles::{Entry, HandleTable};
use clusim_api::*;
use clusim_clock::Clock;
use clusim_model::names::{plausible_name, NameKey};
use clusim_model::Topology;
use clusim_notify::PortStats;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) struct SimConfig {
    pub seed: u64,
    pub clock: Clock,
    pub topology: Topology,
    pub per_cluster: BTreeMap<String, Topology>,
    pub port_capacity: usize,
    pub handle_close_requires_filter: bool,
    pub registrations_follow_objects: bool,
    pub local_name: String,
    pub batch_conditions: bool,
    pub batch_granularity: BatchGranularity,
    pub batch_port_capacity: usize,
    pub life: crate::life::LifeConfig,
    pub quorum: bool,
}

pub(crate) struct Inner {
    pub cfg: SimConfig,
    pub clusters: Mutex<BTreeMap<NameKey, Arc<ClusterCell>>>,
    pub handles: HandleTable,
    /// The instant switch set at run time (`Sim::set_instant_transitions`).
    pub instant: Mutex<Option<bool>>,
}

/// A simulator: any number of independent clusters, each created on first open.
/// Cheap to clone (clones share everything). Implements [`Backend`].
#[derive(Clone)]
pub struct Sim {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim")
            .field("clock", &self.inner.cfg.clock)
            .field("clusters", &self.inner.clusters.lock().len())
            .field("handles", &self.inner.handles.len())
            .finish()
    }
}

impl Sim {
    pub(crate) fn from_config(cfg: SimConfig) -> Sim {
        Sim {
            inner: Arc::new(Inner {
                cfg,
                clusters: Mutex::new(BTreeMap::new()),
                handles: HandleTable::default(),
                instant: Mutex::new(None),
            }),
        }
    }

    /// The simulator's clock (advance it in tests that use a manual clock).
    pub fn clock(&self) -> &Clock {
        &self.inner.cfg.clock
    }

    /// This simulator as a shared backend for the RAII layer.
    pub fn shared(&self) -> Arc<dyn Backend> {
        Arc::new(self.clone())
    }

    /// Opens a cluster with the RAII layer (`None`: the local cluster).
    pub fn open(&self, name: Option<&str>) -> Result<client::Cluster> {
        client::Cluster::open(self.shared(), name)
    }

    /// Number of open handles (useful to check that a test closed everything).
    pub fn open_handles(&self) -> usize {
        self.inner.handles.len()
    }

    /// The kind of an open handle of this simulator, `None` for NULL, closed, forged or
    /// foreign values. A C boundary uses it where ClusAPI takes an untyped `HANDLE`
    /// (`RegisterClusterNotify`'s `hObject`); it never dereferences anything.
    pub fn handle_kind(&self, raw: RawHandle) -> Option<ObjectKind> {
        self.entry(raw).ok().map(|e| e.kind())
    }

    /// Counters of a port.
    pub fn port_stats(&self, port: HChange) -> Result<PortStats> {
        Ok(self.inner.handles.port(port.0 .0)?.queue.stats())
    }

    /// Threads currently blocked in `ClusterRegGetBatchNotification` on a batch port (a
    /// deterministic signal for tests that close a port under a waiter).
    pub fn batch_port_waiters(&self, port: HRegBatchPort) -> Result<u32> {
        match self.entry(port.0)? {
            Entry::BatchPort(p) => Ok(p.queue.waiters()),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Runs `f` on the model of the named cluster (read-only inspection for tests and
    /// tools). The cluster is created if it was never opened.
    pub fn inspect<T>(&self, name: Option<&str>, f: impl FnOnce(&clusim_model::Cluster) -> T) -> Result<T> {
        let cell = self.cluster_named(name)?;
        let st = cell.lock(self.clock());
        Ok(f(&st.model))
    }

    /// The cluster of this name (`None` or `""`: the local one), created on first use
    /// from its topology.
    pub(crate) fn cluster_named(&self, name: Option<&str>) -> Result<Arc<ClusterCell>> {
        let name = match name {
            None | Some("") => self.inner.cfg.local_name.as_str(),
            Some(n) => n,
        };
        if !plausible_name(name) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let key = NameKey::of(name);
        let mut clusters = self.inner.clusters.lock();
        if let Some(c) = clusters.get(&key) {
            return Ok(c.clone());
        }
        let topo = self.inner.cfg.per_cluster.get(key.as_str()).unwrap_or(&self.inner.cfg.topology);
        let mut model = clusim_model::Cluster::from_topology(name, topo, self.inner.cfg.seed)
            .map_err(|_| Win32Error::ERROR_INVALID_DATA)?;
        self.inner.cfg.life.apply(&mut model, &self.inner.cfg.clock, *self.inner.instant.lock());
        model.set_quorum_enforced(self.inner.cfg.quorum);
        let cell = ClusterCell::new(model, self.inner.cfg.registrations_follow_objects);
        clusters.insert(key, cell.clone());
        Ok(cell)
    }
}
