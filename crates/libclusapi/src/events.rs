//! kernel32 event objects: the waitable handle `GetNotifyEventHandle` hands out, and the
//! wait engine behind `WaitForSingleObject` / `WaitForMultipleObjects`.
//!
//! Guarantees (spec/c-abi.md, "Event handles"):
//! - An event handle is the simulator's own handle of the port's event (N15: one per
//!   port, owned by it, invalid once the port closes). `CloseHandle` on it makes the
//!   value invalid for this library's waits until `GetNotifyEventHandle` hands it out
//!   again; the port is not affected.
//! - An event is level-triggered: it is signalled exactly while its [`Signal`] says so
//!   (a V2 port: while it holds an event), so a wait never consumes anything — the
//!   port's own get does. An object that reports an error (its port closed, before or
//!   during the wait) ends the wait with that error.
//! - Every wait goes through the simulator's [`Clock`]: a manual clock's advance ends a
//!   timed wait, nothing sleeps for real.
//! - No lost wake-up: the waiter's generation is read before the objects are checked,
//!   and a wake bumps it under the waiter's lock; no lock of ours is held while an
//!   object is asked for its state.

use clusim_api::{Timeout, Win32Error};
use clusim_clock::{Clock, WaitOutcome, Wake};
use parking_lot::{Condvar, Mutex};
use std::collections::BTreeSet;
use std::sync::{Arc, Weak};

/// `MAXIMUM_WAIT_OBJECTS` (winnt.h): the most handles one `WaitForMultipleObjects` takes.
pub(crate) const MAXIMUM_WAIT_OBJECTS: usize = 64;

/// Something an event handle stands for.
pub(crate) trait Signal: Send + Sync {
    /// Whether the object is signalled now; an error when it is no longer valid.
    fn is_set(&self) -> Result<bool, Win32Error>;
    /// Asks the object to call `waker` whenever it may have become signalled, for as
    /// long as `waker` is alive.
    fn watch(&self, waker: Weak<dyn Wake>);
}

/// What ended a successful wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waited {
    /// `WAIT_OBJECT_0 + i`: object `i` is signalled (with `all`: every object, `i = 0`).
    Object(usize),
    /// `WAIT_TIMEOUT`.
    TimedOut,
}

/// One waiting thread: a generation counter its objects bump when they may have changed.
#[derive(Default)]
struct Waiter {
    generation: Mutex<u64>,
    cond: Condvar,
}

impl Wake for Waiter {
    fn wake(&self) {
        *self.generation.lock() += 1;
        self.cond.notify_all();
    }
}

/// Which object ends the wait now: the first signalled one, or (with `all`) object 0
/// once every one is signalled at the same check.
fn check(objects: &[Arc<dyn Signal>], all: bool) -> Result<Option<usize>, Win32Error> {
    let mut first = None;
    let mut every = true;
    for (i, o) in objects.iter().enumerate() {
        if o.is_set()? {
            first = first.or(Some(i));
        } else {
            every = false;
        }
    }
    Ok(if all { every.then_some(0) } else { first })
}

/// Waits until [`check`] is satisfied or `timeout` (on `clock`) passes.
pub(crate) fn wait(
    clock: &Clock,
    objects: &[Arc<dyn Signal>],
    all: bool,
    timeout: Timeout,
) -> Result<Waited, Win32Error> {
    if let Some(i) = check(objects, all)? {
        return Ok(Waited::Object(i));
    }
    if timeout == Timeout::POLL {
        return Ok(Waited::TimedOut);
    }
    let deadline = timeout.duration().map(|d| clock.deadline_after(d));
    let waiter = Arc::new(Waiter::default());
    let as_wake: Arc<dyn Wake> = waiter.clone();
    for o in objects {
        o.watch(Arc::downgrade(&as_wake));
    }
    loop {
        let seen = *waiter.generation.lock();
        if let Some(i) = check(objects, all)? {
            return Ok(Waited::Object(i));
        }
        let mut g = waiter.generation.lock();
        if *g != seen {
            continue;
        }
        if deadline.is_some_and(|d| clock.now() >= d) {
            return Ok(Waited::TimedOut);
        }
        if clock.wait(&waiter.cond, &mut g, deadline, &as_wake) == WaitOutcome::TimedOut {
            drop(g);
            // The last look: an object signalled at the deadline still wins.
            return Ok(check(objects, all)?.map_or(Waited::TimedOut, Waited::Object));
        }
    }
}

