//! Every libresutils function on property lists produced by the simulator's control
//! codes (through libclusapi's exports, linked into this test binary), with the return
//! codes of their resapi.h pages (spec/c-abi.md, "libresutils").

use clusapi as _; // links libclusapi's exports, which libresutils calls
use resutils::clusapi::*;
use resutils::enumerate::*;
use resutils::find::*;
use resutils::table::*;
use std::ffi::c_void;
use std::ptr::{null, null_mut};

#[allow(non_snake_case)]
extern "system" {
    fn OpenClusterGroup(hCluster: Handle, lpszGroupName: *const u16) -> Handle;
    fn ClusterGroupControl(
        hGroup: Handle,
        hHostNode: Handle,
        dwControlCode: u32,
        lpInBuffer: *const c_void,
        nInBufferSize: u32,
        lpOutBuffer: *mut c_void,
        nOutBufferSize: u32,
        lpBytesReturned: *mut u32,
    ) -> u32;
    fn GetClusterResourceKey(hResource: Handle, samDesired: u32) -> Handle;
}

const GET_COMMON: u32 = 0x59;
const GET_RO_COMMON: u32 = 0x55;
const SET_COMMON: u32 = 0x0040_005E;
const GET_PRIVATE: u32 = 0x81;
const SET_PRIVATE: u32 = 0x0040_0086;

