//! V2 registrations: which V2 ports an event reaches (spec/v2.md V2-ROUTE).
//!
//! Guarantees:
//! - Cluster-wide registrations are indexed by (object type, flag), targeted ones by
//!   (object type, subject) — the object's id (or a resource type's name) — and registry
//!   ones by key path, so routing an event looks only at registrations that can match.
//!   The indexes are only looked up, never iterated, so they cannot decide an order.
//! - Every matching registration queues its own indication with its own key (as V1
//!   N7); on one event, registrations deliver in the order they were made.
//! - Targeted registrations are bound to the object's id: they follow renames, and an
//!   object created later under a deleted one's name is another object.
//! - Registry: a cluster-wide REGISTRY registration watches the root, a targeted one its
//!   key; each sees its key, NAME_V2 of direct subkeys, everything below with
//!   SUBTREE_V2; `Name` is the path relative to the registration's key (V1 N5).
//! - Closing a handle queues, per port, one `<type>_HANDLE_CLOSE_V2` for the handle's
//!   type with the key of that port's first registration made with it, then removes
//!   them ([`V2Index::close_handle`]).

use crate::ids::{HandleId, PortId};
use crate::port_v2::{IndicationV2, PortQueueV2};
use clusim_api::change_v2::{ClusterChangeV2, RegistryChangeV2};
use clusim_api::{NotifyKey, ObjectType};
use clusim_model::names::NameKey;
use clusim_model::{EventV2Data, ModelEventV2};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Where a V2 registration looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeV2 {
    /// Every object of its type (`CreateClusterNotifyPortV2`, or an `HCLUSTER` given to
    /// `RegisterClusterNotifyV2`).
    Cluster,
    /// One object: its id (a resource type: its name).
    Object(Arc<str>),
    /// One database key (path from the root) and, with SUBTREE_V2, its subtree.
    Key(Arc<str>),
}

/// A V2 registration as the router keeps it.
#[derive(Debug, Clone)]
pub struct RegistrationV2 {
    /// Order of registration.
    pub seq: u64,
    /// The receiving port.
    pub port_id: PortId,
    /// Its queue.
    pub port: Arc<PortQueueV2>,
    /// The object type.
    pub object_type: ObjectType,
    /// The filter flags (validated: `clusim_api::change_v2::valid_filter`).
    pub flags: u64,
    /// The key delivered.
    pub key: NotifyKey,
    /// The handle it was made with.
    pub handle: HandleId,
    /// Where it looks.
    pub scope: ScopeV2,
}

#[derive(Debug, Clone)]
struct Target {
    seq: u64,
    port: Arc<PortQueueV2>,
    flags: u64,
    key: NotifyKey,
}

/// The V2 registrations of one cluster.
#[derive(Debug, Default)]
pub struct V2Index {
    next_seq: u64,
    regs: BTreeMap<u64, RegistrationV2>,
    /// Cluster-wide registrations by [`wide_slot`] (object type, flag bit): a plain
    /// index, allocated with the first one.
    wide: Vec<Vec<Target>>,
    objects: BTreeMap<u32, HashMap<Arc<str>, Vec<Target>>>,
    keys: BTreeMap<NameKey, Vec<Target>>,
    root: Vec<Target>,
    by_handle: BTreeMap<HandleId, Vec<u64>>,
    by_port: BTreeMap<PortId, Vec<u64>>,
}

/// The slot of (object type, flag bit) in `V2Index::wide`.
fn wide_slot(object_type: u32, bit: u32) -> usize {
    object_type as usize * 64 + bit as usize
}

fn bits(flags: u64) -> impl Iterator<Item = u32> {
    (0..64u32).filter(move |b| flags & (1u64 << b) != 0)
}

fn remove_target(v: &mut Vec<Target>, seq: u64) {
    if let Ok(i) = v.binary_search_by_key(&seq, |t| t.seq) {
        v.remove(i);
    }
}

fn remove_seq<K: Ord>(index: &mut BTreeMap<K, Vec<u64>>, id: K, seq: u64) {
    if let Some(v) = index.get_mut(&id) {
        v.retain(|&s| s != seq);
        if v.is_empty() {
            index.remove(&id);
        }
    }
}

/// Whether a registry registration matches a change `rel` below its key (V1's rule with
/// the V2 flags).
fn registry_matches(flags: u64, flag: u32, rel: &str) -> bool {
    let subtree = flags & u64::from(RegistryChangeV2::SUBTREE.bits()) != 0;
    flags & u64::from(flag) != 0
        && (rel.is_empty() || subtree || (flag == RegistryChangeV2::NAME.bits() && !rel.contains('\\')))
}

