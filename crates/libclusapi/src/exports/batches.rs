//! Write batches, batch notification ports and read batches (spec/batches.md,
//! spec/c-abi.md CABI-BATCH-*).
//!
//! The records `ClusterRegBatchReadCommand` and `ClusterRegReadBatchReplyNextCommand`
//! hand out point into storage the library keeps per notification or reply handle
//! (`global::Kept`) until `ClusterRegBatchCloseNotification` /
//! `ClusterRegCloseReadBatchReply` (SDK-BCMD, SDK-RBCMD).

use super::expect;
use super::registry::{key, lcode, value_data};
use crate::ffi::{put, read_wstr};
use crate::global::{close_kept, keep_next, sim};
use crate::types::*;
use crate::wide::{reg_data_in, reg_data_out};
use clusim_api::registry::{CLUSREG_READ_VALUE, CLUSREG_SET_VALUE, CLUSREG_VALUE_DELETED};
use clusim_api::*;
use std::ffi::c_void;

const GEN_FAILURE: LONG = Win32Error::ERROR_GEN_FAILURE.0 as LONG;

fn ptr(r: RawHandle) -> *mut c_void {
    r.0 as *mut c_void
}

/// A `ClusterRegCreate…` out-pointer: required.
fn out_required<T>(p: *mut T) -> Result<()> {
    if p.is_null() {
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    } else {
        Ok(())
    }
}

// ----- write batches ---------------------------------------------------------------------

