//! # clusim-clock
//!
//! Every wait, every sleep and every timestamp in clusim goes through a [`Clock`].
//!
//! Guarantees:
//! - [`Clock::real`] measures wall time from its creation; timed waits and
//!   [`Clock::sleep`] use the OS.
//! - [`Clock::manual`] never moves on its own: time advances only through
//!   [`Clock::advance`]; every thread blocked in a timed wait or a sleep whose deadline
//!   has been reached is woken promptly, so a test of a 500 ms timeout takes
//!   microseconds.
//! - [`Clock::manual_auto_advance`] moves time only when every *participant* of the
//!   clock is idle (the rule of tokio's paused time), and then jumps exactly to the
//!   earliest deadline of the threads blocked in a timed wait or a sleep, waking only
//!   those due. The precise rule:
//!   - Participants are the thread that built the clock (until it exits), every thread
//!     started with [`Clock::spawn`] (for its lifetime) and every thread holding a
//!     guard of [`Clock::enter`] (while it holds it).
//!   - A participant is idle while it is blocked in [`Clock::wait`] (timed or not), in
//!     [`Clock::sleep`], or inside [`Clock::idle`] (which a participant uses around a
//!     join or a channel receive). Anything else — computing, or blocking on a lock,
//!     a join or a channel outside [`Clock::idle`] — keeps it busy, and a busy
//!     participant stops time: an event it delivers after real work reaches a waiter
//!     before that waiter's virtual deadline.
//!   - While a woken waiter has not yet left its wait, time does not advance again past
//!     a deadline that is already due (an advance's own wake-ups are never skipped).
//!   - Limit: a participant woken by a plain condition-variable notify (say a port
//!     push) still counts as idle until it runs; if every other participant goes idle
//!     in that instant, time may jump. The woken thread still sees what woke it (a
//!     port get checks its queue before its deadline), but `now()` may have moved.
//!   - Threads that are not participants never stop time; with no participant left,
//!     any timed wait jumps to its deadline at once (a single-threaded timeout test).
//! - Code under test can read the same time with [`Clock::instant`] (a [`SimInstant`]:
//!   `elapsed`, `duration_since`, `+ Duration`) and sleep with [`Clock::sleep`], so a
//!   service that computes its own deadlines is virtualised too.
//! - [`Clock::blocked`] counts every thread blocked in [`Clock::wait`] or
//!   [`Clock::sleep`] (timed or untimed, on real and manual clocks);
//!   [`Clock::wait_for_blocked`] is the test's deterministic "the waiter is parked"
//!   signal. A thread is counted under the lock its waker takes, before it parks, so a
//!   wake sent after the count is seen is never lost.
//! - No lost wake-ups: a waiter registers with the clock *before* it reads the time.
//! - No lock is held across a wake-up: the clock notifies after releasing its own lock,
//!   and a waiter that triggers an auto-advance wakes the others with its own lock
//!   released (it then returns [`WaitOutcome::Woken`] for its caller to re-check).
//!
//! Code that blocks implements [`Wake`] (take your own lock, `notify_all`) and calls
//! [`Clock::wait`] with its condition variable held.
//!
//! ```
//! use clusim_clock::Clock;
//! use std::time::Duration;
//!
//! let clock = Clock::manual_auto_advance(); // this thread is a participant
//! let c = clock.clone();
//! let service = clock.spawn(move || {
//!     let start = c.instant();
//!     c.sleep(Duration::from_secs(60)); // virtual: no real minute passes
//!     start.elapsed()
//! });
//! // Idle while joining, so the service's sleep can end.
//! let slept = clock.idle(|| service.join().unwrap());
//! assert_eq!(slept, Duration::from_secs(60));
//! assert_eq!(clock.now(), Duration::from_secs(60));
//! ```

#![warn(missing_docs)]

mod instant;
mod participants;
#[cfg(test)]
mod tests;
mod timers;

pub use instant::SimInstant;
pub use participants::Participant;
use timers::Due;

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

struct Inner {
    kind: Kind,
    state: Mutex<State>,
    /// Notified whenever `State` changes (for `wait_for_blocked` and friends).
    changed: Condvar,
    /// Wakes a real clock's timer thread when a timer is added.
    timer_cv: Condvar,
}

enum Kind {
    Real { start: Instant },
    Manual { now_nanos: AtomicU64, auto_advance: bool },
}

