//! `ClusterRegGetBatchNotification` with a timeout, which the C function does not have
//! (spec/conformance.md, "Batch gets with a timeout").
//!
//! `Timeout::Infinite` is the C call itself. A finite timeout (`0` included) hands the
//! blocking call to a helper thread and waits for its answer for the timeout — but at
//! least [`DEFAULT_POLL_GRACE`] (configurable), because even a notification that is
//! already queued needs the helper to be scheduled. When the wait ends first, the
//! answer is `WAIT_TIMEOUT` and the call stays posted: the next get on the port (timed
//! or not) takes its answer instead of starting another. So nothing is lost and nothing
//! is delivered twice; the one visible difference from the simulator's own timed get is
//! in the coalescing (B6): the posted call returns as soon as the first batch after it
//! wakes it, so batches committed after a timed-out get may be split over more
//! notifications than the simulator would make.
//!
//! Closing the port wakes a posted call (`ERROR_NO_MORE_ITEMS` on libclusapi, B13); a
//! posted call whose answer nobody will collect any more closes the notification it got.

use clusim_api::{HRegBatchPort, Timeout, Win32Error};
use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;
use windows_sys::Win32::Networking::Clustering::{
    ClusterRegBatchCloseNotification, ClusterRegGetBatchNotification,
};

/// The least a finite-timeout batch get waits for the helper's answer.
pub const DEFAULT_POLL_GRACE: Duration = Duration::from_millis(200);

/// A posted call's answer: the notification handle value, or the code.
type Answer = std::result::Result<usize, Win32Error>;

/// The C call, blocking: the notification handle value or the code.
pub(crate) fn get_blocking(port: HRegBatchPort) -> Answer {
    let mut n = 0isize;
    // SAFETY: `port` is a batch port handle the caller's ledger lists as open; `n` is a
    // valid out-pointer.
    let code = unsafe { ClusterRegGetBatchNotification(port.0 .0 as isize, &mut n) };
    if code == 0 {
        Ok(n as usize)
    } else {
        Err(Win32Error(code as u32))
    }
}

/// Posted calls, per port.
#[derive(Default)]
pub(crate) struct Posted {
    calls: Mutex<HashMap<usize, VecDeque<Receiver<Answer>>>>,
}

impl Posted {
    fn calls(&self) -> std::sync::MutexGuard<'_, HashMap<usize, VecDeque<Receiver<Answer>>>> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A get on `port` with `timeout` (see the module documentation).
    pub(crate) fn get(&self, port: HRegBatchPort, timeout: Timeout, grace: Duration) -> Answer {
        let posted = self.calls().get_mut(&port.0 .0).and_then(VecDeque::pop_front);
        let rx = match (posted, timeout) {
            (Some(rx), _) => rx,
            (None, Timeout::Infinite) => return get_blocking(port),
            (None, Timeout::After(_)) => post(port),
        };
        let answer = match timeout {
            Timeout::Infinite => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Timeout::After(d) => rx.recv_timeout(d.max(grace)),
        };
        match answer {
            Ok(a) => a,
            Err(RecvTimeoutError::Timeout) => {
                self.calls().entry(port.0 .0).or_default().push_front(rx);
                Err(Win32Error::WAIT_TIMEOUT)
            }
            Err(RecvTimeoutError::Disconnected) => Err(Win32Error::ERROR_GEN_FAILURE),
        }
    }

    /// Forgets the posted calls of a closed port (their helpers wake and clean up).
    pub(crate) fn forget(&self, port: HRegBatchPort) {
        self.calls().remove(&port.0 .0);
    }

    /// Forgets every posted call.
    pub(crate) fn forget_all(&self) {
        self.calls().clear();
    }
}

/// Starts a helper thread making the blocking call.
fn post(port: HRegBatchPort) -> Receiver<Answer> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let answer = get_blocking(port);
        if let Err(mpsc::SendError(Ok(orphan))) = tx.send(answer) {
            // Nobody will read this notification: the port was closed or the backend
            // dropped while the call was posted.
            // SAFETY: `orphan` is the notification handle ClusAPI just returned, closed once.
            unsafe { ClusterRegBatchCloseNotification(orphan as isize) };
        }
    });
    rx
}
