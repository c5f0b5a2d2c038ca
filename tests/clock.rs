//! The simulator under `Clock::manual_auto_advance` (spec/README.md, "Clock"): time
//! moves only when every participant thread is idle. Each test names its rule.

use clusim::*;
use std::sync::{mpsc, Arc};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(10);

/// CLOCK-AUTO-ADVANCE (issue 15 item 7): a waiter with a 30 s timeout gets the event a
/// busy participant delivers after real work, not WAIT_TIMEOUT at 30 s of virtual time.
#[test]
fn auto_advance_waits_for_a_busy_participant_to_deliver() {
    let clock = Clock::manual_auto_advance();
    let sim = Sim::builder().clock(clock.clone()).build();
    let c = sim.open(None).unwrap();
    let port = Arc::new(c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(4)).unwrap());
    let p2 = port.clone();
    let waiter = clock.spawn(move || p2.get(Timeout::from(Duration::from_secs(30))));
    let (go, gate) = mpsc::channel::<()>();
    let deliverer = clock.spawn(move || {
        // "Real work": blocked outside the clock, so busy.
        gate.recv().unwrap();
        c.create_group("delivered").unwrap();
    });
    assert!(clock.wait_for_blocked(1, LIMIT), "the get never blocked");
    assert_eq!(clock.now(), Duration::ZERO, "time moved while participants were busy");
    go.send(()).unwrap();
    deliverer.join().unwrap();
    let n = waiter.join().unwrap().expect("the event, not WAIT_TIMEOUT");
    assert_eq!((n.key, n.name.as_str()), (NotifyKey(4), "delivered"));
    assert_eq!(clock.now(), Duration::ZERO);
}

/// CLOCK-SLEEP: a service that sleeps and reads instants on the simulator's clock is
/// virtualised: under auto-advance its 10 s pass as soon as everyone is idle.
#[test]
fn a_service_sleeping_on_the_clock_runs_in_virtual_time() {
    let clock = Clock::manual_auto_advance();
    let sim = Sim::builder().clock(clock.clone()).build();
    let c = sim.open(None).unwrap();
    let port = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    let svc_cluster = sim.open(None).unwrap();
    let svc_clock = clock.clone();
    let service = clock.spawn(move || {
        let start = svc_clock.instant();
        svc_clock.sleep(Duration::from_secs(10));
        svc_cluster.create_group("after-10s").unwrap();
        start.elapsed()
    });
    let wall = std::time::Instant::now();
    // This participant is idle in an INFINITE get: the service's sleep can end.
    assert_eq!(port.get(Timeout::Infinite).unwrap().name, "after-10s");
    assert_eq!(service.join().unwrap(), Duration::from_secs(10));
    assert_eq!(clock.now(), Duration::from_secs(10));
    assert!(wall.elapsed() < Duration::from_secs(5), "no real 10 s sleep");
}
