//! The client handle table.
//!
//! Guarantees:
//! - Handle values come from one process-wide counter and are never reused, so a closed
//!   or foreign (other simulator) handle can never alias a live one: it is simply not in
//!   this table, and every call answers `ERROR_INVALID_HANDLE`.
//! - Values look like aligned pointers and never equal NULL or `INVALID_HANDLE_VALUE`.
//! - Lookups are by exact value; nothing iterates the table to decide event order.

use crate::cell::{
    BatchPortCell, ClusterCell, NotificationCell, PortCell, ReadBatchCell, ReplyCell, WriteBatchCell,
};
use crate::cell_v2::PortV2Cell;
use clusim_api::{ObjectKind, Result, Win32Error};
use clusim_model::ids::*;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

static NEXT_HANDLE: AtomicU64 = AtomicU64::new(0x0001_0000);
const HANDLE_STEP: u64 = 0x10;
/// The table never shrinks below this many slots.
const MIN_CAPACITY: usize = 64;

/// What a handle refers to.
#[derive(Clone)]
pub(crate) enum Entry {
    /// `HCLUSTER`.
    Cluster(Arc<ClusterCell>),
    /// `HNODE`.
    Node(Arc<ClusterCell>, NodeId),
    /// `HGROUP`.
    Group(Arc<ClusterCell>, GroupId),
    /// `HRESOURCE`.
    Resource(Arc<ClusterCell>, ResourceId),
    /// `HNETWORK`.
    Network(Arc<ClusterCell>, NetworkId),
    /// `HNETINTERFACE`.
    NetInterface(Arc<ClusterCell>, NetIfId),
    /// `HKEY`.
    Key(Arc<ClusterCell>, RegKeyId),
    /// `HCHANGE`.
    Port(Arc<PortCell>),
    /// `HCHANGE` of a V2 port (spec/v2.md; V1 calls answer `ERROR_INVALID_HANDLE`).
    PortV2(Arc<PortV2Cell>),
    /// A V2 port's event handle (`GetNotifyEventHandle`, N15).
    NotifyEvent(Arc<PortV2Cell>),
    /// `HREGBATCH`.
    RegBatch(Arc<WriteBatchCell>),
    /// `HREGBATCHPORT`.
    BatchPort(Arc<BatchPortCell>),
    /// `HREGBATCHNOTIFICATION`.
    BatchNotification(Arc<NotificationCell>),
    /// `HREGREADBATCH`.
    ReadBatch(Arc<ReadBatchCell>),
    /// `HREGREADBATCHREPLY`.
    ReadBatchReply(Arc<ReplyCell>),
}

impl Entry {
    /// The kind of handle.
    pub(crate) fn kind(&self) -> ObjectKind {
        match self {
            Entry::Cluster(_) => ObjectKind::Cluster,
            Entry::Node(..) => ObjectKind::Node,
            Entry::Group(..) => ObjectKind::Group,
            Entry::Resource(..) => ObjectKind::Resource,
            Entry::Network(..) => ObjectKind::Network,
            Entry::NetInterface(..) => ObjectKind::NetInterface,
            Entry::Key(..) => ObjectKind::Key,
            Entry::Port(_) | Entry::PortV2(_) => ObjectKind::Port,
            Entry::NotifyEvent(_) => ObjectKind::NotifyEvent,
            Entry::RegBatch(_) => ObjectKind::RegBatch,
            Entry::BatchPort(_) => ObjectKind::BatchPort,
            Entry::BatchNotification(_) => ObjectKind::BatchNotification,
            Entry::ReadBatch(_) => ObjectKind::ReadBatch,
            Entry::ReadBatchReply(_) => ObjectKind::ReadBatchReply,
        }
    }

    /// The cluster the handle belongs to (ports: the one they are bound to, if any).
    pub(crate) fn cluster(&self) -> Option<Arc<ClusterCell>> {
        match self {
            Entry::Cluster(c)
            | Entry::Node(c, _)
            | Entry::Group(c, _)
            | Entry::Resource(c, _)
            | Entry::Network(c, _)
            | Entry::NetInterface(c, _)
            | Entry::Key(c, _) => Some(c.clone()),
            Entry::Port(p) => p.cluster(),
            Entry::PortV2(p) | Entry::NotifyEvent(p) => p.cluster(),
            Entry::RegBatch(b) => Some(b.cell.clone()),
            Entry::BatchPort(b) => Some(b.cell.clone()),
            Entry::ReadBatch(b) => Some(b.cell.clone()),
            Entry::BatchNotification(_) | Entry::ReadBatchReply(_) => None,
        }
    }
}

