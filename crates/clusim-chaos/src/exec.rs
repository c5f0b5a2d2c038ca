//! Runs a list of operations on a simulator: each on the actor thread it names, one at a
//! time (lockstep), so the interleaving is fixed by the seed and the trace replays byte
//! for byte, while every handle still crosses threads.
//!
//! After every step the scheduler drains the reference watcher (a cluster-wide port on
//! every object and database event, drained so often it can never overflow) and takes
//! a snapshot of every pooled object's state; both go into the [`History`] the
//! validators read.

use crate::history::{Delivered, History, Matcher, PortLog, Registration, StateChange};
use crate::ops::{Op, GROUPS, KEYS, NODES, RESOURCES, TYPES, VALUES};
use crate::{v2, ChaosConfig, Tamper};
use clusim_api::registry::{CLUSREG_CREATE_KEY, CLUSREG_DELETE_VALUE, CLUSREG_SET_VALUE, REG_DWORD};
use clusim_api::*;
use clusim_sim::Sim;
use crossbeam_channel::{bounded, Sender};
use std::collections::BTreeMap;
use std::fmt::Write;

const SAM: u32 = 0x000F_003F; // KEY_ALL_ACCESS
const REFERENCE_KEY: NotifyKey = NotifyKey(999);

/// The filter of `OpenPort`'s presets.
pub fn filter_preset(preset: u8) -> ChangeFlags {
    use ChangeFlags as F;
    match preset {
        0 => F::GROUP_ADDED | F::GROUP_STATE | F::GROUP_DELETED | F::GROUP_PROPERTY,
        1 => F::RESOURCE_ADDED | F::RESOURCE_STATE | F::RESOURCE_DELETED | F::RESOURCE_PROPERTY,
        2 => object_events(),
        _ => F::REGISTRY_EVENTS | F::REGISTRY_SUBTREE,
    }
}

/// Every event the model emits about objects (no database, no client-generated bits).
fn object_events() -> ChangeFlags {
    ChangeFlags::ALL - ChangeFlags::REGISTRY_EVENTS - ChangeFlags::REGISTRY_SUBTREE - client_generated()
}

/// The indications a client generates itself rather than the cluster (spec/ports.md).
pub fn client_generated() -> ChangeFlags {
    ChangeFlags::CLUSTER_STATE | ChangeFlags::CLUSTER_RECONNECT | ChangeFlags::HANDLE_CLOSE
}

type Job = Box<dyn FnOnce(&mut Actor) + Send>;

/// One actor thread's own state: its cluster handle and the group handles it keeps
/// open for per-object registrations.
pub(crate) struct Actor {
    pub(crate) sim: Sim,
    pub(crate) cluster: HCluster,
    pub(crate) held: Vec<HGroup>,
}

/// What one step's call produced.
pub(crate) struct Outcome {
    pub(crate) code: Win32Error,
    drained: Vec<(NotifyKey, ChangeFlags, String)>,
    /// What a V2 drain delivered (step tags are set when recorded).
    pub(crate) drained_v2: Vec<crate::history::DeliveredV2>,
    /// A port the call created.
    pub(crate) port: Option<HChange>,
    /// The id of the object a targeted V2 registration was made on.
    pub(crate) object_id: Option<String>,
    pub(crate) anomaly: Option<String>,
    /// The cluster lost quorum and regained it during the step.
    pub(crate) quorum_cycle: bool,
}

impl Outcome {
    pub(crate) fn code(r: Result<()>) -> Outcome {
        Outcome {
            code: r.err().unwrap_or(Win32Error::ERROR_SUCCESS),
            drained: vec![],
            drained_v2: vec![],
            port: None,
            object_id: None,
            anomaly: None,
            quorum_cycle: false,
        }
    }
}

