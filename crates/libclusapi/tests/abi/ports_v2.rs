//! V2 notification ports and their event handles through the C entry points
//! (spec/c-abi.md CABI-V2-*, CABI-EVENT). Part of the `abi` suite.

use super::*;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_FAILED};
use windows_sys::Win32::System::Threading::{WaitForMultipleObjects, WaitForSingleObject};

use windows_sys::Win32::System::Threading::INFINITE;

const GROUP: u32 = CLUSTER_OBJECT_TYPE_GROUP as u32;
const STATE: i64 = CLUSTER_CHANGE_GROUP_STATE_V2 as i64;

fn ft(t: u32, flags: i64) -> NOTIFY_FILTER_AND_TYPE {
    NOTIFY_FILTER_AND_TYPE { dwObjectType: t, FilterFlags: flags }
}

/// A V2 port on the fixture's cluster watching group state changes under `key`.
fn v2_port(fx: &Fx, key: usize) -> isize {
    let f = [ft(GROUP, STATE)];
    // SAFETY: one filter.
    let p = unsafe { CreateClusterNotifyPortV2(IHV, fx.cluster, f.as_ptr(), 1, key) };
    assert_ne!(p, 0, "{:?}", gle());
    p
}

/// The port's event handle.
fn event_of(port: isize) -> HANDLE {
    let mut e: HANDLE = null_mut();
    // SAFETY: `e` is a local.
    assert_eq!(unsafe { GetNotifyEventHandle(port, &mut e) }, 0);
    e
}

/// `GetClusterNotifyV2` with a zero timeout: the key, filter and payload pointers as
/// given (the payload without a size pointer), every string NULL (not wanted).
///
/// # Safety
/// Each pointer is NULL or writable.
unsafe fn get_bare(port: isize, key: *mut usize, f: *mut NOTIFY_FILTER_AND_TYPE, buf: *mut u8) -> u32 {
    let n: *mut u16 = null_mut();
    // SAFETY: forwarded contract; every string output is NULL.
    unsafe {
        GetClusterNotifyV2(
            port,
            key,
            f,
            buf,
            null_mut(),
            n,
            null_mut(),
            n,
            null_mut(),
            n,
            null_mut(),
            n,
            null_mut(),
            0,
        )
    }
}

/// One `GetClusterNotifyV2` with a zero timeout, only the key and the filter wanted.
fn take(port: isize) -> std::result::Result<(usize, NOTIFY_FILTER_AND_TYPE), u32> {
    let (mut key, mut f) = (0usize, ft(0, 0));
    // SAFETY: locals.
    match unsafe { get_bare(port, &mut key, &mut f, null_mut()) } {
        0 => Ok((key, f)),
        rc => Err(rc),
    }
}

/// A new group holding one resource, so that its state follows the resource's.
fn group_with_resource(fx: &Fx, name: &str) -> isize {
    let g = fx.new_group(name);
    fx.new_resource(g, &format!("{name} disk"), "Physical Disk");
    g
}

/// Takes `group` (which holds a resource) online: a GROUP STATE_V2 event for every port
/// watching it.
fn online(group: isize) {
    // SAFETY: no pointers.
    assert_eq!(unsafe { OnlineClusterGroup(group, 0) }, 0);
}