/// A multiplicative hasher for handle values (lookups only; never iterated for order).
#[derive(Default)]
pub(crate) struct HandleHasher(u64);

impl Hasher for HandleHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The handles of one simulator.
#[derive(Default)]
pub(crate) struct HandleTable {
    map: RwLock<HashMap<u64, Entry, BuildHasherDefault<HandleHasher>>>,
}

impl HandleTable {
    /// A fresh handle value, not yet in the table (no lock taken): a caller that must
    /// register the value elsewhere first does so, then [`HandleTable::insert_at`]s it.
    pub(crate) fn reserve(&self) -> u64 {
        NEXT_HANDLE.fetch_add(HANDLE_STEP, Ordering::Relaxed)
    }

    /// Stores an entry under a value from [`HandleTable::reserve`].
    pub(crate) fn insert_at(&self, v: u64, e: Entry) -> usize {
        self.map.write().insert(v, e);
        v as usize
    }

    /// Stores an entry under a fresh value.
    pub(crate) fn insert(&self, e: Entry) -> usize {
        self.insert_at(self.reserve(), e)
    }

    /// The entry for a value (`ERROR_INVALID_HANDLE` when unknown).
    pub(crate) fn get(&self, raw: usize) -> Result<Entry> {
        self.map.read().get(&(raw as u64)).cloned().ok_or(Win32Error::ERROR_INVALID_HANDLE)
    }

    /// A port entry, without cloning anything but the port's `Arc`.
    pub(crate) fn port(&self, raw: usize) -> Result<Arc<PortCell>> {
        match self.map.read().get(&(raw as u64)) {
            Some(Entry::Port(p)) => Ok(p.clone()),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// A V2 port entry (`ERROR_INVALID_HANDLE` for anything else, V1 ports included).
    pub(crate) fn port_v2(&self, raw: usize) -> Result<Arc<PortV2Cell>> {
        match self.map.read().get(&(raw as u64)) {
            Some(Entry::PortV2(p)) => Ok(p.clone()),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Removes a value only if it has the given kind. Mass closes give the memory back:
    /// once the table is a quarter full it halves (amortised O(1) per close, never below
    /// a small floor), and closing the last handle frees its storage, so a process that
    /// closed everything holds none of it at exit (valgrind, spec/c-abi.md "Memory").
    pub(crate) fn remove_kind(&self, raw: usize, kind: ObjectKind) -> Result<Entry> {
        let mut map = self.map.write();
        if map.get(&(raw as u64)).is_none_or(|e| e.kind() != kind) {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let e = map.remove(&(raw as u64)).ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
        if map.is_empty() {
            map.shrink_to_fit();
        } else if map.capacity() > MIN_CAPACITY && map.len() * 4 < map.capacity() {
            let target = (map.len() * 2).max(MIN_CAPACITY);
            map.shrink_to(target);
        }
        Ok(e)
    }

    /// Slots the table has allocated.
    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.map.read().capacity()
    }

    /// Number of open handles.
    pub(crate) fn len(&self) -> usize {
        self.map.read().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::ClusterCell;
    use clusim_model::Topology;

    // Issue 13: the handle table releases memory after mass closes.
    #[test]
    fn the_table_gives_memory_back_after_mass_closes() {
        let model = clusim_model::Cluster::from_topology("C", &Topology::default_cluster(), 0).unwrap();
        let cell = ClusterCell::new(model, false);
        let table = HandleTable::default();
        let values: Vec<usize> = (0..100_000).map(|_| table.insert(Entry::Cluster(cell.clone()))).collect();
        let full = table.capacity();
        assert!(full >= 100_000);
        for v in values {
            table.remove_kind(v, ObjectKind::Cluster).unwrap();
        }
        assert_eq!(table.len(), 0);
        assert!(table.capacity() <= 2 * MIN_CAPACITY, "{} slots left of {full}", table.capacity());
        assert_eq!(Arc::strong_count(&cell), 1, "every entry was dropped");
    }
}