impl Outcome {
    /// The outcome of a port create (`CreateClusterNotifyPort{suffix}`): the port, and an
    /// anomaly when adding to an existing port returned another handle (PORT-CREATE, V2-CREATE).
    pub(crate) fn opened(existing: Option<HChange>, r: Result<HChange>, suffix: &str) -> Outcome {
        let Ok(h) = r else { return Outcome::code(r.map(|_| ())) };
        let mut out = Outcome::code(Ok(()));
        if existing.is_some_and(|e| e != h) {
            out.anomaly =
                Some(format!("CreateClusterNotifyPort{suffix} on an existing port returned another handle"));
        }
        out.port = Some(h);
        out
    }
}

/// A port slot the scheduler tracks.
pub(crate) struct Slot {
    pub(crate) handle: HChange,
    pub(crate) log: usize,
    pub(crate) keys: u64,
}

/// Runs `ops` and records the history and trace.
pub fn run(cfg: &ChaosConfig, ops: &[(u8, Op)]) -> History {
    let sim = Sim::builder()
        .seed(cfg.seed)
        .manual_clock()
        .port_capacity(cfg.port_capacity)
        .registrations_follow_objects(cfg.registrations_follow_objects)
        // The chaos validators model instant transitions (every call's events at once).
        .instant_transitions(true)
        .build();
    let me = sim.open_cluster(None).expect("open the local cluster");
    let reference = sim
        .create_notify_port(None, Some(me), ChangeFlags::ALL - ChangeFlags::HANDLE_CLOSE, REFERENCE_KEY)
        .expect("the reference watcher");
    let reference_v2 = v2::reference_port(&sim, me);
    let mut h = History { initial: names(&sim, me), ..History::default() };
    let mut snapshot = states(&sim, me);
    let actors = spawn_actors(&sim, cfg.actors.max(1));
    let mut slots: BTreeMap<u8, Slot> = BTreeMap::new();
    let mut slots_v2: BTreeMap<u8, Slot> = BTreeMap::new();
    let mut tamper = cfg.tamper;
    let (mut delivered_count, mut delivered_v2) = (0usize, 0usize);
    for (step, (actor, op)) in ops.iter().enumerate() {
        let step = step + 1;
        let a = usize::from(*actor) % actors.len();
        let port = match v2::slot_v2(op) {
            Some(s) => slots_v2.get(&s),
            None => slot_port(op).and_then(|s| slots.get(&s)),
        }
        .map(|s| (s.handle, s.keys));
        let (tx, rx) = bounded(1);
        let job_op = op.clone();
        actors[a]
            .send(Box::new(move |ctx: &mut Actor| {
                let _ = tx.send(execute(ctx, &job_op, port));
            }))
            .expect("actor alive");
        let out = rx.recv().expect("actor replied");
        let _ = write!(h.trace, "{step:04} a{a} {op} -> {}", out.code.name().unwrap_or("?"));
        if let Some(note) = &out.anomaly {
            h.violations.push(format!("step {step}: {note}"));
            let _ = write!(h.trace, " !{note}");
        }
        h.trace.push('\n');
        h.calls.push((step, op.clone(), out.code));
        if out.quorum_cycle {
            h.quorum_cycles.push(step);
        }
        record_port_effects(&mut h, &mut slots, op, step, &out);
        v2::record_v2(&mut h, &mut slots_v2, op, step, &out, &mut tamper, &mut delivered_v2);
        for (key, change, name) in out.drained {
            let Some(log) = slot_port(op).and_then(|s| slots.get(&s)).map(|s| s.log) else { continue };
            delivered_count += 1;
            let copies = match tamper {
                Some(Tamper::DropDelivered(n)) if n == delivered_count => {
                    tamper = None;
                    0
                }
                Some(Tamper::DuplicateDelivered(n)) if n == delivered_count => {
                    tamper = None;
                    2
                }
                _ => 1,
            };
            for _ in 0..copies {
                let _ = writeln!(
                    h.trace,
                    "      p{} k{} {} {name:?}",
                    h.ports[log].slot,
                    key.0,
                    flag_name(change)
                );
                h.ports[log].delivered.push(Delivered { step, key, change, name: name.clone() });
            }
        }
        drain_reference(&sim, reference, step, &mut h);
        v2::drain_reference_v2(&sim, reference_v2, step, &mut h);
        let now = states(&sim, me);
        for (name, state) in &now {
            if snapshot.get(name) != Some(state) {
                h.state_changes.push(StateChange {
                    step,
                    object: name.clone(),
                    before: snapshot.get(name).cloned(),
                    after: Some(state.clone()),
                });
            }
        }
        for (name, state) in &snapshot {
            if !now.contains_key(name) {
                h.state_changes.push(StateChange {
                    step,
                    object: name.clone(),
                    before: Some(state.clone()),
                    after: None,
                });
            }
        }
        snapshot = now;
    }
    let end = ops.len() + 1;
    for (slot, s) in std::mem::take(&mut slots) {
        let drained = drain(&sim, s.handle, 512);
        for (key, change, name) in drained.0 {
            let _ = writeln!(h.trace, "      end p{slot} k{} {} {name:?}", key.0, flag_name(change));
            h.ports[s.log].delivered.push(Delivered { step: end, key, change, name });
        }
        let _ = sim.close_notify_port(s.handle);
        h.ports[s.log].closed = Some(end);
    }
    v2::finish_v2(&sim, &mut slots_v2, end, &mut h);
    drain_reference(&sim, reference, end, &mut h);
    v2::drain_reference_v2(&sim, reference_v2, end, &mut h);
    drop(actors);
    h.finals = names(&sim, me);
    let _ = writeln!(h.trace, "end groups {:?} resources {:?}", h.finals.0, h.finals.1);
    let _ = sim.close_notify_port(reference);
    let _ = sim.close_notify_port(reference_v2);
    let _ = sim.close_cluster(me);
    h
}