// CABI-V2-BAD-INPUT (issue 10 item 9, fact sheet §3.8): every bad input answers its code
// and registers nothing — the one good registration is all the port delivers.
#[test]
fn v2_bad_input_answers_the_documented_codes_and_registers_nothing() {
    let fx = Fx::new("v2-bad");
    let group = group_with_resource(&fx, "G");
    // SAFETY: the pointers are NULL or locals of the sizes passed.
    unsafe {
        null_with(
            "NULL filters, count 1",
            CreateClusterNotifyPortV2(IHV, fx.cluster, null(), 1, 1),
            INVALID_PARAMETER,
        );
        null_with(
            "NULL filters, bad port",
            CreateClusterNotifyPortV2(0x7770, fx.cluster, null(), 1, 1),
            INVALID_HANDLE,
        );
        for (label, f) in [
            ("unknown object type", ft(0x99, 1)),
            ("flag outside the enum", ft(GROUP, 0x400)),
            ("client-only flag", ft(GROUP, CLUSTER_CHANGE_GROUP_HANDLE_CLOSE_V2 as i64)),
        ] {
            let fs = [ft(GROUP, STATE), f];
            null_with(
                label,
                CreateClusterNotifyPortV2(IHV, fx.cluster, fs.as_ptr(), 2, 1),
                INVALID_PARAMETER,
            );
        }
        // A port with no filters, then one good registration among bad ones.
        let p = CreateClusterNotifyPortV2(IHV, fx.cluster, null(), 0, 0);
        assert_ne!(p, 0, "{:?}", gle());
        dword(
            "wrong kind of handle",
            || RegisterClusterNotifyV2(p, ft(GROUP, STATE), fx.cluster as HANDLE, 2),
            INVALID_HANDLE,
        );
        dword(
            "bad flags",
            || RegisterClusterNotifyV2(p, ft(GROUP, 0x400), group as HANDLE, 3),
            INVALID_PARAMETER,
        );
        dword(
            "unknown type",
            || RegisterClusterNotifyV2(p, ft(0x99, 1), group as HANDLE, 4),
            INVALID_PARAMETER,
        );
        dword(
            "bad port",
            || RegisterClusterNotifyV2(0, ft(GROUP, STATE), group as HANDLE, 5),
            INVALID_HANDLE,
        );
        dword("good", || RegisterClusterNotifyV2(p, ft(GROUP, STATE), group as HANDLE, 9), 0);
        dword(
            "NULL type name",
            || RegisterClusterResourceTypeNotifyV2(p, fx.cluster, 2, null(), 1),
            INVALID_PARAMETER,
        );
        dword(
            "NULL type name, bad port",
            || RegisterClusterResourceTypeNotifyV2(0, fx.cluster, 2, null(), 1),
            INVALID_HANDLE,
        );
        let mut key = 0usize;
        let mut byte = [0u8; 4];
        dword("NULL key", || get_bare(p, null_mut(), null_mut(), null_mut()), INVALID_PARAMETER);
        dword("NULL key, bad port", || get_bare(0, null_mut(), null_mut(), null_mut()), INVALID_HANDLE);
        dword(
            "buffer without its size",
            || get_bare(p, &mut key, null_mut(), byte.as_mut_ptr()),
            INVALID_PARAMETER,
        );
        dword("NULL event pointer", || GetNotifyEventHandle(p, null_mut()), INVALID_PARAMETER);
        dword("NULL event pointer, bad port", || GetNotifyEventHandle(0, null_mut()), INVALID_HANDLE);
        online(group);
        let got = take(p).expect("the good registration's event");
        assert_eq!((got.0, got.1.dwObjectType, got.1.FilterFlags), (9, GROUP, STATE));
        while let Ok((k, _)) = take(p) {
            assert_eq!(k, 9, "only the good registration's key");
        }
        assert_eq!(CloseClusterNotifyPort(p), 1);
    }
}

