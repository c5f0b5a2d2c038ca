//! C1: contention. Producer threads route events concurrently through one shared router,
//! each to its own ports, and every port is drained by its own thread blocked in
//! `get(INFINITE)`; against the same topology built of crossbeam channels (a shared,
//! read-only `BTreeMap` from object name to channel, a blocking `recv` per channel).
//!
//! The topology is the issue's, 8 producers × 64 ports, whatever the machine: on fewer
//! cores than threads both sides time-share alike (every drainer parks and is woken the
//! same way on both), so the ratio still compares like with like; absolute events per
//! second are the machine's.

use super::Payload;
use crate::measure::{Pair, Side};
use clusim_api::{ChangeFlags, NotifyKey, ObjectKind, Timeout};
use clusim_clock::Clock;
use clusim_model::ModelEvent;
use clusim_notify::{HandleId, PortId, PortQueue, Router, Scope};
use clusim_sim::DEFAULT_PORT_CAPACITY;
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Producer threads of C1.
pub const C1_PRODUCERS: usize = 8;

/// Ports (each with its draining thread) per producer.
pub const C1_PORTS_PER_PRODUCER: usize = 64;

/// How long a run waits for its events before it reports them lost.
const C1_PATIENCE: Duration = Duration::from_secs(120);

/// What the drainers count and when they say all arrived.
struct Tally {
    received: AtomicU64,
    target: AtomicU64,
    done: Sender<()>,
}

impl Tally {
    fn one(&self) {
        if self.received.fetch_add(1, Ordering::AcqRel) + 1 == self.target.load(Ordering::Acquire) {
            let _ = self.done.send(());
        }
    }
}

/// The threads of one side; dropping it stops and joins them.
struct Rig {
    go: Vec<Sender<u64>>,
    producers: Vec<JoinHandle<()>>,
    drainers: Vec<JoinHandle<()>>,
    /// Ends the drainers once the producers are gone (closes the ports).
    stop: Option<Box<dyn FnOnce() + Send>>,
}

impl Drop for Rig {
    fn drop(&mut self) {
        self.go.clear();
        self.producers.drain(..).for_each(|t| t.join().expect("producer"));
        if let Some(stop) = self.stop.take() {
            stop();
        }
        self.drainers.drain(..).for_each(|t| t.join().expect("drainer"));
    }
}

/// A side of C1. `send(producer)` returns the producer's job: send one event to its
/// port `j` (`0..C1_PORTS_PER_PRODUCER`). `recv(port)` returns a drainer's job: block
/// for one event, `false` once the side is stopped. One iteration is one event per
/// producer; ns per event.
fn contention_side(
    label: &'static str,
    send: impl Fn(usize) -> Box<dyn FnMut(usize) + Send>,
    recv: impl Fn(usize) -> Box<dyn FnMut() -> bool + Send>,
    stop: Box<dyn FnOnce() + Send>,
) -> Side {
    let (done_tx, done) = unbounded();
    let tally =
        Arc::new(Tally { received: AtomicU64::new(0), target: AtomicU64::new(u64::MAX), done: done_tx });
    let drainers = (0..C1_PRODUCERS * C1_PORTS_PER_PRODUCER)
        .map(|port| {
            let (mut job, tally) = (recv(port), tally.clone());
            std::thread::spawn(move || {
                while job() {
                    tally.one();
                }
            })
        })
        .collect();
    let (go, producers): (Vec<_>, Vec<_>) = (0..C1_PRODUCERS)
        .map(|p| {
            let (tx, rx) = unbounded::<u64>();
            let mut job = send(p);
            let t = std::thread::spawn(move || {
                while let Ok(events) = rx.recv() {
                    for k in 0..events as usize {
                        job(k % C1_PORTS_PER_PRODUCER);
                    }
                }
            });
            (tx, t)
        })
        .unzip();
    let rig = Rig { go, producers, drainers, stop: Some(stop) };
    Side::with_ops(label, C1_PRODUCERS as u64, move |iters| {
        tally.received.store(0, Ordering::Release);
        tally.target.store(iters * C1_PRODUCERS as u64, Ordering::Release);
        let start = Instant::now();
        for go in &rig.go {
            go.send(iters).expect("producer alive");
        }
        done.recv_timeout(C1_PATIENCE).expect("every event reached its drainer");
        start.elapsed()
    })
}