/// Starts the actor threads, each with its own cluster handle; when its channel closes,
/// an actor closes what it holds.
fn spawn_actors(sim: &Sim, n: usize) -> Vec<Sender<Job>> {
    (0..n)
        .map(|i| {
            let (tx, rx) = bounded::<Job>(1);
            let sim = sim.clone();
            // Opened here, before any step runs: a thread that opened it itself could
            // race a first-step quorum loss (and the handle order would not be fixed).
            let cluster = sim.open_cluster(None).expect("open the local cluster");
            std::thread::Builder::new()
                .name(format!("chaos-actor-{i}"))
                .spawn(move || {
                    let mut actor = Actor { sim, cluster, held: Vec::new() };
                    for job in rx {
                        job(&mut actor);
                    }
                    for g in actor.held.drain(..) {
                        let _ = actor.sim.close_group(g);
                    }
                    let _ = actor.sim.close_cluster(actor.cluster);
                })
                .expect("spawn an actor");
            tx
        })
        .collect()
}

/// The port slot an operation works on.
fn slot_port(op: &Op) -> Option<u8> {
    match op {
        Op::OpenPort(s, _)
        | Op::ClosePort(s)
        | Op::RegisterGroup(s, _)
        | Op::Drain(s)
        | Op::DrainSmall(s) => Some(*s),
        _ => None,
    }
}

/// Keeps the scheduler's port table and the port logs in step with a port operation.
fn record_port_effects(h: &mut History, slots: &mut BTreeMap<u8, Slot>, op: &Op, step: usize, out: &Outcome) {
    if out.code != Win32Error::ERROR_SUCCESS {
        return;
    }
    match op {
        Op::OpenPort(s, preset) => {
            let matcher = Matcher::Filter(filter_preset(*preset));
            match slots.get_mut(s) {
                Some(slot) => {
                    let key = NotifyKey(port_key(*s, slot.keys));
                    h.ports[slot.log].registrations.push(Registration { key, from: step, matcher });
                    slot.keys += 1;
                }
                None => {
                    let key = NotifyKey(port_key(*s, 0));
                    let handle = out.port.expect("a new port");
                    h.ports.push(PortLog {
                        slot: *s,
                        opened: step,
                        closed: None,
                        registrations: vec![Registration { key, from: step, matcher }],
                        delivered: vec![],
                    });
                    slots.insert(*s, Slot { handle, log: h.ports.len() - 1, keys: 1 });
                }
            }
        }
        Op::RegisterGroup(s, g) => {
            if let Some(slot) = slots.get_mut(s) {
                let key = NotifyKey(port_key(*s, slot.keys));
                let matcher = Matcher::Group(GROUPS[usize::from(*g)].to_string());
                h.ports[slot.log].registrations.push(Registration { key, from: step, matcher });
                slot.keys += 1;
            }
        }
        Op::ClosePort(s) => {
            if let Some(slot) = slots.remove(s) {
                h.ports[slot.log].closed = Some(step);
            }
        }
        _ => {}
    }
}

