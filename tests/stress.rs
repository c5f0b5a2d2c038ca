//! Stress: 8 producer threads × 64 ports, each port drained by its own thread; every
//! port must see every producer's events exactly once and in order (PORT-FIFO), nothing
//! lost (PORT-OVERFLOW: a loss would have to be signalled, and the default capacity
//! leaves no room for one). Plus the close-versus-wait races, 100,000 rounds each, on
//! the simulator (the C-ABI run is crates/clusim-clusapi/tests/close_race.rs).
//!
//! The bounded run is part of `cargo test`. The full run — 1,000,000 events per
//! producer, 512 million deliveries — is behind `--ignored`:
//! `cargo test --release --test stress -- --ignored --nocapture` (about two minutes on
//! 2 cores); `CLUSIM_STRESS_EVENTS=N` sets the events per producer of either run. Both
//! print events/s, the peak RSS and the lost / duplicated / reordered counts.

use clusim::{ChangeFlags, NotifyKey, Sim, Timeout};
use clusim_compliance::races::{close_race, Closer};
use std::time::{Duration, Instant};

const PRODUCERS: usize = 8;
const PORTS: usize = 64;

/// What the drainers counted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    delivered: u64,
    lost: u64,
    duplicated: u64,
    reordered: u64,
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn stress(events_per_producer: usize) -> Counts {
    let events_per_producer = std::env::var("CLUSIM_STRESS_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(events_per_producer);
    let sim = Sim::builder().build();
    let cluster = sim.open(None).unwrap();
    let groups: Vec<_> =
        (0..PRODUCERS).map(|p| cluster.create_group(&format!("s{p}-start")).unwrap()).collect();
    let ports: Vec<_> =
        (0..PORTS).map(|i| cluster.notify_port(ChangeFlags::GROUP_PROPERTY, NotifyKey(i)).unwrap()).collect();
    let start = Instant::now();
    let total = (PRODUCERS * events_per_producer) as u64;
    let drainers: Vec<_> = ports
        .into_iter()
        .map(|port| {
            std::thread::spawn(move || {
                let mut next = [0usize; PRODUCERS];
                let mut c = Counts::default();
                while c.delivered + c.lost < total {
                    let Ok(n) = port.get(Timeout::from(Duration::from_secs(30))) else { break };
                    c.delivered += 1;
                    let (p, seq) = n.name[1..].split_once('-').expect("s{p}-{seq}");
                    let (p, seq): (usize, usize) = (p.parse().unwrap(), seq.parse().unwrap());
                    match seq.cmp(&next[p]) {
                        std::cmp::Ordering::Equal => next[p] += 1,
                        std::cmp::Ordering::Greater => {
                            c.lost += (seq - next[p]) as u64;
                            c.reordered += 1;
                            next[p] = seq + 1;
                        }
                        std::cmp::Ordering::Less => c.duplicated += 1,
                    }
                }
                c.lost += next.iter().map(|n| (events_per_producer - n) as u64).sum::<u64>();
                c
            })
        })
        .collect();
    let producers: Vec<_> = groups
        .into_iter()
        .enumerate()
        .map(|(p, g)| {
            std::thread::spawn(move || {
                for seq in 0..events_per_producer {
                    g.rename(&format!("s{p}-{seq}")).unwrap();
                }
            })
        })
        .collect();
    producers.into_iter().for_each(|t| t.join().unwrap());
    let mut sum = Counts::default();
    for d in drainers {
        let c = d.join().unwrap();
        sum.delivered += c.delivered;
        sum.lost += c.lost;
        sum.duplicated += c.duplicated;
        sum.reordered += c.reordered;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "stress: {PRODUCERS} producers x {PORTS} ports x {events_per_producer} events: {} deliveries in {secs:.2} s \
         = {:.0} events/s; peak RSS {} KiB; lost {} duplicated {} reordered {}",
        sum.delivered,
        sum.delivered as f64 / secs,
        peak_rss_kib().map_or("?".into(), |k| k.to_string()),
        sum.lost,
        sum.duplicated,
        sum.reordered
    );
    sum
}

#[test]
fn eight_producers_sixty_four_ports_nothing_lost_duplicated_or_reordered() {
    let c = stress(1_000);
    assert_eq!((c.lost, c.duplicated, c.reordered), (0, 0, 0));
    assert_eq!(c.delivered % (PRODUCERS * PORTS) as u64, 0);
}

#[test]
#[ignore = "the full 8 x 64 x 1M run: cargo test --release --test stress -- --ignored --nocapture"]
fn full_stress_eight_producers_sixty_four_ports_a_million_events_each() {
    let c = stress(1_000_000);
    assert_eq!((c.lost, c.duplicated, c.reordered), (0, 0, 0));
}

#[test]
fn port_close_racing_a_blocked_get_always_answers_invalid_handle() {
    let sim = Sim::builder().build();
    let out = close_race(sim.shared(), None, Closer::Port, 100_000);
    assert_eq!((out.rounds, out.documented, out.hangs), (100_000, 100_000, 0), "{:?}", out.other);
}

#[test]
fn cluster_close_racing_a_blocked_get_always_delivers_handle_close() {
    let sim = Sim::builder().build();
    let out = close_race(sim.shared(), None, Closer::Cluster, 100_000);
    assert_eq!((out.rounds, out.documented, out.hangs), (100_000, 100_000, 0), "{:?}", out.other);
}