export! {
    /// `ClusterRegCreateBatch`: a batch of commands relative to `hKey`, in
    /// `*pHREGBATCH`. Codes: `ERROR_INVALID_PARAMETER` for a NULL `hKey` (as documented,
    /// SDK-BCREATE) or a NULL `pHREGBATCH`; `ERROR_INVALID_HANDLE` for any other value
    /// that is not an open key; `ERROR_KEY_DELETED`.
    fn ClusterRegCreateBatch(hKey: HKEY, pHREGBATCH: *mut HREGBATCH) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            if hKey.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let k = key(hKey)?;
            out_required(pHREGBATCH)?;
            let b = sim().reg_create_batch(k)?;
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(pHREGBATCH, ptr(b.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegBatchAddCommand`: appends a command (checked at once, BATCH-ADD).
    /// `wzName` NULL is the default value for value commands and refused for key
    /// commands. Codes: `ERROR_INVALID_HANDLE` (not an open batch, NULL included);
    /// `ERROR_INVALID_FUNCTION` (a command other than `SET_VALUE`, `CREATE_KEY`,
    /// `DELETE_KEY`, `DELETE_VALUE`, B4); `ERROR_INVALID_PARAMETER` (`cbData` over
    /// 1 MiB — refused before the buffer is read —, NULL `lpData` with a non-zero
    /// `cbData`, a bad type or size, a malformed path, options or data where none
    /// belong); `ERROR_OUTOFMEMORY` past the batch limits.
    fn ClusterRegBatchAddCommand(
        hRegBatch: HREGBATCH,
        dwCommand: i32,
        wzName: *const WChar,
        dwOptions: u32,
        lpData: *const c_void,
        cbData: u32,
    ) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let b = HRegBatch(expect(hRegBatch, ObjectKind::RegBatch)?);
            // SAFETY: forwarded caller contract.
            let name = unsafe { read_wstr(wzName) }?;
            // SAFETY: forwarded caller contract.
            let data = unsafe { value_data(lpData.cast(), cbData) }?;
            // Only a SET_VALUE's options are a value type (the others carry no data).
            let data = if dwCommand as u32 == CLUSREG_SET_VALUE { reg_data_in(dwOptions, data)? } else { data.into() };
            sim().reg_batch_add_command(b, dwCommand as u32, name.as_deref(), dwOptions, &data)
        })())
    }
}

/// Reports a batch's outcome: the code, and the failing command's number through the
/// optional out-pointer (B1: 0-based, −1 before any command; written only on failure).
///
/// # Safety
/// `failed` is NULL or writable.
unsafe fn batch_outcome(r: std::result::Result<(), BatchFailure>, failed: *mut i32) -> LONG {
    match r {
        Ok(()) => 0,
        Err(f) => {
            // SAFETY: NULL or writable (caller contract).
            unsafe { put(failed, f.failed_command) };
            f.code.0 as LONG
        }
    }
}

export! {
    /// `ClusterRegCloseBatch`: `bCommit` TRUE executes the batch atomically, FALSE
    /// discards it; the handle is gone afterwards, whatever the outcome (BATCH-RESULT).
    /// Returns the batch's own code (B2); on failure `*failedCommandNumber` (optional)
    /// receives the 0-based number of the failing command, or −1 when the batch failed
    /// before any command ran (B1) — a bad handle included (`ERROR_INVALID_HANDLE`, −1).
    fn ClusterRegCloseBatch(hRegBatch: HREGBATCH, bCommit: BOOL, failedCommandNumber: *mut i32) -> LONG;
    on_panic = GEN_FAILURE;
    {
        let r = sim().reg_close_batch(HRegBatch(super::raw(hRegBatch)), bCommit != FALSE);
        // SAFETY: forwarded caller contract.
        unsafe { batch_outcome(r, failedCommandNumber) }
    }
}

export! {
    /// `ClusterRegCloseBatchEx`: always commits (B3); `flags` 0 or
    /// `CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES` (1), anything else
    /// `ERROR_INVALID_PARAMETER` with −1 (the batch is discarded). Otherwise as
    /// `ClusterRegCloseBatch`.
    fn ClusterRegCloseBatchEx(hRegBatch: HREGBATCH, flags: u32, failedCommandNumber: *mut i32) -> LONG;
    on_panic = GEN_FAILURE;
    {
        let r = sim().reg_close_batch_ex(HRegBatch(super::raw(hRegBatch)), flags);
        // SAFETY: forwarded caller contract.
        unsafe { batch_outcome(r, failedCommandNumber) }
    }
}

// ----- batch notification ports ----------------------------------------------------------

export! {
    /// `ClusterRegCreateBatchNotifyPort`: a port that receives the batches committed at
    /// `hKey` or below, in `*phBatchNotifyPort`. Codes: `ERROR_INVALID_HANDLE`;
    /// `ERROR_INVALID_PARAMETER` (NULL out-pointer); `ERROR_KEY_DELETED`.
    fn ClusterRegCreateBatchNotifyPort(hKey: HKEY, phBatchNotifyPort: *mut HREGBATCHPORT) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let k = key(hKey)?;
            out_required(phBatchNotifyPort)?;
            let p = sim().reg_create_batch_notify_port(k)?;
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(phBatchNotifyPort, ptr(p.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegGetBatchNotification`: waits (there is no timeout: INFINITE, B13) for
    /// the next notification — every batch committed since the previous get, coalesced
    /// (B6) — and returns its handle in `*phBatchNotification`. Codes:
    /// `ERROR_INVALID_HANDLE` (not an open port); `ERROR_INVALID_PARAMETER` (NULL
    /// out-pointer, checked before waiting); `ERROR_NO_MORE_ITEMS` when the port is
    /// closed while this call waits (B13); `ERROR_INVALID_DATA` in the place of batches
    /// the port had to drop (BATCH-CAP).
    fn ClusterRegGetBatchNotification(hBatchNotify: HREGBATCHPORT, phBatchNotification: *mut HREGBATCHNOTIFICATION) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let p = HRegBatchPort(expect(hBatchNotify, ObjectKind::BatchPort)?);
            out_required(phBatchNotification)?;
            let n = sim().reg_get_batch_notification(p, Timeout::Infinite)?;
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(phBatchNotification, ptr(n.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegBatchReadCommand`: fills `*pBatchCommand` with the next record of the
    /// notification (BATCH-NOTIFY-CONTENT, BATCH-NAMES). `wzName` (never NULL; `""` for
    /// the port's key) and `lpData` (NULL when `cbData` is 0) stay valid until
    /// `ClusterRegBatchCloseNotification`. Codes: `ERROR_INVALID_HANDLE`;
    /// `ERROR_INVALID_PARAMETER` (NULL `pBatchCommand`, checked before a record is
    /// consumed); `ERROR_NO_MORE_ITEMS` after the last record (B8).
    fn ClusterRegBatchReadCommand(hBatchNotification: HREGBATCHNOTIFICATION, pBatchCommand: *mut CLUSTER_BATCH_COMMAND) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let n = HRegBatchNotification(expect(hBatchNotification, ObjectKind::BatchNotification)?);
            out_required(pBatchCommand)?;
            keep_next(n.0 .0, || sim().reg_batch_read_command(n), |kept, c| {
                // SET_VALUE and VALUE_DELETED records carry the value type in `options`.
                let data = match c.command {
                    CLUSREG_SET_VALUE | CLUSREG_VALUE_DELETED => reg_data_out(c.options, &c.data),
                    _ => (&c.data[..]).into(),
                };
                let record = CLUSTER_BATCH_COMMAND {
                    Command: c.command as i32,
                    dwOptions: c.options,
                    wzName: kept.wstr(&c.name),
                    lpData: kept.data(&data),
                    cbData: data.len() as u32,
                };
                // SAFETY: non-NULL (checked), writable (caller contract).
                unsafe { pBatchCommand.write_unaligned(record) };
            })
        })())
    }
}

export! {
    /// `ClusterRegBatchCloseNotification`: frees the notification and everything
    /// `ClusterRegBatchReadCommand` handed out for it. `ERROR_SUCCESS` or
    /// `ERROR_INVALID_HANDLE`.
    fn ClusterRegBatchCloseNotification(hBatchNotification: HREGBATCHNOTIFICATION) -> LONG;
    on_panic = GEN_FAILURE;
    {
        let n = HRegBatchNotification(super::raw(hBatchNotification));
        lcode(close_kept(n.0 .0, || sim().reg_batch_close_notification(n)))
    }
}

export! {
    /// `ClusterRegCloseBatchNotifyPort`: closes the port; a thread waiting in
    /// `ClusterRegGetBatchNotification` on it wakes with `ERROR_NO_MORE_ITEMS` (B13).
    /// Notifications already obtained stay readable. `ERROR_SUCCESS` or
    /// `ERROR_INVALID_HANDLE`.
    fn ClusterRegCloseBatchNotifyPort(hBatchNotifyPort: HREGBATCHPORT) -> LONG;
    on_panic = GEN_FAILURE;
    { lcode(sim().reg_close_batch_notify_port(HRegBatchPort(super::raw(hBatchNotifyPort)))) }
}

// ----- read batches ----------------------------------------------------------------------

export! {
    /// `ClusterRegCreateReadBatch`: a read batch relative to `hKey`, in
    /// `*phRegReadBatch`. Codes as `ClusterRegCreateBatch` (NULL `hKey`:
    /// `ERROR_INVALID_PARAMETER`).
    fn ClusterRegCreateReadBatch(hKey: HKEY, phRegReadBatch: *mut HREGREADBATCH) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            if hKey.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let k = key(hKey)?;
            out_required(phRegReadBatch)?;
            let b = sim().reg_create_read_batch(k)?;
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(phRegReadBatch, ptr(b.0)) };
            Ok(())
        })())
    }
}

export! {
    /// `ClusterRegReadBatchAddCommand`: reads `wzValueName` (NULL: the default value)
    /// of `wzSubkeyName` (NULL: the batch key) when the batch executes. Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (malformed path or value
    /// name); `ERROR_OUTOFMEMORY` past the command limit.
    fn ClusterRegReadBatchAddCommand(hRegReadBatch: HREGREADBATCH, wzSubkeyName: *const WChar, wzValueName: *const WChar) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let b = HRegReadBatch(expect(hRegReadBatch, ObjectKind::ReadBatch)?);
            // SAFETY: forwarded caller contract.
            let (subkey, value) = unsafe { (read_wstr(wzSubkeyName)?, read_wstr(wzValueName)?) };
            sim().reg_read_batch_add_command(b, subkey.as_deref(), value.as_deref())
        })())
    }
}

/// The body of `ClusterRegCloseReadBatch[Ex]`.
fn close_read_batch(h: HREGREADBATCH, flags: u32, out: *mut HREGREADBATCHREPLY) -> LONG {
    lcode((|| {
        let b = HRegReadBatch(expect(h, ObjectKind::ReadBatch)?);
        out_required(out)?;
        let reply = sim().reg_close_read_batch(b, flags)?;
        // SAFETY: non-NULL (checked), writable (caller contract).
        unsafe { put(out, ptr(reply.0)) };
        Ok(())
    })())
}

export! {
    /// `ClusterRegCloseReadBatch`: executes the batch command by command and returns
    /// the reply in `*phRegReadBatchReply`; the batch handle is gone afterwards. Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (NULL out-pointer: the batch is
    /// left open, nothing runs).
    fn ClusterRegCloseReadBatch(hRegReadBatch: HREGREADBATCH, phRegReadBatchReply: *mut HREGREADBATCHREPLY) -> LONG;
    on_panic = GEN_FAILURE;
    { close_read_batch(hRegReadBatch, 0, phRegReadBatchReply) }
}

export! {
    /// `ClusterRegCloseReadBatchEx`: as `ClusterRegCloseReadBatch`; `flags`
    /// `CLUSREG_DATABASE_ISOLATE_READ` (2) reads every command at one instant
    /// (READ-ISOLATED); any flag other than 0 or 2 is `ERROR_INVALID_PARAMETER` and
    /// consumes the batch.
    fn ClusterRegCloseReadBatchEx(hRegReadBatch: HREGREADBATCH, flags: u32, phRegReadBatchReply: *mut HREGREADBATCHREPLY) -> LONG;
    on_panic = GEN_FAILURE;
    { close_read_batch(hRegReadBatch, flags, phRegReadBatchReply) }
}

export! {
    /// `ClusterRegReadBatchReplyNextCommand`: fills `*pBatchCommand` with the next
    /// result, in the order the commands were added: `CLUSREG_READ_VALUE` with the type
    /// in `dwOptions` and the data, or `CLUSREG_READ_ERROR` with the code in `dwOptions`;
    /// `wzSubkeyName`/`wzValueName` echo the request (NULL when it was NULL). The
    /// pointers stay valid until `ClusterRegCloseReadBatchReply`. Codes:
    /// `ERROR_INVALID_HANDLE`; `ERROR_INVALID_PARAMETER` (NULL `pBatchCommand`, nothing
    /// consumed); `ERROR_NO_MORE_ITEMS` after the last result.
    fn ClusterRegReadBatchReplyNextCommand(hRegReadBatchReply: HREGREADBATCHREPLY, pBatchCommand: *mut CLUSTER_READ_BATCH_COMMAND) -> LONG;
    on_panic = GEN_FAILURE;
    {
        lcode((|| {
            let r = HRegReadBatchReply(expect(hRegReadBatchReply, ObjectKind::ReadBatchReply)?);
            out_required(pBatchCommand)?;
            keep_next(r.0 .0, || sim().reg_read_batch_reply_next_command(r), |kept, x| {
                let data = if x.command == CLUSREG_READ_VALUE { reg_data_out(x.options, &x.data) } else { (&x.data[..]).into() };
                let record = CLUSTER_READ_BATCH_COMMAND {
                    Command: x.command as i32,
                    dwOptions: x.options,
                    wzSubkeyName: x.subkey.as_deref().map_or(std::ptr::null(), |s| kept.wstr(s)),
                    wzValueName: x.value.as_deref().map_or(std::ptr::null(), |s| kept.wstr(s)),
                    lpData: kept.data(&data),
                    cbData: data.len() as u32,
                };
                // SAFETY: non-NULL (checked), writable (caller contract).
                unsafe { pBatchCommand.write_unaligned(record) };
            })
        })())
    }
}

export! {
    /// `ClusterRegCloseReadBatchReply`: frees the reply and everything handed out for
    /// it. `ERROR_SUCCESS` or `ERROR_INVALID_HANDLE` (B14).
    fn ClusterRegCloseReadBatchReply(hRegReadBatchReply: HREGREADBATCHREPLY) -> LONG;
    on_panic = GEN_FAILURE;
    {
        let r = HRegReadBatchReply(super::raw(hRegReadBatchReply));
        lcode(close_kept(r.0 .0, || sim().reg_close_read_batch_reply(r)))
    }
}
