//! Watching a V2 port's event from outside the port: what a wait on several events at
//! once (libclusapi's `WaitForMultipleObjects`, spec/c-abi.md CABI-EVENT) needs besides
//! `NotifyV2Api::wait_notify_event`, which waits on one.

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::{HNotifyEvent, Result, Win32Error};
use clusim_clock::Wake;
use std::sync::Weak;

impl Sim {
    /// Calls `waker` whenever `event`'s port may have become signalled (each push) and
    /// when it closes, for as long as `waker` is alive; the caller re-checks with
    /// `wait_notify_event(event, Timeout::POLL)`. `ERROR_INVALID_HANDLE` for anything but
    /// an open port's event.
    pub fn watch_notify_event(&self, event: HNotifyEvent, waker: Weak<dyn Wake>) -> Result<()> {
        match self.entry(event.0)? {
            Entry::NotifyEvent(port) => {
                port.queue.watch(waker);
                Ok(())
            }
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }
}