/// The object port `g` watches.
fn object(g: usize) -> Arc<str> {
    Arc::from(format!("C1 resource {g:03}"))
}

fn clusim_side() -> Side {
    let mut router = Router::new();
    let ports: Vec<Arc<PortQueue>> = (0..C1_PRODUCERS * C1_PORTS_PER_PRODUCER)
        .map(|g| {
            let q = PortQueue::new(DEFAULT_PORT_CAPACITY);
            let scope = Scope::Object { kind: ObjectKind::Resource, name: object(g) };
            let id = g as u64 + 1;
            router.add(PortId(id), q.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(g), HandleId(id), scope);
            q
        })
        .collect();
    let router = Arc::new(router);
    let drained = ports.clone();
    let closing = ports.clone();
    contention_side(
        "8 threads route to 8 × 64 per-object ports, 512 threads get(INFINITE)",
        move |p| {
            let router = router.clone();
            let events: Vec<ModelEvent> = (0..C1_PORTS_PER_PRODUCER)
                .map(|j| ModelEvent {
                    change: ChangeFlags::RESOURCE_STATE,
                    kind: ObjectKind::Resource,
                    name: object(p * C1_PORTS_PER_PRODUCER + j),
                })
                .collect();
            Box::new(move |j| assert_eq!(router.route(&events[j]), 1, "one port watches the object"))
        },
        move |g| {
            let (port, clock) = (drained[g].clone(), Clock::real());
            let mut buf = [0u16; 64];
            Box::new(move || match port.get(&clock, &mut buf, Timeout::Infinite) {
                Ok(h) => {
                    assert_eq!(
                        h.change,
                        ChangeFlags::RESOURCE_STATE,
                        "no event lost (a loss queues CLUSTER_RECONNECT)"
                    );
                    true
                }
                Err(_) => false,
            })
        },
        Box::new(move || closing.iter().for_each(|q| q.close())),
    )
}

fn channel_side() -> Side {
    let (senders, receivers): (Vec<Sender<Payload>>, Vec<Receiver<Payload>>) =
        (0..C1_PRODUCERS * C1_PORTS_PER_PRODUCER).map(|_| unbounded()).unzip();
    // One read-only table shared by every producer, as the router is.
    let table: Arc<BTreeMap<String, Sender<Payload>>> =
        Arc::new(senders.into_iter().enumerate().map(|(g, tx)| (object(g).to_string(), tx)).collect());
    contention_side(
        "8 threads: BTreeMap lookup + send to 8 × 64 channels, 512 threads recv",
        move |p| {
            let table = table.clone();
            let names: Vec<Arc<str>> =
                (0..C1_PORTS_PER_PRODUCER).map(|j| object(p * C1_PORTS_PER_PRODUCER + j)).collect();
            Box::new(move |j| {
                let tx = table.get(&*names[j]).expect("one channel per object");
                let p =
                    Payload { key: j, change: ChangeFlags::RESOURCE_STATE.bits(), name: names[j].clone() };
                tx.send(p).expect("drainer alive");
            })
        },
        // Ends when the producers, the table's last owners, are gone.
        move |g| {
            let rx = receivers[g].clone();
            Box::new(move || rx.recv().is_ok())
        },
        Box::new(|| {}),
    )
}

/// C1: events per second through 8 producers × 64 ports each drained by its own
/// thread, against crossbeam channels in the same topology.
pub fn c1_contention() -> Pair {
    Pair { clusim: clusim_side(), baseline: channel_side() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_of_a_contended_run_reaches_its_drainer() {
        // Each run waits until the drainers counted every event (or panics).
        let mut pair = c1_contention();
        for side in [&mut pair.clusim, &mut pair.baseline] {
            assert_eq!(side.ops_per_iter, C1_PRODUCERS as u64);
            assert!((side.run)(2 * C1_PORTS_PER_PRODUCER as u64) > Duration::ZERO);
            assert!((side.run)(3) > Duration::ZERO, "a run that leaves some ports idle");
        }
    }
}
