//! Concurrency: PORT-FIFO under load and PORT-CLOSE racing waiters (spec/ports.md).

use clusim::client::NotifyPort;
use clusim::*;
use std::sync::Arc;
use std::time::Duration;

const PRODUCERS: usize = 4;
const PORTS: usize = 16;
const EVENTS_PER_PRODUCER: usize = 10_000;

/// 4 producer threads × 16 ports × 10,000 events each: every port receives every event
/// exactly once, all ports receive the same sequence (the order the model applied the
/// changes, which routing under the cluster lock preserves), and each producer's events
/// appear in the order it made them.
#[test]
fn no_loss_duplication_or_reordering_under_concurrent_producers() {
    let sim = Sim::builder().seed(3).build();
    let cluster = sim.open(None).unwrap();
    let ports: Vec<Arc<NotifyPort>> = (0..PORTS)
        .map(|i| Arc::new(cluster.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(i)).unwrap()))
        .collect();
    let total = PRODUCERS * EVENTS_PER_PRODUCER;
    let consumers: Vec<_> = ports
        .iter()
        .map(|p| {
            let p = p.clone();
            std::thread::spawn(move || {
                let mut got = Vec::with_capacity(total);
                while got.len() < total {
                    let n = p.get(Timeout::from(Duration::from_secs(60))).expect("event within 60 s");
                    got.push(n.name);
                }
                assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "nothing extra");
                got
            })
        })
        .collect();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|pi| {
            let sim = sim.clone();
            std::thread::spawn(move || {
                let c = sim.open(None).unwrap();
                for i in 0..EVENTS_PER_PRODUCER {
                    c.create_group(&format!("p{pi}-{i:05}")).unwrap();
                }
            })
        })
        .collect();
    for p in producers {
        p.join().unwrap();
    }
    let sequences: Vec<Vec<String>> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
    for (i, s) in sequences.iter().enumerate() {
        assert_eq!(s, &sequences[0], "port {i} differs from port 0");
    }
    let mut next = [0usize; PRODUCERS];
    for name in &sequences[0] {
        let (p, i) = name[1..].split_once('-').unwrap();
        let (p, i): (usize, usize) = (p.parse().unwrap(), i.parse().unwrap());
        assert_eq!(i, next[p], "producer {p} out of order");
        next[p] += 1;
    }
    assert_eq!(next, [EVENTS_PER_PRODUCER; PRODUCERS]);
}

/// 10,000 rounds of one thread blocked in an INFINITE get while another closes the port
/// (sometimes after queuing an event): the waiter always returns — the event or
/// ERROR_INVALID_HANDLE — and nothing hangs or crashes.
#[test]
fn close_versus_wait_never_hangs() {
    let sim = Sim::builder().build();
    let backend = sim.shared();
    let cluster = sim.open(None).unwrap();
    let (to_waiter, rounds) = crossbeam_channel::bounded::<HChange>(1);
    let (results, from_waiter) =
        crossbeam_channel::bounded::<std::result::Result<NotifyHeader, GetNotifyError>>(1);
    let b2 = backend.clone();
    let waiter = std::thread::spawn(move || {
        let mut buf = [0u16; 64];
        for port in rounds {
            let r = b2.get_notify(port, &mut buf, Timeout::Infinite);
            results.send(r).unwrap();
        }
    });
    let (mut delivered, mut woken) = (0, 0);
    for round in 0..10_000u32 {
        let port = backend
            .create_notify_port(None, Some(cluster.raw()), ChangeFlags::CLUSTER_PROPERTY, NotifyKey(1))
            .unwrap();
        to_waiter.send(port).unwrap();
        match round % 4 {
            0 => {}
            1 => std::thread::yield_now(),
            2 => cluster
                .set_properties(PropertyScope::Common, &vec![("Round".into(), PropertyValue::Dword(round))])
                .unwrap(),
            _ => {
                for _ in 0..50 {
                    std::hint::spin_loop();
                }
            }
        }
        backend.close_notify_port(port).unwrap();
        match from_waiter.recv_timeout(Duration::from_secs(30)).expect("waiter hung after close") {
            Ok(h) => {
                assert_eq!(h.change, ChangeFlags::CLUSTER_PROPERTY);
                delivered += 1;
            }
            Err(e) => {
                assert_eq!(e, GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE));
                woken += 1;
            }
        }
        assert_eq!(backend.close_notify_port(port).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    }
    drop(to_waiter);
    waiter.join().unwrap();
    assert_eq!(delivered + woken, 10_000);
    assert!(woken > 0);
}
