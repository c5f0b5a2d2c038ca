use super::*;
use std::sync::mpsc;
use std::thread;

const LIMIT: Duration = Duration::from_secs(10);

struct Slot {
    m: Mutex<bool>,
    cv: Condvar,
}

impl Slot {
    fn new() -> Arc<Slot> {
        Arc::new(Slot { m: Mutex::new(false), cv: Condvar::new() })
    }

    /// Sets the flag and notifies, as a port push does.
    fn set(&self) {
        *self.m.lock() = true;
        self.cv.notify_all();
    }
}

impl Wake for Slot {
    fn wake(&self) {
        let _g = self.m.lock();
        self.cv.notify_all();
    }
}

/// A get-like wait: returns `Woken` once the flag is set, `TimedOut` at the deadline
/// (`None` = untimed).
fn wait_on(clock: &Clock, slot: &Arc<Slot>, timeout: Option<Duration>) -> WaitOutcome {
    let waker: Arc<dyn Wake> = slot.clone();
    let deadline = timeout.map(|t| clock.deadline_after(t));
    let mut g = slot.m.lock();
    loop {
        if *g {
            return WaitOutcome::Woken;
        }
        if clock.wait(&slot.cv, &mut g, deadline, &waker) == WaitOutcome::TimedOut {
            return WaitOutcome::TimedOut;
        }
    }
}

fn timed_wait(clock: &Clock, slot: &Arc<Slot>, timeout: Duration) -> WaitOutcome {
    wait_on(clock, slot, Some(timeout))
}

#[test]
fn manual_clock_does_not_move_by_itself() {
    let c = Clock::manual();
    assert_eq!(c.now(), Duration::ZERO);
    thread::sleep(Duration::from_millis(2));
    assert_eq!(c.now(), Duration::ZERO);
    assert!(c.advance(Duration::from_millis(500)));
    assert_eq!(c.now(), Duration::from_millis(500));
}

#[test]
fn advance_wakes_a_timed_waiter_without_real_sleep() {
    let c = Clock::manual();
    let slot = Slot::new();
    let (c2, s2) = (c.clone(), slot.clone());
    let t = thread::spawn(move || timed_wait(&c2, &s2, Duration::from_millis(500)));
    assert!(c.wait_for_timed_waiters(1, LIMIT));
    c.advance(Duration::from_millis(499));
    // The waiter cannot finish before its deadline, however it is scheduled.
    assert!(c.wait_for_timed_waiters(1, LIMIT));
    assert!(!t.is_finished());
    c.advance(Duration::from_millis(1));
    assert_eq!(t.join().unwrap(), WaitOutcome::TimedOut);
    assert_eq!(c.timed_waiters(), 0);
}

#[test]
fn auto_advance_jumps_to_deadline() {
    let c = Clock::manual_auto_advance();
    let slot = Slot::new();
    assert_eq!(timed_wait(&c, &slot, Duration::from_secs(3600)), WaitOutcome::TimedOut);
    assert_eq!(c.now(), Duration::from_secs(3600));
}

#[test]
fn real_clock_times_out() {
    let c = Clock::real();
    let slot = Slot::new();
    assert_eq!(timed_wait(&c, &slot, Duration::from_millis(1)), WaitOutcome::TimedOut);
    assert!(!c.advance(Duration::from_secs(1)));
}

/// Issue 15 item 7: a waiter with a 30 s timeout must get what a busy participant
/// delivers after real work, not a timeout at 30 s of virtual time.
#[test]
fn auto_advance_waits_while_a_participant_is_busy() {
    let c = Clock::manual_auto_advance();
    let slot = Slot::new();
    let (go, gate) = mpsc::channel::<()>();
    let (c2, s2) = (c.clone(), slot.clone());
    let waiter = c.spawn(move || timed_wait(&c2, &s2, Duration::from_secs(30)));
    let s3 = slot.clone();
    let deliverer = c.spawn(move || {
        gate.recv().unwrap();
        s3.set();
    });
    assert!(c.wait_for_blocked(1, LIMIT), "the waiter never blocked");
    assert_eq!(c.participants(), 3);
    assert_eq!(c.now(), Duration::ZERO, "time moved while participants were busy");
    go.send(()).unwrap();
    deliverer.join().unwrap();
    assert_eq!(waiter.join().unwrap(), WaitOutcome::Woken);
    assert_eq!(c.now(), Duration::ZERO);
}

