//! Reading and sleeping on the clock from code under test.

use crate::{Clock, WaitOutcome, Wake};
use parking_lot::{Condvar, Mutex};
use std::cmp::Ordering;
use std::ops::{Add, AddAssign, Sub};
use std::sync::Arc;
use std::time::Duration;

/// A point in a [`Clock`]'s time, like [`std::time::Instant`] but virtual on a manual
/// clock. Comparisons and differences are meaningful between instants of the same clock.
#[derive(Clone, Debug)]
pub struct SimInstant {
    clock: Clock,
    at: Duration,
}

impl SimInstant {
    /// Time passed since this instant (zero if it lies in the future).
    pub fn elapsed(&self) -> Duration {
        self.clock.now().saturating_sub(self.at)
    }

    /// Time from `earlier` to this instant (zero if `earlier` is later).
    pub fn duration_since(&self, earlier: &SimInstant) -> Duration {
        self.at.saturating_sub(earlier.at)
    }

    /// This instant as the clock time [`Clock::wait`] takes as a deadline.
    pub fn since_start(&self) -> Duration {
        self.at
    }
}

impl PartialEq for SimInstant {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for SimInstant {}

impl PartialOrd for SimInstant {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SimInstant {
    fn cmp(&self, other: &Self) -> Ordering {
        self.at.cmp(&other.at)
    }
}

impl Add<Duration> for SimInstant {
    type Output = SimInstant;
    fn add(mut self, d: Duration) -> SimInstant {
        self += d;
        self
    }
}

impl AddAssign<Duration> for SimInstant {
    fn add_assign(&mut self, d: Duration) {
        self.at = self.at.saturating_add(d);
    }
}

impl Sub<&SimInstant> for &SimInstant {
    type Output = Duration;
    fn sub(self, earlier: &SimInstant) -> Duration {
        self.duration_since(earlier)
    }
}

/// What a sleeper parks on.
struct Sleeper {
    lock: Mutex<()>,
    cv: Condvar,
}

impl Wake for Sleeper {
    fn wake(&self) {
        drop(self.lock.lock());
        self.cv.notify_all();
    }
}

impl Clock {
    /// The current time as an instant.
    pub fn instant(&self) -> SimInstant {
        SimInstant { clock: self.clone(), at: self.now() }
    }

    /// Sleeps for `d` of this clock's time: a real sleep on a real clock; on a manual
    /// clock until time has advanced by `d` (a timed waiter for
    /// [`Clock::wait_for_timed_waiters`], idle for auto-advance). Counted by
    /// [`Clock::blocked`].
    pub fn sleep(&self, d: Duration) {
        self.sleep_until(&(self.instant() + d));
    }

    /// Sleeps until the clock reaches `until` (at once if it has).
    pub fn sleep_until(&self, until: &SimInstant) {
        let sleeper = Arc::new(Sleeper { lock: Mutex::new(()), cv: Condvar::new() });
        let waker: Arc<dyn Wake> = sleeper.clone();
        let mut g = sleeper.lock.lock();
        while self.now() < until.at {
            if self.wait(&sleeper.cv, &mut g, Some(until.at), &waker) == WaitOutcome::TimedOut {
                break;
            }
        }
    }
}
