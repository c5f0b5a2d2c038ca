//! A V1 notification port's queue.
//!
//! Guarantees (spec/ports.md):
//! - FIFO: indications come out in the order they were pushed.
//! - `get` with a name buffer too small answers `ERROR_MORE_DATA` with the needed length
//!   (excluding the NUL) and leaves the indication at the head (N1).
//! - Timeouts go through the simulator [`Clock`]: zero polls, `Infinite` waits until an
//!   indication arrives or the port closes, otherwise `WAIT_TIMEOUT` (N2).
//! - `close` discards what was queued and wakes every waiter, which returns
//!   `ERROR_INVALID_HANDLE`; so does every later call (N3).
//! - A full queue (capacity reached) drops new indications and, once the reader has made
//!   room, delivers one `CLUSTER_RECONNECT` carrying the key of the first lost one, in
//!   the place of the loss: never silent loss (N10).
//! - No lock is held across a wake-up: `push`, `close` and the clock's wake release
//!   the queue lock before they notify.
//! - A blocking get first spins briefly (the backoff a crossbeam channel's blocking
//!   `recv` uses) on a lock-free "something is ready" flag, and parks only then: a
//!   ping-pong between two threads does not pay a futex sleep per message. Timed gets
//!   on a manual clock do not spin (only an advance can end most of them).
//! - The hot path allocates nothing beyond the queue slot: an indication shares the
//!   event's name, and a zero-timeout get does not read the clock.

use clusim_api::{ChangeFlags, GetNotifyError, NotifyHeader, NotifyKey, Timeout, Win32Error};
use clusim_clock::{Clock, WaitOutcome, Wake};
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One queued indication: key, one change bit, the object name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indication {
    /// The key of the registration that matched.
    pub key: NotifyKey,
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// The event's name, shared with the event and every other delivery of it.
    shared: Arc<str>,
    /// Where the delivered name starts in `shared` (bytes, on a char boundary).
    start: u32,
}

impl Indication {
    /// An indication delivering the whole of `name` (shared, not copied).
    pub fn new(key: NotifyKey, change: ChangeFlags, name: Arc<str>) -> Indication {
        Indication { key, change, shared: name, start: 0 }
    }

    /// An indication delivering the tail of `name` from byte `start` (a registry event
    /// named relative to a per-key registration, N5): the name is still shared.
    pub fn tail(key: NotifyKey, change: ChangeFlags, name: Arc<str>, start: usize) -> Indication {
        assert!(name.is_char_boundary(start), "the tail starts on a char boundary");
        let start = u32::try_from(start).expect("a name shorter than 4 GiB");
        Indication { key, change, shared: name, start }
    }

    /// The allocation the delivered name lives in: the event's own name, shared by every
    /// delivery of the event (what the bench's memory figures compare pointers of).
    pub fn shared_name(&self) -> &Arc<str> {
        &self.shared
    }

    /// The name delivered.
    pub fn name(&self) -> &str {
        &self.shared[self.start as usize..]
    }
}

#[derive(Debug)]
struct State {
    queue: VecDeque<Indication>,
    closed: bool,
    waiters: u32,
    lost: Option<NotifyKey>,
    cluster_name: Arc<str>,
    pushed: u64,
    dropped: u64,
}

impl State {
    /// What `ready` must say: a get would return at once.
    fn ready(&self) -> bool {
        self.closed || !self.queue.is_empty() || self.lost.is_some()
    }

    /// Queues the `CLUSTER_RECONNECT` that stands for the lost indications, if any.
    fn queue_reconnect(&mut self) {
        if let Some(key) = self.lost.take() {
            let name = self.cluster_name.clone();
            self.queue.push_back(Indication::new(key, ChangeFlags::CLUSTER_RECONNECT, name));
        }
    }
}

/// Counters a port keeps about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortStats {
    /// Indications accepted into the queue.
    pub pushed: u64,
    /// Indications dropped because the queue was full.
    pub dropped: u64,
    /// Indications currently queued.
    pub queued: usize,
    /// Bytes the queue has reserved for indications (its capacity times the slot size;
    /// names are shared with the event, not copied per indication).
    pub reserved_bytes: usize,
    /// Threads currently blocked in a get on this port.
    pub waiters: u32,
}

