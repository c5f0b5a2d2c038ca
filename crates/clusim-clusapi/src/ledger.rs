//! The handles a [`crate::ClusApiBackend`] holds, by value and kind.
//!
//! ClusAPI handles are pointers into the client library's heap: clusapi.dll does not
//! validate them, so a closed, forged or wrong-kind handle given to it is a
//! use-after-free or a wild read, not an error code. The trait promises
//! `ERROR_INVALID_HANDLE` for every such handle, so the backend answers it here, before
//! any ClusAPI call: a handle is passed to ClusAPI only while this ledger lists it as
//! open with the kind the call expects. Closing takes it out first, so two threads
//! closing one handle never both reach ClusAPI.
//!
//! Every ClusAPI call checks a handle, so the common check takes no lock: each thread
//! remembers the last few handles it found open (value, kind, ledger, and the ledger's
//! close count when it looked). A remembered handle is still open while the ledger's
//! close count has not moved, because a handle leaves the ledger only by a close, which
//! advances that count before it returns. Anything not remembered, or remembered before
//! any close, is looked up under the lock.

use crate::errors::last_error;
use clusim_api::{ObjectKind, RawHandle, Result, Win32Error};
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Hashes a handle value with one multiplication (Fibonacci hashing). Handles are
/// pointers or counters, not attacker-chosen keys, and every ClusAPI call checks one:
/// SipHash would be most of the ledger's cost. The map is never iterated for an order
/// (`take_all`'s caller sorts).
#[derive(Default)]
struct HandleHasher(u64);

impl Hasher for HandleHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, v: usize) {
        // The high bits of the product are the well-mixed ones; hash tables use the low.
        self.0 = (v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(32);
    }
}

type HandleMap = HashMap<usize, ObjectKind, BuildHasherDefault<HandleHasher>>;

/// Ledger identities, so that one backend's remembered handles never pass for another's.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How many handles a thread remembers (a call checks at most two).
const REMEMBERED: usize = 4;

/// One remembered open handle: `(ledger id, closes seen, raw value, kind)`. Ledger id 0
/// is never issued, so the initial entries match nothing.
type Seen = (u64, u64, usize, ObjectKind);

thread_local! {
    static SEEN: [Cell<Seen>; REMEMBERED] =
        const { [const { Cell::new((0, 0, 0, ObjectKind::Cluster)) }; REMEMBERED] };
}

/// The slot a handle value is remembered in (handles are at least 8-byte aligned).
fn slot(raw: usize) -> usize {
    (raw >> 4) % REMEMBERED
}

/// Open handles by raw value.
pub(crate) struct Ledger {
    open: Mutex<HandleMap>,
    /// This ledger's identity (never 0, never reused).
    id: u64,
    /// How many closes (`take`, `take_all`) have removed handles: advanced under the
    /// lock, before the close returns.
    closes: AtomicU64,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            open: Mutex::default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            closes: AtomicU64::new(0),
        }
    }
}

impl Ledger {
    fn map(&self) -> std::sync::MutexGuard<'_, HandleMap> {
        // A panic while holding the lock leaves the map consistent (every operation is
        // one insert or remove), so a poisoned lock is still usable.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a handle ClusAPI just returned.
    pub(crate) fn add(&self, raw: RawHandle, kind: ObjectKind) -> RawHandle {
        self.map().insert(raw.0, kind);
        raw
    }

    /// A handle-returning call's answer (`h`, NULL on failure): recorded with `kind`, or
    /// the thread's last error.
    pub(crate) fn opened(&self, h: usize, kind: ObjectKind) -> Result<RawHandle> {
        if h == 0 {
            Err(last_error())
        } else {
            Ok(self.add(RawHandle(h), kind))
        }
    }

