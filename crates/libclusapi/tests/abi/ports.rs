//! V1 notification ports through their C entry points. Part of the `abi` suite.

use super::*;

// ----- notification ports -----------------------------------------------------------------------------

#[test]
fn notification_ports_follow_the_documented_conventions() {
    let fx = Fx::new("ports");
    assert_eq!(windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE as isize, IHV);
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        // An unassociated port, bound by its first registration.
        let lone = CreateClusterNotifyPort(IHV, IHV, 0, 0);
        assert_ne!(lone, 0);
        null_with("adding without a cluster", CreateClusterNotifyPort(lone, IHV, 1, 1), INVALID_PARAMETER);
        assert_eq!(
            CreateClusterNotifyPort(lone, fx.cluster, CLUSTER_CHANGE_GROUP_ADDED as u32, usize::MAX - 1),
            lone
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            if h != IHV {
                null_with(label, CreateClusterNotifyPort(IHV, h, 1, 1), INVALID_HANDLE);
                null_with(label, CreateClusterNotifyPort(lone, h, 1, 1), INVALID_HANDLE);
            }
            if h != IHV && label != "wrong kind (port)" {
                null_with(label, CreateClusterNotifyPort(h, fx.cluster, 1, 1), INVALID_HANDLE);
            }
        }
        let other = Fx::new("ports-other");
        null_with("another cluster", CreateClusterNotifyPort(lone, other.cluster, 1, 1), INVALID_PARAMETER);

        fx.new_group("a rather long group name");
        let (mut key, mut filter) = (0usize, 0u32);
        let mut cch = 0u32;
        dword("NULL key", || GetClusterNotify(lone, null_mut(), &mut filter, null_mut(), &mut cch, 0), 87);
        dword("NULL filter", || GetClusterNotify(lone, &mut key, null_mut(), null_mut(), &mut cch, 0), 87);
        dword("NULL length", || GetClusterNotify(lone, &mut key, &mut filter, null_mut(), null_mut(), 0), 87);
        dword(
            "NULL length, bad port",
            || GetClusterNotify(0, &mut key, &mut filter, null_mut(), null_mut(), 0),
            6,
        );
        cch = 100;
        dword(
            "size query",
            || GetClusterNotify(lone, &mut key, &mut filter, null_mut(), &mut cch, 0),
            MORE_DATA,
        );
        assert_eq!(cch, 24);
        let mut buf = string_buf(24);
        cch = 24;
        dword(
            "no room for the NUL",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            234,
        );
        assert_eq!(buf[0], 0xFFFF);
        let mut buf = string_buf(25);
        cch = 25;
        dword(
            "the same event",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            0,
        );
        assert_eq!(
            (key, filter, cch),
            (usize::MAX - 1, CLUSTER_CHANGE_GROUP_ADDED as u32, 24),
            "keys keep every bit"
        );
        assert_eq!(String::from_utf16_lossy(&buf[..24]), "a rather long group name");
        assert_eq!(buf[24], 0);
        dword(
            "poll",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            WAIT_TIMEOUT,
        );
        let started = std::time::Instant::now();
        cch = 25;
        dword(
            "timeout",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 60),
            WAIT_TIMEOUT,
        );
        assert!(started.elapsed() >= std::time::Duration::from_millis(50));

        // RegisterClusterNotify takes the kind from the handle.
        let g = fx.group("Available Storage");
        dword("group", || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_PROPERTY as u32, g as _, 7), 0);
        dword(
            "filter of another kind",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NODE_STATE as u32, g as _, 7),
            87,
        );
        dword("empty filter", || RegisterClusterNotify(lone, 0, g as _, 7), 87);
        dword(
            "node",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NODE_STATE as u32, fx.node("NODE1") as _, 7),
            0,
        );
        dword(
            "resource",
            || {
                RegisterClusterNotify(
                    lone,
                    CLUSTER_CHANGE_RESOURCE_STATE as u32,
                    fx.resource("Cluster Name") as _,
                    7,
                )
            },
            0,
        );
        dword(
            "network",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NETWORK_STATE as u32, fx.network() as _, 7),
            0,
        );
        dword(
            "interface",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NETINTERFACE_STATE as u32, fx.netif() as _, 7),
            0,
        );
        dword(
            "cluster",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_ADDED as u32, fx.cluster as _, 7),
            0,
        );
        dword(
            "another cluster's object",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_ADDED as u32, other.cluster as _, 7),
            87,
        );
        for (label, h) in fx.bad(fx.closed_group()) {
            dword(label, || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_STATE as u32, h as _, 7), 6);
            if label == "wrong kind (port)" {
                continue; // a live HCHANGE is the right kind for the port argument
            }
            dword(label, || RegisterClusterNotify(h, CLUSTER_CHANGE_GROUP_STATE as u32, g as _, 7), 6);
            dword(label, || GetClusterNotify(h, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0), 6);
        }

        // CloseClusterNotifyPort: TRUE always; a bad handle leaves ERROR_INVALID_HANDLE.
        for (label, h) in fx.bad(fx.closed_group()).into_iter().filter(|(l, _)| *l != "wrong kind (port)") {
            sle(0);
            assert_eq!(CloseClusterNotifyPort(h), 1, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE, "{label}");
        }
        let waiter = std::thread::spawn(move || {
            let (mut key, mut filter, mut cch) = (0usize, 0u32, 0u32);
            GetClusterNotify(lone, &mut key, &mut filter, null_mut(), &mut cch, u32::MAX)
        });
        until_blocked("INFINITE GetClusterNotify", || {
            let port = clusim_api::HChange::from_raw(lone as usize);
            clusapi::sim().port_stats(port).is_ok_and(|st| st.waiters == 1)
        });
        sle(SENTINEL);
        assert_eq!(CloseClusterNotifyPort(lone), 1);
        assert_eq!(gle().0, SENTINEL, "a successful close leaves the last error alone");
        assert_eq!(waiter.join().unwrap(), INVALID_HANDLE, "the INFINITE waiter wakes");
        sle(0);
        assert_eq!(CloseClusterNotifyPort(lone), 1);
        assert_eq!(gle().0, INVALID_HANDLE, "closed twice");
    }
}

