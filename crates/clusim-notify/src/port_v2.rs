//! A V2 notification port's queue (`GetClusterNotifyV2`, `GetNotifyEventHandle`).
//!
//! Guarantees (spec/v2.md):
//! - FIFO; one event per get, exactly one flag per event.
//! - A get copies every wanted output (a `Some` buffer) or none: when any wanted output
//!   is too small it answers `ERROR_MORE_DATA` with every size and the event stays at the
//!   head (V2-MORE-DATA, N17). Strings: capacity includes the NUL, sizes exclude it;
//!   the payload in bytes.
//! - Timeouts on the simulator [`Clock`] as V1 (N2); `close` discards the queue and wakes
//!   every waiter — gets and event waits — with `ERROR_INVALID_HANDLE` (N3).
//! - The event (N15) is level-triggered: [`PortQueueV2::wait_event`] returns as soon as
//!   the queue holds something and consumes nothing; it is "reset" only by draining.
//! - A full queue drops new indications and, once the reader has made room, queues one
//!   CLUSTER LOST_NOTIFICATIONS_V2 (empty payload and strings) with the key of the first
//!   dropped one, in the place of the loss: never silent loss (N10).
//! - An indication is 32 bytes: the event's fields are shared ([`EventV2Data`] behind an
//!   `Arc`, its strings already in UTF-16, so a get copies them with `memcpy`), registry
//!   names are a tail offset into the shared path.

use clusim_api::change_v2::ClusterChangeV2;
use clusim_api::notify_v2::{
    GetNotifyV2Error, NotifyFilterAndType, NotifyV2Buffers, NotifyV2Header, NotifyV2Sizes,
};
use clusim_api::{NotifyKey, ObjectType, Timeout, Win32Error};
use clusim_clock::{Clock, WaitOutcome, Wake};
use clusim_model::EventV2Data;
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

/// One queued V2 indication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicationV2 {
    /// The registration's key.
    pub key: NotifyKey,
    /// The object type.
    pub object_type: ObjectType,
    /// Exactly one flag.
    pub flag: u32,
    data: Arc<EventV2Data>,
    /// Where the delivered `Name` starts in `data.name()`, in bytes (registry events, N5).
    name_start: u32,
    /// The same place in UTF-16 units.
    name_units: u32,
}

impl IndicationV2 {
    /// An indication delivering the event's fields as they are.
    pub fn new(key: NotifyKey, object_type: ObjectType, flag: u32, data: Arc<EventV2Data>) -> Self {
        IndicationV2 { key, object_type, flag, data, name_start: 0, name_units: 0 }
    }

    /// An indication whose `Name` is the tail of the event's name from byte `start`.
    pub fn tail(
        key: NotifyKey,
        object_type: ObjectType,
        flag: u32,
        data: Arc<EventV2Data>,
        start: usize,
    ) -> Self {
        assert!(data.name().is_char_boundary(start), "the tail starts on a char boundary");
        let offset = |n: usize| u32::try_from(n).expect("a name shorter than 4 GiB");
        let (name_start, name_units) = (offset(start), offset(data.name_units_before(start)));
        IndicationV2 { key, object_type, flag, data, name_start, name_units }
    }

    /// The shared fields.
    pub fn data(&self) -> &Arc<EventV2Data> {
        &self.data
    }

    /// The delivered `Name`.
    pub fn name(&self) -> &str {
        &self.data.name()[self.name_start as usize..]
    }

    /// Copies the payload and every wanted string (with its NUL) into `out` and returns
    /// the header, or — when any wanted output is too small — copies nothing and returns
    /// every size (N17). The strings are the event's pre-encoded UTF-16 (`Name` from the
    /// tail's start), so each copy is one `memcpy`.
    fn deliver(&self, out: &mut NotifyV2Buffers<'_>) -> Result<NotifyV2Header, NotifyV2Sizes> {
        let [id_z, parent_z, full_name_z, type_z] = self.data.wide_all();
        let name_z = &full_name_z[self.name_units as usize..];
        let payload = self.data.payload();
        let fits = out.buffer.as_ref().is_none_or(|b| b.len() >= payload.len())
            && fits_z(&out.object_id, id_z)
            && fits_z(&out.parent_id, parent_z)
            && fits_z(&out.name, name_z)
            && fits_z(&out.type_name, type_z);
        let sizes = NotifyV2Sizes {
            buffer: payload.len(),
            object_id: id_z.len() - 1,
            parent_id: parent_z.len() - 1,
            name: name_z.len() - 1,
            type_name: type_z.len() - 1,
        };
        if !fits {
            return Err(sizes);
        }
        if let Some(b) = &mut out.buffer {
            put_payload(b, payload);
        }
        put_z(&mut out.object_id, id_z);
        put_z(&mut out.parent_id, parent_z);
        put_z(&mut out.name, name_z);
        put_z(&mut out.type_name, type_z);
        let filter = NotifyFilterAndType::new(self.object_type, u64::from(self.flag));
        Ok(NotifyV2Header { key: self.key, filter, sizes })
    }
}

