//! The event router: which registrations an event matches, in which order.
//!
//! Guarantees (spec/ports.md):
//! - Every matching registration queues its own indication (N7), with its own key and
//!   exactly one change bit; on one event, registrations deliver in the order they were
//!   made.
//! - Cluster-wide registrations are indexed by filter bit and per-object registrations
//!   by (kind, name), so routing costs grow with the registrations that can match, not
//!   with the number of ports. Routing an event allocates nothing: the per-object index
//!   is looked up by a case-insensitive hash of the name, and every indication shares
//!   the event's name (`Arc<str>`). The index is only ever looked up by key, never
//!   iterated, so it cannot decide an order.
//! - Per-object registrations match by object name (CMRP): a rename carries them to the
//!   new name; a deleted object's registrations stay on its name (N9).
//! - Registry events (kind `Key`, name = path from the root) match cluster-wide
//!   registrations at the root (the whole tree with `REGISTRY_SUBTREE`) and per-key
//!   registrations at that key (its subtree with `REGISTRY_SUBTREE`); the delivered name
//!   is the changed key's path relative to the registration's key, `""` for the key
//!   itself (N5).

use crate::port::{Indication, PortQueue};
use clusim_api::{ChangeFlags, NotifyKey, ObjectKind};
use clusim_model::names::{name_hash, same_name, NameKey};
use clusim_model::ModelEvent;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Identifies a port within a simulator (its handle value).
pub type PortId = u64;
/// Identifies the client handle a registration was made with (its handle value).
pub type HandleId = u64;

/// Where a registration looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every object of the cluster (`CreateClusterNotifyPort`), or the cluster object
    /// itself (`RegisterClusterNotify` with an `HCLUSTER`).
    Cluster,
    /// One object, by name.
    Object {
        /// Its kind.
        kind: ObjectKind,
        /// Its current name.
        name: Arc<str>,
    },
    /// One database key (by path from the root), and its subtree with
    /// `REGISTRY_SUBTREE`.
    Key {
        /// The key's path from the root (`""` = root).
        path: Arc<str>,
    },
}

/// A registration as the router keeps it.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Order of registration (ascending).
    pub seq: u64,
    /// The port that receives.
    pub port_id: PortId,
    /// Its queue.
    pub port: Arc<PortQueue>,
    /// The filter.
    pub filter: ChangeFlags,
    /// The key delivered.
    pub key: NotifyKey,
    /// The handle it was made with (its close queues `HANDLE_CLOSE`).
    pub handle: HandleId,
    /// Where it looks.
    pub scope: Scope,
}

#[derive(Debug, Clone)]
struct Target {
    seq: u64,
    port: Arc<PortQueue>,
    filter: ChangeFlags,
    key: NotifyKey,
}

/// The per-object registrations of one (kind, name), in registration order.
#[derive(Debug)]
struct ObjectTargets {
    kind: ObjectKind,
    name: Arc<str>,
    targets: Vec<Target>,
}

/// Passes a precomputed, well-mixed `u64` through (the per-object index's keys are
/// [`name_hash`] values already).
#[derive(Debug, Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Per-object registrations by `object_slot(kind, name)`; names whose slots collide
/// share the bucket and are told apart by kind and [`same_name`].
type ObjectIndex = HashMap<u64, Vec<ObjectTargets>, BuildHasherDefault<PassThrough>>;

