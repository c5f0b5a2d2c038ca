//! V2 notification ports: `CreateClusterNotifyPortV2`, `RegisterClusterNotifyV2`,
//! `RegisterClusterResourceTypeNotifyV2`, `GetClusterNotifyV2`, `GetNotifyEventHandle`
//! (spec/v2.md). `CloseClusterNotifyPort` is in `notify.rs`, for both kinds of port.

use crate::cell::ClusterCell;
use crate::cell_v2::PortV2Cell;
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::change_v2::{handle_close_bit, valid_filter};
use clusim_api::*;
use clusim_model::EventV2Data;
use clusim_notify::{HandleId, PortId, PortQueueV2, ScopeV2};
use std::sync::Arc;

/// Every filter must be valid (§3.8); one bad filter refuses the call (V2-BAD-INPUT).
fn check_filters(filters: &[NotifyFilterAndType]) -> Result<Vec<(ObjectType, u64)>> {
    filters
        .iter()
        .map(|f| valid_filter(f.object_type, f.flags).map(|t| (t, f.flags)))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)
}

/// The handle kind `RegisterClusterNotifyV2` needs for an object type (§3.8), `None`
/// for the types without a handle kind here (GROUPSET, …).
fn handle_kind_for(t: ObjectType) -> Option<ObjectKind> {
    Some(match t {
        ObjectType::Cluster
        | ObjectType::Quorum
        | ObjectType::ResourceType
        | ObjectType::SharedVolume
        | ObjectType::Spaceport
        | ObjectType::Upgrade => ObjectKind::Cluster,
        ObjectType::Group => ObjectKind::Group,
        ObjectType::Resource => ObjectKind::Resource,
        ObjectType::Network => ObjectKind::Network,
        ObjectType::NetworkInterface => ObjectKind::NetInterface,
        ObjectType::Node => ObjectKind::Node,
        ObjectType::Registry => ObjectKind::Key,
        _ => return None,
    })
}

/// The object type whose `*_HANDLE_CLOSE_V2` a closed handle of `kind` queues.
pub(crate) fn object_type_of(kind: ObjectKind) -> Option<ObjectType> {
    Some(match kind {
        ObjectKind::Cluster => ObjectType::Cluster,
        ObjectKind::Node => ObjectType::Node,
        ObjectKind::Group => ObjectType::Group,
        ObjectKind::Resource => ObjectType::Resource,
        ObjectKind::Network => ObjectType::Network,
        ObjectKind::NetInterface => ObjectType::NetworkInterface,
        ObjectKind::Key => ObjectType::Registry,
        _ => return None,
    })
}

fn hid(raw: RawHandle) -> HandleId {
    HandleId(raw.0 as u64)
}

impl Sim {
    fn add_v2(
        &self,
        cell: &Arc<ClusterCell>,
        port: &PortV2Cell,
        regs: &[(ObjectType, u64)],
        key: NotifyKey,
        handle: HandleId,
        scope: ScopeV2,
    ) -> Result<()> {
        let mut st = cell.lock(self.clock());
        if port.queue.is_closed() {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        st.model.enable_v2_events();
        for &(t, flags) in regs {
            st.router.v2.add(port.id, port.queue.clone(), t, flags, key, handle, scope.clone());
        }
        Ok(())
    }

    /// Threads blocked in `GetClusterNotifyV2` or an event wait on a V2 port (a
    /// deterministic signal for tests that close a port under a waiter).
    pub fn port_v2_waiters(&self, port: HChange) -> Result<u32> {
        Ok(self.inner.handles.port_v2(port.0 .0)?.queue.waiters())
    }

    /// Queues `*_HANDLE_CLOSE_V2` for the V2 registrations made with a closing handle
    /// (called by `close_object` under the cluster lock's owner, with the entry it removed).
    pub(crate) fn close_handle_v2(&self, cell: &Arc<ClusterCell>, raw: RawHandle, entry: &Entry) {
        let Some(t) = object_type_of(entry.kind()) else { return };
        let Some(flag) = handle_close_bit(t) else { return };
        let mut st = cell.lock(self.clock());
        if st.router.v2.is_empty() {
            return;
        }
        let m = &st.model;
        let (id, name): (Arc<str>, Arc<str>) = match entry {
            Entry::Cluster(c) => (Arc::from(""), c.name.clone()),
            Entry::Node(_, n) => m.node(*n).map(|o| (o.id.clone(), o.name.clone())).unwrap_or_default(),
            Entry::Group(_, g) => m.group(*g).map(|o| (o.id.clone(), o.name.clone())).unwrap_or_default(),
            Entry::Resource(_, r) => {
                m.resource(*r).map(|o| (o.id.clone(), o.name.clone())).unwrap_or_default()
            }
            Entry::Network(_, n) => m.network(*n).map(|o| (o.id.clone(), o.name.clone())).unwrap_or_default(),
            Entry::NetInterface(_, i) => {
                m.netif(*i).map(|o| (o.id.clone(), o.name.clone())).unwrap_or_default()
            }
            Entry::Key(_, k) => {
                (Arc::from(""), m.registry().key(*k).map(|k| k.path.clone()).unwrap_or_default())
            }
            _ => return,
        };
        let e: Arc<str> = Arc::from("");
        let data = Arc::new(EventV2Data::new(id, e, name, Arc::from([])));
        st.router.v2.close_handle(hid(raw), t, flag as u32, data);
    }
}

impl NotifyV2Api for Sim {
    fn create_notify_port_v2(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filters: &[NotifyFilterAndType],
        key: NotifyKey,
    ) -> Result<HChange> {
        let port = existing.map(|p| self.inner.handles.port_v2(p.0 .0)).transpose()?;
        let cell = cluster.map(|h| self.cluster_of(h)).transpose()?;
        let regs = check_filters(filters)?;
        let Some(port) = port else {
            if cell.is_none() && !regs.is_empty() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let id = self.inner.handles.reserve();
            let port = Arc::new(PortV2Cell::new(
                PortId(id),
                PortQueueV2::new(self.inner.cfg.port_capacity),
                cell.clone(),
            ));
            if let (Some(cell), Some(h)) = (&cell, cluster) {
                self.add_v2(cell, &port, &regs, key, hid(h.0), ScopeV2::Cluster)?;
            }
            let raw = self.inner.handles.insert_at(id, Entry::PortV2(port));
            return Ok(HChange(RawHandle(raw)));
        };
        let (Some(cell), Some(h)) = (cell, cluster) else {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        };
        if !port.bind(&cell) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        self.add_v2(&cell, &port, &regs, key, hid(h.0), ScopeV2::Cluster)?;
        Ok(existing.expect("an existing port"))
    }

