//! `GetClusterNotify`: names and their sizes in the flavour's characters.

use super::*;

const GROUP_ADDED: u32 = 0x0000_4000;
const NAME: &str = "Ωmega \u{1F680} group";

/// Takes the next event with a buffer of `cap` characters; the code, the filter and the
/// length reported, and the name when it fit.
fn get(port: HCHANGE, cap: usize) -> (u32, u32, u32, String) {
    let mut buf: Vec<WChar> = vec![0xFFFF; cap.max(1)];
    let (mut key, mut filter, mut cch) = (0usize, 0u32, cap as u32);
    let ptr = if cap == 0 { null_mut() } else { buf.as_mut_ptr() };
    // SAFETY: `buf` holds `cap` units (NULL when 0); out-pointers to locals.
    let rc = unsafe { GetClusterNotify(port, &mut key, &mut filter, ptr, &mut cch, 0) };
    let name = if rc == 0 { text(&buf[..cch as usize]) } else { String::new() };
    (rc, filter, cch, name)
}

// PORT-MORE-DATA (N1) in both widths: a size query and a small buffer answer
// ERROR_MORE_DATA and keep the event; a buffer of the size reported plus the NUL takes
// it, with the length in the flavour's characters (CABI-WCHAR32: in the 32-bit flavour
// the size a failed get reports is the UTF-16 length, never less than the UTF-32 one).
#[test]
fn get_cluster_notify_names_come_in_the_flavours_width() {
    let c = cluster("flavour-notify");
    // SAFETY: handles from this test; NUL-terminated names.
    let port = unsafe { CreateClusterNotifyPort(INVALID_HANDLE_VALUE as HCHANGE, c, GROUP_ADDED, 7) };
    assert!(!port.is_null());
    for name in ["ascii group", NAME] {
        // SAFETY: as above.
        let g = unsafe { CreateClusterGroup(c, w(name).as_ptr()) };
        assert!(!g.is_null());
        let (rc, _, needed, _) = get(port, 0);
        assert_eq!(rc, MORE_DATA, "size query");
        let utf16_len = name.encode_utf16().count() as u32;
        assert!(needed >= units(name).len() as u32 && needed <= utf16_len, "{needed}");
        assert_eq!(get(port, 2).0, MORE_DATA, "too small: the event stays");
        let (rc, filter, cch, got) = get(port, needed as usize + 1);
        assert_eq!((rc, filter, got.as_str()), (0, GROUP_ADDED, name));
        assert_eq!(cch as usize, units(name).len(), "length in the flavour's characters");
        // SAFETY: an open handle.
        assert_eq!(unsafe { CloseClusterGroup(g) }, TRUE);
    }
    // SAFETY: handles from this test.
    unsafe {
        assert_eq!(CloseClusterNotifyPort(port), TRUE);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