/// Copies the payload into a buffer that holds it; a `DWORD` (every STATE_V2) is one store.
#[inline]
fn put_payload(b: &mut [u8], payload: &[u8]) {
    match (b.first_chunk_mut::<4>(), <&[u8; 4]>::try_from(payload)) {
        (Some(dst), Ok(src)) => *dst = *src,
        _ => b[..payload.len()].copy_from_slice(payload),
    }
}

/// Copies a string and its NUL (`z`) into a wanted output that holds it.
#[inline]
fn put_z(buf: &mut Option<&mut [u16]>, z: &[u16]) {
    if let Some(b) = buf {
        b[..z.len()].copy_from_slice(z);
    }
}

/// Whether a wanted output holds the string and its NUL (`z`); an unwanted one always does.
#[inline]
fn fits_z(buf: &Option<&mut [u16]>, z: &[u16]) -> bool {
    buf.as_ref().is_none_or(|b| b.len() >= z.len())
}

#[derive(Debug)]
struct State {
    queue: VecDeque<IndicationV2>,
    closed: bool,
    waiters: u32,
    lost: Option<NotifyKey>,
    pushed: u64,
    dropped: u64,
}

impl State {
    fn queue_lost(&mut self, empty: &Arc<EventV2Data>) {
        if let Some(key) = self.lost.take() {
            let flag = ClusterChangeV2::LOST_NOTIFICATIONS.bits();
            self.queue.push_back(IndicationV2::new(key, ObjectType::Cluster, flag, empty.clone()));
        }
    }

    fn ready(&self) -> bool {
        self.closed || !self.queue.is_empty() || self.lost.is_some()
    }
}

/// The queue behind one V2 `HCHANGE`.
pub struct PortQueueV2 {
    state: Mutex<State>,
    cond: Condvar,
    capacity: usize,
    empty: Arc<EventV2Data>,
    /// Waits on several ports' events at once (libclusapi's `WaitForMultipleObjects`):
    /// woken, after the state lock is released, on every push and on close.
    watchers: Watchers,
}

/// Wakers of multi-object waits; `count` lets a push skip the lock when nobody watches.
#[derive(Default)]
struct Watchers {
    count: AtomicUsize,
    list: Mutex<Vec<Weak<dyn Wake>>>,
}

impl Watchers {
    fn add(&self, w: Weak<dyn Wake>) {
        let mut l = self.list.lock();
        l.retain(|x| x.strong_count() > 0);
        l.push(w);
        self.count.store(l.len(), Ordering::Release);
    }

    /// Wakes every live watcher; a load and a branch when there are none.
    #[inline]
    fn wake(&self) {
        if self.count.load(Ordering::Acquire) != 0 {
            self.wake_all();
        }
    }

    #[cold]
    fn wake_all(&self) {
        let live: Vec<Arc<dyn Wake>> = {
            let mut l = self.list.lock();
            l.retain(|x| x.strong_count() > 0);
            self.count.store(l.len(), Ordering::Release);
            l.iter().filter_map(Weak::upgrade).collect()
        };
        live.iter().for_each(|w| w.wake());
    }
}

impl std::fmt::Debug for PortQueueV2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.state.lock();
        f.debug_struct("PortQueueV2").field("queued", &st.queue.len()).field("closed", &st.closed).finish()
    }
}

impl Wake for PortQueueV2 {
    fn wake(&self) {
        drop(self.state.lock());
        self.cond.notify_all();
    }
}

