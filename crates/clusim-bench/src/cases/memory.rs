//! Memory per queued event, for each kind of delivery, with long names.
//!
//! No counting allocator (it would need `unsafe impl GlobalAlloc`, and `unsafe` lives
//! only in the FFI crates). The figure is accounted from what the queue holds:
//! - the queue's reserved slots (`PortStats::reserved_bytes`, or the record vector's
//!   capacity for a batch port), and
//! - every name (or data) allocation a queued item holds that is not the routed event's
//!   (or the executed record's) own: each such distinct allocation counts its `Arc`
//!   header (two counters) and its bytes, once however many items share it.
//!
//! A delivery that copies the name pays the copy on every queued event; one that shares
//! it pays nothing beyond its slot. Events are a power of two so the queue's capacity
//! is exactly full (the doubling slack would otherwise vary from 0 to 100 % with the
//! count chosen).

use clusim_api::registry::{CLUSREG_SET_VALUE, REG_DWORD};
use clusim_api::{BatchGranularity, ChangeFlags, NotifyKey, ObjectKind};
use clusim_model::{ExecRecord, ModelEvent};
use clusim_notify::{project, BatchPortQueue, HandleId, NotifRecord, PortId, PortQueue, Router, Scope};
use clusim_sim::DEFAULT_PORT_CAPACITY;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Characters of the long names the memory cases use.
pub const LONG_NAME_LEN: usize = 200;

/// The kinds of delivery whose queued events are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    /// A cluster-wide registration (`CreateClusterNotifyPort`) and an object event.
    ClusterWide,
    /// A per-object registration (`RegisterClusterNotify` with the object's handle).
    PerObject,
    /// A per-key registry registration (`RegisterClusterNotify` with an `HKEY`,
    /// `REGISTRY_SUBTREE`) and a value change in a subkey: the delivered name is the
    /// subkey's path relative to the registration's key.
    PerKey,
    /// The records of a committed write batch on a batch notification port.
    BatchRecord,
}

impl DeliveryKind {
    /// Every kind, in report order.
    pub const ALL: [DeliveryKind; 4] =
        [DeliveryKind::ClusterWide, DeliveryKind::PerObject, DeliveryKind::PerKey, DeliveryKind::BatchRecord];

    /// Its short name (the case id's suffix).
    pub fn id(self) -> &'static str {
        match self {
            DeliveryKind::ClusterWide => "wide",
            DeliveryKind::PerObject => "object",
            DeliveryKind::PerKey => "key",
            DeliveryKind::BatchRecord => "batch",
        }
    }
}

/// The memory queued events cost, for one kind of delivery.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryFigure {
    /// The kind of delivery.
    pub kind: DeliveryKind,
    /// Events (or batch records) queued for the measurement.
    pub events: usize,
    /// Bytes of one queue slot (`size_of::<Indication>()`, `size_of::<NotifRecord>()`).
    pub slot_bytes: usize,
    /// Bytes the queue had reserved for its slots with `events` queued.
    pub reserved_bytes: usize,
    /// Distinct name or data allocations the queued items hold that the event (or the
    /// executed record) does not: copies made for the delivery.
    pub copied_names: usize,
    /// Their bytes (each: two `Arc` counters plus its bytes).
    pub copied_bytes: usize,
    /// `(reserved_bytes + copied_bytes) / events`.
    pub bytes_per_event: f64,
}

impl MemoryFigure {
    /// Whether no queued item holds a copy of its name.
    pub fn names_shared(&self) -> bool {
        self.copied_names == 0
    }
}

/// Bytes an `Arc<str>` or `Arc<[u8]>` of `len` bytes allocates: two counters and the
/// bytes.
fn arc_bytes(len: usize) -> usize {
    2 * std::mem::size_of::<usize>() + len
}

