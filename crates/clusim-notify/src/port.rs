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
//! - Wake-ups happen after the queue lock is released.

use clusim_api::{ChangeFlags, GetNotifyError, NotifyHeader, NotifyKey, Timeout, Win32Error};
use clusim_clock::{Clock, WaitOutcome, Wake};
use parking_lot::{Condvar, Mutex};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One queued indication: key, one change bit, the object name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indication {
    /// The key of the registration that matched.
    pub key: NotifyKey,
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// The name delivered with it (shared, not copied per delivery).
    pub name: Arc<str>,
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Indication>,
    closed: bool,
    waiters: u32,
    lost: Option<NotifyKey>,
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
}

/// The queue behind one `HCHANGE`.
pub struct PortQueue {
    state: Mutex<State>,
    cond: Condvar,
    capacity: usize,
    cluster_name: Mutex<Arc<str>>,
    pushed: AtomicU64,
    dropped: AtomicU64,
}

impl std::fmt::Debug for PortQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortQueue").field("stats", &self.stats()).finish()
    }
}

impl Wake for PortQueue {
    fn wake(&self) {
        let _g = self.state.lock();
        self.cond.notify_all();
    }
}

/// Copies `name` into `buf` as UTF-16 plus NUL, or reports the needed length
/// (excluding the NUL) when `buf` cannot hold both.
fn copy_name(name: &str, buf: &mut [u16]) -> Result<usize, usize> {
    let needed = if name.is_ascii() { name.len() } else { name.encode_utf16().count() };
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
            state: Mutex::new(State::default()),
            cond: Condvar::new(),
            capacity: capacity.max(1),
            cluster_name: Mutex::new(Arc::from("")),
            pushed: AtomicU64::new(0),
            dropped: AtomicU64::new(0),
        })
    }

    /// The name `CLUSTER_RECONNECT` carries (the port's cluster).
    pub fn set_cluster_name(&self, name: Arc<str>) {
        *self.cluster_name.lock() = name;
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
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return;
            }
            if let Some(key) = st.lost.take() {
                let name = self.cluster_name.lock().clone();
                st.queue.push_back(Indication { key, change: ChangeFlags::CLUSTER_RECONNECT, name });
            }
            st.queue.push_back(ind);
            self.pushed.fetch_add(1, Ordering::Relaxed);
            st.waiters > 0
        };
        if wake {
            self.cond.notify_one();
        }
    }

    /// `GetClusterNotify` on this queue.
    pub fn get(
        self: &Arc<Self>,
        clock: &Clock,
        buf: &mut [u16],
        timeout: Timeout,
    ) -> Result<NotifyHeader, GetNotifyError> {
        let deadline = timeout.duration().map(|d| clock.deadline_after(d));
        let mut st = self.state.lock();
        let mut timed_out = false;
        loop {
            if st.closed {
                return Err(GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE));
            }
            if st.queue.is_empty() {
                if let Some(key) = st.lost.take() {
                    let name = self.cluster_name.lock().clone();
                    st.queue.push_back(Indication { key, change: ChangeFlags::CLUSTER_RECONNECT, name });
                }
            }
            if let Some(front) = st.queue.front() {
                return match copy_name(&front.name, buf) {
                    Ok(len) => {
                        let ind = st.queue.pop_front().expect("front exists");
                        Ok(NotifyHeader { key: ind.key, change: ind.change, name_len: len })
                    }
                    Err(needed) => Err(GetNotifyError::MoreData { needed }),
                };
            }
            if timed_out || deadline.is_some_and(|d| clock.now() >= d) {
                return Err(GetNotifyError::Failed(Win32Error::WAIT_TIMEOUT));
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
            if let Some(key) = st.lost.take() {
                let name = self.cluster_name.lock().clone();
                return Ok(Some(Indication { key, change: ChangeFlags::CLUSTER_RECONNECT, name }));
            }
        }
        Ok(st.queue.pop_front())
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
            pushed: self.pushed.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
            queued: st.queue.len(),
            reserved_bytes: st.queue.capacity() * std::mem::size_of::<Indication>(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ind(key: usize, name: &str) -> Indication {
        Indication { key: NotifyKey(key), change: ChangeFlags::RESOURCE_STATE, name: Arc::from(name) }
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
}
