//! V2 ports in a chaos run (spec/v2.md): the operations on them, the V2 reference
//! watcher (a cluster-wide V2 port on every CLUSTER, GROUP, RESOURCE and NODE event,
//! drained after every step), and the bookkeeping of what each V2 port delivered.
//!
//! V2 ports share the simulator's `port_capacity` with V1 ports, so a V2 port that is
//! rarely drained overflows and must say so with `CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2`
//! (V2-LOST); the reference watcher never overflows.

use crate::exec::{Actor, Outcome, Slot};
use crate::history::{DeliveredV2, History, PortLogV2, RegistrationV2};
use crate::ops::{Op, GROUPS};
use crate::Tamper;
use clusim_api::change_v2::*;
use clusim_api::*;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The V2 reference watcher's notify key.
pub(crate) const REFERENCE_KEY_V2: NotifyKey = NotifyKey(998);

/// The filters of `OpenPortV2`'s presets (one key for all of a preset's filters; no two
/// filters of a preset overlap, so each event matches a preset once).
pub fn preset_v2(preset: u8) -> Vec<NotifyFilterAndType> {
    type F = NotifyFilterAndType;
    match preset {
        0 => vec![
            F::cluster(ClusterChangeV2::GROUP_ADDED),
            F::group(GroupChangeV2::STATE | GroupChangeV2::DELETED),
        ],
        1 => vec![F::resource(ResourceChangeV2::STATE)],
        _ => vec![
            F::group(GroupChangeV2::ALL - GroupChangeV2::HANDLE_CLOSE),
            F::resource(ResourceChangeV2::ALL - ResourceChangeV2::HANDLE_CLOSE),
            F::node(NodeChangeV2::STATE | NodeChangeV2::GROUP_GAINED | NodeChangeV2::GROUP_LOST),
        ],
    }
}

/// The filter of `RegisterGroupV2` (targeted at one group).
pub fn group_filter_v2() -> NotifyFilterAndType {
    NotifyFilterAndType::group(GroupChangeV2::STATE | GroupChangeV2::DELETED)
}

/// The V2 reference watcher's filters: the union of the presets and the targeted
/// registration (kept that small so it stays within a small `port_capacity`).
fn reference_filters() -> Vec<NotifyFilterAndType> {
    let mut all = preset_v2(2);
    all.insert(0, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED));
    all
}

/// Creates the V2 reference watcher.
pub(crate) fn reference_port(b: &dyn Backend, me: HCluster) -> HChange {
    b.create_notify_port_v2(None, Some(me), &reference_filters(), REFERENCE_KEY_V2)
        .expect("the V2 reference watcher")
}

/// The CLUSTER events a client generates itself, and the loss signal (V2-LOST,
/// V2-CLIENT-EVENTS, V2-HANDLE-CLOSE): never matched against the reference.
pub fn client_generated_v2(object_type: u32, flag: u64) -> bool {
    let cluster = ClusterChangeV2::RECONNECT
        | ClusterChangeV2::STATE
        | ClusterChangeV2::HANDLE_CLOSE
        | ClusterChangeV2::LOST_NOTIFICATIONS;
    let t = ObjectType::from_raw(object_type);
    (t == Some(ObjectType::Cluster) && u64::from(cluster.bits()) & flag != 0)
        || t.and_then(handle_close_bit).is_some_and(|hc| hc & flag != 0)
}

/// Whether an event is the V2 loss signal.
pub fn is_lost_v2(d: &DeliveredV2) -> bool {
    d.object_type == ObjectType::Cluster.raw()
        && d.flag == u64::from(ClusterChangeV2::LOST_NOTIFICATIONS.bits())
}

/// The notify key of a V2 slot's `n`-th registration.
fn port_key_v2(slot: u8, n: u64) -> usize {
    1000 + usize::from(slot) * 100 + n as usize + 1
}

/// The V2 slot an operation works on.
pub(crate) fn slot_v2(op: &Op) -> Option<u8> {
    match op {
        Op::OpenPortV2(s, _) | Op::ClosePortV2(s) | Op::RegisterGroupV2(s, _) | Op::DrainV2(s) => Some(*s),
        _ => None,
    }
}