fn object_slot(kind: ObjectKind, name: &str) -> u64 {
    name_hash(name) ^ (kind as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The registrations of one cluster.
#[derive(Debug, Default)]
pub struct Router {
    next_seq: u64,
    regs: BTreeMap<u64, Registration>,
    by_bit: [Vec<Target>; 32],
    by_object: ObjectIndex,
    by_key: BTreeMap<NameKey, Vec<Target>>,
    root_registry: Vec<Target>,
}

fn target(r: &Registration) -> Target {
    Target { seq: r.seq, port: r.port.clone(), filter: r.filter, key: r.key }
}

impl Router {
    /// An empty router.
    pub fn new() -> Router {
        Router::default()
    }

    /// Adds a registration and returns its sequence number.
    pub fn add(
        &mut self,
        port_id: PortId,
        port: Arc<PortQueue>,
        filter: ChangeFlags,
        key: NotifyKey,
        handle: HandleId,
        scope: Scope,
    ) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let reg = Registration { seq, port_id, port, filter, key, handle, scope };
        let t = target(&reg);
        match &reg.scope {
            Scope::Cluster => {
                let non_registry = filter - ChangeFlags::REGISTRY_EVENTS - ChangeFlags::REGISTRY_SUBTREE;
                for bit in non_registry.iter() {
                    self.by_bit[bit.bits().trailing_zeros() as usize].push(t.clone());
                }
                if filter.intersects(ChangeFlags::REGISTRY_EVENTS) {
                    self.root_registry.push(t);
                }
            }
            Scope::Object { kind, name } => self.object_targets_mut(*kind, name).push(t),
            Scope::Key { path } => {
                self.by_key.entry(NameKey::of(path)).or_default().push(t);
            }
        }
        self.regs.insert(seq, reg);
        seq
    }

    /// The targets of (kind, name), created empty if there are none.
    fn object_targets_mut(&mut self, kind: ObjectKind, name: &Arc<str>) -> &mut Vec<Target> {
        let bucket = self.by_object.entry(object_slot(kind, name)).or_default();
        let i = match bucket.iter().position(|o| o.kind == kind && same_name(&o.name, name)) {
            Some(i) => i,
            None => {
                bucket.push(ObjectTargets { kind, name: name.clone(), targets: Vec::new() });
                bucket.len() - 1
            }
        };
        &mut bucket[i].targets
    }

    /// The targets of (kind, name), if any; allocates nothing.
    fn object_targets(&self, kind: ObjectKind, name: &str) -> Option<&Vec<Target>> {
        if self.by_object.is_empty() {
            return None;
        }
        let bucket = self.by_object.get(&object_slot(kind, name))?;
        bucket.iter().find(|o| o.kind == kind && same_name(&o.name, name)).map(|o| &o.targets)
    }

    /// Removes and returns the targets of (kind, name).
    fn take_object_targets(&mut self, kind: ObjectKind, name: &str) -> Option<Vec<Target>> {
        let slot = object_slot(kind, name);
        let bucket = self.by_object.get_mut(&slot)?;
        let i = bucket.iter().position(|o| o.kind == kind && same_name(&o.name, name))?;
        let taken = bucket.swap_remove(i).targets;
        if bucket.is_empty() {
            self.by_object.remove(&slot);
        }
        Some(taken)
    }

    fn unindex(&mut self, seq: u64) -> Option<Registration> {
        let reg = self.regs.remove(&seq)?;
        let keep = |t: &Target| t.seq != seq;
        match &reg.scope {
            Scope::Cluster => {
                for v in self.by_bit.iter_mut() {
                    v.retain(keep);
                }
                self.root_registry.retain(keep);
            }
            Scope::Object { kind, name } => {
                if let Some(mut v) = self.take_object_targets(*kind, name) {
                    v.retain(keep);
                    if !v.is_empty() {
                        self.object_targets_mut(*kind, name).extend(v);
                    }
                }
            }
            Scope::Key { path } => {
                let k = NameKey::of(path);
                if let Some(v) = self.by_key.get_mut(&k) {
                    v.retain(keep);
                    if v.is_empty() {
                        self.by_key.remove(&k);
                    }
                }
            }
        }
        Some(reg)
    }

    /// Removes every registration made with `handle`, in registration order.
    pub fn remove_handle(&mut self, handle: HandleId) -> Vec<Registration> {
        let seqs: Vec<u64> = self.regs.values().filter(|r| r.handle == handle).map(|r| r.seq).collect();
        seqs.into_iter().filter_map(|s| self.unindex(s)).collect()
    }

    /// Removes every registration of a port.
    pub fn remove_port(&mut self, port_id: PortId) -> usize {
        let seqs: Vec<u64> = self.regs.values().filter(|r| r.port_id == port_id).map(|r| r.seq).collect();
        seqs.into_iter().filter_map(|s| self.unindex(s)).count()
    }

    /// Number of registrations.
    pub fn len(&self) -> usize {
        self.regs.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.regs.is_empty()
    }

    /// Follows a rename: per-object registrations on `old` now look at `new` (N9).
    pub fn rename(&mut self, kind: ObjectKind, old: &Arc<str>, new: &Arc<str>) {
        let Some(moved) = self.take_object_targets(kind, old) else {
            return;
        };
        for t in &moved {
            if let Some(reg) = self.regs.get_mut(&t.seq) {
                reg.scope = Scope::Object { kind, name: new.clone() };
            }
        }
        let entry = self.object_targets_mut(kind, new);
        entry.extend(moved);
        entry.sort_by_key(|t| t.seq);
    }

    /// Delivers one event to every matching registration. Returns how many indications
    /// were queued.
    pub fn route(&self, ev: &ModelEvent) -> usize {
        debug_assert!(ev.change.is_single());
        if ev.kind == ObjectKind::Key {
            return self.route_registry(ev);
        }
        let bit = ev.change.bits().trailing_zeros() as usize;
        let wide = &self.by_bit[bit];
        let empty = Vec::new();
        let objs = self.object_targets(ev.kind, &ev.name).unwrap_or(&empty);
        let (mut i, mut j, mut n) = (0, 0, 0);
        let deliver = |t: &Target| {
            t.port.push(Indication { key: t.key, change: ev.change, name: ev.name.clone() });
        };
        // Merge the two ascending lists so one event reaches registrations in the order
        // they were made.
        loop {
            while j < objs.len() && !objs[j].filter.contains(ev.change) {
                j += 1;
            }
            match (wide.get(i), objs.get(j)) {
                (Some(a), Some(b)) if a.seq < b.seq => {
                    deliver(a);
                    i += 1;
                }
                (_, Some(b)) => {
                    deliver(b);
                    j += 1;
                }
                (Some(a), None) => {
                    deliver(a);
                    i += 1;
                }
                (None, None) => break,
            }
            n += 1;
        }
        n
    }

    /// Whether a registry registration at some key matches an event `rel` below it
    /// (`""` = the key itself): always for the key itself; for `REGISTRY_NAME`, also for a
    /// direct subkey created or deleted (as Win32's `REG_NOTIFY_CHANGE_NAME`); anything
    /// deeper only with `REGISTRY_SUBTREE`.
    fn registry_scope_matches(filter: ChangeFlags, change: ChangeFlags, rel: &str) -> bool {
        filter.contains(change)
            && (rel.is_empty()
                || filter.contains(ChangeFlags::REGISTRY_SUBTREE)
                || (change == ChangeFlags::REGISTRY_NAME && !rel.contains('\\')))
    }

    fn route_registry(&self, ev: &ModelEvent) -> usize {
        let mut hits: Vec<(u64, &Target, Arc<str>)> = Vec::new();
        let path: &str = &ev.name;
        for t in &self.root_registry {
            if Router::registry_scope_matches(t.filter, ev.change, path) {
                hits.push((t.seq, t, ev.name.clone()));
            }
        }
        if !self.by_key.is_empty() {
            // The key itself, then each ancestor, the root last.
            let mut prefixes: Vec<usize> = vec![path.len()];
            prefixes.extend(path.char_indices().filter(|&(_, c)| c == '\\').map(|(i, _)| i));
            if !path.is_empty() {
                prefixes.push(0);
            }
            for end in prefixes {
                let Some(list) = self.by_key.get(&NameKey::of(&path[..end])) else {
                    continue;
                };
                let rel: Arc<str> = if end == path.len() {
                    Arc::from("")
                } else if end == 0 {
                    ev.name.clone()
                } else {
                    Arc::from(&path[end + 1..])
                };
                for t in list {
                    if Router::registry_scope_matches(t.filter, ev.change, &rel) {
                        hits.push((t.seq, t, rel.clone()));
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        for (_, t, name) in &hits {
            t.port.push(Indication { key: t.key, change: ev.change, name: name.clone() });
        }
        hits.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusim_api::Timeout;
    use clusim_clock::Clock;

    fn ev(change: ChangeFlags, kind: ObjectKind, name: &str) -> ModelEvent {
        ModelEvent { change, kind, name: Arc::from(name) }
    }

    fn drain(p: &Arc<PortQueue>) -> Vec<(usize, u32, String)> {
        let c = Clock::manual();
        let mut out = Vec::new();
        let mut buf = [0u16; 256];
        while let Ok(h) = p.get(&c, &mut buf, Timeout::POLL) {
            out.push((h.key.0, h.change.bits(), String::from_utf16(&buf[..h.name_len]).unwrap()));
        }
        out
    }

    #[test]
    fn overlapping_registrations_deliver_once_per_key_in_registration_order() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        r.add(1, p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(10), 5, Scope::Cluster);
        let name: Arc<str> = Arc::from("Disk");
        r.add(
            1,
            p.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(20),
            6,
            Scope::Object { kind: ObjectKind::Resource, name },
        );
        r.add(1, p.clone(), ChangeFlags::ALL, NotifyKey(30), 5, Scope::Cluster);
        assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "disk")), 3);
        let got: Vec<usize> = drain(&p).into_iter().map(|x| x.0).collect();
        assert_eq!(got, vec![10, 20, 30]);
    }

    #[test]
    fn per_object_registrations_follow_renames() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        r.add(
            1,
            p.clone(),
            ChangeFlags::GROUP_PROPERTY,
            NotifyKey(1),
            9,
            Scope::Object { kind: ObjectKind::Group, name: Arc::from("G") },
        );
        r.rename(ObjectKind::Group, &Arc::from("G"), &Arc::from("H"));
        assert_eq!(r.route(&ev(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, "G")), 0);
        assert_eq!(r.route(&ev(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, "h")), 1);
        assert_eq!(r.remove_handle(9).len(), 1);
        assert!(r.is_empty());
    }

    #[test]
    fn registry_names_are_relative_to_the_registered_key() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        let reg = ChangeFlags::REGISTRY_VALUE;
        r.add(1, p.clone(), reg, NotifyKey(1), 1, Scope::Cluster);
        r.add(1, p.clone(), reg | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(2), 1, Scope::Cluster);
        r.add(1, p.clone(), reg, NotifyKey(3), 2, Scope::Key { path: Arc::from("A") });
        r.add(
            1,
            p.clone(),
            reg | ChangeFlags::REGISTRY_SUBTREE,
            NotifyKey(4),
            3,
            Scope::Key { path: Arc::from("a") },
        );
        r.route(&ev(reg, ObjectKind::Key, "A\\B\\C"));
        r.route(&ev(reg, ObjectKind::Key, "A"));
        r.route(&ev(reg, ObjectKind::Key, ""));
        assert_eq!(
            drain(&p),
            vec![
                (2, 0x40, "A\\B\\C".into()),
                (4, 0x40, "B\\C".into()),
                (2, 0x40, "A".into()),
                (3, 0x40, "".into()),
                (4, 0x40, "".into()),
                (1, 0x40, "".into()),
                (2, 0x40, "".into()),
            ]
        );
    }

    #[test]
    fn key_name_changes_of_direct_subkeys_reach_non_subtree_watchers() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        let name = ChangeFlags::REGISTRY_NAME;
        r.add(1, p.clone(), name, NotifyKey(1), 1, Scope::Cluster);
        r.add(1, p.clone(), name, NotifyKey(2), 2, Scope::Key { path: Arc::from("A") });
        r.route(&ev(name, ObjectKind::Key, "A"));
        r.route(&ev(name, ObjectKind::Key, "A\\B"));
        r.route(&ev(name, ObjectKind::Key, "A\\B\\C"));
        assert_eq!(drain(&p), vec![(1, 0x10, "A".into()), (2, 0x10, "".into()), (2, 0x10, "B".into())]);
        r.route(&ev(ChangeFlags::REGISTRY_VALUE, ObjectKind::Key, "A\\B"));
        assert!(drain(&p).is_empty(), "values of a subkey need REGISTRY_SUBTREE");
    }

    #[test]
    fn per_object_names_match_without_case_beyond_ascii() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        let obj = |name: &str| Scope::Object { kind: ObjectKind::Resource, name: Arc::from(name) };
        r.add(1, p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(1), 1, obj("Straße"));
        r.add(1, p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(2), 2, obj("disk"));
        assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "STRASSE")), 1);
        assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "DISK")), 1);
        // Same name, other kind: no match.
        assert_eq!(r.route(&ev(ChangeFlags::GROUP_STATE, ObjectKind::Group, "disk")), 0);
        assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn removing_a_per_object_registration_keeps_the_others_in_order() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        let obj = || Scope::Object { kind: ObjectKind::Node, name: Arc::from("NODE1") };
        for (key, handle) in [(1, 10), (2, 11), (3, 10), (4, 12)] {
            r.add(1, p.clone(), ChangeFlags::NODE_STATE, NotifyKey(key), handle, obj());
        }
        assert_eq!(r.remove_handle(11).len(), 1);
        r.route(&ev(ChangeFlags::NODE_STATE, ObjectKind::Node, "node1"));
        assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 3, 4]);
        assert_eq!(r.remove_port(1), 3);
        assert_eq!(r.route(&ev(ChangeFlags::NODE_STATE, ObjectKind::Node, "NODE1")), 0);
    }

    #[test]
    fn a_rename_onto_a_watched_name_merges_in_registration_order() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        let obj = |name: &str| Scope::Object { kind: ObjectKind::Group, name: Arc::from(name) };
        r.add(1, p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(1), 1, obj("B"));
        r.add(1, p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(2), 2, obj("A"));
        r.add(1, p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(3), 3, obj("B"));
        // "A" was deleted and "B" renamed to "A": every registration now looks at "A".
        r.rename(ObjectKind::Group, &Arc::from("b"), &Arc::from("A"));
        assert_eq!(r.route(&ev(ChangeFlags::GROUP_STATE, ObjectKind::Group, "a")), 3);
        assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn every_delivery_shares_the_event_name() {
        let mut r = Router::new();
        let ports: Vec<_> = (0..10).map(|_| PortQueue::new(100)).collect();
        for (i, p) in ports.iter().enumerate() {
            r.add(i as u64, p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(i), 1, Scope::Cluster);
        }
        let e = ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "Cluster Disk 1");
        assert_eq!(r.route(&e), 10);
        // One reference held by the event, one per queued indication: nothing copied.
        assert_eq!(Arc::strong_count(&e.name), 11);
    }

    #[test]
    fn subtree_bit_alone_is_never_delivered() {
        let mut r = Router::new();
        let p = PortQueue::new(100);
        r.add(1, p.clone(), ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1), 1, Scope::Cluster);
        assert_eq!(r.route(&ev(ChangeFlags::REGISTRY_VALUE, ObjectKind::Key, "x")), 0);
    }
}
