//! Batch notification ports: which batch records a port sees, and its queue.
//!
//! Guarantees (spec/batches.md):
//! - A port on key `P` sees only records of committed batches at or below `P`
//!   (`project`); ordinary registry writes never reach it.
//! - Names are relative to the port's key: `CREATE_KEY`/`DELETE_KEY` records name a key
//!   relative to `P` (`""` = `P` itself); value records apply to the key of the latest
//!   `CREATE_KEY` record, or to `P` before any; a `CREATE_KEY` is inserted wherever the
//!   next value record's key is not the current one; records outside `P` are dropped; a
//!   deletion of `P` or an ancestor appears as `DELETE_KEY ""` (B9, B10).
//! - Coalesced (default, B6): a get returns every record of every batch committed since
//!   the previous get, in commit order; per-batch: one batch per get.
//! - A get blocks until a notification is there; closing the port wakes it with
//!   `ERROR_NO_MORE_ITEMS` (B13); a timeout gives `WAIT_TIMEOUT`.
//! - At most `capacity` records wait; a batch that does not fit is dropped and leaves a
//!   loss marker: the get that reaches it returns `ERROR_INVALID_DATA` (documented for
//!   `ClusterRegGetBatchNotification`), in the place of the loss. Never silent loss.

use clusim_api::registry::*;
use clusim_api::{BatchGranularity, Timeout, Win32Error};
use clusim_clock::{Clock, WaitOutcome, Wake};
use clusim_model::names::NameKey;
use clusim_model::ExecRecord;
use parking_lot::{Condvar, Mutex};
use std::collections::VecDeque;
use std::sync::Arc;

/// One record of a batch notification (cheap to clone: shared name and data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifRecord {
    /// The `CLUSREG_*` command.
    pub command: u32,
    /// Value type for value records, else 0.
    pub options: u32,
    /// Value name, or key path relative to the port's key.
    pub name: Arc<str>,
    /// Data (value records).
    pub data: Arc<[u8]>,
}

impl NotifRecord {
    /// The owned API form.
    pub fn to_command(&self) -> clusim_api::BatchCommand {
        clusim_api::BatchCommand {
            command: self.command,
            options: self.options,
            name: self.name.to_string(),
            data: self.data.to_vec(),
        }
    }
}

/// `key` relative to `port` if it is `port` or below it.
fn relative(key: &str, port: &str) -> Option<Arc<str>> {
    if port.is_empty() {
        return Some(Arc::from(key));
    }
    let head = key.get(..port.len())?;
    if NameKey::of(head) != NameKey::of(port) {
        return None;
    }
    match key.as_bytes().get(port.len()) {
        None => Some(Arc::from("")),
        Some(b'\\') => Some(Arc::from(&key[port.len() + 1..])),
        Some(_) => None,
    }
}

/// The records a port on `port_path` sees of one executed batch, and whether the
/// current key at the end is the port's key.
pub fn project(records: &[ExecRecord], port_path: &str) -> (Vec<NotifRecord>, bool) {
    let empty: Arc<[u8]> = Arc::from(&[][..]);
    let mut out = Vec::new();
    let mut current: Option<Arc<str>> = Some(Arc::from(""));
    let key_record = |command, name: Arc<str>| NotifRecord { command, options: 0, name, data: empty.clone() };
    for r in records {
        match r.command {
            CLUSREG_CREATE_KEY => {
                if let Some(rel) = relative(&r.key_path, port_path) {
                    out.push(key_record(CLUSREG_CREATE_KEY, rel.clone()));
                    current = Some(rel);
                }
            }
            CLUSREG_DELETE_KEY => {
                if let Some(rel) = relative(&r.key_path, port_path) {
                    out.push(key_record(CLUSREG_DELETE_KEY, rel));
                    current = None;
                } else if relative(port_path, &r.key_path).is_some() {
                    out.push(key_record(CLUSREG_DELETE_KEY, Arc::from("")));
                    current = None;
                }
            }
            _ => {
                let Some(rel) = relative(&r.key_path, port_path) else { continue };
                if current.as_deref().map(NameKey::of) != Some(NameKey::of(&rel)) {
                    out.push(key_record(CLUSREG_CREATE_KEY, rel.clone()));
                    current = Some(rel);
                }
                out.push(NotifRecord {
                    command: r.command,
                    options: r.options,
                    name: r.name.clone(),
                    data: r.data.clone(),
                });
            }
        }
    }
    let at_port = current.as_deref() == Some("");
    (out, at_port)
}

enum Entry {
    Batch { records: Vec<NotifRecord>, ends_at_port: bool },
    Lost,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Entry>,
    queued_records: usize,
    closed: bool,
    waiters: u32,
}

