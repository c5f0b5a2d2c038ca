//! Close-versus-wait races, generic over any [`Backend`], so the simulator and the C
//! ABI (through `ClusApiBackend`) run the very same rounds (PORT-CLOSE, N3;
//! PORT-HANDLE-CLOSE, N4).
//!
//! Each round has a thread blocked — or about to block — in an `INFINITE`
//! `GetClusterNotify` while another thread closes the port (or the cluster handle the
//! port's registration was made with). The interleaving varies from round to round
//! (close at once, after a yield, after a short spin). A round that does not return
//! within 30 s counts as a hang; any answer but the documented one is recorded.

use clusim_api::*;
use std::sync::Arc;
use std::time::Duration;

/// What the rounds of a race returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RaceOutcome {
    /// Rounds run.
    pub rounds: usize,
    /// Rounds that returned the documented answer.
    pub documented: usize,
    /// Rounds whose waiter did not return within 30 s (the race stops at the first).
    pub hangs: usize,
    /// The first few undocumented answers, with their round.
    pub other: Vec<String>,
}

/// What the closing side does in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closer {
    /// `CloseClusterNotifyPort`: the waiter returns `ERROR_INVALID_HANDLE` (N3).
    Port,
    /// `CloseCluster` of the handle the port was created with: the waiter receives
    /// `CLUSTER_CHANGE_HANDLE_CLOSE` with the registration's key (N4; the filter holds
    /// the bit, so both readings of N4 deliver it).
    Cluster,
}

/// Runs `rounds` rounds of the race on the backend's cluster `cluster` (`None`: local).
pub fn close_race(
    backend: Arc<dyn Backend>,
    cluster: Option<&str>,
    closer: Closer,
    rounds: usize,
) -> RaceOutcome {
    let (to_waiter, work) = crossbeam_channel::bounded::<HChange>(1);
    type Answer = std::result::Result<NotifyHeader, GetNotifyError>;
    let (answers, answer) = crossbeam_channel::bounded::<Answer>(1);
    let b = backend.clone();
    let waiter = std::thread::spawn(move || {
        let mut buf = [0u16; 256];
        for port in work {
            if answers.send(b.get_notify(port, &mut buf, Timeout::Infinite)).is_err() {
                return;
            }
        }
    });
    let key = NotifyKey(0x5EED);
    let filter = ChangeFlags::GROUP_ADDED | ChangeFlags::HANDLE_CLOSE;
    let mut out = RaceOutcome::default();
    let shared = backend.open_cluster(cluster).expect("open the cluster");
    for round in 0..rounds {
        let c = match closer {
            Closer::Port => shared,
            Closer::Cluster => backend.open_cluster(cluster).expect("open the cluster"),
        };
        let port = backend.create_notify_port(None, Some(c), filter, key).expect("create a port");
        to_waiter.send(port).expect("waiter alive");
        match round % 3 {
            0 => {}
            1 => std::thread::yield_now(),
            _ => (0..(round % 97) * 8).for_each(|_| std::hint::spin_loop()),
        }
        let closed = match closer {
            Closer::Port => backend.close_notify_port(port),
            Closer::Cluster => backend.close_cluster(c),
        };
        out.rounds += 1;
        let Ok(got) = answer.recv_timeout(Duration::from_secs(30)) else {
            out.hangs += 1;
            break;
        };
        let documented = closed.is_ok()
            && match (closer, &got) {
                (Closer::Port, Err(e)) => e.code() == Win32Error::ERROR_INVALID_HANDLE,
                (Closer::Cluster, Ok(h)) => h.change == ChangeFlags::HANDLE_CLOSE && h.key == key,
                _ => false,
            };
        if documented {
            out.documented += 1;
        } else if out.other.len() < 5 {
            out.other.push(format!("round {round}: close {closed:?}, waiter {got:?}"));
        }
        if closer == Closer::Cluster {
            let _ = backend.close_notify_port(port);
        }
    }
    let _ = backend.close_cluster(shared);
    drop(to_waiter);
    if out.hangs == 0 {
        let _ = waiter.join();
    }
    out
}