impl V2Index {
    /// Adds a registration; returns its sequence number.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        port_id: PortId,
        port: Arc<PortQueueV2>,
        object_type: ObjectType,
        flags: u64,
        key: NotifyKey,
        handle: HandleId,
        scope: ScopeV2,
    ) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let t = Target { seq, port: port.clone(), flags, key };
        let ot = object_type.raw();
        match (&scope, object_type) {
            (ScopeV2::Cluster, ObjectType::Registry) | (ScopeV2::Key(_), _) => match &scope {
                ScopeV2::Key(path) => self.keys.entry(NameKey::of(path)).or_default().push(t),
                _ => self.root.push(t),
            },
            (ScopeV2::Cluster, _) => {
                if self.wide.is_empty() {
                    self.wide.resize_with(wide_slot(ObjectType::ALL.len() as u32, 0), Vec::new);
                }
                for b in bits(flags) {
                    self.wide[wide_slot(ot, b)].push(t.clone());
                }
            }
            (ScopeV2::Object(id), _) => {
                self.objects.entry(ot).or_default().entry(id.clone()).or_default().push(t)
            }
        }
        self.by_handle.entry(handle).or_default().push(seq);
        self.by_port.entry(port_id).or_default().push(seq);
        let reg = RegistrationV2 { seq, port_id, port, object_type, flags, key, handle, scope };
        self.regs.insert(seq, reg);
        seq
    }

    fn unindex(&mut self, seq: u64) -> Option<RegistrationV2> {
        let reg = self.regs.remove(&seq)?;
        let ot = reg.object_type.raw();
        match (&reg.scope, reg.object_type) {
            (ScopeV2::Key(path), _) => {
                let k = NameKey::of(path);
                if let Some(v) = self.keys.get_mut(&k) {
                    remove_target(v, seq);
                    if v.is_empty() {
                        self.keys.remove(&k);
                    }
                }
            }
            (ScopeV2::Cluster, ObjectType::Registry) => remove_target(&mut self.root, seq),
            (ScopeV2::Cluster, _) => {
                for b in bits(reg.flags) {
                    if let Some(v) = self.wide.get_mut(wide_slot(ot, b)) {
                        remove_target(v, seq);
                        if v.is_empty() {
                            *v = Vec::new();
                        }
                    }
                }
            }
            (ScopeV2::Object(id), _) => {
                if let Some(m) = self.objects.get_mut(&ot) {
                    if let Some(v) = m.get_mut(id) {
                        remove_target(v, seq);
                        if v.is_empty() {
                            m.remove(id);
                        }
                    }
                }
            }
        }
        remove_seq(&mut self.by_handle, reg.handle, seq);
        remove_seq(&mut self.by_port, reg.port_id, seq);
        Some(reg)
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

    /// Closing a client handle: removes every V2 registration made with it and queues,
    /// per port (in registration order), one `handle_type` HANDLE_CLOSE_V2 carrying `data`
    /// (the closed object's id and name) and the key of the port's first such
    /// registration. Returns how many were queued.
    pub fn close_handle(
        &mut self,
        handle: HandleId,
        handle_type: ObjectType,
        flag: u32,
        data: Arc<EventV2Data>,
    ) -> usize {
        let seqs = self.by_handle.remove(&handle).unwrap_or_default();
        let mut done: Vec<PortId> = Vec::new();
        for reg in seqs.into_iter().filter_map(|s| self.unindex(s)) {
            if done.contains(&reg.port_id) {
                continue;
            }
            done.push(reg.port_id);
            reg.port.push(IndicationV2::new(reg.key, handle_type, flag, data.clone()));
        }
        done.len()
    }

    /// Delivers one V2 event to every matching registration: the cluster-wide ones of
    /// (object type, flag) and the targeted ones of (object type, subject), merged in
    /// registration order. Returns how many indications were queued.
    /// CLUSTER STATE_V2 and RECONNECT_V2 are client-generated and no filter may hold
    /// them (§3.8): they reach every V2 port of the cluster once, with the key of its
    /// first registration.
    pub fn route(&self, ev: &ModelEventV2) -> usize {
        let client_only = ClusterChangeV2::STATE.bits() | ClusterChangeV2::RECONNECT.bits();
        if ev.object_type == ObjectType::Cluster && ev.flag & client_only != 0 {
            return self.broadcast(ev);
        }
        if ev.object_type == ObjectType::Registry {
            return self.route_registry(ev);
        }
        let bit = ev.flag.trailing_zeros();
        let empty = Vec::new();
        let wide = self.wide.get(wide_slot(ev.object_type.raw(), bit)).unwrap_or(&empty);
        let objs =
            self.objects.get(&ev.object_type.raw()).and_then(|m| m.get(&*ev.subject)).unwrap_or(&empty);
        let flag = u64::from(ev.flag);
        super::order::merge_in_order(
            wide,
            objs,
            |t| t.seq,
            |t| t.flags & flag != 0,
            |t| t.port.push(IndicationV2::new(t.key, ev.object_type, ev.flag, ev.data.clone())),
        )
    }

    fn broadcast(&self, ev: &ModelEventV2) -> usize {
        let mut n = 0;
        for seqs in self.by_port.values() {
            if let Some(reg) = seqs.first().and_then(|s| self.regs.get(s)) {
                reg.port.push(IndicationV2::new(reg.key, ev.object_type, ev.flag, ev.data.clone()));
                n += 1;
            }
        }
        n
    }

    fn route_registry(&self, ev: &ModelEventV2) -> usize {
        let path: &str = ev.data.name();
        let mut hits: Vec<(u64, &Target, usize)> = Vec::new();
        for t in &self.root {
            if registry_matches(t.flags, ev.flag, path) {
                hits.push((t.seq, t, 0));
            }
        }
        if !self.keys.is_empty() {
            for (end, start) in super::order::key_prefixes(path) {
                let Some(list) = self.keys.get(&NameKey::of(&path[..end])) else { continue };
                for t in list {
                    if registry_matches(t.flags, ev.flag, &path[start..]) {
                        hits.push((t.seq, t, start));
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        for &(_, t, start) in &hits {
            t.port.push(IndicationV2::tail(t.key, ev.object_type, ev.flag, ev.data.clone(), start));
        }
        hits.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusim_api::notify_v2::NotifyV2Buffers;
    use clusim_api::Timeout;
    use clusim_clock::Clock;

    fn ev(t: ObjectType, flag: u32, subject: &str, name: &str) -> ModelEventV2 {
        let s: Arc<str> = Arc::from(subject);
        ModelEventV2 {
            object_type: t,
            flag,
            subject: s.clone(),
            data: Arc::new(EventV2Data::new(s, Arc::from(""), Arc::from(name), Arc::from([]))),
        }
    }

    fn keys(p: &Arc<PortQueueV2>) -> Vec<(usize, String)> {
        let c = Clock::manual();
        let mut out = Vec::new();
        loop {
            let mut name = [0u16; 64];
            let mut b = NotifyV2Buffers { name: Some(&mut name), ..Default::default() };
            match p.get(&c, &mut b, Timeout::POLL) {
                Ok(h) => out.push((h.key.0, String::from_utf16(&name[..h.sizes.name]).unwrap())),
                Err(_) => return out,
            }
        }
    }

    // V2-ROUTE: wide by (type, flag), targeted by id, in registration order.
    #[test]
    fn wide_and_targeted_registrations_deliver_in_registration_order() {
        let mut r = V2Index::default();
        let p = PortQueueV2::new(100);
        r.add(
            PortId(1),
            p.clone(),
            ObjectType::Group,
            0x8,
            NotifyKey(1),
            HandleId(10),
            ScopeV2::Object("g1".into()),
        );
        r.add(
            PortId(1),
            p.clone(),
            ObjectType::Group,
            0x8 | 0x1,
            NotifyKey(2),
            HandleId(11),
            ScopeV2::Cluster,
        );
        r.add(
            PortId(1),
            p.clone(),
            ObjectType::Group,
            0x8,
            NotifyKey(3),
            HandleId(12),
            ScopeV2::Object("g2".into()),
        );
        r.add(PortId(1), p.clone(), ObjectType::Resource, 0x8, NotifyKey(4), HandleId(11), ScopeV2::Cluster);
        assert_eq!(r.route(&ev(ObjectType::Group, 0x8, "g1", "G1")), 2);
        assert_eq!(r.route(&ev(ObjectType::Group, 0x2, "g1", "G1")), 0);
        assert_eq!(keys(&p), vec![(1, "G1".into()), (2, "G1".into())]);
        // One HANDLE_CLOSE_V2 per port, with the first registration's key.
        let d = ev(ObjectType::Cluster, 0x8, "", "C").data;
        assert_eq!(r.close_handle(HandleId(11), ObjectType::Cluster, 0x8, d), 1);
        assert_eq!(keys(&p), vec![(2, "C".into())]);
        assert_eq!(r.len(), 2);
        assert_eq!(r.remove_port(PortId(1)), 2);
        assert!(r.is_empty());
    }

    // V2-REGISTRY: relative names, NAME_V2 of direct subkeys, SUBTREE_V2.
    #[test]
    fn registry_registrations_see_their_key_and_subtree() {
        let mut r = V2Index::default();
        let p = PortQueueV2::new(100);
        r.add(
            PortId(1),
            p.clone(),
            ObjectType::Registry,
            0x8,
            NotifyKey(1),
            HandleId(1),
            ScopeV2::Key("A".into()),
        );
        r.add(
            PortId(1),
            p.clone(),
            ObjectType::Registry,
            0x8 | 0x4,
            NotifyKey(2),
            HandleId(1),
            ScopeV2::Key("A".into()),
        );
        r.add(PortId(1), p.clone(), ObjectType::Registry, 0x2, NotifyKey(3), HandleId(2), ScopeV2::Cluster);
        assert_eq!(r.route(&ev(ObjectType::Registry, 0x8, "A\\B", "A\\B")), 1);
        assert_eq!(r.route(&ev(ObjectType::Registry, 0x8, "A", "A")), 2);
        assert_eq!(r.route(&ev(ObjectType::Registry, 0x2, "A", "A")), 1);
        assert_eq!(r.route(&ev(ObjectType::Registry, 0x2, "A\\B", "A\\B")), 0);
        assert_eq!(keys(&p), vec![(2, "B".into()), (1, "".into()), (2, "".into()), (3, "A".into())]);
    }
}
