//! `ResUtilEnumResources` and `ResUtilGetResourceDependency`.

use super::*;
use resutils::enumerate::*;

pub(super) unsafe extern "system" fn count(_me: Handle, _r: Handle, p: *mut c_void) -> u32 {
    // SAFETY: the test passes a `u32` counter.
    unsafe { *p.cast::<u32>() += 1 };
    0
}

unsafe extern "system" fn stop_with(_me: Handle, _r: Handle, p: *mut c_void) -> u32 {
    // SAFETY: the test passes the code to return.
    unsafe { *p.cast::<u32>() }
}

// RESUTILS-ENUM (resapi.h ResUtilEnumResources): type filter, hSelf skipped, stop codes.
#[test]
fn enum_resources_filters_by_type_skips_self_and_stops_on_the_callbacks_code() {
    let disk = resource("Cluster Disk 1");
    let mut n = 0u32;
    // SAFETY (all calls): callbacks match LPRESOURCE_CALLBACK; parameters as they expect.
    unsafe {
        let pd = w("physical disk");
        assert_eq!(
            ResUtilEnumResources(null_mut(), pd.as_ptr(), Some(count), (&mut n as *mut u32).cast()),
            0
        );
        let disks = n;
        assert!(disks >= 1);
        n = 0;
        assert_eq!(ResUtilEnumResources(disk, pd.as_ptr(), Some(count), (&mut n as *mut u32).cast()), 0);
        assert_eq!(n, disks - 1, "hSelf is not enumerated");
        let mut code = 259u32;
        assert_eq!(
            ResUtilEnumResources(null_mut(), null(), Some(stop_with), (&mut code as *mut u32).cast()),
            0
        );
        code = 5;
        assert_eq!(
            ResUtilEnumResources(null_mut(), null(), Some(stop_with), (&mut code as *mut u32).cast()),
            5
        );
        assert_eq!(ResUtilEnumResources(null_mut(), null(), None, null_mut()), 87);
    }
}

// RESUTILS-DEPENDENCY (resapi.h ResUtilGetResourceDependency).
#[test]
fn get_resource_dependency_opens_the_dependency_of_the_type() {
    let name = resource("Cluster Name");
    // SAFETY (all calls): NUL-terminated strings; handles checked by libclusapi.
    unsafe {
        let ip = ResUtilGetResourceDependency(name, w("IP Address").as_ptr());
        assert!(!ip.is_null());
        let got = control(ip, 1, 0x29, &[]); // CLUSCTL_RESOURCE_GET_NAME
        assert_eq!(
            bytes_text(&got[..got.len() - UNIT]),
            "Cluster IP Address",
            "GET_NAME, in the flavour's width"
        );
        assert_eq!(CloseClusterResource(ip), 1);
        assert!(ResUtilGetResourceDependency(name, w("Physical Disk").as_ptr()).is_null());
        assert_eq!(GetLastError(), 5007, "ERROR_RESOURCE_NOT_FOUND");
        assert!(ResUtilGetResourceDependency(name, null()).is_null());
        assert_eq!(GetLastError(), 87);
        assert!(ResUtilGetResourceDependency(0x1234 as Handle, w("IP Address").as_ptr()).is_null());
        assert_eq!(GetLastError(), 6, "ERROR_INVALID_HANDLE");
    }
}
