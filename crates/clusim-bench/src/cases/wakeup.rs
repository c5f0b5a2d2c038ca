//! Wake-up and clock cases: P4 (ping-pong through blocking gets), P6 (gets that time
//! out under a manual clock).

use super::{add_wide, payload, resource_state, Payload, EVENT_NAME};
use crate::measure::{Pair, Side};
use crate::pin::{pin, Cpu};
use clusim_api::{ChangeFlags, GetNotifyError, ObjectKind, Timeout, Win32Error};
use clusim_clock::Clock;
use clusim_model::ModelEvent;
use clusim_notify::{PortQueue, Router};
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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
            let _pin = pin(Cpu::Echo);
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
        let _pin = pin(Cpu::Echo);
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
    let took = timed_out_gets(&port, &clock, gets);
    stop.store(true, Ordering::Release);
    helper.join().expect("helper thread");
    assert!(clock.now() >= Duration::from_millis(500) * gets as u32, "every get waited its 500 ms");
    took
}

/// `gets` gets of 500 ms on the empty `port`, each of which must time out; their wall
/// time.
fn timed_out_gets(port: &Arc<PortQueue>, clock: &Clock, gets: u64) -> Duration {
    let mut buf = [0u16; 64];
    let start = Instant::now();
    for _ in 0..gets {
        match port.get(clock, &mut buf, Timeout::from_millis(500)) {
            Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)) => {}
            other => panic!("a get on an empty port must time out, got {other:?}"),
        }
    }
    start.elapsed()
}

/// P6 in a single thread: the same gets under [`Clock::manual_auto_advance`], which
/// jumps to the deadline instead of blocking.
pub fn p6_auto_advance(gets: u64) -> Duration {
    let clock = Clock::manual_auto_advance();
    let port = PortQueue::new(16);
    let took = timed_out_gets(&port, &clock, gets);
    assert_eq!(clock.now(), Duration::from_millis(500) * gets as u32, "every get waited its 500 ms");
    took
}