/// The notify key of a port slot's `n`-th registration.
fn port_key(slot: u8, n: u64) -> usize {
    usize::from(slot) * 100 + n as usize + 1
}

/// Drains the reference watcher into the history, tagged with the step.
fn drain_reference(sim: &Sim, reference: HChange, step: usize, h: &mut History) {
    let (events, code) = drain(sim, reference, 512);
    if code != Win32Error::WAIT_TIMEOUT {
        h.violations.push(format!("step {step}: the reference watcher's get returned {code}"));
    }
    for (_, change, name) in events {
        let _ = writeln!(h.trace, "      W {} {name:?}", flag_name(change));
        h.reference.push(Delivered { step, key: REFERENCE_KEY, change, name });
    }
}

/// `GetClusterNotify(0)` until it stops delivering; returns what came and the code it
/// stopped with.
fn drain(b: &dyn Backend, port: HChange, buf: usize) -> (Vec<(NotifyKey, ChangeFlags, String)>, Win32Error) {
    let mut out = Vec::new();
    let mut name = vec![0u16; buf];
    loop {
        match b.get_notify(port, &mut name, Timeout::POLL) {
            Ok(n) => out.push((n.key, n.change, String::from_utf16_lossy(&name[..n.name_len]))),
            Err(e) => return (out, e.code()),
        }
    }
}

/// A flag's short name for the trace.
fn flag_name(f: ChangeFlags) -> String {
    f.name()
        .map(|n| n.trim_start_matches("CLUSTER_CHANGE_").to_string())
        .unwrap_or_else(|| format!("{:#x}", f.bits()))
}

/// The names of every group and resource.
fn names(b: &dyn Backend, c: HCluster) -> (Vec<String>, Vec<String>) {
    use clusim_api::enums::{CLUSTER_ENUM_GROUP, CLUSTER_ENUM_RESOURCE};
    let all = b.cluster_enum(c, CLUSTER_ENUM_GROUP | CLUSTER_ENUM_RESOURCE).unwrap_or_default();
    let pick = |k: u32| {
        let mut v: Vec<String> = all.iter().filter(|e| e.kind == k).map(|e| e.name.clone()).collect();
        v.sort();
        v
    };
    (pick(CLUSTER_ENUM_GROUP), pick(CLUSTER_ENUM_RESOURCE))
}

/// The state of every pooled group, resource and node that exists, by kind and name.
fn states(b: &dyn Backend, c: HCluster) -> BTreeMap<(char, String), String> {
    let mut out = BTreeMap::new();
    for g in GROUPS {
        if let Ok(h) = b.open_group(c, g) {
            if let Ok((s, _)) = b.group_state(h) {
                out.insert(('G', g.to_string()), format!("{s:?}"));
            }
            let _ = b.close_group(h);
        }
    }
    for r in RESOURCES {
        if let Ok(h) = b.open_resource(c, r) {
            if let Ok(s) = b.resource_state(h) {
                out.insert(('R', r.to_string()), format!("{:?}", s.state));
            }
            let _ = b.close_resource(h);
        }
    }
    for n in NODES {
        if let Ok(h) = b.open_node(c, n) {
            if let Ok(s) = b.node_state(h) {
                out.insert(('N', n.to_string()), format!("{s:?}"));
            }
            let _ = b.close_node(h);
        }
    }
    out
}