// CABI-V2-GET (N17): ERROR_MORE_DATA writes every size and keeps the event; a NULL
// buffer is "not wanted" and still gets its size; the strings follow the V1 convention.
#[test]
fn get_cluster_notify_v2_writes_every_size_and_keeps_the_event_on_more_data() {
    let fx = Fx::new("v2-get");
    let group = group_with_resource(&fx, "Group V2");
    let p = v2_port(&fx, 7);
    online(group);
    let (mut key, mut f) = (0usize, ft(0, 0));
    let mut payload = [0u8; 4];
    let mut name = string_buf(4);
    let (mut cb, mut cch_name, mut cch_id) = (4u32, 4u32, 0u32);
    let none: *mut u16 = null_mut();
    // SAFETY: every buffer is as large as its size says; NULL ones are not wanted.
    let rc = unsafe {
        GetClusterNotifyV2(
            p,
            &mut key,
            &mut f,
            payload.as_mut_ptr(),
            &mut cb,
            none,
            &mut cch_id,
            none,
            null_mut(),
            name.as_mut_ptr(),
            &mut cch_name,
            none,
            null_mut(),
            0,
        )
    };
    assert_eq!(rc, MORE_DATA);
    assert_eq!((cb, cch_name), (4, 8), "the DWORD state fits; \"Group V2\" needs 8 + NUL");
    assert_eq!(cch_id, 36, "the unwanted id's size is written too (a GUID)");
    assert_eq!(name[0], 0xFFFF, "nothing copied on ERROR_MORE_DATA");
    let mut name = string_buf(9);
    cch_name = 9;
    // SAFETY: as above.
    let rc = unsafe {
        GetClusterNotifyV2(
            p,
            &mut key,
            &mut f,
            payload.as_mut_ptr(),
            &mut cb,
            none,
            null_mut(),
            none,
            null_mut(),
            name.as_mut_ptr(),
            &mut cch_name,
            none,
            null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0, "the same event, now that it fits");
    assert_eq!((key, f.dwObjectType, f.FilterFlags), (7, GROUP, STATE));
    assert_eq!(String::from_utf16_lossy(&name[..cch_name as usize]), "Group V2");
    assert_eq!(cb, 4);
    // SAFETY: no pointers.
    assert_eq!(unsafe { CloseClusterNotifyPort(p) }, 1);
}

/// A V2 port watching one group's state changes under `key`.
fn v2_port_on(group: isize, key: usize) -> isize {
    // SAFETY: no filters, no pointers.
    let p = unsafe { CreateClusterNotifyPortV2(IHV, IHV, null(), 0, 0) };
    assert_ne!(p, 0, "{:?}", gle());
    // SAFETY: open handles.
    assert_eq!(unsafe { RegisterClusterNotifyV2(p, ft(GROUP, STATE), group as HANDLE, key) }, 0);
    p
}

// CABI-EVENT (N15): the event is signalled while the port holds events, waits consume
// nothing, WaitForMultipleObjects answers the lowest signalled index (or all with
// bWaitAll), bad arguments fail with WAIT_FAILED and the documented last error, and the
// handle dies with its port.
#[test]
fn event_handles_are_signalled_while_the_port_holds_events_and_die_with_it() {
    let fx = Fx::new("v2-event");
    let (g1, g2) = (group_with_resource(&fx, "E1"), group_with_resource(&fx, "E2"));
    let (p1, p2) = (v2_port_on(g1, 1), v2_port_on(g2, 2));
    let (e1, e2) = (event_of(p1), event_of(p2));
    assert_eq!(event_of(p1), e1, "the same handle on every call");
    let both = [e1, e2];
    // SAFETY: arrays of the counts passed; no other pointers.
    unsafe {
        assert_eq!(WaitForSingleObject(e1, 0), WAIT_TIMEOUT);
        online(g1);
        assert_eq!(WaitForSingleObject(e1, 0), 0);
        assert_eq!(WaitForSingleObject(e1, 0), 0, "a wait consumes nothing");
        assert_eq!(WaitForMultipleObjects(2, both.as_ptr(), 0, 0), 0, "p1 holds events");
        assert_eq!(WaitForMultipleObjects(2, both.as_ptr(), 1, 0), WAIT_TIMEOUT, "not all of them");
        while take(p1).is_ok() {}
        assert_eq!(WaitForSingleObject(e1, 0), WAIT_TIMEOUT, "drained: no longer signalled");
        // An INFINITE multi-wait ends with the event on p2 (index 1), whenever it blocks.
        let (h1, h2) = (e1 as usize, e2 as usize);
        let clock = clusapi::sim().clock();
        let before = clock.blocked();
        let waiter = std::thread::spawn(move || {
            let hs = [h1 as HANDLE, h2 as HANDLE];
            WaitForMultipleObjects(2, hs.as_ptr(), 0, INFINITE)
        });
        // Best effort (other tests share the clock): the answer is 1 whenever it blocks.
        let _ = clock.wait_for_blocked(before + 1, std::time::Duration::from_secs(5));
        online(g2);
        assert_eq!(waiter.join().unwrap(), 1);
        assert_eq!(OfflineClusterGroup(g1), 0);
        assert_eq!(WaitForMultipleObjects(2, both.as_ptr(), 1, 0), 0, "both hold events now");

        let twice = [e1, e1];
        let mixed = [e1, p1 as HANDLE];
        for (label, n, arr, code) in [
            ("no handles", 0, both.as_ptr(), INVALID_PARAMETER),
            ("NULL array", 2, std::ptr::null(), INVALID_PARAMETER),
            ("more than 64", 65, both.as_ptr(), INVALID_PARAMETER),
            ("a handle twice", 2, twice.as_ptr(), INVALID_PARAMETER),
            ("not an event", 2, mixed.as_ptr(), INVALID_HANDLE),
        ] {
            sle(0);
            assert_eq!(WaitForMultipleObjects(n, arr, 0, 0), WAIT_FAILED, "{label}");
            assert_eq!(gle().0, code, "{label}");
        }
        sle(0);
        assert_eq!(WaitForSingleObject(p1 as HANDLE, 0), WAIT_FAILED, "a port is not an event handle");
        assert_eq!(gle().0, INVALID_HANDLE);

        // CloseHandle: invalid for waits until handed out again.
        assert_eq!(CloseHandle(e2), 1);
        assert_eq!(WaitForSingleObject(e2, 0), WAIT_FAILED);
        assert_eq!(gle().0, INVALID_HANDLE);
        assert_eq!(CloseHandle(e2), 0, "closed already");
        assert_eq!(event_of(p2), e2);
        assert_eq!(WaitForSingleObject(e2, 0), 0);

        // The port closes: its event is gone.
        assert_eq!(CloseClusterNotifyPort(p1), 1);
        sle(0);
        assert_eq!(WaitForSingleObject(e1, 0), WAIT_FAILED);
        assert_eq!(gle().0, INVALID_HANDLE);
        assert_eq!(CloseHandle(e1), 0);
        assert_eq!(gle().0, INVALID_HANDLE);
        assert_eq!(CloseClusterNotifyPort(p2), 1);
    }
}
