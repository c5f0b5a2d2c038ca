//! The validators of V2 ports, on the recorded [`History`] (spec/reliability.md):
//!
//! 1. **Per-port V2 streams** (V2-ROUTE, V2-LOST): each registration's deliveries are
//!    the V2 reference watcher's events it matches (its filters' types and flags, and for
//!    a targeted registration its object's id, V2-4), in the same order, each once; an
//!    event may be missing only if a `CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2`
//!    follows it on that port or the port was closed before it was read (N3).
//! 2. **The V2 reference watcher** sees CLUSTER `STATE_V2` / `RECONNECT_V2` exactly where
//!    the V1 one sees `CLUSTER_STATE` / `CLUSTER_RECONNECT` (V2-CLIENT-EVENTS).
//! 3. **Every state change observed in V2**: when a group, resource or node changed state
//!    across a step, the V2 watcher saw its `STATE_V2` in that step; a group that came or
//!    went, CLUSTER `GROUP_ADDED_V2` / GROUP `DELETED_V2`; a resource, GROUP
//!    `RESOURCE_ADDED_V2` (named after the resource) / RESOURCE `DELETED_V2`.

use crate::history::{DeliveredV2, History, PortLogV2, RegistrationV2};
use crate::v2::{client_generated_v2, flag_name_v2, is_lost_v2};
use crate::validate::{losses, match_stream};
use clusim_api::change_v2::*;
use clusim_api::{ChangeFlags, NotifyKey, ObjectType};
use std::collections::{BTreeMap, BTreeSet};

/// Every V2 violation in `h`.
pub(crate) fn validate_v2(h: &History, v: &mut Vec<String>) {
    for port in &h.ports_v2 {
        port_stream_v2(h, port, v);
    }
    signals_v2(h, v);
    state_changes_v2(h, v);
}

/// Whether registration `r` on `port` matches V2 reference event `w`.
fn matches_v2(h: &History, port: &PortLogV2, r: &RegistrationV2, w: &DeliveredV2) -> bool {
    w.step > r.from
        && !port.closed.is_some_and(|c| w.step >= c && c <= h.calls.len())
        && r.filters.iter().any(|(t, f)| *t == w.object_type && f & w.flag != 0)
        && r.object_id.as_ref().is_none_or(|id| *id == w.object_id)
}

fn port_stream_v2(h: &History, port: &PortLogV2, v: &mut Vec<String>) {
    let mut expected: BTreeMap<NotifyKey, Vec<&DeliveredV2>> = BTreeMap::new();
    for r in &port.registrations {
        let list = expected.entry(r.key).or_default();
        list.extend(h.reference_v2.iter().filter(|w| matches_v2(h, port, r, w)));
    }
    let lost: Vec<usize> = port.delivered.iter().filter(|d| is_lost_v2(d)).map(|d| d.step).collect();
    let closed_early = port.closed.is_some_and(|c| c <= h.calls.len());
    let q = port.slot;
    let mut delivered: BTreeMap<NotifyKey, Vec<&DeliveredV2>> = BTreeMap::new();
    for d in &port.delivered {
        if client_generated_v2(d.object_type, d.flag) {
            continue;
        }
        if !expected.contains_key(&d.key) {
            v.push(format!(
                "step {}: V2-ROUTE: q{q} delivered key {} that no registration has",
                d.step, d.key.0
            ));
            continue;
        }
        delivered.entry(d.key).or_default().push(d);
    }
    for (key, list) in &expected {
        let got = delivered.get(key).map(Vec::as_slice).unwrap_or(&[]);
        let id = |d: &&DeliveredV2| (d.step, (d.object_type, d.flag, d.object_id.clone(), d.name.clone()));
        let (matched, strays) =
            match_stream(&list.iter().map(id).collect::<Vec<_>>(), &got.iter().map(id).collect::<Vec<_>>());
        for d in strays.iter().map(|&i| got[i]) {
            v.push(format!(
                "step {}: V2-FIFO: q{q} key {} delivered {} {:?}, which the V2 reference watcher does not \
                 have in that place (a duplicate, a reordering or an invented event)",
                d.step,
                key.0,
                flag_name_v2(d),
                d.name
            ));
        }
        let unsignalled = losses(&matched, closed_early, |i| lost.iter().any(|l| *l >= list[i].step));
        if let Some(first) = unsignalled.first().map(|&i| list[i]) {
            v.push(format!(
                "V2-LOST (N10): q{q} key {} lost {} of the V2 reference watcher's events (first: step {} {} {:?}) \
                 with no CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2 after them",
                key.0,
                unsignalled.len(),
                first.step,
                flag_name_v2(first),
                first.name
            ));
        }
    }
}

fn signals_v2(h: &History, v: &mut Vec<String>) {
    for (v1, v2) in [
        (ChangeFlags::CLUSTER_STATE, ClusterChangeV2::STATE),
        (ChangeFlags::CLUSTER_RECONNECT, ClusterChangeV2::RECONNECT),
    ] {
        let want: BTreeSet<usize> = h.reference.iter().filter(|d| d.change == v1).map(|d| d.step).collect();
        let seen: BTreeSet<usize> = h
            .reference_v2
            .iter()
            .filter(|d| d.object_type == ObjectType::Cluster.raw() && d.flag == u64::from(v2.bits()))
            .map(|d| d.step)
            .collect();
        if seen != want {
            v.push(format!(
                "V2-CLIENT-EVENTS: the V2 watcher saw CLUSTER {v2:?} at steps {seen:?}, the V1 watcher its twin at {want:?}"
            ));
        }
    }
}

fn state_changes_v2(h: &History, v: &mut Vec<String>) {
    use ObjectType as T;
    for c in &h.state_changes {
        let (kind, obj) = (c.object.0, &c.object.1);
        let bits = |t: T, f: u32| (t.raw(), u64::from(f));
        let (ty, flag) = match (kind, c.before.is_some(), c.after.is_some()) {
            ('G', false, _) => bits(T::Cluster, ClusterChangeV2::GROUP_ADDED.bits()),
            ('G', _, false) => bits(T::Group, GroupChangeV2::DELETED.bits()),
            ('G', ..) => bits(T::Group, GroupChangeV2::STATE.bits()),
            ('R', false, _) => bits(T::Group, GroupChangeV2::RESOURCE_ADDED.bits()),
            ('R', _, false) => bits(T::Resource, ResourceChangeV2::DELETED.bits()),
            ('R', ..) => bits(T::Resource, ResourceChangeV2::STATE.bits()),
            (_, true, true) => bits(T::Node, NodeChangeV2::STATE.bits()),
            _ => continue,
        };
        let seen = h
            .reference_v2
            .iter()
            .any(|d| d.step == c.step && (d.object_type, d.flag) == (ty, flag) && &d.name == obj);
        if !seen {
            let want = DeliveredV2 {
                step: c.step,
                key: NotifyKey(0),
                object_type: ty,
                flag,
                object_id: String::new(),
                name: obj.clone(),
            };
            v.push(format!(
                "step {}: V2-OBSERVED: {obj:?} went from {:?} to {:?} but the V2 watcher saw no {}",
                c.step,
                c.before,
                c.after,
                flag_name_v2(&want)
            ));
        }
    }
}