    /// The value to pass to ClusAPI when `raw` is open with `kind`, else
    /// `ERROR_INVALID_HANDLE`. The one check every call makes on every handle it is given.
    #[inline]
    pub(crate) fn check(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        // Acquire: pairs with the close's Release, so a close that returned before this
        // check began is seen here and the remembered entry no longer matches.
        let closes = self.closes.load(Ordering::Acquire);
        let remembered = (self.id, closes, raw.0, kind);
        // `try_with`: during thread teardown the lookup below still answers.
        let hit = SEEN.try_with(|seen| seen[slot(raw.0)].get() == remembered).unwrap_or(false);
        if hit {
            Ok(raw.0 as isize)
        } else {
            self.check_locked(raw, kind)
        }
    }

    /// [`Ledger::check`] under the lock, remembering the handle when it is open.
    #[cold]
    #[inline(never)]
    fn check_locked(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        let map = self.map();
        match map.get(&raw.0) {
            Some(k) if *k == kind => {
                // Under the lock no close can run: the count read now is the one this
                // lookup is valid for.
                let now = (self.id, self.closes.load(Ordering::Relaxed), raw.0, kind);
                let _ = SEEN.try_with(|seen| seen[slot(raw.0)].set(now));
                Ok(raw.0 as isize)
            }
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Records that a close removed handles (call with the lock held).
    fn closed(&self) {
        self.closes.fetch_add(1, Ordering::Release);
    }

    /// Removes an open handle of `kind` and gives the value to close, else
    /// `ERROR_INVALID_HANDLE` and nothing changes.
    pub(crate) fn take(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        let mut map = self.map();
        match map.get(&raw.0) {
            Some(k) if *k == kind => {
                map.remove(&raw.0);
                self.closed();
                Ok(raw.0 as isize)
            }
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Every open handle, removed from the ledger.
    pub(crate) fn take_all(&self) -> Vec<(RawHandle, ObjectKind)> {
        let mut map = self.map();
        self.closed();
        map.drain().map(|(v, k)| (RawHandle(v), k)).collect()
    }

    /// How many handles are open.
    pub(crate) fn len(&self) -> usize {
        self.map().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_is_valid_only_while_open_and_only_as_its_kind() {
        let l = Ledger::default();
        let h = l.add(RawHandle(0x10), ObjectKind::Group);
        assert_eq!(l.check(h, ObjectKind::Group), Ok(0x10));
        assert_eq!(l.check(h, ObjectKind::Resource), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.check(RawHandle(0), ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.take(h, ObjectKind::Node), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.len(), 1);
        assert_eq!(l.take(h, ObjectKind::Group), Ok(0x10));
        assert_eq!(l.take(h, ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.check(h, ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.len(), 0);
    }

    #[test]
    fn a_remembered_handle_is_refused_once_another_thread_closes_it() {
        let l = Ledger::default();
        let h = l.add(RawHandle(0x20), ObjectKind::Port);
        assert_eq!(l.check(h, ObjectKind::Port), Ok(0x20), "now remembered by this thread");
        std::thread::scope(|s| {
            s.spawn(|| assert_eq!(l.take(h, ObjectKind::Port), Ok(0x20)));
        });
        assert_eq!(l.check(h, ObjectKind::Port), Err(Win32Error::ERROR_INVALID_HANDLE));
        // Reopened with another kind (ClusAPI reuses freed addresses): only that kind.
        l.add(RawHandle(0x20), ObjectKind::Group);
        assert_eq!(l.check(h, ObjectKind::Port), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.check(h, ObjectKind::Group), Ok(0x20));
    }

    #[test]
    fn a_handle_remembered_for_one_ledger_is_refused_by_another() {
        let (a, b) = (Ledger::default(), Ledger::default());
        let h = a.add(RawHandle(0x30), ObjectKind::Port);
        assert_eq!(a.check(h, ObjectKind::Port), Ok(0x30));
        assert_eq!(b.check(h, ObjectKind::Port), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(a.take_all(), vec![(h, ObjectKind::Port)]);
        assert_eq!(a.check(h, ObjectKind::Port), Err(Win32Error::ERROR_INVALID_HANDLE), "take_all closes");
    }
}
