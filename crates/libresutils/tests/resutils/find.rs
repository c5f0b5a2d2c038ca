//! `ResUtilFind*Property` on the lists control codes return.

use super::*;
use resutils::find::*;

// RESUTILS-FIND (resapi.h ResUtilFind*Property): values of each syntax, and the codes.
#[test]
fn find_functions_read_each_syntax_of_a_control_code_property_list() {
    let r = resource("Cluster Disk 1");
    let common = control(r, 1, GET_COMMON, &[]);
    let (list, len) = (common.as_ptr().cast(), common.len() as u32);
    let mut dw = 0u32;
    let mut sz: *mut WChar = null_mut();
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
        let (mut ms, mut cb): (*mut WChar, u32) = (null_mut(), 0);
        let name = w("AntiAffinityClassNames");
        assert_eq!(
            ResUtilFindMultiSzProperty(gl.as_ptr().cast(), gl.len() as u32, name.as_ptr(), &mut ms, &mut cb),
            0
        );
        assert_eq!(cb as usize, UNIT, "an empty MULTI_SZ is its final NUL");
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
    use clusim_api::PropertyValue;
    let r = resource("Cluster Name");
    let set = list_in_width(&vec![
        ("Blob".into(), PropertyValue::Binary(vec![1, 2, 3])),
        ("Path".into(), PropertyValue::ExpandSz("%SystemRoot%".into())),
    ]);
    control(r, 1, SET_PRIVATE, &set);
    let private = control(r, 1, GET_PRIVATE, &[]);
    let (list, len) = (private.as_ptr().cast(), private.len() as u32);
    let (mut b, mut cb): (*mut u8, u32) = (null_mut(), 0);
    let mut sz: *mut WChar = null_mut();
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
