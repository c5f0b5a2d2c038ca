//! # clusim-clock
//!
//! Every wait and every timestamp in clusim goes through a [`Clock`].
//!
//! Guarantees:
//! - [`Clock::real`] measures wall time from its creation; timed waits use the OS.
//! - [`Clock::manual`] never moves on its own: time advances only through
//!   [`Clock::advance`]; every thread blocked in a timed wait whose deadline has been
//!   reached is woken promptly, so a test of a 500 ms timeout takes microseconds.
//! - [`Clock::manual_auto_advance`] jumps to a waiter's deadline as soon as it would
//!   block (like tokio's paused time): for single-threaded tests of timeouts.
//! - No lost wake-ups: a waiter registers with the clock *before* it reads the time.
//! - No lock is held across a wake-up: the clock notifies after releasing its own lock.
//!
//! Code that blocks implements [`Wake`] (take your own lock, `notify_all`) and calls
//! [`Clock::wait`] with its condition variable held.

use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Something a manual clock can wake when time advances: take the lock that guards the
/// wait's condition and `notify_all` its condition variable.
pub trait Wake: Send + Sync {
    /// Wakes every thread waiting on this object.
    fn wake(&self);
}

/// What ended a [`Clock::wait`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitOutcome {
    /// Woken (by a notify, a time advance, or spuriously): re-check the condition.
    Woken,
    /// The deadline has passed.
    TimedOut,
}

/// The simulator's clock. Cheap to clone; clones share time.
#[derive(Clone)]
pub struct Clock(Arc<Inner>);

enum Inner {
    Real { start: Instant },
    Manual(Manual),
}

struct Manual {
    now_nanos: AtomicU64,
    auto_advance: bool,
    waiters: Mutex<Waiters>,
    waiters_changed: Condvar,
}

#[derive(Default)]
struct Waiters {
    next_id: u64,
    map: BTreeMap<u64, Arc<dyn Wake>>,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Inner::Real { .. } => write!(f, "Clock::real(now={:?})", self.now()),
            Inner::Manual(m) => {
                write!(f, "Clock::manual(now={:?}, auto={})", self.now(), m.auto_advance)
            }
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::real()
    }
}

impl Clock {
    /// Wall time, starting at zero now.
    pub fn real() -> Clock {
        Clock(Arc::new(Inner::Real { start: Instant::now() }))
    }

    /// A clock that moves only when [`Clock::advance`] is called.
    pub fn manual() -> Clock {
        Clock::manual_inner(false)
    }

    /// A manual clock that jumps to the deadline whenever a timed wait would block.
    pub fn manual_auto_advance() -> Clock {
        Clock::manual_inner(true)
    }

    fn manual_inner(auto_advance: bool) -> Clock {
        Clock(Arc::new(Inner::Manual(Manual {
            now_nanos: AtomicU64::new(0),
            auto_advance,
            waiters: Mutex::new(Waiters::default()),
            waiters_changed: Condvar::new(),
        })))
    }

    /// True for manual clocks.
    pub fn is_manual(&self) -> bool {
        matches!(&*self.0, Inner::Manual(_))
    }

    /// Time since the clock was created (real) or its virtual time (manual).
    pub fn now(&self) -> Duration {
        match &*self.0 {
            Inner::Real { start } => start.elapsed(),
            Inner::Manual(m) => Duration::from_nanos(m.now_nanos.load(Ordering::Acquire)),
        }
    }

    /// The deadline `timeout` from now.
    pub fn deadline_after(&self, timeout: Duration) -> Duration {
        self.now().saturating_add(timeout)
    }

    /// Advances a manual clock and wakes every timed waiter. Returns `false` (and does
    /// nothing) on a real clock.
    pub fn advance(&self, by: Duration) -> bool {
        let Inner::Manual(m) = &*self.0 else {
            return false;
        };
        let woken: Vec<Arc<dyn Wake>> = {
            let w = m.waiters.lock();
            let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
            let cur = m.now_nanos.load(Ordering::Acquire);
            m.now_nanos.store(cur.saturating_add(nanos), Ordering::Release);
            w.map.values().cloned().collect()
        };
        for w in woken {
            w.wake();
        }
        true
    }

    /// Number of threads currently blocked in a timed wait on a manual clock.
    pub fn timed_waiters(&self) -> usize {
        match &*self.0 {
            Inner::Real { .. } => 0,
            Inner::Manual(m) => m.waiters.lock().map.len(),
        }
    }

