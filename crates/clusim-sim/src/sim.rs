//! [`Sim`]: simulated clusters by name, the handle table, and the port client layer.

use crate::cell::{ClusterCell, PortCell};
use crate::handles::{Entry, HandleTable};
use clusim_api::client::Cluster as ClusterHandle;
use clusim_api::BatchGranularity;
use clusim_api::*;
use clusim_clock::Clock;
use clusim_model::names::{plausible_name, NameKey};
use clusim_model::{Cluster, Topology};
use clusim_notify::{Indication, PortQueue, PortStats, Scope};
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
    pub local_name: String,
    pub batch_conditions: bool,
    pub batch_granularity: BatchGranularity,
    pub batch_port_capacity: usize,
}

pub(crate) struct Inner {
    pub cfg: SimConfig,
    pub clusters: Mutex<BTreeMap<NameKey, Arc<ClusterCell>>>,
    pub handles: HandleTable,
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

/// The `N8` table: which filter flags `RegisterClusterNotify` accepts for each kind of
/// handle (spec/ports.md). Any other bit gives `ERROR_INVALID_PARAMETER`.
pub fn allowed_filter(kind: ObjectKind) -> ChangeFlags {
    use ChangeFlags as F;
    let base = F::HANDLE_CLOSE;
    base | match kind {
        ObjectKind::Cluster => {
            F::CLUSTER_PROPERTY
                | F::CLUSTER_STATE
                | F::CLUSTER_RECONNECT
                | F::QUORUM_STATE
                | F::NODE_ADDED
                | F::GROUP_ADDED
                | F::RESOURCE_ADDED
                | F::RESOURCE_TYPE_ADDED
                | F::RESOURCE_TYPE_DELETED
                | F::RESOURCE_TYPE_PROPERTY
                | F::NETWORK_ADDED
                | F::NETINTERFACE_ADDED
        }
        ObjectKind::Node => F::NODE_STATE | F::NODE_DELETED | F::NODE_PROPERTY,
        ObjectKind::Group => F::GROUP_STATE | F::GROUP_DELETED | F::GROUP_PROPERTY,
        ObjectKind::Resource => F::RESOURCE_STATE | F::RESOURCE_DELETED | F::RESOURCE_PROPERTY,
        ObjectKind::Network => F::NETWORK_STATE | F::NETWORK_DELETED | F::NETWORK_PROPERTY,
        ObjectKind::NetInterface => {
            F::NETINTERFACE_STATE | F::NETINTERFACE_DELETED | F::NETINTERFACE_PROPERTY
        }
        ObjectKind::Key => F::REGISTRY_EVENTS | F::REGISTRY_SUBTREE,
        _ => F::empty(),
    }
}

impl Sim {
    /// Starts a [`crate::SimBuilder`].
    pub fn builder() -> crate::SimBuilder {
        crate::SimBuilder::default()
    }

    /// A simulator with every default (real clock, default topology, seed 0).
    pub fn new() -> Sim {
        Sim::builder().build()
    }