/// `GetClusterNotifyV2(0)` until it stops delivering, with buffers larger than anything
/// a chaos run produces (an `ERROR_MORE_DATA` stops the drain and is reported by its
/// code); what came, tagged `step`, and the code it stopped with.
pub(crate) fn drain_v2(b: &dyn Backend, port: HChange, step: usize) -> (Vec<DeliveredV2>, Win32Error) {
    let (mut buf, mut id, mut parent, mut name, mut ty) =
        (vec![0u8; 4096], vec![0u16; 260], vec![0u16; 260], vec![0u16; 260], vec![0u16; 260]);
    let mut out = Vec::new();
    loop {
        let mut bufs = NotifyV2Buffers::all(&mut buf, &mut id, &mut parent, &mut name, &mut ty);
        let h = match b.get_notify_v2(port, &mut bufs, Timeout::POLL) {
            Ok(h) => h,
            Err(e) => return (out, e.code()),
        };
        out.push(DeliveredV2 {
            step,
            key: h.key,
            object_type: h.filter.object_type,
            flag: h.filter.flags,
            object_id: String::from_utf16_lossy(&id[..h.sizes.object_id]),
            name: String::from_utf16_lossy(&name[..h.sizes.name]),
        });
    }
}

/// Runs a V2 port operation on an actor (`None` for any other operation).
pub(crate) fn execute_v2(ctx: &mut Actor, op: &Op, port: Option<(HChange, u64)>) -> Option<Outcome> {
    let b: &dyn Backend = &ctx.sim;
    let c = ctx.cluster;
    let no_port = Outcome::code(Err(Win32Error::ERROR_INVALID_HANDLE));
    Some(match op {
        Op::OpenPortV2(s, preset) => {
            let (existing, n) = port.map_or((None, 0), |(h, n)| (Some(h), n));
            let key = NotifyKey(port_key_v2(*s, n));
            Outcome::opened(
                existing,
                b.create_notify_port_v2(existing, Some(c), &preset_v2(*preset), key),
                "V2",
            )
        }
        Op::ClosePortV2(_) => port.map_or(no_port, |(h, _)| Outcome::code(b.close_notify_port(h))),
        Op::RegisterGroupV2(s, g) => {
            let Some((port, n)) = port else { return Some(no_port) };
            match b.open_group(c, GROUPS[usize::from(*g)]) {
                Ok(h) => {
                    let object = ObjectHandle::Group(h);
                    let res = b.object_id(object).and_then(|id| {
                        b.register_notify_v2(port, group_filter_v2(), object, NotifyKey(port_key_v2(*s, n)))
                            .map(|()| id)
                    });
                    ctx.held.push(h);
                    let mut out = Outcome::code(res.as_ref().map(|_| ()).map_err(|e| *e));
                    out.object_id = res.ok();
                    out
                }
                Err(e) => Outcome::code(Err(e)),
            }
        }
        Op::DrainV2(_) => {
            let Some((port, _)) = port else { return Some(no_port) };
            let (drained, code) = drain_v2(b, port, 0);
            let mut out = Outcome::code(Ok(()));
            if code != Win32Error::WAIT_TIMEOUT {
                out.code = code;
            }
            out.drained_v2 = drained;
            out
        }
        _ => return None,
    })
}

