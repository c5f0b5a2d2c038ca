//! The cases: each builds both sides of one comparison, ready to be measured.
//!
//! Every side checks what it measures: a clusim side that does not receive the event it
//! routed panics (`expect`), and so does a baseline that loses its message. The checks
//! are one predictable branch per operation, on both sides alike.

use crate::measure::{Pair, Side};
use clusim_api::{
    Backend, ChangeFlags, GetNotifyError, NotifyKey, ObjectHandle, PropertyScope, PropertyValue, Timeout,
    Win32Error,
};
use clusim_api::{ClusterApi, ControlApi, NotifyApi, ResourceApi};
use clusim_clock::Clock;
use clusim_model::ModelEvent;
use clusim_notify::{HandleId, PortId, PortQueue, Router, Scope};
use clusim_sim::{Sim, DEFAULT_PORT_CAPACITY};
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use clusim_api::ObjectKind;

/// The name every hot-path event carries (a resource of the default topology).
pub const EVENT_NAME: &str = "Cluster Disk 1";

/// The baseline's message: the same fields an indication carries.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The notify key.
    pub key: usize,
    /// The change bit.
    pub change: u32,
    /// The object name, shared as clusim shares it.
    pub name: Arc<str>,
}

fn resource_state(name: &Arc<str>) -> ModelEvent {
    ModelEvent { change: ChangeFlags::RESOURCE_STATE, kind: ObjectKind::Resource, name: name.clone() }
}

fn payload(name: &Arc<str>) -> Payload {
    Payload { key: 7, change: ChangeFlags::RESOURCE_STATE.bits(), name: name.clone() }
}

/// A port registered cluster-wide for `filter` with `key`.
fn add_wide(router: &mut Router, id: u64, filter: ChangeFlags, key: usize) -> Arc<PortQueue> {
    let port = PortQueue::new(DEFAULT_PORT_CAPACITY);
    router.add(PortId(id), port.clone(), filter, NotifyKey(key), HandleId(id), Scope::Cluster);
    port
}

/// clusim's hot path on `router`: route one `RESOURCE_STATE` event (which must reach
/// exactly `port`), drain it with a zero-timeout get.
fn route_and_get(label: &'static str, router: Router, port: Arc<PortQueue>) -> Side {
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    Side::new(label, move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.route(black_box(&ev));
            assert_eq!(n, 1, "the event matches one registration");
            let h = port.get(&clock, &mut buf, Timeout::POLL).expect("the routed event is queued");
            black_box((h, &buf));
        }
        start.elapsed()
    })
}

/// The raw-channel baseline: crossbeam `send` + `try_recv` of a [`Payload`].
fn channel_send_recv() -> Side {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (tx, rx) = unbounded::<Payload>();
    Side::new("crossbeam send + try_recv", move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            tx.send(payload(black_box(&name))).expect("receiver alive");
            let p = rx.try_recv().expect("the sent payload is there");
            black_box(p);
        }
        start.elapsed()
    })
}

/// P1: one event published to one matching port, drained with a zero-timeout get,
/// against a crossbeam-channel send + recv of the same payload.
pub fn p1_hot_path() -> Pair {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    Pair { clusim: route_and_get("route + get(0), 1 port", router, port), baseline: channel_send_recv() }
}

/// Bits the P2 bystanders register for (never the routed `RESOURCE_STATE`).
const OTHER_BITS: [ChangeFlags; 8] = [
    ChangeFlags::NODE_STATE,
    ChangeFlags::GROUP_STATE,
    ChangeFlags::GROUP_PROPERTY,
    ChangeFlags::RESOURCE_ADDED,
    ChangeFlags::RESOURCE_DELETED,
    ChangeFlags::RESOURCE_PROPERTY,
    ChangeFlags::NETWORK_STATE,
    ChangeFlags::REGISTRY_VALUE,
];

/// A router with one matching port and `ports - 1` bystanders: half registered
/// cluster-wide for other bits, half for `RESOURCE_STATE` of other resources (so both
/// indexes, by bit and by object, are full).
pub fn router_with_bystanders(ports: usize) -> (Router, Arc<PortQueue>) {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    for i in 1..ports {
        let id = 1 + i as u64;
        let q = PortQueue::new(DEFAULT_PORT_CAPACITY);
        if i % 2 == 0 {
            let bit = OTHER_BITS[i / 2 % OTHER_BITS.len()];
            router.add(PortId(id), q, bit, NotifyKey(i), HandleId(id), Scope::Cluster);
        } else {
            let name: Arc<str> = Arc::from(format!("Resource {i}"));
            let scope = Scope::Object { kind: ObjectKind::Resource, name };
            router.add(PortId(id), q, ChangeFlags::RESOURCE_STATE, NotifyKey(i), HandleId(id), scope);
        }
    }
    (router, port)
}