/// The queue behind one `HCHANGE`.
pub struct PortQueue {
    state: Mutex<State>,
    cond: Condvar,
    capacity: usize,
    /// Mirrors `State::ready` (written under the lock, read without it by spinners).
    ready: AtomicBool,
}

/// Backoff before a blocking get parks, as a crossbeam channel's blocking `recv` does
/// it: a round is busy-wait steps of 1, 2, 4, … 64 spins, then yields (crossbeam's
/// `Backoff`: `SPIN_LIMIT` 6, `YIELD_LIMIT` 10), and there are two rounds (crossbeam
/// backs off once before it registers as a waiter and once more in `wait_until`).
const SPIN_STEPS: u32 = 7;
const YIELD_STEPS: u32 = 4;
const BACKOFF_ROUNDS: u32 = 2;

impl std::fmt::Debug for PortQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortQueue").field("stats", &self.stats()).finish()
    }
}

impl Wake for PortQueue {
    fn wake(&self) {
        // Taking the lock orders this wake after any waiter's check of the clock (it
        // holds the lock from that check until it parks); no need to keep it while
        // notifying.
        drop(self.state.lock());
        self.cond.notify_all();
    }
}

/// Copies `name` into `buf` as UTF-16 plus NUL, or reports the needed length
/// (excluding the NUL) when `buf` cannot hold both.
fn copy_name(name: &str, buf: &mut [u16]) -> Result<usize, usize> {
    if name.is_ascii() {
        let needed = name.len();
        if buf.len() <= needed {
            return Err(needed);
        }
        for (dst, &src) in buf.iter_mut().zip(name.as_bytes()) {
            *dst = u16::from(src);
        }
        buf[needed] = 0;
        return Ok(needed);
    }
    // Count first, so the caller's buffer is left as it was on ERROR_MORE_DATA.
    let needed = name.encode_utf16().count();
    if buf.len() <= needed {
        return Err(needed);
    }
    for (dst, src) in buf.iter_mut().zip(name.encode_utf16()) {
        *dst = src;
    }
    buf[needed] = 0;
    Ok(needed)
}