/// The queue of one batch notification port.
pub struct BatchPortQueue {
    state: Mutex<State>,
    cond: Condvar,
    capacity: usize,
    granularity: BatchGranularity,
}

impl Wake for BatchPortQueue {
    fn wake(&self) {
        // As `PortQueue::wake`: the lock orders this wake after a waiter's clock check;
        // the notify needs no lock.
        drop(self.state.lock());
        self.cond.notify_all();
    }
}

impl BatchPortQueue {
    /// A port holding at most `capacity` records.
    pub fn new(capacity: usize, granularity: BatchGranularity) -> Arc<BatchPortQueue> {
        Arc::new(BatchPortQueue {
            state: Mutex::new(State::default()),
            cond: Condvar::new(),
            capacity: capacity.max(1),
            granularity,
        })
    }

    /// Queues one committed batch's records for this port (nothing if empty).
    pub fn push(&self, records: Vec<NotifRecord>, ends_at_port: bool) {
        if records.is_empty() {
            return;
        }
        let wake = {
            let mut st = self.state.lock();
            if st.closed {
                return;
            }
            if st.queued_records + records.len() > self.capacity {
                if !matches!(st.queue.back(), Some(Entry::Lost)) {
                    st.queue.push_back(Entry::Lost);
                }
                return;
            }
            st.queued_records += records.len();
            st.queue.push_back(Entry::Batch { records, ends_at_port });
            st.waiters > 0
        };
        if wake {
            self.cond.notify_all();
        }
    }

    fn take(&self, st: &mut State) -> Option<Result<Vec<NotifRecord>, Win32Error>> {
        match st.queue.front()? {
            Entry::Lost => {
                st.queue.pop_front();
                Some(Err(Win32Error::ERROR_INVALID_DATA))
            }
            Entry::Batch { .. } => {
                let mut out: Vec<NotifRecord> = Vec::new();
                let mut at_port = true;
                while let Some(Entry::Batch { .. }) = st.queue.front() {
                    let Some(Entry::Batch { records, ends_at_port }) = st.queue.pop_front() else {
                        unreachable!()
                    };
                    st.queued_records -= records.len();
                    if !at_port {
                        out.push(NotifRecord {
                            command: CLUSREG_CREATE_KEY,
                            options: 0,
                            name: Arc::from(""),
                            data: Arc::from(&[][..]),
                        });
                    }
                    out.extend(records);
                    at_port = ends_at_port;
                    if self.granularity == BatchGranularity::PerBatch {
                        break;
                    }
                }
                Some(Ok(out))
            }
        }
    }

    /// `ClusterRegGetBatchNotification`: the next notification's records.
    pub fn get(self: &Arc<Self>, clock: &Clock, timeout: Timeout) -> Result<Vec<NotifRecord>, Win32Error> {
        let deadline = timeout.duration().map(|d| clock.deadline_after(d));
        let mut st = self.state.lock();
        let mut timed_out = false;
        loop {
            if st.closed {
                return Err(Win32Error::ERROR_NO_MORE_ITEMS);
            }
            if let Some(r) = self.take(&mut st) {
                return r;
            }
            if timed_out || deadline.is_some_and(|d| clock.now() >= d) {
                return Err(Win32Error::WAIT_TIMEOUT);
            }
            st.waiters += 1;
            let waker: Arc<dyn Wake> = self.clone();
            let outcome = clock.wait(&self.cond, &mut st, deadline, &waker);
            st.waiters -= 1;
            timed_out = outcome == WaitOutcome::TimedOut;
        }
    }

    /// Closes: discards everything, wakes waiters (`ERROR_NO_MORE_ITEMS`).
    pub fn close(&self) {
        {
            let mut st = self.state.lock();
            st.closed = true;
            st.queue.clear();
            st.queued_records = 0;
        }
        self.cond.notify_all();
    }

    /// Records waiting.
    pub fn queued_records(&self) -> usize {
        self.state.lock().queued_records
    }

