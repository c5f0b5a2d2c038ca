//! Timers: callbacks that run when the clock reaches a time ([`Clock::schedule_at`]).
//!
//! - Manual clock: [`Clock::advance`] fires every timer it passes, in deadline order,
//!   with the clock standing at each deadline.
//! - Auto-advance clock: a timer deadline counts like a timed waiter's: when every
//!   participant is idle, time jumps to the earliest of them and the timers due fire on
//!   the thread that moved time, with its own lock released.
//! - Real clock: one timer thread per clock (started with the first timer) fires each
//!   timer at its deadline in wall time; it ends when the clock is dropped.
//!
//! A timer runs without any clock lock held, and may schedule further timers.

use crate::{nanos, Clock, Inner, Kind, Wake};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// A timer's callback.
pub(crate) type TimerFn = Box<dyn FnOnce(&Clock) + Send>;

/// What an auto-advance made due: the timed waiters to wake and the timers to fire.
pub(crate) struct Due {
    pub(crate) waiters: Vec<(u64, Arc<dyn Wake>)>,
    pub(crate) timers: Vec<TimerFn>,
}

/// How long a real clock's idle timer thread sleeps before checking that its clock
/// still exists.
const TIMER_THREAD_IDLE: Duration = Duration::from_millis(200);

impl Clock {
    /// Runs `f` once the clock reaches `deadline` (clock time, as [`Clock::now`]
    /// reads it). A deadline already past fires at the next opportunity: the next
    /// [`Clock::advance`] on a manual clock, the next idle moment on an auto-advance
    /// clock, at once on a real clock's timer thread — never inside this call, so the
    /// caller may hold its own locks.
    pub fn schedule_at(&self, deadline: Duration, f: impl FnOnce(&Clock) + Send + 'static) {
        let spawn = {
            let mut st = self.0.state.lock();
            let id = st.next_id;
            st.next_id += 1;
            st.timers.insert((deadline, id), Box::new(f));
            let spawn = matches!(self.0.kind, Kind::Real { .. }) && !st.timer_thread;
            st.timer_thread |= spawn;
            spawn
        };
        self.0.timer_cv.notify_all();
        self.0.changed.notify_all();
        if spawn {
            let weak = Arc::downgrade(&self.0);
            let started = std::thread::Builder::new()
                .name("clusim-clock-timers".into())
                .spawn(move || timer_thread(weak));
            if started.is_err() {
                self.0.state.lock().timer_thread = false;
            }
        }
    }

    /// Number of timers not yet fired.
    pub fn pending_timers(&self) -> usize {
        self.0.state.lock().timers.len()
    }

    /// The earliest deadline of a timer not yet fired.
    pub fn next_timer(&self) -> Option<Duration> {
        self.0.state.lock().timers.keys().next().map(|k| k.0)
    }

    /// Removes the earliest timer due at or before `target` (nanoseconds) and moves a
    /// manual clock to its deadline (never backwards).
    pub(crate) fn pop_timer_until(&self, target: u64) -> Option<TimerFn> {
        let mut st = self.0.state.lock();
        let (&key, _) = st.timers.iter().next().filter(|(k, _)| nanos(k.0) <= target)?;
        if let Kind::Manual { now_nanos, .. } = &self.0.kind {
            let cur = now_nanos.load(Ordering::Acquire);
            now_nanos.store(cur.max(nanos(key.0)), Ordering::Release);
        }
        st.timers.remove(&key)
    }
}

/// A real clock's timer thread: fires each timer at its wall-clock deadline.
fn timer_thread(weak: Weak<Inner>) {
    loop {
        let Some(inner) = weak.upgrade() else { return };
        let clock = Clock(inner);
        let due = clock.pop_timer_until(nanos(clock.now()));
        match due {
            Some(f) => f(&clock),
            None => {
                let mut st = clock.0.state.lock();
                let wait =
                    st.timers.keys().next().map_or(TIMER_THREAD_IDLE, |k| {
                        k.0.saturating_sub(clock.now()).min(TIMER_THREAD_IDLE)
                    });
                if !wait.is_zero() {
                    clock.0.timer_cv.wait_for(&mut st, wait);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parking_lot::Mutex;

    /// Which timer fired, at what clock time.
    type Log = Arc<Mutex<Vec<(u32, Duration)>>>;

    fn recorder() -> (Log, impl Fn(u32) -> TimerFn) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = log.clone();
        (log, move |n| {
            let l = l.clone();
            Box::new(move |c: &Clock| l.lock().push((n, c.now())))
        })
    }

    #[test]
    fn advance_fires_timers_in_deadline_order_at_their_deadlines() {
        let c = Clock::manual();
        let (log, rec) = recorder();
        c.schedule_at(Duration::from_millis(300), rec(2));
        c.schedule_at(Duration::from_millis(100), rec(1));
        c.schedule_at(Duration::from_secs(5), rec(3));
        c.advance(Duration::from_secs(1));
        assert_eq!(*log.lock(), [(1, Duration::from_millis(100)), (2, Duration::from_millis(300))]);
        assert_eq!(c.now(), Duration::from_secs(1));
        assert_eq!(c.pending_timers(), 1);
        assert_eq!(c.next_timer(), Some(Duration::from_secs(5)));
    }

    #[test]
    fn a_timer_scheduled_by_a_timer_inside_the_span_fires_in_the_same_advance() {
        let c = Clock::manual();
        let (log, rec) = recorder();
        let second = Mutex::new(Some(rec(2)));
        let first = rec(1);
        c.schedule_at(Duration::from_millis(10), move |c: &Clock| {
            first(c);
            let f = second.lock().take().unwrap();
            c.schedule_at(c.now() + Duration::from_millis(10), f);
        });
        c.advance(Duration::from_millis(50));
        assert_eq!(*log.lock(), [(1, Duration::from_millis(10)), (2, Duration::from_millis(20))]);
    }

    #[test]
    fn auto_advance_jumps_to_a_timer_when_every_participant_is_idle() {
        let c = Clock::manual_auto_advance();
        let (log, rec) = recorder();
        c.schedule_at(Duration::from_secs(2), rec(1));
        // An untimed idle moment (a join) lets time jump to the timer.
        let c2 = c.clone();
        c.idle(|| std::thread::spawn(move || c2.now()).join().unwrap());
        assert_eq!(*log.lock(), [(1, Duration::from_secs(2))]);
        assert_eq!(c.now(), Duration::from_secs(2));
    }

    #[test]
    fn a_real_clock_fires_a_timer_on_its_timer_thread() {
        let c = Clock::real();
        let (tx, rx) = std::sync::mpsc::channel();
        c.schedule_at(c.now() + Duration::from_millis(1), move |c: &Clock| tx.send(c.now()).unwrap());
        let at = rx.recv_timeout(Duration::from_secs(10)).expect("the timer fired");
        assert!(at >= Duration::from_millis(1));
    }
}