    pub(crate) fn from_config(cfg: SimConfig) -> Sim {
        Sim {
            inner: Arc::new(Inner {
                cfg,
                clusters: Mutex::new(BTreeMap::new()),
                handles: HandleTable::default(),
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
    pub fn open(&self, name: Option<&str>) -> Result<ClusterHandle> {
        ClusterHandle::open(self.shared(), name)
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

    /// Threads currently blocked in `ClusterRegGetBatchNotification` on a batch port.
    pub fn batch_port_waiters(&self, port: HRegBatchPort) -> Result<u32> {
        match self.entry(port.0)? {
            Entry::BatchPort(p) => Ok(p.queue.waiters()),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Runs `f` on the model of the named cluster (read-only inspection for tests and
    /// tools). The cluster is created if it was never opened.
    pub fn inspect<T>(&self, name: Option<&str>, f: impl FnOnce(&Cluster) -> T) -> Result<T> {
        let cell = self.cluster_cell(name)?;
        let st = cell.lock(self.clock());
        Ok(f(&st.model))
    }

    pub(crate) fn cluster_cell(&self, name: Option<&str>) -> Result<Arc<ClusterCell>> {
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
        let model = Cluster::from_topology(name, topo, self.inner.cfg.seed)
            .map_err(|_| Win32Error::ERROR_INVALID_DATA)?;
        let cell = ClusterCell::new(clusters.len() as u64, model);
        clusters.insert(key, cell.clone());
        Ok(cell)
    }

    // ----- handle resolution -------------------------------------------------------------

    pub(crate) fn entry(&self, raw: RawHandle) -> Result<Entry> {
        self.inner.handles.get(raw.0)
    }

    pub(crate) fn cluster_of(&self, h: HCluster) -> Result<Arc<ClusterCell>> {
        match self.entry(h.0)? {
            Entry::Cluster(c) => Ok(c),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    pub(crate) fn new_handle(&self, e: Entry) -> RawHandle {
        RawHandle(self.inner.handles.insert(e))
    }

    // ----- the port client layer -------------------------------------------------------

    /// `CreateClusterNotifyPort`.
    pub(crate) fn port_create(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange> {
        match existing {
            None => {
                let cell = cluster.map(|h| self.cluster_of(h)).transpose()?;
                let queue = PortQueue::new(self.inner.cfg.port_capacity);
                let mut port = None;
                let raw = self.inner.handles.insert_with(|id| {
                    let p = Arc::new(PortCell::new(id, queue, cell.clone()));
                    port = Some(p.clone());
                    Entry::Port(p)
                });
                if let (Some(cell), Some(h), Some(port)) = (cell, cluster, port) {
                    let mut st = cell.lock(self.clock());
                    st.router.add(port.id, port.queue.clone(), filter, key, h.0 .0 as u64, Scope::Cluster);
                }
                Ok(HChange(RawHandle(raw)))
            }
            Some(p) => {
                let port = self.inner.handles.port(p.0 .0)?;
                let Some(h) = cluster else {
                    return Err(Win32Error::ERROR_INVALID_PARAMETER);
                };
                let cell = self.cluster_of(h)?;
                if !port.bind(&cell) {
                    return Err(Win32Error::ERROR_INVALID_PARAMETER);
                }
                let mut st = cell.lock(self.clock());
                if port.queue.is_closed() {
                    return Err(Win32Error::ERROR_INVALID_HANDLE);
                }
                st.router.add(port.id, port.queue.clone(), filter, key, h.0 .0 as u64, Scope::Cluster);
                Ok(p)
            }
        }
    }

    /// `RegisterClusterNotify`.
    pub(crate) fn port_register(
        &self,
        p: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        let port = self.inner.handles.port(p.0 .0)?;
        let entry = self.entry(object.raw())?;
        if entry.kind() != object.kind() {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        if filter.is_empty() || !allowed_filter(entry.kind()).contains(filter) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let cell = entry.cluster().ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
        if !port.bind(&cell) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let mut st = cell.lock(self.clock());
        let m = &st.model;
        let scope = match &entry {
            Entry::Cluster(_) => Scope::Cluster,
            Entry::Node(_, id) => Scope::Object { kind: ObjectKind::Node, name: m.node(*id)?.name.clone() },
            Entry::Group(_, id) => {
                Scope::Object { kind: ObjectKind::Group, name: m.group(*id)?.name.clone() }
            }
            Entry::Resource(_, id) => {
                Scope::Object { kind: ObjectKind::Resource, name: m.resource(*id)?.name.clone() }
            }
            Entry::Network(_, id) => {
                Scope::Object { kind: ObjectKind::Network, name: m.network(*id)?.name.clone() }
            }
            Entry::NetInterface(_, id) => {
                Scope::Object { kind: ObjectKind::NetInterface, name: m.netif(*id)?.name.clone() }
            }
            Entry::Key(_, id) => {
                Scope::Key { path: m.registry().key(*id).ok_or(Win32Error::ERROR_KEY_DELETED)?.path.clone() }
            }
            _ => return Err(Win32Error::ERROR_INVALID_HANDLE),
        };
        if port.queue.is_closed() {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        st.router.add(port.id, port.queue.clone(), filter, key, object.raw().0 as u64, scope);
        Ok(())
    }

    /// `GetClusterNotify`.
    pub(crate) fn port_get(
        &self,
        p: HChange,
        buf: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        let port = self.inner.handles.port(p.0 .0)?;
        port.queue.get(self.clock(), buf, timeout)
    }

    /// `CloseClusterNotifyPort`: waiters wake with `ERROR_INVALID_HANDLE` first, then
    /// the registrations go.
    pub(crate) fn port_close(&self, p: HChange) -> Result<()> {
        let Entry::Port(port) = self.inner.handles.remove_kind(p.0 .0, ObjectKind::Port)? else {
            unreachable!("remove_kind checked the kind");
        };
        port.queue.close();
        if let Some(cell) = port.cluster() {
            cell.lock(self.clock()).router.remove_port(port.id);
        }
        Ok(())
    }

    /// Closes any non-port handle: the handle goes, then every registration made with it
    /// queues `CLUSTER_CHANGE_HANDLE_CLOSE` (key of that registration, name of the
    /// object) on its port and is removed (N4).
    pub(crate) fn close_object(&self, raw: RawHandle, kind: ObjectKind) -> Result<()> {
        let entry = self.inner.handles.remove_kind(raw.0, kind)?;
        let Some(cell) = entry.cluster() else {
            return Ok(());
        };
        let mut st = cell.lock(self.clock());
        let removed = st.router.remove_handle(raw.0 as u64);
        let requires = self.inner.cfg.handle_close_requires_filter;
        for reg in removed {
            if requires && !reg.filter.contains(ChangeFlags::HANDLE_CLOSE) {
                continue;
            }
            let name = match &reg.scope {
                Scope::Cluster => cell.name.clone(),
                Scope::Object { name, .. } => name.clone(),
                Scope::Key { path } => path.clone(),
            };
            reg.port.push(Indication { key: reg.key, change: ChangeFlags::HANDLE_CLOSE, name });
        }
        Ok(())
    }
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new()
    }
}
