//! V1 notification ports: `CreateClusterNotifyPort`, `RegisterClusterNotify`,
//! `GetClusterNotify`, `CloseClusterNotifyPort` (spec/ports.md).

use crate::cell::PortCell;
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::*;
use clusim_notify::{HandleId, PortId, PortQueue, Scope};
use std::sync::Arc;

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

fn handle_id(h: HCluster) -> HandleId {
    HandleId(h.0 .0 as u64)
}

impl NotifyApi for Sim {
    fn create_notify_port(
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
                let id = self.inner.handles.reserve();
                let port = Arc::new(PortCell::new(PortId(id), queue, cell.clone()));
                let raw = self.inner.handles.insert_at(id, Entry::Port(port.clone()));
                if let (Some(cell), Some(h)) = (cell, cluster) {
                    let mut st = cell.lock(self.clock());
                    st.router.add(port.id, port.queue.clone(), filter, key, handle_id(h), Scope::Cluster);
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
                st.router.add(port.id, port.queue.clone(), filter, key, handle_id(h), Scope::Cluster);
                Ok(p)
            }
        }
    }

    fn register_notify(
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
        let object_scope = |kind, name: &Arc<str>| Scope::Object { kind, name: name.clone() };
        let scope = match &entry {
            Entry::Cluster(_) => Scope::Cluster,
            Entry::Node(_, id) => object_scope(ObjectKind::Node, &m.node(*id)?.name),
            Entry::Group(_, id) => object_scope(ObjectKind::Group, &m.group(*id)?.name),
            Entry::Resource(_, id) => object_scope(ObjectKind::Resource, &m.resource(*id)?.name),
            Entry::Network(_, id) => object_scope(ObjectKind::Network, &m.network(*id)?.name),
            Entry::NetInterface(_, id) => object_scope(ObjectKind::NetInterface, &m.netif(*id)?.name),
            Entry::Key(_, id) => {
                Scope::Key { path: m.registry().key(*id).ok_or(Win32Error::ERROR_KEY_DELETED)?.path.clone() }
            }
            _ => return Err(Win32Error::ERROR_INVALID_HANDLE),
        };
        if port.queue.is_closed() {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let handle = HandleId(object.raw().0 as u64);
        st.router.add(port.id, port.queue.clone(), filter, key, handle, scope);
        Ok(())
    }

    fn get_notify(
        &self,
        p: HChange,
        buf: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        let port = self.inner.handles.port(p.0 .0)?;
        port.queue.get(self.clock(), buf, timeout)
    }

    /// Waiters wake with `ERROR_INVALID_HANDLE` first, then the registrations go. A V2
    /// port closes the same way, and its event handle goes with it (N15).
    fn close_notify_port(&self, p: HChange) -> Result<()> {
        let port = match self.inner.handles.remove_kind(p.0 .0, ObjectKind::Port)? {
            Entry::Port(port) => port,
            Entry::PortV2(port) => {
                port.queue.close();
                if let Some(event) = port.event.lock().take() {
                    let _ = self.inner.handles.remove_kind(event, ObjectKind::NotifyEvent);
                }
                if let Some(cell) = port.cluster() {
                    cell.lock(self.clock()).router.v2.remove_port(port.id);
                }
                return Ok(());
            }
            _ => unreachable!("remove_kind checked the kind"),
        };
        port.queue.close();
        if let Some(cell) = port.cluster() {
            cell.lock(self.clock()).router.remove_port(port.id);
        }
        Ok(())
    }
}