impl PortQueue {
    /// A port holding at most `capacity` indications.
    pub fn new(capacity: usize) -> Arc<PortQueue> {
        Arc::new(PortQueue {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                closed: false,
                waiters: 0,
                lost: None,
                cluster_name: Arc::from(""),
                pushed: 0,
                dropped: 0,
            }),
            cond: Condvar::new(),
            capacity: capacity.max(1),
            ready: AtomicBool::new(false),
        })
    }

    /// The name `CLUSTER_RECONNECT` carries (the port's cluster).
    pub fn set_cluster_name(&self, name: Arc<str>) {
        self.state.lock().cluster_name = name;
    }

    /// Appends an indication (dropped silently once closed: nobody can read it).
    pub fn push(&self, ind: Indication) {
        let wake = {
            let mut st = self.state.lock();
            if st.closed {
                return;
            }
            if st.queue.len() >= self.capacity {
                if st.lost.is_none() {
                    st.lost = Some(ind.key);
                }
                st.dropped += 1;
                self.ready.store(true, Ordering::Relaxed);
                return;
            }
            st.queue_reconnect();
            st.queue.push_back(ind);
            st.pushed += 1;
            self.ready.store(true, Ordering::Relaxed);
            st.waiters > 0
        };
        if wake {
            self.cond.notify_one();
        }
    }

    /// Busy-waits, then yields, until `ready` says a get would return at once, for at
    /// most the backoff's steps. Returns what `ready` said last.
    fn spin_until_ready(&self) -> bool {
        for step in (0..BACKOFF_ROUNDS).flat_map(|_| 0..SPIN_STEPS + YIELD_STEPS) {
            if self.ready.load(Ordering::Relaxed) {
                return true;
            }
            if step < SPIN_STEPS {
                for _ in 0..1u32 << step {
                    std::hint::spin_loop();
                }
            } else {
                std::thread::yield_now();
            }
        }
        self.ready.load(Ordering::Relaxed)
    }

    /// `GetClusterNotify` on this queue.
    pub fn get(
        self: &Arc<Self>,
        clock: &Clock,
        buf: &mut [u16],
        timeout: Timeout,
    ) -> Result<NotifyHeader, GetNotifyError> {
        // A zero timeout polls: no deadline, no clock read.
        let poll = timeout == Timeout::POLL;
        let deadline = if poll { None } else { timeout.duration().map(|d| clock.deadline_after(d)) };
        // Spinning cannot help a timed wait on a manual clock: only an advance ends it.
        let manual_timed = deadline.is_some() && clock.is_manual();
        let mut spin = !poll && !manual_timed;
        let mut st = self.state.lock();
        let mut timed_out = false;
        loop {
            if st.closed {
                return Err(GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE));
            }
            if st.queue.is_empty() {
                st.queue_reconnect();
            }
            if let Some(front) = st.queue.front() {
                return match copy_name(front.name(), buf) {
                    Ok(len) => {
                        let ind = st.queue.pop_front().expect("front exists");
                        if st.queue.is_empty() {
                            self.ready.store(st.ready(), Ordering::Relaxed);
                        }
                        drop(st);
                        // The name's reference count drops outside the lock.
                        Ok(NotifyHeader { key: ind.key, change: ind.change, name_len: len })
                    }
                    Err(needed) => {
                        // The event stays queued (N1): pass the wake-up on, so another
                        // waiter with room for the name takes it.
                        let others = st.waiters > 0;
                        drop(st);
                        if others {
                            self.cond.notify_one();
                        }
                        Err(GetNotifyError::MoreData { needed })
                    }
                };
            }
            if poll || timed_out || deadline.is_some_and(|d| clock.now() >= d) {
                return Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT));
            }
            if spin {
                spin = false;
                MutexGuard::unlocked(&mut st, || self.spin_until_ready());
                continue;
            }
            st.waiters += 1;
            let waker: Arc<dyn Wake> = self.clone();
            let outcome = clock.wait(&self.cond, &mut st, deadline, &waker);
            st.waiters -= 1;
            timed_out = outcome == WaitOutcome::TimedOut;
        }
    }

    /// Pops the head without a name buffer (the Rust fast path).
    pub fn try_pop(&self) -> Result<Option<Indication>, Win32Error> {
        let mut st = self.state.lock();
        if st.closed {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        if st.queue.is_empty() {
            st.queue_reconnect();
        }
        let head = st.queue.pop_front();
        self.ready.store(st.ready(), Ordering::Relaxed);
        Ok(head)
    }

    /// Closes the port: discards the queue and wakes every waiter (they return
    /// `ERROR_INVALID_HANDLE`). Idempotent.
    pub fn close(&self) {
        {
            let mut st = self.state.lock();
            st.closed = true;
            st.queue.clear();
            st.queue.shrink_to_fit();
            st.lost = None;
            self.ready.store(true, Ordering::Relaxed);
        }
        self.cond.notify_all();
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.state.lock().closed
    }

    /// Number of threads blocked in `get`.
    pub fn waiters(&self) -> u32 {
        self.state.lock().waiters
    }

    /// Counters.
    pub fn stats(&self) -> PortStats {
        let st = self.state.lock();
        PortStats {
            pushed: st.pushed,
            dropped: st.dropped,
            queued: st.queue.len(),
            reserved_bytes: st.queue.capacity() * std::mem::size_of::<Indication>(),
            waiters: st.waiters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ind(key: usize, name: &str) -> Indication {
        Indication::new(NotifyKey(key), ChangeFlags::RESOURCE_STATE, Arc::from(name))
    }

    fn get(p: &Arc<PortQueue>, c: &Clock, cap: usize) -> Result<(usize, String), GetNotifyError> {
        let mut buf = vec![0u16; cap];
        let h = p.get(c, &mut buf, Timeout::POLL)?;
        assert_eq!(buf[h.name_len], 0, "NUL after the name");
        Ok((h.key.0, String::from_utf16(&buf[..h.name_len]).unwrap()))
    }

    #[test]
    fn fifo_order() {
        let (p, c) = (PortQueue::new(100), Clock::manual());
        for i in 0..10 {
            p.push(ind(i, "x"));
        }
        for i in 0..10 {
            assert_eq!(get(&p, &c, 8).unwrap().0, i);
        }
        assert_eq!(get(&p, &c, 8), Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)));
    }

    #[test]
    fn more_data_keeps_the_event_at_the_head() {
        let (p, c) = (PortQueue::new(100), Clock::manual());
        p.push(ind(1, "abcdef"));
        p.push(ind(2, "z"));
        // Capacity 6 holds 5 characters + NUL: one short.
        assert_eq!(get(&p, &c, 6), Err(GetNotifyError::MoreData { needed: 6 }));
        assert_eq!(get(&p, &c, 0), Err(GetNotifyError::MoreData { needed: 6 }));
        assert_eq!(get(&p, &c, 7).unwrap(), (1, "abcdef".to_string()));
        assert_eq!(get(&p, &c, 2).unwrap(), (2, "z".to_string()));
    }

    #[test]
    fn empty_name_needs_room_for_the_nul_only() {
        let (p, c) = (PortQueue::new(100), Clock::manual());
        p.push(ind(1, ""));
        assert_eq!(get(&p, &c, 0), Err(GetNotifyError::MoreData { needed: 0 }));
        assert_eq!(get(&p, &c, 1).unwrap(), (1, String::new()));
    }

    #[test]
    fn overflow_yields_one_reconnect_in_place_of_the_loss() {
        let (p, c) = (PortQueue::new(2), Clock::manual());
        p.set_cluster_name(Arc::from("C1"));
        for i in 0..5 {
            p.push(ind(i, "x"));
        }
        assert_eq!(p.stats().dropped, 3);
        assert_eq!(get(&p, &c, 8).unwrap().0, 0);
        p.push(ind(9, "y"));
        assert_eq!(get(&p, &c, 8).unwrap().0, 1);
        let mut buf = [0u16; 8];
        let h = p.get(&c, &mut buf, Timeout::POLL).unwrap();
        assert_eq!((h.key.0, h.change), (2, ChangeFlags::CLUSTER_RECONNECT));
        assert_eq!(String::from_utf16(&buf[..h.name_len]).unwrap(), "C1");
        assert_eq!(get(&p, &c, 8).unwrap().0, 9);
    }

    #[test]
    fn close_wakes_an_infinite_waiter_with_invalid_handle() {
        let (p, c) = (PortQueue::new(10), Clock::manual());
        let (p2, c2) = (p.clone(), c.clone());
        let t = std::thread::spawn(move || {
            let mut buf = [0u16; 8];
            p2.get(&c2, &mut buf, Timeout::Infinite)
        });
        while p.waiters() == 0 {
            std::thread::yield_now();
        }
        p.close();
        assert_eq!(t.join().unwrap(), Err(GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE)));
        p.push(ind(1, "x"));
        assert_eq!(get(&p, &c, 8), Err(GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE)));
    }

    // Deterministic wait signal (developers' rules): stats report blocked getters.
    #[test]
    fn stats_count_the_threads_blocked_in_a_get() {
        let (p, c) = (PortQueue::new(10), Clock::manual());
        assert_eq!(p.stats().waiters, 0);
        let (p2, c2) = (p.clone(), c.clone());
        let t = std::thread::spawn(move || p2.get(&c2, &mut [0u16; 8], Timeout::Infinite).map(|h| h.key));
        while p.stats().waiters == 0 {
            std::thread::yield_now();
        }
        assert_eq!(p.stats().waiters, 1);
        p.push(ind(4, "x"));
        assert_eq!(t.join().unwrap(), Ok(NotifyKey(4)));
        assert_eq!(p.stats().waiters, 0);
    }

    #[test]
    fn try_pop_delivers_in_order_then_the_reconnect_then_none() {
        let p = PortQueue::new(1);
        p.set_cluster_name(Arc::from("C1"));
        p.push(ind(1, "x"));
        p.push(ind(2, "y"));
        assert_eq!(p.try_pop().unwrap().map(|i| i.key.0), Some(1));
        let reconnect = p.try_pop().unwrap().expect("the loss is reported");
        assert_eq!(
            (reconnect.key.0, reconnect.change, reconnect.name()),
            (2, ChangeFlags::CLUSTER_RECONNECT, "C1")
        );
        assert_eq!(p.try_pop(), Ok(None));
        p.close();
        assert_eq!(p.try_pop(), Err(Win32Error::ERROR_INVALID_HANDLE));
    }

    #[test]
    fn non_ascii_names_are_copied_as_utf16_or_reported_too_long() {
        let (p, c) = (PortQueue::new(10), Clock::manual());
        p.push(ind(1, "Disque é𝄞"));
        // 'é' is one UTF-16 unit, '𝄞' two: 10 units plus the NUL.
        assert_eq!(get(&p, &c, 10), Err(GetNotifyError::MoreData { needed: 10 }));
        assert_eq!(get(&p, &c, 11).unwrap(), (1, "Disque é𝄞".to_string()));
    }

    #[test]
    fn blocking_gets_receive_every_event_of_a_ping_pong() {
        let (ping, pong, c) = (PortQueue::new(10), PortQueue::new(10), Clock::real());
        let (ping2, pong2, c2) = (ping.clone(), pong.clone(), c.clone());
        let echo = std::thread::spawn(move || {
            let mut buf = [0u16; 8];
            let mut n = 0;
            while let Ok(h) = ping2.get(&c2, &mut buf, Timeout::Infinite) {
                pong2.push(ind(h.key.0, "pong"));
                n += 1;
            }
            n
        });
        let mut buf = [0u16; 8];
        for i in 0..1000 {
            ping.push(ind(i, "ping"));
            assert_eq!(pong.get(&c, &mut buf, Timeout::Infinite).map(|h| h.key.0), Ok(i));
        }
        ping.close();
        assert_eq!(echo.join().unwrap(), 1000);
        assert_eq!(pong.stats().queued, 0);
    }

    #[test]
    fn manual_timeout_needs_the_clock_to_advance() {
        let (p, c) = (PortQueue::new(10), Clock::manual());
        let (p2, c2) = (p.clone(), c.clone());
        let t = std::thread::spawn(move || {
            let mut buf = [0u16; 8];
            p2.get(&c2, &mut buf, Timeout::from_millis(500))
        });
        assert!(c.wait_for_timed_waiters(1, Duration::from_secs(10)));
        c.advance(Duration::from_millis(500));
        assert_eq!(t.join().unwrap(), Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT)));
    }
    #[test]
    fn more_data_passes_the_wake_up_to_the_next_waiter() {
        // PORT-MORE-DATA with two waiters: the first wakes, its buffer is too small, the
        // event stays; the second must then be woken to take it.
        let (p, c) = (PortQueue::new(10), Clock::manual());
        let spawn = |cap: usize| {
            let (p, c) = (p.clone(), c.clone());
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut buf = vec![0u16; cap];
                let _ = tx.send(p.get(&c, &mut buf, Timeout::Infinite));
            });
            rx
        };
        let small = spawn(2);
        while p.waiters() < 1 {
            std::thread::yield_now();
        }
        let big = spawn(64);
        while p.waiters() < 2 {
            std::thread::yield_now();
        }
        p.push(ind(1, "a-long-name"));
        let results = [small, big]
            .map(|rx| rx.recv_timeout(Duration::from_secs(10)).expect("a waiter was left asleep"));
        assert!(
            results.contains(&Err(GetNotifyError::MoreData { needed: 11 }))
                || results.iter().all(|r| r.is_ok())
        );
        assert!(results.iter().any(|r| matches!(r, Ok(h) if h.key == NotifyKey(1))), "{results:?}");
    }
}
