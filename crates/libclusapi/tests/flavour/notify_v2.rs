//! `GetClusterNotifyV2` in the flavour's width: strings in its characters, text payloads
//! converted, and the `ERROR_MORE_DATA` retry receiving the event (CABI-WCHAR32-V2).

use super::*;

const OBJECT_TYPE_CLUSTER: u32 = 1;
const OBJECT_TYPE_GROUP: u32 = 2;
const CLUSTER_GROUP_ADDED_V2: i64 = 0x4;
const GROUP_RESOURCE_GAINED_V2: i64 = 0x80;
const NAME: &str = "Ωmega \u{1F680} V2";

/// One event: code, filter, payload bytes, ObjectId, Name; the payload buffer holds
/// `cap` bytes, and on `ERROR_MORE_DATA` the sizes the library reported.
struct Got {
    rc: u32,
    filter: NOTIFY_FILTER_AND_TYPE,
    payload: Vec<u8>,
    object_id: String,
    name: String,
    sizes: [u32; 3],
}

fn get_v2(port: HCHANGE, cap: usize, cch: usize) -> Got {
    let mut buf = vec![0xAAu8; cap.max(1)];
    let (mut oid, mut name) = (vec![0 as WChar; cch], vec![0 as WChar; cch]);
    let (mut cb, mut cch_oid, mut cch_name) = (cap as u32, cch as u32, cch as u32);
    let mut key = 0usize;
    let mut filter = NOTIFY_FILTER_AND_TYPE { dwObjectType: 0, FilterFlags: 0 };
    // SAFETY: every buffer holds the size passed with it; the others are NULL.
    let rc = unsafe {
        GetClusterNotifyV2(
            port,
            &mut key,
            &mut filter,
            buf.as_mut_ptr(),
            &mut cb,
            oid.as_mut_ptr(),
            &mut cch_oid,
            null_mut(),
            null_mut(),
            name.as_mut_ptr(),
            &mut cch_name,
            null_mut(),
            null_mut(),
            0,
        )
    };
    let ok = rc == 0;
    Got {
        rc,
        filter,
        payload: if ok { buf[..cb as usize].to_vec() } else { Vec::new() },
        object_id: if ok { text(&oid[..cch_oid as usize]) } else { String::new() },
        name: if ok { text(&name[..cch_name as usize]) } else { String::new() },
        sizes: [cb, cch_oid, cch_name],
    }
}

// CABI-WCHAR32-V2, N17: a too-small payload buffer answers ERROR_MORE_DATA with sizes a
// retry can use; the retry receives the event, its name and ids in the flavour's
// characters and its text payload (a resource id) converted to them.
#[test]
fn get_cluster_notify_v2_strings_and_text_payloads_come_in_the_flavours_width() {
    let c = cluster("flavour-v2");
    let filters = [
        NOTIFY_FILTER_AND_TYPE { dwObjectType: OBJECT_TYPE_CLUSTER, FilterFlags: CLUSTER_GROUP_ADDED_V2 },
        NOTIFY_FILTER_AND_TYPE { dwObjectType: OBJECT_TYPE_GROUP, FilterFlags: GROUP_RESOURCE_GAINED_V2 },
    ];
    // SAFETY: two filters; handles from this test.
    let port =
        unsafe { CreateClusterNotifyPortV2(INVALID_HANDLE_VALUE as HCHANGE, c, filters.as_ptr(), 2, 9) };
    assert!(!port.is_null());
    // SAFETY: NUL-terminated names.
    let g = unsafe { CreateClusterGroup(c, w(NAME).as_ptr()) };
    assert!(!g.is_null());

    // CLUSTER GROUP_ADDED_V2: DWORD group type, ObjectId the group id, Name the group.
    let small = get_v2(port, 1, 64);
    assert_eq!(small.rc, MORE_DATA, "a 1-byte buffer cannot hold the DWORD");
    let added = get_v2(port, small.sizes[0] as usize, 64);
    assert_eq!(added.rc, 0, "the retry with the size reported receives the event");
    assert_eq!(
        (added.filter.dwObjectType, added.filter.FilterFlags),
        (OBJECT_TYPE_CLUSTER, CLUSTER_GROUP_ADDED_V2)
    );
    assert_eq!(added.name, NAME);
    assert_eq!(added.sizes[2] as usize, units(NAME).len(), "Name length in the flavour's characters");
    assert_eq!(added.payload.len(), 4, "a DWORD");
    assert_eq!(added.object_id.len(), 36, "a GUID string: {}", added.object_id);

    // SAFETY: NUL-terminated names; the group handle is open.
    let r = unsafe {
        CreateClusterResource(g, w("flavour v2 resource").as_ptr(), w("Generic Service").as_ptr(), 0)
    };
    assert!(!r.is_null());
    // GROUP RESOURCE_GAINED_V2: the payload is the resource id, text in the flavour's width.
    let small = get_v2(port, 8, 64);
    assert_eq!(small.rc, MORE_DATA);
    let gained = get_v2(port, small.sizes[0] as usize, 64);
    assert_eq!(gained.rc, 0);
    assert_eq!(gained.filter.FilterFlags, GROUP_RESOURCE_GAINED_V2);
    assert_eq!(gained.object_id, added.object_id, "ObjectId is the group's");
    let id = bytes_text(&gained.payload);
    assert_eq!(id.len(), 37, "36 characters and the NUL: {id:?}");
    assert!(id.ends_with('\0'));
    assert_eq!(gained.payload.len(), 37 * std::mem::size_of::<WChar>());
    // SAFETY: handles from this test.
    unsafe {
        assert_eq!(CloseClusterResource(r), TRUE);
        assert_eq!(CloseClusterGroup(g), TRUE);
        assert_eq!(CloseClusterNotifyPort(port), TRUE);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
