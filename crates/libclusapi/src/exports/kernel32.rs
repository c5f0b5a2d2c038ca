//! kernel32's last-error pair, per thread, as on Windows, and the few other kernel32
//! functions Microsoft's ClusAPI samples call (`LocalAlloc`, `LocalFree`, `Sleep`; declared
//! in the `windows.h` stand-in), and the waits on the event handles of V2 ports
//! (`WaitForSingleObject`, `WaitForMultipleObjects`, `CloseHandle`; `crate::events`).

use crate::events;
use crate::ffi;
use crate::global::sim;
use crate::local;
use crate::types::*;
use clusim_api::{HNotifyEvent, NotifyV2Api, ObjectKind, RawHandle, Result, Timeout, Win32Error};
use clusim_clock::Wake;
use std::ffi::c_void;
use std::sync::{Arc, Weak};

export! {
    /// `GetLastError`: the calling thread's last error, set by the functions that report
    /// failure through it (NULL handles, FALSE, `…StateUnknown`, an enumeration count of
    /// 0). 0 in a thread that has seen no failure.
    fn GetLastError() -> u32;
    on_panic = 0;
    { ffi::last_error() }
}

export! {
    /// `SetLastError`: sets the calling thread's last error.
    fn SetLastError(dwErrCode: u32) -> ();
    on_panic = ();
    { ffi::set_last_error(dwErrCode) }
}

export! {
    /// `LocalAlloc` (the part Microsoft's ClusAPI samples use): `LMEM_FIXED`, optionally
    /// with `LMEM_ZEROINIT` (`LPTR`), gives the address of `uBytes` bytes; any other flag
    /// (`LMEM_MOVEABLE`, …) gives NULL with `ERROR_INVALID_PARAMETER`, exhausted memory
    /// NULL with `ERROR_NOT_ENOUGH_MEMORY`. spec/c-abi.md, "windows.h".
    fn LocalAlloc(uFlags: u32, uBytes: usize) -> *mut c_void;
    on_panic = std::ptr::null_mut();
    {
        match local::alloc(uFlags, uBytes) {
            Ok(p) => p,
            Err(e) => {
                ffi::set_last_error(e.0);
                std::ptr::null_mut()
            }
        }
    }
}

export! {
    /// `LocalFree`: frees what `LocalAlloc` returned and answers NULL (NULL too for a NULL
    /// argument); for any other pointer — never allocated, or already freed — it frees
    /// nothing and answers the pointer with `ERROR_INVALID_HANDLE`, as Windows does.
    fn LocalFree(hMem: *mut c_void) -> *mut c_void;
    on_panic = hMem;
    {
        match local::free(hMem) {
            Ok(()) => std::ptr::null_mut(),
            Err(e) => {
                ffi::set_last_error(e.0);
                hMem
            }
        }
    }
}

export! {
    /// `Sleep`: suspends the calling thread for `dwMilliseconds` of real time (the
    /// library's simulator runs on the real clock); `INFINITE` never returns.
    fn Sleep(dwMilliseconds: u32) -> ();
    on_panic = ();
    {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(u64::from(dwMilliseconds)));
            if dwMilliseconds != u32::MAX {
                break;
            }
        }
    }
}

/// `WAIT_FAILED`: a wait's failure answer (the reason is the last error).
const WAIT_FAILED: u32 = 0xFFFF_FFFF;

/// A wait's DWORD answer: `WAIT_OBJECT_0 + i`, `WAIT_TIMEOUT`, or `WAIT_FAILED` with the
/// last error set.
fn wait_answer(r: Result<events::Waited>) -> u32 {
    match r {
        Ok(events::Waited::Object(i)) => i as u32,
        Ok(events::Waited::TimedOut) => Win32Error::WAIT_TIMEOUT.0,
        Err(e) => {
            ffi::set_last_error(e.0);
            WAIT_FAILED
        }
    }
}

/// `dwMilliseconds` as a wait's timeout: 0 polls, `INFINITE` never ends.
fn wait_timeout(ms: u32) -> Timeout {
    if ms == 0 {
        Timeout::POLL
    } else {
        Timeout::from_millis(ms)
    }
}

/// The event of a V2 port, as the wait engine sees it: signalled while the port holds
/// events (`wait_notify_event` with a zero timeout says so), an error once it closed.
struct PortEvent(HNotifyEvent);

