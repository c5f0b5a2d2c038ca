//! Write batches, batch notification ports and read batches, and deleted keys'
//! handles. Part of the `abi` suite.

use super::*;

#[test]
fn write_batches_commit_atomically_and_report_the_failing_command() {
    let fx = Fx::new("reg-batches");
    let root = fx.root();
    let k = fx.create_key(root, "Batch");
    fx.create_key(k, "victim");
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        // Creating: NULL key is the documented ERROR_INVALID_PARAMETER; other bad keys 6.
        let mut b = 0x5555isize;
        assert_eq!(lc(ClusterRegCreateBatch(null_mut(), &mut b)), INVALID_PARAMETER);
        for (label, h) in fx.bad_keys() {
            let want = if h.is_null() { INVALID_PARAMETER } else { INVALID_HANDLE };
            assert_eq!(lc(ClusterRegCreateBatch(h, &mut b)), want, "{label}");
            assert_eq!(lc(ClusterRegCreateReadBatch(h, &mut b)), want, "{label}");
        }
        assert_eq!(lc(ClusterRegCreateBatch(k, null_mut())), INVALID_PARAMETER);
        assert_eq!(b, 0x5555, "*pHREGBATCH untouched");

        // Adding: each command checked at once.
        let b = fx.batch(k);
        assert_eq!(fx.add(b, SET_VALUE, "first", Some((REG_DWORD, &dw(1)))), 0);
        assert_eq!(fx.add(b, DELETE_KEY, "victim", None), 0);
        assert_eq!(fx.add(b, SET_VALUE, "orphan", Some((REG_DWORD, &dw(2)))), 0);
        assert_eq!(fx.add(b, 42, "x", None), INVALID_FUNCTION);
        assert_eq!(fx.add(b, CLUSREG_CONDITION_EXISTS as i32, "x", None), INVALID_FUNCTION, "B4");
        assert_eq!(fx.add(b, CREATE_KEY, "\\lead", None), INVALID_PARAMETER);
        assert_eq!(fx.add(b, SET_VALUE, "bad", Some((REG_DWORD, &[1]))), INVALID_PARAMETER);
        let four = dw(1);
        let add = |cmd: i32, name: *const u16, p: *const c_void, n: u32| {
            lc(ClusterRegBatchAddCommand(b, cmd, name, REG_BINARY, p, n))
        };
        assert_eq!(add(SET_VALUE, w("big").as_ptr(), four.as_ptr().cast(), u32::MAX), INVALID_PARAMETER);
        assert_eq!(add(SET_VALUE, w("big").as_ptr(), four.as_ptr().cast(), (1 << 20) + 1), INVALID_PARAMETER);
        assert_eq!(add(SET_VALUE, w("nul").as_ptr(), null(), 4), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegBatchAddCommand(b, CREATE_KEY, null(), 0, null(), 0)), INVALID_PARAMETER);
        // B5: the value command after DELETE_KEY fails the batch at commit, at its number.
        let mut failed = 77i32;
        assert_eq!(lc(ClusterRegCloseBatch(b, 1, &mut failed)), INVALID_PARAMETER);
        assert_eq!(failed, 2, "0-based (B1)");
        assert_eq!(fx.query(k, "first"), Err(FILE_NOT_FOUND), "atomic");
        let mut h = null_mut();
        assert_eq!(ClusterRegOpenKey(k, w("victim").as_ptr(), 0, &mut h), 0, "atomic");
        // The handle is gone whatever the outcome: -1 for a closed batch.
        failed = 77;
        assert_eq!(lc(ClusterRegCloseBatch(b, 1, &mut failed)), INVALID_HANDLE);
        assert_eq!(failed, -1);
        assert_eq!(fx.add(b, SET_VALUE, "late", Some((REG_DWORD, &dw(1)))), INVALID_HANDLE);

        // A good batch; failedCommandNumber is optional and untouched on success.
        let g = fx.batch(k);
        assert_eq!(fx.add(g, CREATE_KEY, "x\\y", None), 0);
        assert_eq!(fx.add(g, SET_VALUE, "deep", Some((REG_DWORD, &dw(4)))), 0);
        assert_eq!(
            lc(ClusterRegBatchAddCommand(g, DELETE_VALUE, null(), 0, null(), 0)),
            0,
            "NULL: default value"
        );
        failed = 77;
        assert_eq!(ClusterRegCloseBatch(g, 1, &mut failed), 0);
        assert_eq!(failed, 77);
        let mut deep = null_mut();
        assert_eq!(ClusterRegOpenKey(k, w("x\\y").as_ptr(), 0, &mut deep), 0);
        assert_eq!(fx.query(deep, "deep"), Ok((REG_DWORD, dw(4).to_vec())));
        // Discarded, and Ex with its flags (B3).
        let d = fx.batch(k);
        assert_eq!(fx.add(d, SET_VALUE, "discarded", Some((REG_DWORD, &dw(3)))), 0);
        assert_eq!(ClusterRegCloseBatch(d, 0, null_mut()), 0);
        assert_eq!(fx.query(k, "discarded"), Err(FILE_NOT_FOUND));
        let e = fx.batch(k);
        assert_eq!(fx.add(e, SET_VALUE, "ex", Some((REG_DWORD, &dw(5)))), 0);
        failed = 77;
        assert_eq!(lc(ClusterRegCloseBatchEx(e, 8, &mut failed)), INVALID_PARAMETER);
        assert_eq!(failed, -1);
        assert_eq!(fx.query(k, "ex"), Err(FILE_NOT_FOUND));
        let e = fx.batch(k);
        assert_eq!(fx.add(e, SET_VALUE, "ex", Some((REG_DWORD, &dw(5)))), 0);
        assert_eq!(ClusterRegCloseBatchEx(e, CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES, null_mut()), 0);
        assert_eq!(fx.query(k, "ex"), Ok((REG_DWORD, dw(5).to_vec())));

        let port = fx.batch_port(k);
        let batch_handles = [port, fx.port(0, 0), 0, 0x7777_7770, IHV, k as isize];
        for h in batch_handles {
            assert_eq!(fx.add(h, SET_VALUE, "v", Some((REG_DWORD, &dw(1)))), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchAddCommand(h, 42, null(), 9, null(), u32::MAX)), INVALID_HANDLE);
            failed = 77;
            assert_eq!(lc(ClusterRegCloseBatch(h, 1, &mut failed)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(failed, -1);
            assert_eq!(lc(ClusterRegCloseBatchEx(h, 0, null_mut())), INVALID_HANDLE, "{h:#x}");
        }
        assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0, "the port survived being misused as a batch");
    }
}