/// P2: routing among 10,000 ports of which one matches, against one port alone.
pub fn p2_routing() -> Pair {
    let (router, port) = router_with_bystanders(10_000);
    let (alone, alone_port) = router_with_bystanders(1);
    Pair {
        clusim: route_and_get("route + get(0), 10,000 ports, 1 matches", router, port),
        baseline: route_and_get("route + get(0), 1 port", alone, alone_port),
    }
}

/// `ports` ports all registered for the event: one route, then one get per port.
/// One iteration is one event; its operations are its `ports` deliveries.
fn fan_out(label: &'static str, ports: usize) -> Side {
    let mut router = Router::new();
    let queues: Vec<Arc<PortQueue>> =
        (0..ports).map(|i| add_wide(&mut router, i as u64 + 1, ChangeFlags::RESOURCE_STATE, i)).collect();
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    Side::with_ops(label, ports as u64, move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.route(black_box(&ev));
            assert_eq!(n, queues.len(), "every port matches");
            for q in &queues {
                let h = q.get(&clock, &mut buf, Timeout::POLL).expect("each port got the event");
                black_box(h);
            }
        }
        start.elapsed()
    })
}

/// P3: one event to 1,000 matching ports, cost per delivery, against P1's clusim path.
pub fn p3_fan_out() -> Pair {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    Pair {
        clusim: fan_out("route to 1,000 ports + 1,000 get(0), per delivery", 1_000),
        baseline: route_and_get("P1: route + get(0), 1 port", router, port),
    }
}

/// Ends an echo thread when the side that owns it is dropped.
struct Echo {
    stop: Box<dyn FnMut()>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Echo {
    fn drop(&mut self) {
        (self.stop)();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// P4: ping-pong between two threads through blocking (`INFINITE`) gets on two ports,
/// against the same ping-pong through two crossbeam channels (blocking `recv`).
/// One operation is one round trip.
pub fn p4_ping_pong() -> Pair {
    Pair { clusim: ping_pong_ports(), baseline: ping_pong_channels() }
}

fn ping_pong_ports() -> Side {
    let mut router = Router::new();
    let ping_port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 1);
    let pong_port = add_wide(&mut router, 2, ChangeFlags::GROUP_STATE, 2);
    let router = Arc::new(router);
    let ping = resource_state(&Arc::from(EVENT_NAME));
    let pong = ModelEvent {
        change: ChangeFlags::GROUP_STATE,
        kind: ObjectKind::Group,
        name: Arc::from("Available Storage"),
    };
    let thread = {
        let (router, ping_port) = (router.clone(), ping_port.clone());
        std::thread::spawn(move || {
            let clock = Clock::real();
            let mut buf = [0u16; 64];
            // Ends when the port is closed (ERROR_INVALID_HANDLE).
            while ping_port.get(&clock, &mut buf, Timeout::Infinite).is_ok() {
                router.route(&pong);
            }
        })
    };
    let echo = Echo { stop: Box::new(move || ping_port.close()), thread: Some(thread) };
    let clock = Clock::real();
    Side::new("route + get(INFINITE), round trip", move |iters| {
        let _keep = &echo;
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            router.route(&ping);
            let h = pong_port.get(&clock, &mut buf, Timeout::Infinite).expect("the echo answers");
            black_box(h);
        }
        start.elapsed()
    })
}

/// The crossbeam side of P4: owns the only sender, so dropping it ends the echo thread.
struct ChannelEcho {
    ping: Option<Sender<Payload>>,
    pong: Receiver<Payload>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for ChannelEcho {
    fn drop(&mut self) {
        self.ping = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn ping_pong_channels() -> Side {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (ping_tx, ping_rx) = unbounded::<Payload>();
    let (pong_tx, pong_rx) = unbounded::<Payload>();
    let pong_name: Arc<str> = Arc::from("Available Storage");
    let thread = std::thread::spawn(move || {
        // Answers each ping with a pong of its own, as the clusim echo routes a pong
        // event (rather than forwarding the ping). Ends when the sender is dropped.
        while let Ok(ping) = ping_rx.recv() {
            drop(ping);
            let pong = Payload { key: 2, change: ChangeFlags::GROUP_STATE.bits(), name: pong_name.clone() };
            let _ = pong_tx.send(pong);
        }
    });
    let echo = ChannelEcho { ping: Some(ping_tx), pong: pong_rx, thread: Some(thread) };
    Side::new("crossbeam send + recv, round trip", move |iters| {
        let ping = echo.ping.as_ref().expect("open until dropped");
        let start = Instant::now();
        for _ in 0..iters {
            ping.send(payload(&name)).expect("echo alive");
            let p = echo.pong.recv().expect("the echo answers");
            black_box(p);
        }
        start.elapsed()
    })
}

/// P6: `gets` gets of 500 ms on an empty port under a manual clock, each of which must
/// time out, while a helper thread advances the clock by 500 ms whenever a waiter is
/// parked (the pattern of a test that drives a watcher thread). Returns the wall time
/// of all the gets.
pub fn p6_manual_clock(gets: u64) -> Duration {
    let clock = Clock::manual();
    let port = PortQueue::new(16);
    let stop = Arc::new(AtomicBool::new(false));
    let helper = {
        let (clock, stop) = (clock.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                if clock.wait_for_timed_waiters(1, Duration::from_millis(5)) {
                    clock.advance(Duration::from_millis(500));
                }
            }
        })
    };
    let mut buf = [0u16; 64];
    let start = Instant::now();
    for _ in 0..gets {
        match port.get(&clock, &mut buf, Timeout::from_millis(500)) {
            Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)) => {}
            other => panic!("a get on an empty port must time out, got {other:?}"),
        }
    }
    let took = start.elapsed();
    stop.store(true, Ordering::Release);
    helper.join().expect("helper thread");
    assert!(clock.now() >= Duration::from_millis(500) * gets as u32, "every get waited its 500 ms");
    took
}