impl events::Signal for PortEvent {
    fn is_set(&self) -> Result<bool> {
        match sim().wait_notify_event(self.0, Timeout::POLL) {
            Ok(()) => Ok(true),
            Err(Win32Error::WAIT_TIMEOUT) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn watch(&self, waker: Weak<dyn Wake>) {
        // A closed port cannot be watched; `is_set` reports it.
        let _ = sim().watch_notify_event(self.0, waker);
    }
}

/// The port event behind a handle value: `ERROR_INVALID_HANDLE` unless it is an open
/// port's event that the caller has not closed with `CloseHandle`.
fn port_event(h: usize) -> Result<HNotifyEvent> {
    let h = events::not_closed(h)?;
    match sim().handle_kind(RawHandle(h)) {
        Some(ObjectKind::NotifyEvent) => Ok(HNotifyEvent(RawHandle(h))),
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

export! {
    /// `WaitForSingleObject` on an event handle from `GetNotifyEventHandle`:
    /// `WAIT_OBJECT_0` (0) once the port holds an event (nothing is consumed),
    /// `WAIT_TIMEOUT` when `dwMilliseconds` pass first (0 polls, `INFINITE` waits; on
    /// the simulator's clock), `WAIT_FAILED` with `ERROR_INVALID_HANDLE` for any other
    /// handle, one closed with `CloseHandle`, or a port that is or becomes closed.
    /// spec/c-abi.md, CABI-EVENT.
    fn WaitForSingleObject(hHandle: HANDLE, dwMilliseconds: u32) -> u32;
    on_panic = WAIT_FAILED;
    {
        let r = port_event(hHandle as usize).and_then(|e| {
            match sim().wait_notify_event(e, wait_timeout(dwMilliseconds)) {
                Ok(()) => Ok(events::Waited::Object(0)),
                Err(Win32Error::WAIT_TIMEOUT) => Ok(events::Waited::TimedOut),
                Err(e) => Err(e),
            }
        });
        wait_answer(r)
    }
}

export! {
    /// `WaitForMultipleObjects` on event handles from `GetNotifyEventHandle`: with
    /// `bWaitAll` FALSE, `WAIT_OBJECT_0 + i` for the lowest signalled index `i`; with
    /// TRUE, `WAIT_OBJECT_0` once all are signalled at once; `WAIT_TIMEOUT` as
    /// `WaitForSingleObject`. `WAIT_FAILED` with `ERROR_INVALID_PARAMETER` for
    /// `nCount` 0 or above `MAXIMUM_WAIT_OBJECTS` (64), a NULL array or a handle listed
    /// twice; with `ERROR_INVALID_HANDLE` when any handle is not a valid event handle
    /// or its port is or becomes closed. CABI-EVENT.
    fn WaitForMultipleObjects(nCount: u32, lpHandles: *const HANDLE, bWaitAll: BOOL, dwMilliseconds: u32) -> u32;
    on_panic = WAIT_FAILED;
    {
        let n = nCount as usize;
        if lpHandles.is_null() || n == 0 || n > events::MAXIMUM_WAIT_OBJECTS {
            return wait_answer(Err(Win32Error::ERROR_INVALID_PARAMETER));
        }
        // SAFETY: a non-NULL `lpHandles` holds `nCount` readable handles (caller
        // contract); `nCount` is at most 64 here.
        let values = unsafe { ffi::read_handles(lpHandles, n) };
        let objects = events::lookup_all(&values, |h| {
            port_event(h).map(|e| Arc::new(PortEvent(e)) as Arc<dyn events::Signal>)
        });
        wait_answer(objects.and_then(|o| {
            events::wait(sim().clock(), &o, bWaitAll != FALSE, wait_timeout(dwMilliseconds))
        }))
    }
}

export! {
    /// `CloseHandle` on an event handle from `GetNotifyEventHandle`: TRUE, and the value
    /// is no longer valid for waits until `GetNotifyEventHandle` returns it again (the
    /// event belongs to its port, which is not affected, N15). FALSE with
    /// `ERROR_INVALID_HANDLE` for any other value: closed already, a closed port's event,
    /// or a handle of another kind (those have their own close functions). CABI-EVENT.
    fn CloseHandle(hObject: HANDLE) -> BOOL;
    on_panic = FALSE;
    { super::ret_bool(port_event(hObject as usize).and_then(|e| events::close(e.0 .0))) }
}