/// A record as (command, name, options, data).
type Record = (u32, String, u32, Vec<u8>);

/// The records of one notification, read with `ClusterRegBatchReadCommand` until
/// `ERROR_NO_MORE_ITEMS`, and the raw structures (whose pointers must stay valid).
///
/// # Safety
/// `n` is an open notification handle.
unsafe fn read_all(n: isize) -> (Vec<Record>, Vec<CLUSTER_BATCH_COMMAND>) {
    let mut out = Vec::new();
    let mut raw = Vec::new();
    loop {
        let mut c = CLUSTER_BATCH_COMMAND::default();
        // SAFETY: an out-pointer to a local.
        match lc(unsafe { ClusterRegBatchReadCommand(n, &mut c) }) {
            0 => {
                // SAFETY: pointers handed out by the library, valid until the close.
                let rec = unsafe {
                    (
                        c.Command as u32,
                        wstr(c.wzName).expect("never NULL"),
                        c.dwOptions,
                        bytes(c.lpData, c.cbData),
                    )
                };
                out.push(rec);
                raw.push(c);
            }
            NO_MORE_ITEMS => return (out, raw),
            e => panic!("ClusterRegBatchReadCommand: {e}"),
        }
    }
}

#[test]
fn batch_notifications_hand_out_records_whose_pointers_live_until_the_close() {
    let fx = Fx::new("reg-batchport");
    let k = fx.create_key(fx.root(), "NotifyKey");
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        let port = fx.batch_port(k);
        let mut out = 0x5555isize;
        assert_eq!(lc(ClusterRegCreateBatchNotifyPort(k, null_mut())), INVALID_PARAMETER);
        for (label, h) in fx.bad_keys() {
            assert_eq!(lc(ClusterRegCreateBatchNotifyPort(h, &mut out)), INVALID_HANDLE, "{label}");
        }
        // NULL out-pointer: refused before waiting (nothing is queued: it would block).
        assert_eq!(lc(ClusterRegGetBatchNotification(port, null_mut())), INVALID_PARAMETER);

        // The [MS-CMRP] example.
        let b = fx.batch(k);
        let world = utf16_bytes("hello world");
        let universe = utf16_bytes("hello universe");
        assert_eq!(fx.add(b, DELETE_VALUE, "NotifyTest", None), 0);
        assert_eq!(fx.add(b, SET_VALUE, "NotifyTest", Some((REG_SZ, &world))), 0);
        assert_eq!(fx.add(b, SET_VALUE, "NotifyTest", Some((REG_SZ, &universe))), 0);
        assert_eq!(fx.add(b, DELETE_VALUE, "NotifyTest", None), 0);
        assert_eq!(ClusterRegCloseBatch(b, 1, null_mut()), 0);
        // A plain write does not reach batch ports.
        fx.set_dword(k, "plain", 1);

        let mut n = 0isize;
        assert_eq!(ClusterRegGetBatchNotification(port, &mut n), 0);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, null_mut())), INVALID_PARAMETER, "nothing consumed");
        assert_eq!(clusapi::kept_allocations(n as usize), 0);
        let (records, raw) = read_all(n);
        assert_eq!(
            records,
            [
                (CLUSREG_DELETE_VALUE, "NotifyTest".to_string(), REG_NONE, vec![]),
                (CLUSREG_SET_VALUE, "NotifyTest".to_string(), REG_SZ, world.clone()),
                (CLUSREG_VALUE_DELETED, "NotifyTest".to_string(), REG_SZ, world.clone()),
                (CLUSREG_SET_VALUE, "NotifyTest".to_string(), REG_SZ, universe.clone()),
                (CLUSREG_VALUE_DELETED, "NotifyTest".to_string(), REG_SZ, universe.clone()),
                (CLUSREG_DELETE_VALUE, "NotifyTest".to_string(), REG_SZ, universe.clone()),
            ]
        );
        assert_eq!(raw[0].lpData, std::ptr::null(), "no data: NULL");
        assert_eq!(clusapi::kept_allocations(n as usize), 6 + 5, "six names, five data buffers");
        // Still readable after the end was reached and other calls were made.
        fx.set_dword(k, "other", 2);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, &mut CLUSTER_BATCH_COMMAND::default())), NO_MORE_ITEMS);
        assert_eq!(wstr(raw[1].wzName).as_deref(), Some("NotifyTest"));
        assert_eq!(bytes(raw[3].lpData, raw[3].cbData), universe);
        assert_eq!(ClusterRegBatchCloseNotification(n), 0);
        assert_eq!(clusapi::kept_allocations(n as usize), 0, "the close frees what was handed out");
        assert_eq!(lc(ClusterRegBatchCloseNotification(n)), INVALID_HANDLE);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, &mut CLUSTER_BATCH_COMMAND::default())), INVALID_HANDLE);

        // Bad handles for the port and notification functions.
        let mut c = CLUSTER_BATCH_COMMAND::default();
        let others = [0, 0x7777_7770, IHV, fx.port(0, 0), k as isize, fx.batch(k)];
        for h in others {
            assert_eq!(lc(ClusterRegGetBatchNotification(h, &mut out)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegGetBatchNotification(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchReadCommand(h, &mut c)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchReadCommand(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchCloseNotification(h)), INVALID_HANDLE, "{h:#x}");
            if h != others[5] {
                assert_eq!(lc(ClusterRegCloseBatchNotifyPort(h)), INVALID_HANDLE, "{h:#x}");
            }
        }
        assert_eq!(
            lc(ClusterRegBatchReadCommand(port, &mut c)),
            INVALID_HANDLE,
            "a port is not a notification"
        );
        assert_eq!(out, 0x5555);

        // B13: a waiter wakes with ERROR_NO_MORE_ITEMS when the port is closed; later
        // calls with the closed handle are ERROR_INVALID_HANDLE.
        let waiter = std::thread::spawn(move || {
            let mut n = 0isize;
            // (Inside the test's unsafe block: an out-pointer to a local.)
            lc(ClusterRegGetBatchNotification(port, &mut n))
        });
        until_blocked("ClusterRegGetBatchNotification", || {
            let p = clusim_api::HRegBatchPort::from_raw(port as usize);
            clusapi::sim().batch_port_waiters(p) == Ok(1)
        });
        assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0);
        assert_eq!(waiter.join().unwrap(), NO_MORE_ITEMS);
        assert_eq!(lc(ClusterRegGetBatchNotification(port, &mut out)), INVALID_HANDLE);
        assert_eq!(lc(ClusterRegCloseBatchNotifyPort(port)), INVALID_HANDLE);
    }
}