    /// Blocks (in real time, at most `limit`) until at least `n` threads are in a timed
    /// wait on this manual clock. Tests use it to advance time only once a waiter is
    /// parked. Returns whether the count was reached.
    pub fn wait_for_timed_waiters(&self, n: usize, limit: Duration) -> bool {
        let Inner::Manual(m) = &*self.0 else {
            return false;
        };
        let end = Instant::now() + limit;
        let mut w = m.waiters.lock();
        while w.map.len() < n {
            if m.waiters_changed.wait_until(&mut w, end).timed_out() {
                return w.map.len() >= n;
            }
        }
        true
    }

    /// Waits on `cv` (whose mutex `guard` holds) until notified or until `deadline`
    /// (clock time; `None` = no deadline). `waker` must wake `cv` under the same mutex.
    /// The caller re-checks its condition and the deadline after every return.
    pub fn wait<T>(
        &self,
        cv: &Condvar,
        guard: &mut MutexGuard<'_, T>,
        deadline: Option<Duration>,
        waker: &Arc<dyn Wake>,
    ) -> WaitOutcome {
        let Some(deadline) = deadline else {
            cv.wait(guard);
            return WaitOutcome::Woken;
        };
        match &*self.0 {
            Inner::Real { start } => {
                let now = start.elapsed();
                if now >= deadline {
                    return WaitOutcome::TimedOut;
                }
                if cv.wait_for(guard, deadline - now).timed_out() {
                    WaitOutcome::TimedOut
                } else {
                    WaitOutcome::Woken
                }
            }
            Inner::Manual(m) => {
                if m.auto_advance {
                    let target = u64::try_from(deadline.as_nanos()).unwrap_or(u64::MAX);
                    m.now_nanos.fetch_max(target, Ordering::AcqRel);
                    return WaitOutcome::TimedOut;
                }
                let id = {
                    let mut w = m.waiters.lock();
                    let id = w.next_id;
                    w.next_id += 1;
                    w.map.insert(id, waker.clone());
                    id
                };
                m.waiters_changed.notify_all();
                // Registered before reading the time: an advance after this point wakes us.
                let outcome = if self.now() >= deadline {
                    WaitOutcome::TimedOut
                } else {
                    cv.wait(guard);
                    if self.now() >= deadline {
                        WaitOutcome::TimedOut
                    } else {
                        WaitOutcome::Woken
                    }
                };
                m.waiters.lock().map.remove(&id);
                m.waiters_changed.notify_all();
                outcome
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    struct Slot {
        m: Mutex<bool>,
        cv: Condvar,
    }
    impl Wake for Slot {
        fn wake(&self) {
            let _g = self.m.lock();
            self.cv.notify_all();
        }
    }

    fn timed_wait(clock: &Clock, slot: &Arc<Slot>, timeout: Duration) -> WaitOutcome {
        let waker: Arc<dyn Wake> = slot.clone();
        let deadline = clock.deadline_after(timeout);
        let mut g = slot.m.lock();
        loop {
            if *g {
                return WaitOutcome::Woken;
            }
            if clock.wait(&slot.cv, &mut g, Some(deadline), &waker) == WaitOutcome::TimedOut {
                return WaitOutcome::TimedOut;
            }
        }
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
        let slot = Arc::new(Slot { m: Mutex::new(false), cv: Condvar::new() });
        let (c2, s2) = (c.clone(), slot.clone());
        let t = thread::spawn(move || timed_wait(&c2, &s2, Duration::from_millis(500)));
        assert!(c.wait_for_timed_waiters(1, Duration::from_secs(10)));
        c.advance(Duration::from_millis(499));
        // The waiter cannot finish before its deadline, however it is scheduled.
        assert!(c.wait_for_timed_waiters(1, Duration::from_secs(10)));
        assert!(!t.is_finished());
        c.advance(Duration::from_millis(1));
        assert_eq!(t.join().unwrap(), WaitOutcome::TimedOut);
        assert_eq!(c.timed_waiters(), 0);
    }

    #[test]
    fn auto_advance_jumps_to_deadline() {
        let c = Clock::manual_auto_advance();
        let slot = Arc::new(Slot { m: Mutex::new(false), cv: Condvar::new() });
        assert_eq!(timed_wait(&c, &slot, Duration::from_secs(3600)), WaitOutcome::TimedOut);
        assert_eq!(c.now(), Duration::from_secs(3600));
    }

    #[test]
    fn real_clock_times_out() {
        let c = Clock::real();
        let slot = Arc::new(Slot { m: Mutex::new(false), cv: Condvar::new() });
        assert_eq!(timed_wait(&c, &slot, Duration::from_millis(1)), WaitOutcome::TimedOut);
        assert!(!c.advance(Duration::from_secs(1)));
    }
}