/// P6 in a single thread: the same gets under [`Clock::manual_auto_advance`], which
/// jumps to the deadline instead of blocking.
pub fn p6_auto_advance(gets: u64) -> Duration {
    let clock = Clock::manual_auto_advance();
    let port = PortQueue::new(16);
    let mut buf = [0u16; 64];
    let start = Instant::now();
    for _ in 0..gets {
        match port.get(&clock, &mut buf, Timeout::from_millis(500)) {
            Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)) => {}
            other => panic!("a get on an empty port must time out, got {other:?}"),
        }
    }
    let took = start.elapsed();
    assert_eq!(clock.now(), Duration::from_millis(500) * gets as u32, "every get waited its 500 ms");
    took
}

/// A simulator with the default topology, a handle to `Cluster Disk 1`, and (when
/// `with_port`) a port registered cluster-wide for `RESOURCE_PROPERTY`.
fn property_sim(with_port: bool) -> (Sim, clusim_api::HResource, Option<clusim_api::HChange>) {
    let sim = Sim::builder().build();
    let cluster = sim.open_cluster(None).expect("default cluster");
    let resource = sim.open_resource(cluster, EVENT_NAME).expect("default resource");
    let port = with_port.then(|| {
        sim.create_notify_port(None, Some(cluster), ChangeFlags::RESOURCE_PROPERTY, NotifyKey(7))
            .expect("port")
    });
    (sim, resource, port)
}

/// E1: a property change through the [`Backend`] trait, routed to a port and drained,
/// against the same property change with no port (the model's own cost).
pub fn e1_end_to_end() -> Pair {
    let props = vec![("Description".to_string(), PropertyValue::Sz("benchmarked".into()))];
    let (sim, resource, port) = property_sim(true);
    let port = port.expect("made with a port");
    let props2 = props.clone();
    let clusim = Side::new("set property + route + get(0)", move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            sim.set_properties(ObjectHandle::Resource(resource), PropertyScope::Common, &props)
                .expect("property set");
            let h = sim.get_notify(port, &mut buf, Timeout::POLL).expect("the change is queued");
            debug_assert_eq!(h.change, ChangeFlags::RESOURCE_PROPERTY);
            black_box(h);
        }
        start.elapsed()
    });
    let (bare, bare_resource, _) = property_sim(false);
    let baseline = Side::new("set property, no port", move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            bare.set_properties(ObjectHandle::Resource(bare_resource), PropertyScope::Common, &props2)
                .expect("property set");
        }
        start.elapsed()
    });
    Pair { clusim, baseline }
}

