//! Which threads take part in a clock: the rule auto-advance waits on.

use crate::{Clock, Inner};
use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;

/// One clock this thread takes part in.
struct Membership {
    clock: Weak<Inner>,
    /// Lifetime registration, `enter` guards and `spawn`'s own registration.
    depth: usize,
    /// Inside [`Clock::idle`].
    idle: bool,
}

/// This thread's memberships; leaving them all when the thread exits.
struct Memberships(RefCell<Vec<Membership>>);

impl Drop for Memberships {
    fn drop(&mut self) {
        for m in self.0.get_mut().drain(..) {
            if let Some(inner) = m.clock.upgrade() {
                Clock(inner).leave();
            }
        }
    }
}

thread_local! {
    static MEMBERSHIPS: Memberships = const { Memberships(RefCell::new(Vec::new())) };
}

/// A thread's participation in a [`Clock`], from [`Clock::enter`]: while it lives, the
/// thread counts for auto-advance (time moves only when it is idle). Not `Send`: it
/// belongs to the thread that entered.
#[derive(Debug)]
pub struct Participant {
    clock: Option<Clock>,
    _thread_bound: PhantomData<*const ()>,
}

impl Drop for Participant {
    fn drop(&mut self) {
        if let Some(clock) = self.clock.take() {
            clock.release_membership();
        }
    }
}

impl Clock {
    fn same(&self, m: &Membership) -> bool {
        std::ptr::eq(m.clock.as_ptr(), Arc::as_ptr(&self.0))
    }

    /// Adds one level of membership for this thread; `counted` says the clock already
    /// counts the thread (a [`Clock::spawn`]). Returns whether the thread is a member.
    fn add_membership(&self, counted: bool) -> bool {
        let new = MEMBERSHIPS.try_with(|ms| {
            let mut v = ms.0.borrow_mut();
            v.retain(|m| m.clock.strong_count() > 0);
            match v.iter_mut().find(|m| self.same(m)) {
                Some(m) => {
                    m.depth += 1;
                    false
                }
                None => {
                    v.push(Membership { clock: Arc::downgrade(&self.0), depth: 1, idle: false });
                    true
                }
            }
        });
        match (new, counted) {
            (Ok(true), false) => self.0.state.lock().participants += 1,
            // Counted, but a member already (or no thread-local left): undo the count.
            (Ok(false), true) | (Err(_), true) => self.leave(),
            _ => {}
        }
        new.is_ok()
    }

    /// Drops one level of membership; the last one leaves the clock.
    fn release_membership(&self) {
        let last = MEMBERSHIPS.try_with(|ms| {
            let mut v = ms.0.borrow_mut();
            let Some(i) = v.iter().position(|m| self.same(m)) else {
                return false;
            };
            v[i].depth -= 1;
            if v[i].depth == 0 {
                v.remove(i);
                return true;
            }
            false
        });
        if last == Ok(true) {
            self.leave();
        }
    }

    /// The building thread takes part until it exits.
    pub(crate) fn join_for_thread_lifetime(&self) {
        self.add_membership(false);
    }

    /// One participant fewer; may let time move.
    fn leave(&self) {
        self.update(|st| st.participants -= 1);
    }

    /// Changes the participant counters, then performs any auto-advance this allows.
    fn update(&self, change: impl FnOnce(&mut crate::State)) {
        let due = {
            let mut st = self.0.state.lock();
            change(&mut st);
            self.auto_advance_due(&mut st)
        };
        self.0.changed.notify_all();
        if let Some(due) = due {
            due.timers.into_iter().for_each(|f| f(self));
            due.waiters.into_iter().for_each(|(_, w)| w.wake());
        }
    }

    /// True when this thread is a participant and not inside [`Clock::idle`].
    pub(crate) fn is_busy_participant(&self) -> bool {
        MEMBERSHIPS.try_with(|ms| ms.0.borrow().iter().any(|m| self.same(m) && !m.idle)).unwrap_or(false)
    }

    fn set_idle(&self, idle: bool) {
        let _ = MEMBERSHIPS.try_with(|ms| {
            if let Some(m) = ms.0.borrow_mut().iter_mut().find(|m| self.same(m)) {
                m.idle = idle;
            }
        });
    }

    /// Makes this thread a participant while the guard lives (nested guards are fine;
    /// the building thread and [`Clock::spawn`]ed threads are participants already).
    pub fn enter(&self) -> Participant {
        let member = self.add_membership(false);
        Participant { clock: member.then(|| self.clone()), _thread_bound: PhantomData }
    }

    /// Number of participant threads.
    pub fn participants(&self) -> usize {
        self.0.state.lock().participants
    }

    /// Spawns a thread that is a participant for its whole life. It is counted before
    /// it starts, so time cannot move between the spawn and its first instruction.
    pub fn spawn<F, T>(&self, f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.0.state.lock().participants += 1;
        let clock = self.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            let member = clock.add_membership(true);
            let _guard = Participant { clock: member.then_some(clock), _thread_bound: PhantomData };
            f()
        });
        spawned.unwrap_or_else(|e| {
            self.leave();
            panic!("failed to spawn a clock participant: {e}")
        })
    }

    /// Runs `f` with this participant counted as idle: for a participant that waits on
    /// something other than the clock (a join, a channel) and lets time move meanwhile.
    /// On a thread that is not a (busy) participant, or a clock without auto-advance,
    /// it just runs `f`.
    pub fn idle<R>(&self, f: impl FnOnce() -> R) -> R {
        if !self.auto_advance() || !self.is_busy_participant() {
            return f();
        }
        struct Busy<'a>(&'a Clock);
        impl Drop for Busy<'_> {
            fn drop(&mut self) {
                self.0.set_idle(false);
                self.0.update(|st| st.idle -= 1);
            }
        }
        self.set_idle(true);
        self.update(|st| st.idle += 1);
        let _busy = Busy(self);
        f()
    }
}