fn w(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

fn cluster() -> Handle {
    // SAFETY: NULL is the local cluster.
    let c = unsafe { OpenCluster(null()) };
    assert!(!c.is_null());
    c
}

fn resource(name: &str) -> Handle {
    // SAFETY: open cluster, NUL-terminated name.
    let r = unsafe { OpenClusterResource(cluster(), w(name).as_ptr()) };
    assert!(!r.is_null(), "{name}");
    r
}

/// A control code's output (`object` 1 = resource, 3 = group).
fn control(h: Handle, object: u32, op: u32, input: &[u8]) -> Vec<u8> {
    let code = object << 24 | op;
    let mut buf = vec![0u8; 8192];
    let mut ret = 0u32;
    let inp = if input.is_empty() { null() } else { input.as_ptr().cast() };
    // SAFETY: buffers valid for the sizes passed.
    let rc = unsafe {
        let f = if object == 1 { ClusterResourceControl } else { ClusterGroupControl };
        f(h, null_mut(), code, inp, input.len() as u32, buf.as_mut_ptr().cast(), buf.len() as u32, &mut ret)
    };
    assert_eq!(rc, 0, "control {code:#x}");
    buf.truncate(ret as usize);
    buf
}

/// The string at a LocalAlloc'd pointer, freed with libclusapi's LocalFree.
fn take_sz(p: *mut u16) -> String {
    let mut units = Vec::new();
    // SAFETY: a NUL-terminated string this library allocated.
    unsafe {
        while *p.add(units.len()) != 0 {
            units.push(*p.add(units.len()));
        }
        assert!(LocalFree(p.cast()).is_null(), "LocalFree accepts the block");
    }
    String::from_utf16(&units).unwrap()
}

// RESUTILS-FIND (resapi.h ResUtilFind*Property): values of each syntax, and the codes.
#[test]
fn find_functions_read_each_syntax_of_a_control_code_property_list() {
    let r = resource("Cluster Disk 1");
    let common = control(r, 1, GET_COMMON, &[]);
    let (list, len) = (common.as_ptr().cast(), common.len() as u32);
    let mut dw = 0u32;
    let mut sz: *mut u16 = null_mut();
    // SAFETY (all calls): buffers valid for the sizes passed.
    unsafe {
        assert_eq!(ResUtilFindDwordProperty(list, len, w("RestartThreshold").as_ptr(), &mut dw), 0);
        assert_eq!(dw, 3, "documented default");
        assert_eq!(ResUtilFindDwordProperty(list, len, w("restartaction").as_ptr(), &mut dw), 0);
        assert_eq!(dw, 2, "names compare case-insensitively");
        assert_eq!(ResUtilFindSzProperty(list, len, w("Name").as_ptr(), &mut sz), 0);
        assert_eq!(take_sz(sz), "Cluster Disk 1");
        assert_eq!(ResUtilFindSzProperty(list, len, w("Name").as_ptr(), null_mut()), 0, "existence only");
        assert_eq!(ResUtilFindDwordProperty(list, len, w("NoSuch").as_ptr(), &mut dw), 2, "FILE_NOT_FOUND");
        assert_eq!(ResUtilFindDwordProperty(list, len, w("Name").as_ptr(), &mut dw), 13, "wrong syntax");
        assert_eq!(ResUtilFindDwordProperty(null(), len, w("Name").as_ptr(), &mut dw), 13, "NULL list");
        assert_eq!(ResUtilFindDwordProperty(list, len, null(), &mut dw), 87, "NULL name");
        assert_eq!(
            ResUtilFindDwordProperty(list, 6, w("RestartThreshold").as_ptr(), &mut dw),
            13,
            "cut list"
        );

        let ro = control(r, 1, GET_RO_COMMON, &[]);
        assert_eq!(
            ResUtilFindSzProperty(ro.as_ptr().cast(), ro.len() as u32, w("Type").as_ptr(), &mut sz),
            0
        );
        assert_eq!(take_sz(sz), "Physical Disk");

        let g = OpenClusterGroup(cluster(), w("Available Storage").as_ptr());
        let gl = control(g, 3, GET_COMMON, &[]);
        let mut long = 0i32;
        assert_eq!(
            ResUtilFindLongProperty(
                gl.as_ptr().cast(),
                gl.len() as u32,
                w("FailbackWindowStart").as_ptr(),
                &mut long
            ),
            0
        );
        assert_eq!(long, -1);
        let (mut ms, mut cb): (*mut u16, u32) = (null_mut(), 0);
        let name = w("AntiAffinityClassNames");
        assert_eq!(
            ResUtilFindMultiSzProperty(gl.as_ptr().cast(), gl.len() as u32, name.as_ptr(), &mut ms, &mut cb),
            0
        );
        assert_eq!(cb, 2, "an empty MULTI_SZ is its final NUL");
        assert!(LocalFree(ms.cast()).is_null());
        let gro = control(g, 3, GET_RO_COMMON, &[]);
        let mut q = 7u64;
        assert_eq!(
            ResUtilFindULargeIntegerProperty(
                gro.as_ptr().cast(),
                gro.len() as u32,
                w("StatusInformation").as_ptr(),
                &mut q
            ),
            0
        );
        assert_eq!(q, 0);
        assert_eq!(
            ResUtilFindDwordProperty(gro.as_ptr().cast(), gro.len() as u32, w("GroupType").as_ptr(), &mut dw),
            0
        );
        assert_eq!(dw, 2, "ClusGroupTypeAvailableStorage");
    }
}

// RESUTILS-FIND: binary and expandable strings, from private properties a SET wrote.
#[test]
fn find_binary_and_expand_sz_read_private_properties() {
    use clusim_api::{proplist, PropertyValue};
    let r = resource("Cluster Name");
    let set = proplist::encode(&vec![
        ("Blob".into(), PropertyValue::Binary(vec![1, 2, 3])),
        ("Path".into(), PropertyValue::ExpandSz("%SystemRoot%".into())),
    ]);
    control(r, 1, SET_PRIVATE, &set);
    let private = control(r, 1, GET_PRIVATE, &[]);
    let (list, len) = (private.as_ptr().cast(), private.len() as u32);
    let (mut b, mut cb): (*mut u8, u32) = (null_mut(), 0);
    let mut sz: *mut u16 = null_mut();
    // SAFETY (all calls): buffers valid for the sizes passed.
    unsafe {
        assert_eq!(ResUtilFindBinaryProperty(list, len, w("Blob").as_ptr(), &mut b, &mut cb), 0);
        assert_eq!(std::slice::from_raw_parts(b, cb as usize), [1, 2, 3]);
        assert!(LocalFree(b.cast()).is_null());
        assert_eq!(ResUtilFindExpandSzProperty(list, len, w("Path").as_ptr(), &mut sz), 0);
        assert_eq!(take_sz(sz), "%SystemRoot%");
        assert_eq!(
            ResUtilFindExpandSzProperty(list, len, w("Name").as_ptr(), &mut sz),
            13,
            "an SZ is not EXPAND_SZ"
        );
    }
}

#[repr(C)]
#[derive(Default)]
struct Params {
    name: usize,
    threshold: u32,
    action: u32,
}

fn item(name: &[u16], format: u32, default: usize, flags: u32, offset: usize) -> ResutilPropertyItem {
    ResutilPropertyItem {
        Name: name.as_ptr(),
        KeyName: null(),
        Format: format,
        Default: default,
        Minimum: 0,
        Maximum: u32::MAX,
        Flags: flags,
        Offset: offset as u32,
    }
}

// RESUTILS-TABLE (resapi.h ResUtilGetPropertiesToParameterBlock,
// ResUtilPropertyListFromParameterBlock, ResUtilGetAllProperties).
#[test]
fn parameter_blocks_read_the_database_key_with_table_defaults() {
    let r = resource("Cluster IP Address");
    let set =
        clusim_api::proplist::encode(&vec![("RestartThreshold".into(), clusim_api::PropertyValue::Dword(5))]);
    control(r, 1, SET_COMMON, &set);
    // SAFETY: an open resource handle.
    let key = unsafe { GetClusterResourceKey(r, KEY_READ) };
    assert!(!key.is_null());
    let (n, t, a, m) = (w("Name"), w("RestartThreshold"), w("RestartAction"), w("Missing"));
    let end = ResutilPropertyItem { Name: null(), ..item(&n, 0, 0, 0, 0) };
    let table = [
        item(&n, 3, 0, 0, std::mem::offset_of!(Params, name)),
        item(&t, 2, 3, 0, std::mem::offset_of!(Params, threshold)),
        item(&a, 2, 2, 0, std::mem::offset_of!(Params, action)),
        end,
    ];
    let mut p = Params::default();
    // SAFETY (all calls): the table is terminated; buffers valid for the sizes passed.
    unsafe {
        let rc = ResUtilGetPropertiesToParameterBlock(
            key,
            table.as_ptr(),
            (&mut p as *mut Params).cast(),
            1,
            null_mut(),
        );
        assert_eq!(rc, 0);
        assert_eq!(take_sz(p.name as *mut u16), "Cluster IP Address");
        assert_eq!((p.threshold, p.action), (5, 2), "written value, then the table's default");

        let required = [item(&m, 2, 0, RESUTIL_PROPITEM_REQUIRED, 8), end];
        let mut err: *mut u16 = null_mut();
        let rc = ResUtilGetPropertiesToParameterBlock(
            key,
            required.as_ptr(),
            (&mut p as *mut Params).cast(),
            1,
            &mut err,
        );
        assert_eq!((rc, take_sz(err)), (2, "Missing".to_string()), "a missing required property");

        let name = w("Fixed");
        p.name = name.as_ptr() as usize;
        let mut cap = 8u32;
        let (mut got, mut need) = (0u32, 0u32);
        let mut out = vec![0u8; 512];
        let rc = ResUtilPropertyListFromParameterBlock(
            table.as_ptr(),
            out.as_mut_ptr().cast(),
            &mut cap,
            (&p as *const Params).cast(),
            &mut got,
            &mut need,
        );
        assert_eq!(rc, 234, "ERROR_MORE_DATA");
        cap = need;
        let rc = ResUtilPropertyListFromParameterBlock(
            table.as_ptr(),
            out.as_mut_ptr().cast(),
            &mut cap,
            (&p as *const Params).cast(),
            &mut got,
            &mut need,
        );
        assert_eq!((rc, got, need), (0, cap, 0));
        let list = clusim_api::proplist::decode(&out[..got as usize]).unwrap();
        assert_eq!(list[0], ("Name".into(), clusim_api::PropertyValue::Sz("Fixed".into())));
        assert_eq!(list[1], ("RestartThreshold".into(), clusim_api::PropertyValue::Dword(5)));

        let rc = ResUtilGetAllProperties(
            key,
            table.as_ptr(),
            out.as_mut_ptr().cast(),
            out.len() as u32,
            &mut got,
            &mut need,
        );
        assert_eq!(rc, 0);
        let all = clusim_api::proplist::decode(&out[..got as usize]).unwrap();
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(&names[..3], ["Name", "RestartThreshold", "RestartAction"]);
        assert!(names.contains(&"Type"), "values of the key outside the table follow: {names:?}");
        assert_eq!(
            ResUtilGetAllProperties(key, null(), out.as_mut_ptr().cast(), 512, &mut got, &mut need),
            87
        );
    }
}

unsafe extern "system" fn count(_me: Handle, _r: Handle, p: *mut c_void) -> u32 {
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
        let units: Vec<u16> = got.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(String::from_utf16(&units[..units.len() - 1]).unwrap(), "Cluster IP Address");
        assert_eq!(CloseClusterResource(ip), 1);
        assert!(ResUtilGetResourceDependency(name, w("Physical Disk").as_ptr()).is_null());
        assert_eq!(GetLastError(), 5007, "ERROR_RESOURCE_NOT_FOUND");
        assert!(ResUtilGetResourceDependency(name, null()).is_null());
        assert_eq!(GetLastError(), 87);
        assert!(ResUtilGetResourceDependency(0x1234 as Handle, w("IP Address").as_ptr()).is_null());
        assert_eq!(GetLastError(), 6, "ERROR_INVALID_HANDLE");
    }
}