/// A name of [`LONG_NAME_LEN`] characters starting with `prefix`.
fn long_name(prefix: &str) -> String {
    let mut s = String::from(prefix);
    while s.len() < LONG_NAME_LEN {
        s.push_str(" long-name");
    }
    s.truncate(LONG_NAME_LEN);
    s
}

/// Measures `events` events of kind `kind` queued on one port.
pub fn memory_per_queued_event(kind: DeliveryKind, events: usize) -> MemoryFigure {
    match kind {
        DeliveryKind::BatchRecord => batch_records(events),
        _ => v1_events(kind, events),
    }
}

fn v1_events(kind: DeliveryKind, events: usize) -> MemoryFigure {
    let mut router = Router::new();
    let port = PortQueue::new(DEFAULT_PORT_CAPACITY.max(events));
    let object: Arc<str> = Arc::from(long_name("Resource"));
    let (ev, filter, scope) = match kind {
        DeliveryKind::ClusterWide => (
            ModelEvent { change: ChangeFlags::RESOURCE_STATE, kind: ObjectKind::Resource, name: object },
            ChangeFlags::RESOURCE_STATE,
            Scope::Cluster,
        ),
        DeliveryKind::PerObject => (
            ModelEvent {
                change: ChangeFlags::RESOURCE_STATE,
                kind: ObjectKind::Resource,
                name: object.clone(),
            },
            ChangeFlags::RESOURCE_STATE,
            Scope::Object { kind: ObjectKind::Resource, name: object },
        ),
        DeliveryKind::PerKey | DeliveryKind::BatchRecord => {
            let parent = format!("Software\\{}", long_name("Parent"));
            let path = format!("{parent}\\{}", long_name("Child"));
            (
                ModelEvent {
                    change: ChangeFlags::REGISTRY_VALUE,
                    kind: ObjectKind::Key,
                    name: Arc::from(path),
                },
                ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE,
                Scope::Key { path: Arc::from(parent) },
            )
        }
    };
    router.add(PortId(1), port.clone(), filter, NotifyKey(7), HandleId(1), scope);
    for _ in 0..events {
        assert_eq!(router.route(&ev), 1, "the registration matches");
    }
    let stats = port.stats();
    assert_eq!(stats.queued, events, "every event is queued");
    let (copies, copied_bytes) = drain_copies(&port, &ev);
    figure(
        kind,
        events,
        std::mem::size_of::<clusim_notify::Indication>(),
        stats.reserved_bytes,
        copies,
        copied_bytes,
    )
}

/// Drains `port` and returns the distinct name allocations its indications held that
/// are not `ev`'s name, and their bytes.
fn drain_copies(port: &PortQueue, ev: &ModelEvent) -> (usize, usize) {
    let mut copies = BTreeSet::new();
    let mut copied_bytes = 0;
    while let Some(ind) = port.try_pop().expect("port open") {
        assert_eq!(ind.change, ev.change, "the routed event");
        if !Arc::ptr_eq(ind.shared_name(), &ev.name)
            && copies.insert(Arc::as_ptr(ind.shared_name()) as *const u8 as usize)
        {
            copied_bytes += arc_bytes(ind.name().len());
        }
    }
    (copies.len(), copied_bytes)
}

fn figure(
    kind: DeliveryKind,
    events: usize,
    slot: usize,
    reserved: usize,
    copies: usize,
    copied: usize,
) -> MemoryFigure {
    MemoryFigure {
        kind,
        events,
        slot_bytes: slot,
        reserved_bytes: reserved,
        copied_names: copies,
        copied_bytes: copied,
        bytes_per_event: (reserved + copied) as f64 / events.max(1) as f64,
    }
}