impl PortQueueV2 {
    /// A port holding at most `capacity` indications.
    pub fn new(capacity: usize) -> Arc<PortQueueV2> {
        let e: Arc<str> = Arc::from("");
        Arc::new(PortQueueV2 {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                closed: false,
                waiters: 0,
                lost: None,
                pushed: 0,
                dropped: 0,
            }),
            cond: Condvar::new(),
            capacity: capacity.max(1),
            empty: Arc::new(EventV2Data::new(e.clone(), e.clone(), e, Arc::from([]))),
            watchers: Watchers::default(),
        })
    }

    /// Calls `waker` (with no lock of the port held) whenever the event may have become
    /// signalled — each push — and on close, for as long as `waker` is alive: how a wait
    /// on several ports' events learns of any of them (libclusapi, CABI-EVENT).
    pub fn watch(&self, waker: Weak<dyn Wake>) {
        self.watchers.add(waker);
    }

    /// Appends an indication (nothing once closed; counted as lost when full).
    pub fn push(&self, ind: IndicationV2) {
        let waiters = {
            let mut st = self.state.lock();
            if st.closed {
                return;
            }
            if st.queue.len() >= self.capacity {
                if st.lost.is_none() {
                    st.lost = Some(ind.key);
                }
                st.dropped += 1;
            } else {
                st.queue_lost(&self.empty);
                st.queue.push_back(ind);
                st.pushed += 1;
            }
            st.waiters > 0
        };
        // Gets and event waits share the condition variable: wake them all.
        if waiters {
            self.cond.notify_all();
        }
        self.watchers.wake();
    }

    /// Blocks until `ready` holds or the deadline passes, and returns the locked state;
    /// `WAIT_TIMEOUT`, or `ERROR_INVALID_HANDLE` once closed.
    #[inline]
    fn wait_ready(
        self: &Arc<Self>,
        clock: &Clock,
        timeout: Timeout,
        mut ready: impl FnMut(&mut State) -> bool,
    ) -> Result<MutexGuard<'_, State>, Win32Error> {
        let poll = timeout == Timeout::POLL;
        let deadline = if poll { None } else { timeout.duration().map(|d| clock.deadline_after(d)) };
        let mut st = self.state.lock();
        let mut timed_out = false;
        loop {
            if st.closed {
                return Err(Win32Error::ERROR_INVALID_HANDLE);
            }
            if ready(&mut st) {
                return Ok(st);
            }
            if poll || timed_out || deadline.is_some_and(|d| clock.now() >= d) {
                return Err(Win32Error::WAIT_TIMEOUT);
            }
            st.waiters += 1;
            let waker: Arc<dyn Wake> = self.clone();
            let outcome = clock.wait(&self.cond, &mut st, deadline, &waker);
            st.waiters -= 1;
            timed_out = outcome == WaitOutcome::TimedOut;
        }
    }

    /// `GetClusterNotifyV2` on this queue.
    pub fn get(
        self: &Arc<Self>,
        clock: &Clock,
        out: &mut NotifyV2Buffers<'_>,
        timeout: Timeout,
    ) -> Result<NotifyV2Header, GetNotifyV2Error> {
        let empty = &self.empty;
        let mut st = self.wait_ready(clock, timeout, |st| {
            if st.queue.is_empty() {
                st.queue_lost(empty);
            }
            !st.queue.is_empty()
        })?;
        let Some(front) = st.queue.front() else { unreachable!("ready means queued") };
        match front.deliver(out) {
            Ok(header) => {
                let ind = st.queue.pop_front();
                drop(st);
                // The indication's references drop outside the lock.
                drop(ind);
                Ok(header)
            }
            Err(sizes) => {
                // The event stays queued (N17): pass the wake-up on to another waiter.
                let others = st.waiters > 0;
                drop(st);
                if others {
                    self.cond.notify_all();
                }
                Err(GetNotifyV2Error::MoreData(sizes))
            }
        }
    }

    /// Pops the head (the Rust client's fast path); `None` when empty.
    pub fn try_pop(&self) -> Result<Option<IndicationV2>, Win32Error> {
        let mut st = self.state.lock();
        if st.closed {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        if st.queue.is_empty() {
            st.queue_lost(&self.empty);
        }
        Ok(st.queue.pop_front())
    }

    /// Waits on the port's event (N15): `Ok` as soon as something is queued (or a loss
    /// is pending), without consuming it.
    pub fn wait_event(self: &Arc<Self>, clock: &Clock, timeout: Timeout) -> Result<(), Win32Error> {
        self.wait_ready(clock, timeout, |st| st.ready()).map(drop)
    }

    /// Whether the event is signalled (something queued or a loss pending).
    pub fn signalled(&self) -> bool {
        let st = self.state.lock();
        !st.closed && st.ready()
    }

    /// Closes the port: discards the queue and wakes every waiter. Idempotent.
    pub fn close(&self) {
        {
            let mut st = self.state.lock();
            st.closed = true;
            st.queue.clear();
            st.queue.shrink_to_fit();
            st.lost = None;
        }
        self.cond.notify_all();
        self.watchers.wake();
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.state.lock().closed
    }

    /// Threads blocked in a get or an event wait (a deterministic signal for tests).
    pub fn waiters(&self) -> u32 {
        self.state.lock().waiters
    }

    /// (queued, pushed, dropped).
    pub fn counts(&self) -> (usize, u64, u64) {
        let st = self.state.lock();
        (st.queue.len(), st.pushed, st.dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn data(id: &str, name: &str, payload: &[u8]) -> Arc<EventV2Data> {
        Arc::new(EventV2Data::new(Arc::from(id), Arc::from("1"), Arc::from(name), Arc::from(payload)))
    }

    fn ind(key: usize) -> IndicationV2 {
        IndicationV2::new(NotifyKey(key), ObjectType::Group, 0x8, data("g-id", "G", &[2, 0, 0, 0]))
    }

    // V2-QUEUE: an indication stays small (issue 13: ≤ 48 B per queued event).
    #[test]
    fn an_indication_is_at_most_32_bytes() {
        assert!(std::mem::size_of::<IndicationV2>() <= 32);
    }

    // V2-MORE-DATA (N17): any too-small wanted output keeps the event and reports every size.
    #[test]
    fn more_data_reports_every_size_and_keeps_the_event() {
        let (p, c) = (PortQueueV2::new(10), Clock::manual());
        p.push(ind(7));
        let (mut buf, mut id, mut name) = ([0u8; 3], [0u16; 8], [0u16; 8]);
        let mut out = NotifyV2Buffers {
            buffer: Some(&mut buf),
            object_id: Some(&mut id),
            name: Some(&mut name),
            ..Default::default()
        };
        let sizes = NotifyV2Sizes { buffer: 4, object_id: 4, parent_id: 1, name: 1, type_name: 0 };
        assert_eq!(p.get(&c, &mut out, Timeout::POLL), Err(GetNotifyV2Error::MoreData(sizes)));
        let mut buf = [0u8; 4];
        let mut out = NotifyV2Buffers {
            buffer: Some(&mut buf),
            object_id: Some(&mut id),
            name: Some(&mut name),
            ..Default::default()
        };
        let h = p.get(&c, &mut out, Timeout::POLL).unwrap();
        assert_eq!((h.key, h.filter.flags, h.sizes), (NotifyKey(7), 0x8, sizes));
        assert_eq!(buf, [2, 0, 0, 0]);
        assert_eq!(&id[..5], &[u16::from(b'g'), u16::from(b'-'), u16::from(b'i'), u16::from(b'd'), 0]);
        assert_eq!(
            p.get(&c, &mut NotifyV2Buffers::default(), Timeout::POLL),
            Err(Win32Error::WAIT_TIMEOUT.into())
        );
    }

    // V2-LOST (N10): a full port reports the loss once, in its place.
    #[test]
    fn a_full_port_queues_one_lost_notifications() {
        let (p, c) = (PortQueueV2::new(2), Clock::manual());
        for k in 0..5 {
            p.push(ind(k));
        }
        assert_eq!(p.counts(), (2, 2, 3));
        let mut none = NotifyV2Buffers::default();
        assert_eq!(p.get(&c, &mut none, Timeout::POLL).unwrap().key, NotifyKey(0));
        p.push(ind(9));
        assert_eq!(p.get(&c, &mut none, Timeout::POLL).unwrap().key, NotifyKey(1));
        let lost = p.get(&c, &mut none, Timeout::POLL).unwrap();
        assert_eq!(
            (lost.key, lost.filter),
            (NotifyKey(2), NotifyFilterAndType::new(ObjectType::Cluster, 0x200))
        );
        assert_eq!(lost.sizes, NotifyV2Sizes::default());
        assert_eq!(p.get(&c, &mut none, Timeout::POLL).unwrap().key, NotifyKey(9));
    }

    // V2-EVENT (N15): level-triggered, times out on the manual clock, wakes on close.
    #[test]
    fn the_event_is_signalled_while_events_are_queued() {
        let (p, c) = (PortQueueV2::new(10), Clock::manual());
        assert_eq!(p.wait_event(&c, Timeout::POLL), Err(Win32Error::WAIT_TIMEOUT));
        p.push(ind(1));
        assert_eq!(p.wait_event(&c, Timeout::POLL), Ok(()));
        assert_eq!(p.wait_event(&c, Timeout::POLL), Ok(()), "waiting consumes nothing");
        p.try_pop().unwrap();
        assert!(!p.signalled());
        let (p2, c2) = (p.clone(), c.clone());
        let t = std::thread::spawn(move || p2.wait_event(&c2, Timeout::from(Duration::from_secs(5))));
        assert!(c.wait_for_timed_waiters(1, Duration::from_secs(10)));
        c.advance(Duration::from_secs(5));
        assert_eq!(t.join().unwrap(), Err(Win32Error::WAIT_TIMEOUT));
        let (p2, c2) = (p.clone(), c.clone());
        let t = std::thread::spawn(move || p2.wait_event(&c2, Timeout::Infinite));
        while p.waiters() == 0 {
            std::thread::yield_now();
        }
        p.close();
        assert_eq!(t.join().unwrap(), Err(Win32Error::ERROR_INVALID_HANDLE));
    }
}
