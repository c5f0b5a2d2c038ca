//! Property tables and parameter blocks.

use super::*;
use resutils::table::*;

#[repr(C)]
#[derive(Default)]
struct Params {
    name: usize,
    threshold: u32,
    action: u32,
}

pub(super) fn item(
    name: &[WChar],
    format: u32,
    default: usize,
    flags: u32,
    offset: usize,
) -> ResutilPropertyItem {
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
    // resapi.h's layout: three pointers and five DWORDs, padded.
    assert_eq!(
        std::mem::size_of::<ResutilPropertyItem>(),
        if cfg!(target_pointer_width = "64") { 48 } else { 32 }
    );
    let r = resource("Cluster IP Address");
    let set = list_in_width(&vec![("RestartThreshold".into(), clusim_api::PropertyValue::Dword(5))]);
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
        assert_eq!(take_sz(p.name as *mut WChar), "Cluster IP Address");
        assert_eq!((p.threshold, p.action), (5, 2), "written value, then the table's default");

        let required = [item(&m, 2, 0, RESUTIL_PROPITEM_REQUIRED, 8), end];
        let mut err: *mut WChar = null_mut();
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
        let mut out = vec![0u8; 512];
        let (rc, _, mut need) = list_from_block(&table, &mut out, 8, &p);
        assert_eq!(rc, 234, "ERROR_MORE_DATA");
        let (rc, mut got, left) = list_from_block(&table, &mut out, need, &p);
        assert_eq!((rc, got, left), (0, need, 0));
        let list = list_of_width(&out[..got as usize]);
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
        let all = list_of_width(&out[..got as usize]);
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(&names[..3], ["Name", "RestartThreshold", "RestartAction"]);
        assert!(names.contains(&"Type"), "values of the key outside the table follow: {names:?}");
        assert_eq!(
            ResUtilGetAllProperties(key, null(), out.as_mut_ptr().cast(), 512, &mut got, &mut need),
            87
        );
    }
}