/// Sweep over ports: `ports` matching ports, per delivery, against `ports` crossbeam
/// channels (one send + one recv each).
pub fn sweep_ports(ports: usize) -> Pair {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let channels: Vec<(Sender<Payload>, Receiver<Payload>)> = (0..ports).map(|_| unbounded()).collect();
    let baseline = Side::with_ops("crossbeam: send to N channels + recv each", ports as u64, move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            for (tx, _) in &channels {
                tx.send(payload(&name)).expect("receiver alive");
            }
            for (_, rx) in &channels {
                black_box(rx.try_recv().expect("sent"));
            }
        }
        start.elapsed()
    });
    Pair { clusim: fan_out("route to N ports + N get(0), per delivery", ports), baseline }
}

/// Sweep over registrations per port: one port with `regs` cluster-wide registrations
/// that all match (each delivers its own indication, N7), per delivery, against one
/// crossbeam channel carrying `regs` messages per event.
pub fn sweep_registrations(regs: usize) -> Pair {
    let mut router = Router::new();
    let port = PortQueue::new(DEFAULT_PORT_CAPACITY);
    for k in 0..regs {
        router.add(
            PortId(1),
            port.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(k),
            HandleId(1),
            Scope::Cluster,
        );
    }
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    let clusim =
        Side::with_ops("route to R registrations + R get(0), per delivery", regs as u64, move |iters| {
            let mut buf = [0u16; 64];
            let start = Instant::now();
            for _ in 0..iters {
                assert_eq!(router.route(black_box(&ev)), regs, "every registration matches");
                for _ in 0..regs {
                    black_box(port.get(&clock, &mut buf, Timeout::POLL).expect("queued"));
                }
            }
            start.elapsed()
        });
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (tx, rx) = unbounded::<Payload>();
    let baseline = Side::with_ops("crossbeam: R sends + R recvs, per message", regs as u64, move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            for _ in 0..regs {
                tx.send(payload(&name)).expect("receiver alive");
            }
            for _ in 0..regs {
                black_box(rx.try_recv().expect("sent"));
            }
        }
        start.elapsed()
    });
    Pair { clusim, baseline }
}

/// Values set by one P5 refill (each a `REGISTRY_VALUE` event, plus one
/// `RESOURCE_PROPERTY`).
pub const P5_VALUES: u32 = 63;

/// Most events a P5 side queues before it times their gets.
const P5_CHUNK: usize = 1 << 16;

/// One side of P5: `GetClusterNotify` with a zero timeout through `backend`, on a port
/// registered for `RESOURCE_PROPERTY` and the database's value changes. Before the
/// clock starts, property changes (each queueing `P5_VALUES + 1` events) fill the port
/// with at least `iters` events; only the `iters` gets are timed; what is left is
/// drained after. Both sides get the same events through the same trait calls.
fn notify_gets(label: &'static str, backend: Arc<dyn Backend>) -> (Side, usize) {
    let cluster = backend.open_cluster(None).expect("local cluster");
    let resource = backend.open_resource(cluster, EVENT_NAME).expect("default resource");
    let filter = ChangeFlags::RESOURCE_PROPERTY | ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE;
    let port = backend.create_notify_port(None, Some(cluster), filter, NotifyKey(7)).expect("port");
    let props: clusim_api::PropertyList =
        (0..P5_VALUES).map(|i| (format!("BenchValue{i}"), PropertyValue::Dword(i))).collect();
    let refill = {
        let backend = backend.clone();
        move || {
            backend
                .set_properties(ObjectHandle::Resource(resource), PropertyScope::Private, &props)
                .expect("properties set")
        }
    };
    let drain = {
        let backend = backend.clone();
        move || {
            let mut buf = [0u16; 256];
            let mut n = 0;
            while backend.get_notify(port, &mut buf, Timeout::POLL).is_ok() {
                n += 1;
            }
            n
        }
    };
    drain();
    refill();
    let per_refill = drain();
    assert!(per_refill > 0, "a property change queues events");
    let side = Side::new(label, move |iters| {
        let _keep = (cluster, resource);
        let mut buf = [0u16; 256];
        let mut took = Duration::ZERO;
        let mut left = iters as usize;
        // In chunks, so the port never nears its capacity (a full port drops events).
        while left > 0 {
            let chunk = left.min(P5_CHUNK);
            let mut queued = 0;
            while queued < chunk {
                refill();
                queued += per_refill;
            }
            let start = Instant::now();
            for _ in 0..chunk {
                let h = backend.get_notify(port, &mut buf, Timeout::POLL).expect("a queued event");
                black_box(h);
            }
            took += start.elapsed();
            assert_eq!(drain(), queued - chunk, "every event was queued once");
            left -= chunk;
        }
        took
    });
    (side, per_refill)
}