#[test]
fn read_batches_echo_the_requests_and_report_each_result() {
    let fx = Fx::new("reg-readbatch");
    let k = fx.create_key(fx.root(), "Read");
    let sub = fx.create_key(k, "sub");
    fx.set_dword(k, "top", 1);
    fx.set_dword(sub, "inner", 2);
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        assert_eq!(ClusterRegSetValue(k, null(), REG_DWORD, dw(3).as_ptr(), 4), 0);
        let mut rb = 0isize;
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(lc(ClusterRegCreateReadBatch(k, null_mut())), INVALID_PARAMETER);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, null(), w("top").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, w("sub").as_ptr(), w("inner").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, w("missing").as_ptr(), w("x").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, null(), null()), 0);
        assert_eq!(lc(ClusterRegReadBatchAddCommand(rb, w("\\lead").as_ptr(), null())), INVALID_PARAMETER);
        // A NULL out-pointer leaves the batch open: nothing runs.
        assert_eq!(lc(ClusterRegCloseReadBatch(rb, null_mut())), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegCloseReadBatchEx(rb, 2, null_mut())), INVALID_PARAMETER);
        let mut reply = 0isize;
        assert_eq!(ClusterRegCloseReadBatchEx(rb, CLUSREG_DATABASE_ISOLATE_READ, &mut reply), 0);
        assert_eq!(lc(ClusterRegReadBatchAddCommand(rb, null(), null())), INVALID_HANDLE, "consumed");

        assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(reply, null_mut())), INVALID_PARAMETER);
        let mut got = Vec::new();
        let mut raw = Vec::new();
        loop {
            let mut c = CLUSTER_READ_BATCH_COMMAND::default();
            match lc(ClusterRegReadBatchReplyNextCommand(reply, &mut c)) {
                0 => {
                    got.push((
                        c.Command as u32,
                        c.dwOptions,
                        wstr(c.wzSubkeyName),
                        wstr(c.wzValueName),
                        bytes(c.lpData, c.cbData),
                    ));
                    raw.push(c);
                }
                NO_MORE_ITEMS => break,
                e => panic!("{e}"),
            }
        }
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                (CLUSREG_READ_VALUE, REG_DWORD, None, s("top"), dw(1).to_vec()),
                (CLUSREG_READ_VALUE, REG_DWORD, s("sub"), s("inner"), dw(2).to_vec()),
                (CLUSREG_READ_ERROR, FILE_NOT_FOUND, s("missing"), s("x"), vec![]),
                (CLUSREG_READ_VALUE, REG_DWORD, None, None, dw(3).to_vec()),
            ]
        );
        assert_eq!(wstr(raw[1].wzSubkeyName), s("sub"), "valid until the reply is closed");
        assert_eq!(ClusterRegCloseReadBatchReply(reply), 0);
        assert_eq!(lc(ClusterRegCloseReadBatchReply(reply)), INVALID_HANDLE);
        assert_eq!(
            lc(ClusterRegReadBatchReplyNextCommand(reply, &mut CLUSTER_READ_BATCH_COMMAND::default())),
            INVALID_HANDLE
        );

        // Plain close; unknown flags consume the batch (READ-ISOLATED).
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(ClusterRegCloseReadBatch(rb, &mut reply), 0);
        assert_eq!(
            lc(ClusterRegReadBatchReplyNextCommand(reply, &mut CLUSTER_READ_BATCH_COMMAND::default())),
            NO_MORE_ITEMS
        );
        assert_eq!(ClusterRegCloseReadBatchReply(reply), 0);
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(lc(ClusterRegCloseReadBatchEx(rb, 5, &mut reply)), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegCloseReadBatch(rb, &mut reply)), INVALID_HANDLE);

        let mut c = CLUSTER_READ_BATCH_COMMAND::default();
        for h in [0, 0x7777_7770, IHV, fx.port(0, 0), k as isize, fx.batch(k)] {
            assert_eq!(lc(ClusterRegReadBatchAddCommand(h, null(), null())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatch(h, &mut reply)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatch(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatchEx(h, 2, &mut reply)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(h, &mut c)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatchReply(h)), INVALID_HANDLE, "{h:#x}");
        }
    }
}