/// A committed batch of `records` long-named `SET_VALUE`s on a batch port's own key,
/// projected for the port (as a commit does for every port) and queued.
fn batch_records(records: usize) -> MemoryFigure {
    let key: Arc<str> = Arc::from(format!("Software\\{}", long_name("Batch key")));
    let data: Arc<[u8]> = Arc::from(&7u32.to_le_bytes()[..]);
    let executed: Vec<ExecRecord> = (0..records)
        .map(|i| ExecRecord {
            command: CLUSREG_SET_VALUE,
            key_path: key.clone(),
            name: Arc::from(long_name(&format!("Value {i}"))),
            options: REG_DWORD,
            data: data.clone(),
        })
        .collect();
    let own: BTreeSet<usize> = executed
        .iter()
        .flat_map(|r| {
            [Arc::as_ptr(&r.name) as *const u8 as usize, Arc::as_ptr(&r.data) as *const u8 as usize]
        })
        .collect();
    let (queued, at_port) = project(&executed, &key);
    assert_eq!(queued.len(), records, "one record per command, no key record on the port's own key");
    let reserved = queued.capacity() * std::mem::size_of::<NotifRecord>();
    let mut copies = BTreeSet::new();
    let mut copied_bytes = 0;
    for r in &queued {
        for (ptr, len) in [
            (Arc::as_ptr(&r.name) as *const u8 as usize, r.name.len()),
            (Arc::as_ptr(&r.data) as *const u8 as usize, r.data.len()),
        ] {
            if !own.contains(&ptr) && copies.insert(ptr) {
                copied_bytes += arc_bytes(len);
            }
        }
    }
    let port = BatchPortQueue::new(records, BatchGranularity::Coalesced);
    port.push(queued, at_port);
    assert_eq!(port.queued_records(), records, "every record is queued");
    figure(
        DeliveryKind::BatchRecord,
        records,
        std::mem::size_of::<NotifRecord>(),
        reserved,
        copies.len(),
        copied_bytes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_deliveries_cost_their_slot_and_share_the_name() {
        for kind in [DeliveryKind::ClusterWide, DeliveryKind::PerObject] {
            let m = memory_per_queued_event(kind, 1 << 10);
            assert_eq!(m.slot_bytes, std::mem::size_of::<clusim_notify::Indication>());
            assert!(m.names_shared(), "{kind:?}: no copy of the name per delivery");
            assert_eq!(
                m.reserved_bytes,
                (1 << 10) * m.slot_bytes,
                "{kind:?}: a power of two fills the queue"
            );
            assert_eq!(m.bytes_per_event, m.slot_bytes as f64);
        }
    }

    #[test]
    fn copied_names_are_counted_once_each_with_their_bytes() {
        let ev = ModelEvent {
            change: ChangeFlags::RESOURCE_STATE,
            kind: ObjectKind::Resource,
            name: Arc::from("shared"),
        };
        let (copy_a, copy_b): (Arc<str>, Arc<str>) = (Arc::from("copy a"), Arc::from("the other copy"));
        let port = PortQueue::new(16);
        for name in [&ev.name, &copy_a, &ev.name, &copy_a, &copy_b] {
            port.push(clusim_notify::Indication::new(NotifyKey(1), ev.change, name.clone()));
        }
        assert_eq!(drain_copies(&port, &ev), (2, arc_bytes(6) + arc_bytes(14)));
        assert_eq!(port.stats().queued, 0, "drained");
    }

    #[test]
    fn per_key_figures_add_the_copies_to_the_slots() {
        let m = memory_per_queued_event(DeliveryKind::PerKey, 64);
        assert_eq!(m.bytes_per_event, (m.reserved_bytes + m.copied_bytes) as f64 / 64.0);
    }

    #[test]
    fn batch_records_share_the_executed_records_names_and_data() {
        let m = memory_per_queued_event(DeliveryKind::BatchRecord, 256);
        assert_eq!(m.slot_bytes, std::mem::size_of::<NotifRecord>());
        assert!(m.reserved_bytes >= 256 * m.slot_bytes);
        assert!(m.bytes_per_event >= m.slot_bytes as f64);
    }

    #[test]
    fn long_names_are_long() {
        assert_eq!(long_name("x").len(), LONG_NAME_LEN);
        assert!(long_name("Value 12").starts_with("Value 12 "));
    }
}