#[test]
fn auto_advance_wakes_the_earlier_of_two_sleepers_first() {
    let c = Clock::manual_auto_advance();
    let order = Arc::new(Mutex::new(Vec::new()));
    let sleeper = |name: &'static str, d: u64| {
        let (c2, order) = (c.clone(), order.clone());
        c.spawn(move || {
            c2.sleep(Duration::from_secs(d));
            order.lock().push((name, c2.now()));
        })
    };
    let late = sleeper("late", 2);
    let early = sleeper("early", 1);
    c.idle(|| {
        late.join().unwrap();
        early.join().unwrap();
    });
    let order = order.lock().clone();
    assert_eq!(order, [("early", Duration::from_secs(1)), ("late", Duration::from_secs(2))]);
    assert_eq!(c.now(), Duration::from_secs(2));
}

#[test]
fn a_sleep_on_a_manual_clock_ends_only_when_time_reaches_it() {
    let c = Clock::manual();
    let c2 = c.clone();
    let t = thread::spawn(move || c2.sleep(Duration::from_secs(1)));
    assert!(c.wait_for_timed_waiters(1, LIMIT));
    assert_eq!(c.blocked(), 1);
    c.advance(Duration::from_millis(999));
    assert!(c.wait_for_timed_waiters(1, LIMIT));
    assert!(!t.is_finished());
    c.advance(Duration::from_millis(1));
    t.join().unwrap();
    assert_eq!((c.blocked(), c.timed_waiters()), (0, 0));
}

#[test]
fn a_sleep_on_a_real_clock_takes_real_time() {
    let c = Clock::real();
    let start = c.instant();
    let wall = Instant::now();
    c.sleep(Duration::from_millis(2));
    assert!(start.elapsed() >= Duration::from_millis(2));
    assert!(wall.elapsed() >= Duration::from_millis(2));
}

#[test]
fn instants_follow_the_manual_clock() {
    let c = Clock::manual();
    let start = c.instant();
    c.advance(Duration::from_secs(3));
    assert_eq!(start.elapsed(), Duration::from_secs(3));
    let later = c.instant();
    assert_eq!(later.duration_since(&start), Duration::from_secs(3));
    assert_eq!(&later - &start, Duration::from_secs(3));
    assert_eq!(start.duration_since(&later), Duration::ZERO);
    let deadline = start.clone() + Duration::from_secs(5);
    assert!(deadline > later && start < later);
    assert_eq!(deadline.since_start(), Duration::from_secs(5));
    c.sleep_until(&later);
    assert_eq!(c.now(), Duration::from_secs(3), "sleeping until the past returns at once");
}

#[test]
fn blocked_counts_timed_and_untimed_waits_on_real_and_manual_clocks() {
    let long = Some(Duration::from_secs(600));
    for (c, timeout) in [(Clock::real(), None), (Clock::manual(), None), (Clock::real(), long)] {
        let slot = Slot::new();
        let (c2, s2) = (c.clone(), slot.clone());
        let t = thread::spawn(move || wait_on(&c2, &s2, timeout));
        assert!(c.wait_for_blocked(1, LIMIT), "{c:?} {timeout:?}");
        assert_eq!(c.timed_waiters(), 0);
        slot.set();
        assert_eq!(t.join().unwrap(), WaitOutcome::Woken);
        assert_eq!(c.blocked(), 0);
    }
}

#[test]
fn participants_are_the_builder_spawned_threads_and_enter_guards() {
    let c = Clock::manual_auto_advance();
    assert_eq!(c.participants(), 1);
    let (c2, (tx, rx)) = (c.clone(), mpsc::channel::<()>());
    let spawned = c.spawn(move || rx.recv().unwrap());
    assert_eq!(c.participants(), 2, "counted from the spawn on");
    tx.send(()).unwrap();
    spawned.join().unwrap();
    assert_eq!(c.participants(), 1);
    thread::spawn(move || {
        let outer = c2.enter();
        let inner = c2.enter();
        assert_eq!(c2.participants(), 2);
        drop(inner);
        assert_eq!(c2.participants(), 2);
        drop(outer);
        assert_eq!(c2.participants(), 1);
    })
    .join()
    .unwrap();
    assert_eq!(c.participants(), 1);
}

#[test]
fn a_builder_that_exits_stops_counting() {
    let c = thread::spawn(Clock::manual_auto_advance).join().unwrap();
    assert_eq!(c.participants(), 0);
    // No participant left: a timed wait jumps to its deadline at once.
    assert_eq!(timed_wait(&c, &Slot::new(), Duration::from_secs(5)), WaitOutcome::TimedOut);
    assert_eq!(c.now(), Duration::from_secs(5));
}

#[test]
fn a_non_participant_waiter_does_not_stop_time() {
    let c = Clock::manual_auto_advance();
    let c2 = c.clone();
    let t = thread::spawn(move || timed_wait(&c2, &Slot::new(), Duration::from_secs(7)));
    assert_eq!(c.idle(|| t.join().unwrap()), WaitOutcome::TimedOut);
    assert_eq!(c.now(), Duration::from_secs(7));
}
