//! The process-wide pieces: the per-thread last error, arbitrary handle values, and a
//! Rust program in the same process seeing what C callers did. Part of the `abi` suite.

use super::*;

// ----- kernel32 ----------------------------------------------------------------------------------------

#[test]
fn last_error_is_per_thread_and_round_trips() {
    sle(1234);
    assert_eq!(gle().0, 1234);
    let other = std::thread::spawn(|| {
        let fresh = gle().0;
        // SAFETY: no pointers.
        unsafe { CloseCluster(0) };
        (fresh, gle().0)
    })
    .join()
    .unwrap();
    assert_eq!(other, (0, INVALID_HANDLE));
    assert_eq!(gle().0, 1234, "another thread's failure does not touch this thread");
}

// ----- any handle value ----------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rule 2: any value that is not an open handle is ERROR_INVALID_HANDLE, whatever the
    /// export, and nothing dereferences it.
    #[test]
    fn arbitrary_handle_values_are_invalid_handles(v in any::<usize>().prop_filter("not open", |v| clusapi::sim().handle_kind(clusim_api::RawHandle(*v)).is_none())) {
        let h = v as isize;
        let mut buf = string_buf(8);
        let (mut cch, mut k, mut key, mut ret) = (8u32, 0u32, 0usize, 0u32);
        // SAFETY: buffers valid for the sizes passed; handle values are only looked up.
        unsafe {
            prop_assert_eq!(PauseClusterNode(h), 6);
            prop_assert_eq!(OnlineClusterResource(h), 6);
            prop_assert_eq!(DeleteClusterGroup(h), 6);
            prop_assert_eq!(GetClusterInformation(h, buf.as_mut_ptr(), &mut cch, null_mut()), 6);
            prop_assert_eq!(ClusterEnum(h, 0, &mut k, buf.as_mut_ptr(), &mut cch), 6);
            prop_assert_eq!(GetClusterNotify(h, &mut key, &mut k, buf.as_mut_ptr(), &mut cch, 0), 6);
            prop_assert_eq!(ClusterResourceControl(h, 0, t::CLUSCTL_RESOURCE_GET_NAME, null(), 0, null_mut(), 0, &mut ret), 6);
            prop_assert_eq!(OpenClusterGroup(h, w("Cluster Group").as_ptr()), 0);
            prop_assert_eq!(gle().0, 6);
            prop_assert_eq!(CloseClusterNode(h), 0);
            prop_assert_eq!(GetClusterResourceState(h, null_mut(), null_mut(), null_mut(), null_mut()), -1);
            prop_assert_eq!(CloseClusterNotifyPort(h), 1);
            let hkey = h as *mut c_void;
            let mut out = 0isize;
            prop_assert_eq!(ClusterRegCloseKey(hkey), 6);
            prop_assert_eq!(ClusterRegOpenKey(hkey, w("").as_ptr(), 0, &mut std::ptr::null_mut()), 6);
            prop_assert_eq!(ClusterRegSetValue(hkey, null(), 4, [0u8; 4].as_ptr(), 4), 6);
            prop_assert_eq!(ClusterRegEnumKey(hkey, 0, buf.as_mut_ptr(), &mut cch, null_mut()), 6);
            prop_assert_eq!(ClusterRegCreateBatchNotifyPort(hkey, &mut out), 6);
            prop_assert_eq!(ClusterRegBatchAddCommand(h, 1, null(), 4, null(), 0), 6);
            prop_assert_eq!(ClusterRegCloseBatch(h, 1, null_mut()), 6);
            prop_assert_eq!(ClusterRegGetBatchNotification(h, &mut out), 6);
            prop_assert_eq!(ClusterRegBatchReadCommand(h, &mut CLUSTER_BATCH_COMMAND::default()), 6);
            prop_assert_eq!(ClusterRegReadBatchAddCommand(h, null(), null()), 6);
            prop_assert_eq!(ClusterRegReadBatchReplyNextCommand(h, &mut CLUSTER_READ_BATCH_COMMAND::default()), 6);
            prop_assert_eq!(ClusterRegCloseReadBatchReply(h), 6);
            prop_assert_eq!(out, 0);
        }
    }
}

#[test]
fn a_rust_program_sees_what_c_callers_did() {
    let fx = Fx::new("inspect");
    fx.new_group("made in C");
    let seen = clusapi::sim().inspect(Some(&fx.name), |m| m.group_by_name("made in C").is_ok()).unwrap();
    assert!(seen);
    let _ = Win32Error::ERROR_SUCCESS;
}