    /// Threads blocked in `get`.
    pub fn waiters(&self) -> u32 {
        self.state.lock().waiters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(command: u32, key: &str, name: &str) -> ExecRecord {
        ExecRecord {
            command,
            key_path: Arc::from(key),
            name: Arc::from(name),
            options: 0,
            data: Arc::from(&[][..]),
        }
    }

    fn names(v: &[NotifRecord]) -> Vec<(u32, String)> {
        v.iter().map(|r| (r.command, r.name.to_string())).collect()
    }

    #[test]
    fn projection_relativizes_filters_and_inserts_create_key() {
        let records = vec![
            rec(CLUSREG_SET_VALUE, "App", "top"),
            rec(CLUSREG_CREATE_KEY, "App\\Sub", ""),
            rec(CLUSREG_SET_VALUE, "App\\Sub", "v"),
            rec(CLUSREG_CREATE_KEY, "Other", ""),
            rec(CLUSREG_SET_VALUE, "Other", "x"),
            rec(CLUSREG_SET_VALUE, "app", "again"),
        ];
        let (at_app, end) = project(&records, "App");
        assert_eq!(
            names(&at_app),
            vec![
                (CLUSREG_SET_VALUE, "top".into()),
                (CLUSREG_CREATE_KEY, "Sub".into()),
                (CLUSREG_SET_VALUE, "v".into()),
                (CLUSREG_CREATE_KEY, "".into()),
                (CLUSREG_SET_VALUE, "again".into()),
            ]
        );
        assert!(end);
        let (at_sub, end) = project(&records, "App\\Sub");
        assert_eq!(names(&at_sub), vec![(CLUSREG_CREATE_KEY, "".into()), (CLUSREG_SET_VALUE, "v".into())]);
        assert!(end);
        assert!(project(&records, "Nope").0.is_empty());
        assert!(project(&records, "Ap").0.is_empty(), "a prefix of a name is not an ancestor");
    }

    #[test]
    fn deleting_an_ancestor_shows_as_deleting_the_port_key() {
        let records = vec![rec(CLUSREG_DELETE_KEY, "A", "")];
        let (got, end) = project(&records, "A\\B");
        assert_eq!(names(&got), vec![(CLUSREG_DELETE_KEY, "".into())]);
        assert!(!end);
    }

    #[test]
    fn coalesced_get_joins_batches_and_resets_the_current_key() {
        let clock = Clock::manual();
        let q = BatchPortQueue::new(100, BatchGranularity::Coalesced);
        let (a, end_a) =
            project(&[rec(CLUSREG_CREATE_KEY, "K\\s", ""), rec(CLUSREG_SET_VALUE, "K\\s", "1")], "K");
        let (b, end_b) = project(&[rec(CLUSREG_SET_VALUE, "K", "2")], "K");
        q.push(a, end_a);
        q.push(b, end_b);
        let got = q.get(&clock, Timeout::POLL).unwrap();
        assert_eq!(
            names(&got),
            vec![
                (CLUSREG_CREATE_KEY, "s".into()),
                (CLUSREG_SET_VALUE, "1".into()),
                (CLUSREG_CREATE_KEY, "".into()),
                (CLUSREG_SET_VALUE, "2".into())
            ]
        );
        assert_eq!(q.get(&clock, Timeout::POLL), Err(Win32Error::WAIT_TIMEOUT));
    }

    #[test]
    fn per_batch_get_returns_one_batch_each() {
        let clock = Clock::manual();
        let q = BatchPortQueue::new(100, BatchGranularity::PerBatch);
        q.push(
            vec![NotifRecord {
                command: 1,
                options: 4,
                name: Arc::from("a"),
                data: Arc::from(&[1u8, 0, 0, 0][..]),
            }],
            true,
        );
        q.push(
            vec![NotifRecord {
                command: 1,
                options: 4,
                name: Arc::from("b"),
                data: Arc::from(&[2u8, 0, 0, 0][..]),
            }],
            true,
        );
        assert_eq!(names(&q.get(&clock, Timeout::POLL).unwrap()), vec![(1, "a".into())]);
        assert_eq!(names(&q.get(&clock, Timeout::POLL).unwrap()), vec![(1, "b".into())]);
    }

    #[test]
    fn overflow_is_reported_in_place_of_the_loss() {
        let clock = Clock::manual();
        let q = BatchPortQueue::new(2, BatchGranularity::Coalesced);
        let one = |n: &str| {
            vec![NotifRecord { command: 4, options: 0, name: Arc::from(n), data: Arc::from(&[][..]) }]
        };
        q.push(one("a"), true);
        q.push(one("b"), true);
        q.push(one("lost"), true);
        q.push(one("lost too"), true);
        assert_eq!(names(&q.get(&clock, Timeout::POLL).unwrap()), vec![(4, "a".into()), (4, "b".into())]);
        q.push(one("c"), true);
        assert_eq!(q.get(&clock, Timeout::POLL), Err(Win32Error::ERROR_INVALID_DATA));
        assert_eq!(names(&q.get(&clock, Timeout::POLL).unwrap()), vec![(4, "c".into())]);
    }

    #[test]
    fn close_wakes_a_blocked_get_with_no_more_items() {
        let clock = Clock::manual();
        let q = BatchPortQueue::new(10, BatchGranularity::Coalesced);
        let (q2, c2) = (q.clone(), clock.clone());
        let t = std::thread::spawn(move || q2.get(&c2, Timeout::Infinite));
        while q.waiters() == 0 {
            std::thread::yield_now();
        }
        q.close();
        assert_eq!(t.join().unwrap(), Err(Win32Error::ERROR_NO_MORE_ITEMS));
    }
}
