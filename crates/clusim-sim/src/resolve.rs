//! The one place a handle is validated: a raw value becomes the cell and object id it
//! names, or `ERROR_INVALID_HANDLE` (NULL, closed, foreign, forged or wrong kind).
//! Creating and closing handles lives here too.
//!
//! A handle whose object was deleted stays a valid handle, but every call through it
//! answers the object's not-found code (`ERROR_RESOURCE_NOT_FOUND`, …), as the arena's
//! generation check reports (spec/model.md).

use crate::cell::ClusterCell;
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::*;
use clusim_model::ids::*;
use clusim_model::ObjRef;
use clusim_notify::HandleId;
use std::sync::Arc;

/// A handle resolver: `Sim::node_h`, `Sim::group_h`, …
pub(crate) type Resolver<H, T> = fn(&Sim, H) -> Result<(Arc<ClusterCell>, T)>;

macro_rules! resolver {
    ($fn:ident, $h:ty, $variant:ident, $id:ty) => {
        pub(crate) fn $fn(&self, h: $h) -> Result<(Arc<ClusterCell>, $id)> {
            match self.entry(h.0)? {
                Entry::$variant(c, id) => c.check_up().map(|()| (c, id)),
                _ => Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        }
    };
}

impl Sim {
    resolver!(node_h, HNode, Node, NodeId);
    resolver!(group_h, HGroup, Group, GroupId);
    resolver!(resource_h, HResource, Resource, ResourceId);
    resolver!(network_h, HNetwork, Network, NetworkId);
    resolver!(netif_h, HNetInterface, NetInterface, NetIfId);
    resolver!(key_h, HKey, Key, RegKeyId);

    /// What an open handle refers to.
    pub(crate) fn entry(&self, raw: RawHandle) -> Result<Entry> {
        self.inner.handles.get(raw.0)
    }

    /// The cluster of an `HCLUSTER`.
    pub(crate) fn cluster_of(&self, h: HCluster) -> Result<Arc<ClusterCell>> {
        match self.entry(h.0)? {
            Entry::Cluster(c) => c.check_up().map(|()| c),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// The cluster and object of any object handle but a key's.
    pub(crate) fn obj_h(&self, h: ObjectHandle) -> Result<(Arc<ClusterCell>, ObjRef)> {
        Ok(match h {
            ObjectHandle::Cluster(c) => (self.cluster_of(c)?, ObjRef::Cluster),
            ObjectHandle::Node(n) => {
                let (c, id) = self.node_h(n)?;
                (c, ObjRef::Node(id))
            }
            ObjectHandle::Group(n) => {
                let (c, id) = self.group_h(n)?;
                (c, ObjRef::Group(id))
            }
            ObjectHandle::Resource(n) => {
                let (c, id) = self.resource_h(n)?;
                (c, ObjRef::Resource(id))
            }
            ObjectHandle::Network(n) => {
                let (c, id) = self.network_h(n)?;
                (c, ObjRef::Network(id))
            }
            ObjectHandle::NetInterface(n) => {
                let (c, id) = self.netif_h(n)?;
                (c, ObjRef::NetIf(id))
            }
            ObjectHandle::Key(_) => return Err(Win32Error::ERROR_INVALID_HANDLE),
        })
    }

    /// A key handle whose key still exists (`ERROR_KEY_DELETED` otherwise).
    pub(crate) fn live_key(&self, h: HKey) -> Result<(Arc<ClusterCell>, RegKeyId)> {
        let (cell, k) = self.key_h(h)?;
        if !cell.lock(self.clock()).model.registry().exists(k) {
            return Err(Win32Error::ERROR_KEY_DELETED);
        }
        Ok((cell, k))
    }

    /// Resolves a second handle of a call with `resolve` (`Sim::node_h`, …): it must
    /// name an object of `cell`'s cluster (`ERROR_INVALID_HANDLE` otherwise).
    pub(crate) fn in_cluster<H, T>(
        &self,
        cell: &Arc<ClusterCell>,
        h: H,
        resolve: Resolver<H, T>,
    ) -> Result<T> {
        let (other, id) = resolve(self, h)?;
        if Arc::ptr_eq(cell, &other) {
            Ok(id)
        } else {
            Err(Win32Error::ERROR_INVALID_HANDLE)
        }
    }

    /// A new handle for `e`.
    pub(crate) fn new_handle(&self, e: Entry) -> RawHandle {
        RawHandle(self.inner.handles.insert(e))
    }

    /// Closes any handle registrations can be made with: the handle goes, then the
    /// router queues `CLUSTER_CHANGE_HANDLE_CLOSE` for every registration made with it
    /// and removes them (N4).
    pub(crate) fn close_object(&self, raw: RawHandle, kind: ObjectKind) -> Result<()> {
        let entry = self.inner.handles.remove_kind(raw.0, kind)?;
        let Some(cell) = entry.cluster() else {
            return Ok(());
        };
        let requires = self.inner.cfg.handle_close_requires_filter;
        cell.lock(self.clock()).router.close_handle(HandleId(raw.0 as u64), &cell.name, requires);
        self.close_handle_v2(&cell, raw, &entry);
        Ok(())
    }

    /// Closes a handle nothing is registered with (a batch notification, a reply).
    pub(crate) fn close_plain(&self, raw: RawHandle, kind: ObjectKind) -> Result<()> {
        self.inner.handles.remove_kind(raw.0, kind).map(|_| ())
    }
}