/// Runs one operation on an actor.
fn execute(ctx: &mut Actor, op: &Op, port: Option<(HChange, u64)>) -> Outcome {
    if let Some(out) = v2::execute_v2(ctx, op, port) {
        return out;
    }
    let b: &dyn Backend = &ctx.sim;
    let c = ctx.cluster;
    let g = |i: &u8| GROUPS[usize::from(*i)];
    let r = |i: &u8| RESOURCES[usize::from(*i)];
    let with_group = |name: &str, f: &dyn Fn(HGroup) -> Result<()>| -> Result<()> {
        let h = b.open_group(c, name)?;
        let res = f(h);
        let _ = b.close_group(h);
        res
    };
    let with_res = |name: &str, f: &dyn Fn(HResource) -> Result<()>| -> Result<()> {
        let h = b.open_resource(c, name)?;
        let res = f(h);
        let _ = b.close_resource(h);
        res
    };
    let with_key = |k: &u8, create: bool, f: &dyn Fn(HKey) -> Result<()>| -> Result<()> {
        let root = b.get_cluster_key(c, SAM)?;
        let key = if create {
            b.reg_create_key(root, KEYS[usize::from(*k)], 0, SAM).map(|(k, _)| k)
        } else {
            b.reg_open_key(root, KEYS[usize::from(*k)], SAM)
        };
        let res = key.and_then(|key| {
            let res = f(key);
            let _ = b.reg_close_key(key);
            res
        });
        let _ = b.reg_close_key(root);
        res
    };
    let faults = ctx.sim.faults(None);
    match op {
        Op::CreateGroup(a) => Outcome::code(b.create_group(c, g(a)).map(|h| {
            let _ = b.close_group(h);
        })),
        Op::DeleteGroup(a) => Outcome::code(with_group(g(a), &|h| b.delete_group(h))),
        Op::OnlineGroup(a) => Outcome::code(with_group(g(a), &|h| b.online_group(h, None))),
        Op::OfflineGroup(a) => Outcome::code(with_group(g(a), &|h| b.offline_group(h))),
        Op::MoveGroup(a, node) => Outcome::code(with_group(g(a), &|h| match node {
            Some(n) => {
                let n = b.open_node(c, NODES[usize::from(*n)])?;
                let res = b.move_group(h, Some(n));
                let _ = b.close_node(n);
                res
            }
            None => b.move_group(h, None),
        })),
        Op::CreateResource(a, x, t) => Outcome::code(with_group(g(a), &|h| {
            b.create_resource(h, r(x), TYPES[usize::from(*t)]).map(|h| {
                let _ = b.close_resource(h);
            })
        })),
        Op::DeleteResource(a) => Outcome::code(with_res(r(a), &|h| b.delete_resource(h))),
        Op::OnlineResource(a) => Outcome::code(with_res(r(a), &|h| b.online_resource(h))),
        Op::OfflineResource(a) => Outcome::code(with_res(r(a), &|h| b.offline_resource(h))),
        Op::FailResource(a) => Outcome::code(with_res(r(a), &|h| b.fail_resource(h))),
        Op::AddDependency(x, y) => {
            Outcome::code(with_res(r(x), &|h| with_res(r(y), &|d| b.add_dependency(h, d))))
        }
        Op::RemoveDependency(x, y) => {
            Outcome::code(with_res(r(x), &|h| with_res(r(y), &|d| b.remove_dependency(h, d))))
        }
        Op::SetValue(k, v, d) => Outcome::code(with_key(k, true, &|key| {
            b.reg_set_value(key, VALUES[usize::from(*v)], REG_DWORD, &d.to_le_bytes())
        })),
        Op::DeleteValue(k, v) => {
            Outcome::code(with_key(k, false, &|key| b.reg_delete_value(key, VALUES[usize::from(*v)])))
        }
        Op::DeleteKey(k) => Outcome::code(b.get_cluster_key(c, SAM).and_then(|root| {
            let res = b.reg_delete_key(root, KEYS[usize::from(*k)]);
            let _ = b.reg_close_key(root);
            res
        })),
        Op::Batch(k, cmds) => Outcome::code(with_key(k, true, &|key| {
            let batch = b.reg_create_batch(key)?;
            for (cmd, v, d) in cmds {
                let name = VALUES[usize::from(*v)];
                let res = match cmd {
                    0 => b.reg_batch_add_command(
                        batch,
                        CLUSREG_SET_VALUE,
                        Some(name),
                        REG_DWORD,
                        &d.to_le_bytes(),
                    ),
                    1 => b.reg_batch_add_command(batch, CLUSREG_DELETE_VALUE, Some(name), 0, &[]),
                    _ => b.reg_batch_add_command(batch, CLUSREG_CREATE_KEY, Some(&format!("sub{v}")), 0, &[]),
                };
                if let Err(e) = res {
                    let _ = b.reg_close_batch(batch, false);
                    return Err(e);
                }
            }
            b.reg_close_batch(batch, true).map_err(|f| f.code)
        })),
        Op::OpenPort(s, preset) => {
            let (existing, n) = port.map_or((None, 0), |(h, n)| (Some(h), n));
            let key = NotifyKey(port_key(*s, n));
            Outcome::opened(
                existing,
                b.create_notify_port(existing, Some(c), filter_preset(*preset), key),
                "",
            )
        }
        Op::ClosePort(_) => {
            Outcome::code(port.map_or(Err(Win32Error::ERROR_INVALID_HANDLE), |(h, _)| b.close_notify_port(h)))
        }
        Op::RegisterGroup(s, a) => {
            let Some((port, n)) = port else { return Outcome::code(Err(Win32Error::ERROR_INVALID_HANDLE)) };
            let filter = ChangeFlags::GROUP_STATE | ChangeFlags::GROUP_PROPERTY | ChangeFlags::GROUP_DELETED;
            match b.open_group(c, g(a)) {
                Ok(h) => {
                    let res =
                        b.register_notify(port, filter, ObjectHandle::Group(h), NotifyKey(port_key(*s, n)));
                    ctx.held.push(h);
                    Outcome::code(res)
                }
                Err(e) => Outcome::code(Err(e)),
            }
        }
        Op::Drain(_) | Op::DrainSmall(_) => {
            let Some((port, _)) = port else { return Outcome::code(Err(Win32Error::ERROR_INVALID_HANDLE)) };
            let mut out = Outcome::code(Ok(()));
            if matches!(op, Op::DrainSmall(_)) {
                let mut small = [0u16; 2];
                match b.get_notify(port, &mut small, Timeout::POLL) {
                    Ok(n) => {
                        out.drained.push((n.key, n.change, String::from_utf16_lossy(&small[..n.name_len])))
                    }
                    Err(GetNotifyError::MoreData { needed }) => {
                        let mut fit = vec![0u16; needed + 1];
                        match b.get_notify(port, &mut fit, Timeout::POLL) {
                            Ok(n) if n.name_len == needed => {
                                out.drained.push((n.key, n.change, String::from_utf16_lossy(&fit[..needed])))
                            }
                            other => {
                                out.anomaly = Some(format!(
                                    "PORT-MORE-DATA (N1): ERROR_MORE_DATA said {needed} characters, the retry gave {other:?}"
                                ))
                            }
                        }
                    }
                    Err(e) if e.code() == Win32Error::WAIT_TIMEOUT => return out,
                    Err(e) => return Outcome::code(Err(e.code())),
                }
            }
            let (rest, code) = drain(b, port, 512);
            out.drained.extend(rest);
            if code != Win32Error::WAIT_TIMEOUT {
                out.code = code;
            }
            out
        }
        Op::NodeDown(n) => crate::quorum::node_down(b, c, &faults, NODES[usize::from(*n)]),
        Op::NodeUp(n) => Outcome::code(faults.node_up(NODES[usize::from(*n)])),
        Op::Unreachable => Outcome::code(faults.cluster_unreachable()),
        Op::Reconnect => Outcome::code(faults.reconnect()),
        Op::QuorumLoss => crate::quorum::quorum_loss(b, c, &faults),
        Op::OpenPortV2(..) | Op::ClosePortV2(_) | Op::RegisterGroupV2(..) | Op::DrainV2(_) => {
            unreachable!("V2 port operations run in v2::execute_v2")
        }
    }
}