#[test]
fn concurrent_reads_and_closes_of_one_notification_never_crash_or_leak_storage() {
    let fx = Fx::new("reg-readclose");
    let k = fx.create_key(fx.root(), "Race");
    for round in 0..50 {
        let port = fx.batch_port(k);
        let b = fx.batch(k);
        for i in 0..20 {
            assert_eq!(fx.add(b, SET_VALUE, &format!("v{i}"), Some((REG_DWORD, &dw(round)))), 0);
        }
        // SAFETY: handles looked up; out-pointers to locals.
        unsafe {
            assert_eq!(ClusterRegCloseBatch(b, 1, null_mut()), 0);
            let mut n = 0isize;
            assert_eq!(ClusterRegGetBatchNotification(port, &mut n), 0);
            let reader = std::thread::spawn(move || {
                let mut seen = 0;
                loop {
                    let mut c = CLUSTER_BATCH_COMMAND::default();
                    // (Inside the round's unsafe block: an out-pointer to a local; the
                    // handle may be closed meanwhile.)
                    match lc(ClusterRegBatchReadCommand(n, &mut c)) {
                        0 => seen += 1,
                        NO_MORE_ITEMS | INVALID_HANDLE => return seen,
                        e => panic!("{e}"),
                    }
                }
            });
            std::thread::yield_now();
            assert_eq!(ClusterRegBatchCloseNotification(n), 0);
            assert!(reader.join().unwrap() <= 40);
            assert_eq!(clusapi::kept_allocations(n as usize), 0, "round {round}: storage of a closed handle");
            assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0);
        }
    }
}