/// A thread blocked in a timed wait on a manual clock.
struct Timed {
    deadline: Duration,
    waker: Arc<dyn Wake>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    timed: BTreeMap<u64, Timed>,
    blocked: usize,
    participants: usize,
    idle: usize,
    /// Callbacks due at a clock time ([`Clock::schedule_at`]), by (deadline, id).
    timers: BTreeMap<(Duration, u64), timers::TimerFn>,
    /// A real clock's timer thread is running.
    timer_thread: bool,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.kind {
            Kind::Real { .. } => write!(f, "Clock::real(now={:?})", self.now()),
            Kind::Manual { auto_advance, .. } => {
                write!(f, "Clock::manual(now={:?}, auto={auto_advance})", self.now())
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
        Clock::build(Kind::Real { start: Instant::now() })
    }

    /// A clock that moves only when [`Clock::advance`] is called.
    pub fn manual() -> Clock {
        Clock::build(Kind::Manual { now_nanos: AtomicU64::new(0), auto_advance: false })
    }

    /// A manual clock that jumps to the earliest deadline whenever every participant is
    /// idle (see the crate docs for the exact rule). The calling thread is a participant
    /// until it exits.
    pub fn manual_auto_advance() -> Clock {
        Clock::build(Kind::Manual { now_nanos: AtomicU64::new(0), auto_advance: true })
    }

    fn build(kind: Kind) -> Clock {
        let clock = Clock(Arc::new(Inner {
            kind,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            timer_cv: Condvar::new(),
        }));
        clock.join_for_thread_lifetime();
        clock
    }

    /// True for manual clocks.
    pub fn is_manual(&self) -> bool {
        matches!(self.0.kind, Kind::Manual { .. })
    }

    fn auto_advance(&self) -> bool {
        matches!(self.0.kind, Kind::Manual { auto_advance: true, .. })
    }

    /// Time since the clock was created (real) or its virtual time (manual).
    pub fn now(&self) -> Duration {
        match &self.0.kind {
            Kind::Real { start } => start.elapsed(),
            Kind::Manual { now_nanos, .. } => Duration::from_nanos(now_nanos.load(Ordering::Acquire)),
        }
    }

    /// The deadline `timeout` from now.
    pub fn deadline_after(&self, timeout: Duration) -> Duration {
        self.now().saturating_add(timeout)
    }

    /// Advances a manual clock and wakes every timed waiter. Timers
    /// ([`Clock::schedule_at`]) due on the way fire in deadline order, each with the
    /// clock at its deadline (so a timer that schedules another one inside the span
    /// sees it fire too). Returns `false` (and does nothing) on a real clock.
    pub fn advance(&self, by: Duration) -> bool {
        let Kind::Manual { now_nanos, .. } = &self.0.kind else {
            return false;
        };
        let target = now_nanos.load(Ordering::Acquire).saturating_add(nanos(by));
        while let Some(f) = self.pop_timer_until(target) {
            f(self);
        }
        let woken: Vec<Arc<dyn Wake>> = {
            let st = self.0.state.lock();
            let cur = now_nanos.load(Ordering::Acquire);
            now_nanos.store(cur.max(target), Ordering::Release);
            st.timed.values().map(|t| t.waker.clone()).collect()
        };
        for w in woken {
            w.wake();
        }
        true
    }

    /// Number of threads currently blocked in a timed wait (or a sleep) on a manual
    /// clock.
    pub fn timed_waiters(&self) -> usize {
        if self.is_manual() {
            self.0.state.lock().timed.len()
        } else {
            0
        }
    }

    /// Number of threads currently blocked in [`Clock::wait`] or [`Clock::sleep`], timed
    /// or untimed, on any kind of clock.
    pub fn blocked(&self) -> usize {
        self.0.state.lock().blocked
    }

    /// Blocks (in real time, at most `limit`) until at least `n` threads are in a timed
    /// wait on this manual clock. Tests use it to advance time only once a waiter is
    /// parked. Returns whether the count was reached (always `false` on a real clock).
    pub fn wait_for_timed_waiters(&self, n: usize, limit: Duration) -> bool {
        self.is_manual() && self.wait_for_state(limit, |st| st.timed.len() >= n)
    }

    /// Blocks (in real time, at most `limit`) until at least `n` threads are blocked in
    /// [`Clock::wait`] or [`Clock::sleep`] on this clock (real or manual, timed or
    /// untimed). Returns whether the count was reached.
    pub fn wait_for_blocked(&self, n: usize, limit: Duration) -> bool {
        self.wait_for_state(limit, |st| st.blocked >= n)
    }

    fn wait_for_state(&self, limit: Duration, done: impl Fn(&State) -> bool) -> bool {
        let end = Instant::now() + limit;
        let mut st = self.0.state.lock();
        while !done(&st) {
            if self.0.changed.wait_until(&mut st, end).timed_out() {
                return done(&st);
            }
        }
        true
    }

    /// Under the clock lock, on an auto-advance clock whose participants are all idle:
    /// moves time to the earliest deadline (of a timed waiter or a timer) and returns
    /// the waiters now due, with their registration ids, and the timers now due (the
    /// caller fires them without any lock). `None` when time must not move.
    fn auto_advance_due(&self, st: &mut State) -> Option<Due> {
        let Kind::Manual { now_nanos, auto_advance: true } = &self.0.kind else {
            return None;
        };
        if st.idle < st.participants {
            return None;
        }
        let waiter = st.timed.values().map(|t| t.deadline).min();
        let timer = st.timers.keys().next().map(|k| k.0);
        let earliest = match (waiter, timer) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        if earliest <= self.now() {
            // Someone is due already and has not left its wait yet.
            return None;
        }
        now_nanos.store(nanos(earliest), Ordering::Release);
        let waiters = st
            .timed
            .iter()
            .filter(|(_, t)| t.deadline <= earliest)
            .map(|(&id, t)| (id, t.waker.clone()))
            .collect();
        let later = st.timers.split_off(&(earliest, u64::MAX));
        let timers = std::mem::replace(&mut st.timers, later).into_values().collect();
        Some(Due { waiters, timers })
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
        if let (Kind::Real { start }, Some(deadline)) = (&self.0.kind, deadline) {
            let now = start.elapsed();
            if now >= deadline {
                return WaitOutcome::TimedOut;
            }
            self.block(1, None, 0, |_| ());
            let timed_out = cv.wait_for(guard, deadline - now).timed_out();
            self.unblock(None, 0);
            return if timed_out { WaitOutcome::TimedOut } else { WaitOutcome::Woken };
        }
        let timed = if self.is_manual() { deadline } else { None };
        let idle = usize::from(self.auto_advance() && self.is_busy_participant());
        // Registered before reading the time: an advance after this point wakes us.
        let mut due = None;
        let id = self.block(1, timed.map(|d| (d, waker.clone())), idle, |st| due = self.auto_advance_due(st));
        let past = |c: &Clock| deadline.is_some_and(|d| c.now() >= d);
        if let Some(due) = due {
            // This wait moved time: fire the timers due and wake the others due, with our
            // lock released, and let the caller re-check (nothing can be lost: we never
            // parked).
            self.unblock(id, idle);
            let others: Vec<_> = due.waiters.into_iter().filter(|(other, _)| Some(*other) != id).collect();
            if !others.is_empty() || !due.timers.is_empty() {
                MutexGuard::unlocked(guard, || {
                    due.timers.into_iter().for_each(|f| f(self));
                    others.into_iter().for_each(|(_, w)| w.wake())
                });
            }
            return if past(self) { WaitOutcome::TimedOut } else { WaitOutcome::Woken };
        }
        let outcome = if past(self) {
            WaitOutcome::TimedOut
        } else {
            cv.wait(guard);
            if past(self) {
                WaitOutcome::TimedOut
            } else {
                WaitOutcome::Woken
            }
        };
        self.unblock(id, idle);
        outcome
    }

    /// Counts a blocked thread (and, when `timed`, registers it as a timed waiter); runs
    /// `then` under the same lock. Returns the timed registration's id.
    fn block(
        &self,
        blocked: usize,
        timed: Option<(Duration, Arc<dyn Wake>)>,
        idle: usize,
        then: impl FnOnce(&mut State),
    ) -> Option<u64> {
        let id = {
            let mut st = self.0.state.lock();
            st.blocked += blocked;
            st.idle += idle;
            let id = timed.map(|(deadline, waker)| {
                let id = st.next_id;
                st.next_id += 1;
                st.timed.insert(id, Timed { deadline, waker });
                id
            });
            then(&mut st);
            id
        };
        self.0.changed.notify_all();
        id
    }

    /// Undoes [`Clock::block`] for one thread.
    fn unblock(&self, id: Option<u64>, idle: usize) {
        {
            let mut st = self.0.state.lock();
            st.blocked -= 1;
            st.idle -= idle;
            if let Some(id) = id {
                st.timed.remove(&id);
            }
        }
        self.0.changed.notify_all();
    }
}