/// Event handle values the caller closed with `CloseHandle` (until handed out again).
static CLOSED: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

/// `GetNotifyEventHandle` handed `handle` out (again): it is valid for waits.
pub(crate) fn handed_out(handle: usize) {
    CLOSED.lock().remove(&handle);
}

/// `ERROR_INVALID_HANDLE` when the caller closed `handle` with `CloseHandle`.
pub(crate) fn not_closed(handle: usize) -> Result<usize, Win32Error> {
    if CLOSED.lock().contains(&handle) {
        Err(Win32Error::ERROR_INVALID_HANDLE)
    } else {
        Ok(handle)
    }
}

/// `CloseHandle` on a valid event handle: the value is closed for waits.
pub(crate) fn close(handle: usize) -> Result<(), Win32Error> {
    if CLOSED.lock().insert(handle) {
        Ok(())
    } else {
        Err(Win32Error::ERROR_INVALID_HANDLE)
    }
}

/// The objects behind `handles` for a wait (`lookup` finds one): `ERROR_INVALID_PARAMETER`
/// for none, more than [`MAXIMUM_WAIT_OBJECTS`] or a handle given twice
/// (WaitForMultipleObjects: "may not contain multiple copies of the same handle").
pub(crate) fn lookup_all(
    handles: &[usize],
    lookup: impl Fn(usize) -> Result<Arc<dyn Signal>, Win32Error>,
) -> Result<Vec<Arc<dyn Signal>>, Win32Error> {
    if handles.is_empty() || handles.len() > MAXIMUM_WAIT_OBJECTS {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    let mut seen = handles.to_vec();
    seen.sort_unstable();
    if seen.windows(2).any(|w| w[0] == w[1]) {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    handles.iter().map(|&h| lookup(h)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    /// A flag that wakes its watchers when set.
    #[derive(Default)]
    struct Flag {
        set: AtomicBool,
        watchers: Mutex<Vec<Weak<dyn Wake>>>,
    }

    impl Flag {
        fn raise(&self) {
            self.set.store(true, Ordering::SeqCst);
            let ws: Vec<_> = self.watchers.lock().iter().filter_map(Weak::upgrade).collect();
            ws.iter().for_each(|w| w.wake());
        }
    }

    impl Signal for Flag {
        fn is_set(&self) -> Result<bool, Win32Error> {
            Ok(self.set.load(Ordering::SeqCst))
        }
        fn watch(&self, waker: Weak<dyn Wake>) {
            self.watchers.lock().push(waker);
        }
    }

    fn flags(n: usize) -> (Vec<Arc<Flag>>, Vec<Arc<dyn Signal>>) {
        let f: Vec<Arc<Flag>> = (0..n).map(|_| Arc::new(Flag::default())).collect();
        let s = f.iter().map(|x| x.clone() as Arc<dyn Signal>).collect();
        (f, s)
    }

    const LIMIT: Duration = Duration::from_secs(10);

    // EVENT-WAIT: a poll answers at once, an unsignalled one WAIT_TIMEOUT.
    #[test]
    fn a_poll_reports_the_first_signalled_object_or_a_timeout() {
        let clock = Clock::manual();
        let (f, s) = flags(3);
        assert_eq!(wait(&clock, &s, false, Timeout::POLL), Ok(Waited::TimedOut));
        f[2].raise();
        f[1].raise();
        assert_eq!(wait(&clock, &s, false, Timeout::POLL), Ok(Waited::Object(1)));
        assert_eq!(wait(&clock, &s, true, Timeout::POLL), Ok(Waited::TimedOut), "object 0 is not set");
        f[0].raise();
        assert_eq!(wait(&clock, &s, true, Timeout::POLL), Ok(Waited::Object(0)));
    }

    // EVENT-WAIT, EVENT-CLOCK: a timed wait ends when the manual clock passes its deadline.
    #[test]
    fn a_timed_wait_ends_when_the_manual_clock_reaches_the_deadline() {
        let clock = Clock::manual();
        let (_f, s) = flags(1);
        let c = clock.clone();
        let t = std::thread::spawn(move || wait(&c, &s, false, Timeout::from_millis(500)));
        assert!(clock.wait_for_timed_waiters(1, LIMIT));
        clock.advance(Duration::from_millis(499));
        assert!(clock.wait_for_timed_waiters(1, LIMIT), "still waiting before the deadline");
        clock.advance(Duration::from_millis(1));
        assert_eq!(t.join().unwrap(), Ok(Waited::TimedOut));
    }

    // EVENT-WAIT: a signal ends an INFINITE wait on any of the objects.
    #[test]
    fn a_signal_wakes_an_infinite_wait_on_any_object() {
        let clock = Clock::manual();
        let (f, s) = flags(2);
        let c = clock.clone();
        let t = std::thread::spawn(move || wait(&c, &s, false, Timeout::Infinite));
        assert!(clock.wait_for_blocked(1, LIMIT));
        f[1].raise();
        assert_eq!(t.join().unwrap(), Ok(Waited::Object(1)));
    }

    // EVENT-WAIT-ALL: bWaitAll waits for the last object.
    #[test]
    fn wait_all_returns_only_once_every_object_is_signalled() {
        let clock = Clock::manual();
        let (f, s) = flags(2);
        f[0].raise();
        let c = clock.clone();
        let t = std::thread::spawn(move || wait(&c, &s, true, Timeout::Infinite));
        assert!(clock.wait_for_blocked(1, LIMIT));
        f[1].raise();
        assert_eq!(t.join().unwrap(), Ok(Waited::Object(0)));
    }

    // EVENT-HANDLES: a closed value is refused until handed out again; bad arrays refused.
    #[test]
    fn closed_event_values_and_bad_wait_arrays_are_refused() {
        let (_f, s) = flags(1);
        let one = s[0].clone();
        let lookup = |_h: usize| Ok(one.clone());
        let h = 0x7770;
        assert_eq!(lookup_all(&[h, h], lookup).err(), Some(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(lookup_all(&[], lookup).err(), Some(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(lookup_all(&[h; 65], lookup).err(), Some(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(lookup_all(&[h, h + 16], lookup).map(|v| v.len()), Ok(2));
        assert_eq!(not_closed(h), Ok(h));
        assert_eq!(close(h), Ok(()));
        assert_eq!(close(h), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(not_closed(h), Err(Win32Error::ERROR_INVALID_HANDLE));
        handed_out(h);
        assert_eq!(not_closed(h), Ok(h));
    }

    /// An object whose port has closed.
    struct Gone;
    impl Signal for Gone {
        fn is_set(&self) -> Result<bool, Win32Error> {
            Err(Win32Error::ERROR_INVALID_HANDLE)
        }
        fn watch(&self, _: Weak<dyn Wake>) {}
    }

    // EVENT-WAIT: an invalid object fails the wait, even when another one is signalled.
    #[test]
    fn an_object_that_reports_an_error_fails_the_wait() {
        let clock = Clock::manual();
        let (f, mut s) = flags(1);
        f[0].raise();
        s.push(Arc::new(Gone));
        assert_eq!(wait(&clock, &s, false, Timeout::Infinite), Err(Win32Error::ERROR_INVALID_HANDLE));
    }
}