/// P5: `GetClusterNotify` through libclusapi's C export (driven by `ClusApiBackend`,
/// the real-ClusAPI backend, which off Windows links libclusapi), against the same get
/// through the Rust API (`Sim` as a `Backend`).
pub fn p5_libclusapi() -> Pair {
    let (clusim, via_c) =
        notify_gets("GetClusterNotify(0) via libclusapi", Arc::new(clusim_clusapi::ClusApiBackend::new()));
    let (baseline, via_rust) = notify_gets("Backend::get_notify(0) on Sim", Arc::new(Sim::builder().build()));
    assert_eq!(via_c, via_rust, "both sides queue the same events per refill");
    Pair { clusim, baseline }
}

/// A simulator with a key `Bench` and `ports` batch notification ports on it; each
/// iteration commits one write batch of `commands` `SET_VALUE`s on that key, then every
/// port gets its notification and reads every record. Values are set once before
/// measuring, so every measured batch gives each port `2 × commands` records (each
/// `SET_VALUE` preceded by a `VALUE_DELETED` with the old data, BATCH-NOTIFY-CONTENT).
fn batch_side(label: &'static str, commands: usize, ports: usize, ops_per_iter: u64) -> Side {
    use clusim_api::registry::REG_DWORD;
    let sim = Sim::builder().build();
    let cluster = sim.open(None).expect("default cluster");
    let key = cluster.root_key().and_then(|root| root.create("Bench")).expect("key Bench");
    let ports: Vec<_> = (0..ports).map(|_| key.batch_port().expect("batch port")).collect();
    let names: Vec<String> = (0..commands).map(|i| format!("Value {i}")).collect();
    let commit = move |key: &clusim_api::client::Key| {
        let mut batch = key.batch().expect("batch");
        for name in &names {
            batch.set_value(name, REG_DWORD, &7u32.to_le_bytes()).expect("command added");
        }
        batch.commit().expect("batch committed");
    };
    let drain = move |ports: &[clusim_api::client::BatchPort], records: usize| {
        for port in ports {
            let n = port.get(Timeout::POLL).expect("the batch reached every port");
            let got = n.read_all().expect("records");
            assert_eq!(got.len(), records, "every record of the batch");
            black_box(got);
        }
    };
    commit(&key);
    drain(&ports, commands);
    Side::with_ops(label, ops_per_iter, move |iters| {
        let _keep = &cluster;
        let start = Instant::now();
        for _ in 0..iters {
            commit(&key);
            drain(&ports, 2 * commands);
        }
        start.elapsed()
    })
}

/// Batch ports of P7.
pub const P7_PORTS: usize = 100;

/// P7: a write batch of 2,000 commands committed and delivered to 100 batch ports
/// (each reading every record), against the same with 1,000 commands: linear is 2×.
pub fn p7_batches() -> Pair {
    Pair {
        clusim: batch_side("2,000-command batch → 100 ports", 2_000, P7_PORTS, 1),
        baseline: batch_side("1,000-command batch → 100 ports", 1_000, P7_PORTS, 1),
    }
}

/// Sweep over batch sizes: one batch of `commands` commands committed and delivered to
/// one batch port, per command, against one crossbeam channel carrying `commands`
/// messages (send all, then receive all), per message.
pub fn sweep_batch(commands: usize) -> Pair {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (tx, rx) = unbounded::<Payload>();
    let baseline =
        Side::with_ops("crossbeam: N sends + N recvs, per message", commands as u64, move |iters| {
            let start = Instant::now();
            for _ in 0..iters {
                for _ in 0..commands {
                    tx.send(payload(&name)).expect("receiver alive");
                }
                for _ in 0..commands {
                    black_box(rx.try_recv().expect("sent"));
                }
            }
            start.elapsed()
        });
    Pair {
        clusim: batch_side("N-command batch → 1 port, per command", commands, 1, commands as u64),
        baseline,
    }
}

/// The memory a queued event costs, measured on a port.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryFigure {
    /// Events queued for the measurement.
    pub events: usize,
    /// Bytes of one queue slot (`size_of::<Indication>()`).
    pub slot_bytes: usize,
    /// Bytes the queue had reserved with `events` queued.
    pub reserved_bytes: usize,
    /// `reserved_bytes / events`.
    pub bytes_per_event: f64,
    /// Whether every queued event shares the routed event's name (no copy per delivery).
    pub names_shared: bool,
}

