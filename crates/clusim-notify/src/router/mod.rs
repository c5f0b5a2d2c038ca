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
//!   the event's name (`Arc<str>`), registry deliveries relative to a per-key
//!   registration too (an offset into it). The index is only ever looked up by key, never
//!   iterated, so it cannot decide an order.
//! - Per-object registrations match by object name (CMRP): a rename carries them to the
//!   new name; a deleted object's registrations stay on its name (N9).
//! - Registry events (kind `Key`, name = path from the root) match cluster-wide
//!   registrations at the root (the whole tree with `REGISTRY_SUBTREE`) and per-key
//!   registrations at that key (its subtree with `REGISTRY_SUBTREE`); the delivered name
//!   is the changed key's path relative to the registration's key, `""` for the key
//!   itself (N5).
//! - Client-generated indications go through here too: closing a handle queues
//!   `HANDLE_CLOSE` on every registration made with it ([`Router::close_handle`], N4),
//!   and batch notification ports receive committed batches ([`Router::route_batch`]).
//! - V2 registrations live in [`Router::v2`] ([`v2::V2Index`]), the same router under
//!   the same lock, so V1 and V2 ports see one cluster's changes in the same order.

mod batch;
mod keys;
mod order;
pub mod v2;

use crate::ids::{HandleId, PortId};
use crate::port::{Indication, PortQueue};
use clusim_api::{ChangeFlags, NotifyKey, ObjectKind};
use clusim_model::names::{name_hash, same_name, NameKey};
use clusim_model::ModelEvent;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
    /// A per-object registration whose object was deleted (PORT-OBJECT-IDENTITY): it
    /// matches nothing any more — an object created later under the same name is
    /// another object — and closing its handle still queues `HANDLE_CLOSE` with the
    /// name the object had.
    Gone {
        /// Its kind.
        kind: ObjectKind,
        /// The name it had when it was deleted.
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
    batch_ports: BTreeMap<PortId, batch::BatchTarget>,
    /// Sequence numbers of each handle's registrations, ascending.
    by_handle: BTreeMap<HandleId, Vec<u64>>,
    /// Sequence numbers of each port's registrations, ascending.
    by_port: BTreeMap<PortId, Vec<u64>>,
    /// The V2 registrations (spec/v2.md), indexed on their own.
    pub v2: v2::V2Index,
    /// Registrations `unindex` looked at (pins the cost of a close in tests).
    #[cfg(test)]
    examined: usize,
}

/// Removes `seq` from an ascending list of targets: a binary search, not a scan.
fn remove_target(v: &mut Vec<Target>, seq: u64) {
    if let Ok(i) = v.binary_search_by_key(&seq, |t| t.seq) {
        v.remove(i);
    }
}