#[test]
fn a_deleted_keys_handle_answers_key_deleted_everywhere() {
    let fx = Fx::new("reg-deleted");
    let root = fx.root();
    let k = fx.create_key(root, "Gone");
    fx.set_dword(k, "v", 1);
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        assert_eq!(ClusterRegDeleteKey(root, w("Gone").as_ptr()), 0);
        let mut out = null_mut();
        let mut h = 0isize;
        let mut buf = string_buf(16);
        let (mut cch, mut cb) = (16u32, 64u32);
        let mut sd = [0u8; 64];
        let desc = [1u8, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let answers: Vec<(&str, u32)> = vec![
            (
                "ClusterRegCreateKey",
                lc(ClusterRegCreateKey(k, w("x").as_ptr(), 0, 0, null(), &mut out, null_mut())),
            ),
            ("ClusterRegOpenKey", lc(ClusterRegOpenKey(k, w("").as_ptr(), 0, &mut out))),
            ("ClusterRegDeleteKey", lc(ClusterRegDeleteKey(k, w("x").as_ptr()))),
            ("ClusterRegSetValue", ClusterRegSetValue(k, w("v").as_ptr(), REG_DWORD, dw(2).as_ptr(), 4)),
            ("ClusterRegDeleteValue", ClusterRegDeleteValue(k, w("v").as_ptr())),
            (
                "ClusterRegQueryValue",
                lc(ClusterRegQueryValue(k, w("v").as_ptr(), null_mut(), null_mut(), null_mut())),
            ),
            ("ClusterRegEnumKey", lc(ClusterRegEnumKey(k, 0, buf.as_mut_ptr(), &mut cch, null_mut()))),
            (
                "ClusterRegEnumValue",
                ClusterRegEnumValue(k, 0, buf.as_mut_ptr(), &mut cch, null_mut(), null_mut(), null_mut()),
            ),
            (
                "ClusterRegQueryInfoKey",
                lc(ClusterRegQueryInfoKey(k, null(), null(), null(), null(), null(), null(), null())),
            ),
            ("ClusterRegGetKeySecurity", lc(ClusterRegGetKeySecurity(k, 4, sd.as_mut_ptr().cast(), &mut cb))),
            ("ClusterRegSetKeySecurity", lc(ClusterRegSetKeySecurity(k, 4, desc.as_ptr() as *mut c_void))),
            ("ClusterRegCreateBatch", lc(ClusterRegCreateBatch(k, &mut h))),
            ("ClusterRegCreateBatchNotifyPort", lc(ClusterRegCreateBatchNotifyPort(k, &mut h))),
            ("ClusterRegCreateReadBatch", lc(ClusterRegCreateReadBatch(k, &mut h))),
        ];
        for (f, code) in answers {
            assert_eq!(code, KEY_DELETED, "{f}");
        }
        assert!(out.is_null() && h == 0, "nothing returned through the out-pointers");
        assert_eq!(ClusterRegCloseKey(k), 0, "the handle itself is still open");
    }
}