/// Keeps the V2 port table and the V2 port logs in step with a V2 port operation, and
/// records (and traces) what a drain delivered, applying a `DropDeliveredV2` tamper.
pub(crate) fn record_v2(
    h: &mut History,
    slots: &mut BTreeMap<u8, Slot>,
    op: &Op,
    step: usize,
    out: &Outcome,
    tamper: &mut Option<Tamper>,
    count: &mut usize,
) {
    let Some(s) = slot_v2(op) else { return };
    if out.code == Win32Error::ERROR_SUCCESS {
        let register = |h: &mut History, slot: &mut Slot, filters: Vec<(u32, u64)>, object_id| {
            let key = NotifyKey(port_key_v2(s, slot.keys));
            h.ports_v2[slot.log].registrations.push(RegistrationV2 { key, from: step, filters, object_id });
            slot.keys += 1;
        };
        match op {
            Op::OpenPortV2(_, preset) => {
                let filters = preset_v2(*preset).iter().map(|f| (f.object_type, f.flags)).collect();
                let slot = slots.entry(s).or_insert_with(|| {
                    h.ports_v2.push(PortLogV2 {
                        slot: s,
                        closed: None,
                        registrations: vec![],
                        delivered: vec![],
                    });
                    Slot { handle: out.port.expect("a new V2 port"), log: h.ports_v2.len() - 1, keys: 0 }
                });
                register(h, slot, filters, None);
            }
            Op::RegisterGroupV2(..) => {
                if let Some(slot) = slots.get_mut(&s) {
                    let f = group_filter_v2();
                    register(h, slot, vec![(f.object_type, f.flags)], out.object_id.clone());
                }
            }
            Op::ClosePortV2(_) => {
                if let Some(slot) = slots.remove(&s) {
                    h.ports_v2[slot.log].closed = Some(step);
                }
            }
            _ => {}
        }
    }
    let Some(log) = slots.get(&s).map(|s| s.log) else { return };
    for d in &out.drained_v2 {
        *count += 1;
        if *tamper == Some(Tamper::DropDeliveredV2(*count)) {
            *tamper = None;
            continue;
        }
        let d = DeliveredV2 { step, ..d.clone() };
        let _ = writeln!(h.trace, "      q{s} k{} {} {:?}", d.key.0, flag_name_v2(&d), d.name);
        h.ports_v2[log].delivered.push(d);
    }
}

/// Drains the V2 reference watcher into the history, tagged with the step.
pub(crate) fn drain_reference_v2(b: &dyn Backend, reference: HChange, step: usize, h: &mut History) {
    let (events, code) = drain_v2(b, reference, step);
    if code != Win32Error::WAIT_TIMEOUT {
        h.violations.push(format!("step {step}: the V2 reference watcher's get returned {code}"));
    }
    for d in events {
        if is_lost_v2(&d) {
            h.violations
                .push(format!("step {step}: the V2 reference watcher overflowed (raise port_capacity)"));
        }
        let _ = writeln!(h.trace, "      W2 {} {:?}", flag_name_v2(&d), d.name);
        h.reference_v2.push(d);
    }
}

/// At the end of a run: drains every open V2 port into its log, then closes it.
pub(crate) fn finish_v2(b: &dyn Backend, slots: &mut BTreeMap<u8, Slot>, end: usize, h: &mut History) {
    for (slot, s) in std::mem::take(slots) {
        for d in drain_v2(b, s.handle, end).0 {
            let _ = writeln!(h.trace, "      end q{slot} k{} {} {:?}", d.key.0, flag_name_v2(&d), d.name);
            h.ports_v2[s.log].delivered.push(d);
        }
        let _ = b.close_notify_port(s.handle);
        h.ports_v2[s.log].closed = Some(end);
    }
}

/// `TYPE FLAG_V2` for the trace (the hex value for a flag without a name here).
pub fn flag_name_v2(d: &DeliveredV2) -> String {
    let f = d.flag as u32;
    let name = match ObjectType::from_raw(d.object_type) {
        Some(ObjectType::Cluster) => ClusterChangeV2::from_bits_retain(f).iter_names().next().map(|(n, _)| n),
        Some(ObjectType::Group) => GroupChangeV2::from_bits_retain(f).iter_names().next().map(|(n, _)| n),
        Some(ObjectType::Resource) => {
            ResourceChangeV2::from_bits_retain(f).iter_names().next().map(|(n, _)| n)
        }
        Some(ObjectType::Node) => NodeChangeV2::from_bits_retain(f).iter_names().next().map(|(n, _)| n),
        _ => None,
    };
    let ty = ObjectType::from_raw(d.object_type).map_or("?", ObjectType::label);
    match name {
        Some(n) => format!("{ty} {n}_V2"),
        None => format!("{ty} {:#x}", d.flag),
    }
}