/// Removes `seq` from the ascending list of `id` in `index`, dropping an emptied list.
fn remove_seq<K: Ord>(index: &mut BTreeMap<K, Vec<u64>>, id: K, seq: u64) {
    if let Some(v) = index.get_mut(&id) {
        if let Ok(i) = v.binary_search(&seq) {
            v.remove(i);
        }
        if v.is_empty() {
            index.remove(&id);
        }
    }
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
            Scope::Gone { .. } => {}
            Scope::Key { path } => {
                self.by_key.entry(NameKey::of(path)).or_default().push(t);
            }
        }
        self.by_handle.entry(handle).or_default().push(seq);
        self.by_port.entry(port_id).or_default().push(seq);
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

    /// Removes one registration from every index it is in. Each list is ascending by
    /// sequence number, so this costs a binary search per list, never a scan of the
    /// other registrations.
    fn unindex(&mut self, seq: u64) -> Option<Registration> {
        let reg = self.regs.remove(&seq)?;
        #[cfg(test)]
        {
            self.examined += 1;
        }
        match &reg.scope {
            Scope::Cluster => {
                let non_registry = reg.filter - ChangeFlags::REGISTRY_EVENTS - ChangeFlags::REGISTRY_SUBTREE;
                for bit in non_registry.iter() {
                    remove_target(&mut self.by_bit[bit.bits().trailing_zeros() as usize], seq);
                }
                if reg.filter.intersects(ChangeFlags::REGISTRY_EVENTS) {
                    remove_target(&mut self.root_registry, seq);
                }
            }
            Scope::Object { kind, name } => {
                let slot = object_slot(*kind, name);
                if let Some(bucket) = self.by_object.get_mut(&slot) {
                    if let Some(i) = bucket.iter().position(|o| o.kind == *kind && same_name(&o.name, name)) {
                        remove_target(&mut bucket[i].targets, seq);
                        if bucket[i].targets.is_empty() {
                            bucket.swap_remove(i);
                        }
                    }
                    if bucket.is_empty() {
                        self.by_object.remove(&slot);
                    }
                }
            }
            Scope::Gone { .. } => {}
            Scope::Key { path } => {
                let k = NameKey::of(path);
                if let Some(v) = self.by_key.get_mut(&k) {
                    remove_target(v, seq);
                    if v.is_empty() {
                        self.by_key.remove(&k);
                    }
                }
            }
        }
        remove_seq(&mut self.by_handle, reg.handle, seq);
        remove_seq(&mut self.by_port, reg.port_id, seq);
        Some(reg)
    }

    /// Removes every registration made with `handle`, in registration order; costs
    /// O(registrations of that handle), whatever the number of others.
    pub fn remove_handle(&mut self, handle: HandleId) -> Vec<Registration> {
        let seqs = self.by_handle.remove(&handle).unwrap_or_default();
        seqs.into_iter().filter_map(|s| self.unindex(s)).collect()
    }

    /// Closing a client handle: removes every registration made with it and queues, in
    /// registration order, `CLUSTER_CHANGE_HANDLE_CLOSE` on each one's port, with that
    /// registration's key and the object's name (`cluster_name` for cluster-wide ones,
    /// the key's path for registry ones). With `requires_filter` (the N4 switch) only
    /// registrations whose filter has `HANDLE_CLOSE` get one. Returns how many were
    /// queued.
    pub fn close_handle(
        &mut self,
        handle: HandleId,
        cluster_name: &Arc<str>,
        requires_filter: bool,
    ) -> usize {
        let mut queued = 0;
        for reg in self.remove_handle(handle) {
            if requires_filter && !reg.filter.contains(ChangeFlags::HANDLE_CLOSE) {
                continue;
            }
            let name = match reg.scope {
                Scope::Cluster => cluster_name.clone(),
                Scope::Object { name, .. } | Scope::Gone { name, .. } => name,
                Scope::Key { path } => path,
            };
            reg.port.push(Indication::new(reg.key, ChangeFlags::HANDLE_CLOSE, name));
            queued += 1;
        }
        queued
    }

    /// Removes every registration of a port.
    pub fn remove_port(&mut self, port_id: PortId) -> usize {
        let seqs = self.by_port.remove(&port_id).unwrap_or_default();
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

    /// Follows a deletion: per-object registrations on (kind, name) stop matching, so an
    /// object created later under the same name does not reach them
    /// (PORT-OBJECT-IDENTITY). They stay registered until their handle or port closes.
    pub fn object_deleted(&mut self, kind: ObjectKind, name: &Arc<str>) {
        let Some(gone) = self.take_object_targets(kind, name) else {
            return;
        };
        for t in &gone {
            if let Some(reg) = self.regs.get_mut(&t.seq) {
                reg.scope = Scope::Gone { kind, name: name.clone() };
            }
        }
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
        // Merge the two ascending lists so one event reaches registrations in the order
        // they were made.
        order::merge_in_order(
            wide,
            objs,
            |t| t.seq,
            |t| t.filter.contains(ev.change),
            |t| t.port.push(Indication::new(t.key, ev.change, ev.name.clone())),
        )
    }
}

#[cfg(test)]
mod tests;