/// Queues `events` events on one port through the router and reports the port's
/// reserved bytes per queued event, and whether the name was shared, not copied.
pub fn memory_per_queued_event(events: usize) -> MemoryFigure {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let ev = resource_state(&name);
    for _ in 0..events {
        router.route(&ev);
    }
    let stats = port.stats();
    assert_eq!(stats.queued, events, "every event is queued");
    // The name's owners: `name`, `ev`, and one per queued indication.
    let names_shared = Arc::strong_count(&name) == events + 2;
    MemoryFigure {
        events,
        slot_bytes: std::mem::size_of::<clusim_notify::Indication>(),
        reserved_bytes: stats.reserved_bytes,
        bytes_per_event: stats.reserved_bytes as f64 / events.max(1) as f64,
        names_shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{measure, Budget};

    #[test]
    fn bystander_ports_do_not_match_the_routed_event() {
        let (router, port) = router_with_bystanders(1_000);
        assert_eq!(router.len(), 1_000, "one registration per port");
        assert_eq!(router.route(&resource_state(&Arc::from(EVENT_NAME))), 1);
        assert_eq!(port.stats().queued, 1);
    }

    #[test]
    fn every_paired_case_delivers_what_it_measures() {
        // Each side panics on a missing delivery; run every paired case a little. P7 and
        // the sweep points above 1,000 take seconds in a debug build: their code is the
        // same as the smaller points' (and `batch_sides_deliver_every_record`).
        let heavy = |c: &crate::Case| c.id == "P7" || c.sweep.is_some_and(|(_, n)| n > 1_000);
        for case in crate::all_cases().iter().filter(|c| !heavy(c)) {
            if let crate::Plan::Paired(make) = &case.plan {
                let mut pair = make();
                let m = measure(&mut pair, Budget::SMOKE);
                assert!(m.clusim_ns > 0.0 && m.baseline_ns > 0.0, "{}", case.id);
                assert!(pair.clusim.ns_per_op(3).is_finite(), "{}", case.id);
            }
        }
    }

    #[test]
    fn batch_sides_deliver_every_record() {
        // Three ports, ten commands: each iteration checks every port read 20 records.
        let mut side = batch_side("t", 10, 3, 1);
        assert!((side.run)(2) > Duration::ZERO);
        let pair = sweep_batch(10);
        assert_eq!((pair.clusim.ops_per_iter, pair.baseline.ops_per_iter), (10, 10));
    }

    #[test]
    fn a_p5_refill_queues_one_event_per_value_and_one_for_the_resource() {
        let (mut side, per_refill) = notify_gets("t", Arc::new(Sim::builder().build()));
        assert_eq!(per_refill, P5_VALUES as usize + 1);
        // Two refills' worth of gets: each must find its event.
        assert!((side.run)(2 * per_refill as u64) > Duration::ZERO);
    }

    #[test]
    fn fan_out_counts_one_operation_per_delivery() {
        let pair = p3_fan_out();
        assert_eq!((pair.clusim.ops_per_iter, pair.baseline.ops_per_iter), (1_000, 1));
        assert_eq!(sweep_registrations(10).clusim.ops_per_iter, 10);
    }

    #[test]
    fn manual_clock_gets_each_wait_their_500_ms() {
        // The functions assert the clock moved 500 ms per get and that each timed out.
        p6_manual_clock(20);
        p6_auto_advance(20);
    }

    #[test]
    fn queued_events_cost_their_slot_and_share_the_name() {
        let m = memory_per_queued_event(1_000);
        assert_eq!(m.slot_bytes, std::mem::size_of::<clusim_notify::Indication>());
        assert!(m.names_shared, "no copy of the name per delivery");
        assert!(m.reserved_bytes >= 1_000 * m.slot_bytes);
        assert!(m.bytes_per_event >= m.slot_bytes as f64);
    }

    #[test]
    fn end_to_end_side_queues_one_event_per_property_change() {
        let (sim, resource, port) = property_sim(true);
        let port = port.unwrap();
        let props = vec![("Description".to_string(), PropertyValue::Sz("x".into()))];
        sim.set_properties(ObjectHandle::Resource(resource), PropertyScope::Common, &props).unwrap();
        assert_eq!(
            sim.port_stats(port).unwrap().queued,
            1,
            "RESOURCE_PROPERTY only; the database events are filtered out"
        );
    }
}