    fn register_notify_v2(
        &self,
        p: HChange,
        filter: NotifyFilterAndType,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        let port = self.inner.handles.port_v2(p.0 .0)?;
        let entry = self.entry(object.raw())?;
        if entry.kind() != object.kind() {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let t = valid_filter(filter.object_type, filter.flags)
            .map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)?;
        if handle_kind_for(t) != Some(entry.kind()) {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let cell = entry.cluster().ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
        if !port.bind(&cell) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let scope = {
            let st = cell.lock(self.clock());
            let m = &st.model;
            match &entry {
                Entry::Cluster(_) => ScopeV2::Cluster,
                Entry::Node(_, id) => ScopeV2::Object(m.node(*id)?.id.clone()),
                Entry::Group(_, id) => ScopeV2::Object(m.group(*id)?.id.clone()),
                Entry::Resource(_, id) => ScopeV2::Object(m.resource(*id)?.id.clone()),
                Entry::Network(_, id) => ScopeV2::Object(m.network(*id)?.id.clone()),
                Entry::NetInterface(_, id) => ScopeV2::Object(m.netif(*id)?.id.clone()),
                Entry::Key(_, id) => {
                    ScopeV2::Key(m.registry().key(*id).ok_or(Win32Error::ERROR_KEY_DELETED)?.path.clone())
                }
                _ => return Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        };
        self.add_v2(&cell, &port, &[(t, filter.flags)], key, hid(object.raw()), scope)
    }

    fn register_resource_type_notify_v2(
        &self,
        p: HChange,
        cluster: HCluster,
        flags: u64,
        type_name: &str,
        key: NotifyKey,
    ) -> Result<()> {
        let port = self.inner.handles.port_v2(p.0 .0)?;
        let cell = self.cluster_of(cluster)?;
        valid_filter(ObjectType::ResourceType.raw(), flags)
            .map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)?;
        let name = {
            let st = cell.lock(self.clock());
            let id = st.model.restype_by_name(type_name)?;
            st.model.restype(id)?.name.clone()
        };
        if !port.bind(&cell) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let regs = [(ObjectType::ResourceType, flags)];
        self.add_v2(&cell, &port, &regs, key, hid(cluster.0), ScopeV2::Object(name))
    }

    fn get_notify_v2(
        &self,
        p: HChange,
        out: &mut NotifyV2Buffers<'_>,
        timeout: Timeout,
    ) -> std::result::Result<NotifyV2Header, GetNotifyV2Error> {
        let port = self.inner.handles.port_v2(p.0 .0)?;
        port.queue.get(self.clock(), out, timeout)
    }

    fn get_notify_event_handle(&self, p: HChange) -> Result<HNotifyEvent> {
        let port = self.inner.handles.port_v2(p.0 .0)?;
        let mut event = port.event.lock();
        let raw = match *event {
            Some(raw) => raw,
            None => {
                let raw = self.inner.handles.insert(Entry::NotifyEvent(port.clone()));
                *event = Some(raw);
                raw
            }
        };
        drop(event);
        if port.queue.is_closed() {
            // Closed meanwhile: the close may have missed the new event handle.
            let _ = self.inner.handles.remove_kind(raw, ObjectKind::NotifyEvent);
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        Ok(HNotifyEvent::from_raw(raw))
    }

    fn wait_notify_event(&self, event: HNotifyEvent, timeout: Timeout) -> Result<()> {
        match self.entry(event.0)? {
            Entry::NotifyEvent(port) => port.queue.wait_event(self.clock(), timeout),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }
}