// PORT-TIMEOUT / PORT-FIFO: a thread in an INFINITE GetClusterNotify is counted as the
// port's waiter (`Sim::port_stats`, the tests' deterministic signal) until an event
// wakes it with that event.
#[test]
fn an_infinite_get_is_counted_as_a_waiter_until_an_event_wakes_it() {
    let fx = Fx::new("ports-waiter");
    // SAFETY: out-pointers to locals, a buffer valid for the capacity passed.
    unsafe {
        let port = CreateClusterNotifyPort(IHV, fx.cluster, CLUSTER_CHANGE_GROUP_ADDED as u32, 5);
        assert_ne!(port, 0, "{:?}", gle());
        let stats = move || clusapi::sim().port_stats(clusim_api::HChange::from_raw(port as usize));
        assert_eq!(stats().map(|s| s.waiters), Ok(0));
        let waiter = std::thread::spawn(move || {
            let (mut key, mut filter) = (0usize, 0u32);
            let mut buf = string_buf(64);
            let mut cch = 64u32;
            let rc = GetClusterNotify(port, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, u32::MAX);
            (rc, key, filter, String::from_utf16_lossy(&buf[..cch as usize]))
        });
        until_blocked("INFINITE GetClusterNotify", || stats().is_ok_and(|s| s.waiters == 1));
        fx.new_group("wakes the waiter");
        let got = waiter.join().unwrap();
        assert_eq!(got, (0, 5, CLUSTER_CHANGE_GROUP_ADDED as u32, "wakes the waiter".to_string()));
        assert_eq!(stats().map(|s| s.waiters), Ok(0));
        assert_eq!(CloseClusterNotifyPort(port), 1);
    }
}
