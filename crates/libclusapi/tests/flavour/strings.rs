//! Names in and out (clusters, groups, enumerations, states, version information).

use super::*;
use clusim_api::enums::CLUSTER_ENUM_GROUP;

/// A name outside ASCII and outside the BMP: 7 characters, 8 UTF-16 units.
const NAME: &str = "Grüße \u{1F600}";

// CABI-WCHAR32: a name passed in the flavour's width is the name the simulator sees,
// and comes back in that width with its size counted in the flavour's characters.
#[test]
fn names_cross_in_the_flavours_width_and_sizes_count_its_characters() {
    let c = cluster("flavour-names");
    // SAFETY: NUL-terminated names; out-pointers to locals.
    unsafe {
        let g = CreateClusterGroup(c, w(NAME).as_ptr());
        assert!(!g.is_null(), "CreateClusterGroup");
        let again = OpenClusterGroup(c, w(NAME).as_ptr());
        assert!(!again.is_null(), "OpenClusterGroup finds the same name");
        let e = ClusterOpenEnum(c, CLUSTER_ENUM_GROUP);
        let mut found = Vec::new();
        for i in 0..ClusterGetEnumCount(e) {
            let mut ty = 0;
            let (cch, name) = negotiate(|b, n| ClusterEnum(e, i, &mut ty, b, n));
            assert_eq!(cch as usize, units(&name).len(), "length in the flavour's characters");
            found.push(name);
        }
        assert!(found.iter().any(|n| n == NAME), "{found:?}");
        let (cch, node) =
            negotiate(
                |b, n| {
                    if GetClusterGroupState(g, b, n) == -1 {
                        clusapi::exports::GetLastError()
                    } else {
                        0
                    }
                },
            );
        assert_eq!((cch, node.as_str()), (5, "NODE1"));
        let (_, cluster_name) = negotiate(|b, n| GetClusterInformation(c, b, n, null_mut()));
        assert!(cluster_name.eq_ignore_ascii_case("flavour-names"), "{cluster_name}");
        assert!(CloseClusterGroup(again) == TRUE && CloseClusterGroup(g) == TRUE);
        assert_eq!(ClusterCloseEnum(e), 0);
        assert_eq!(CloseCluster(c), TRUE);
    }
    assert_eq!(units(NAME).len(), if std::mem::size_of::<WChar>() == 4 { 7 } else { 8 });
}

// CABI-WCHAR32: CLUSTERVERSIONINFO's strings are WCHAR arrays, so its size (and the
// NT4 size the call requires) follows the width.
#[test]
fn version_information_strings_are_flavour_wide() {
    let c = cluster("flavour-version");
    let n = std::mem::size_of::<WChar>();
    assert_eq!(CLUSTERVERSIONINFO_NT4_SIZE, if n == 4 { 524 } else { 268 });
    assert_eq!(std::mem::size_of::<CLUSTERVERSIONINFO>(), if n == 4 { 540 } else { 284 });
    // SAFETY: a zeroed plain-data structure.
    let mut info: CLUSTERVERSIONINFO = unsafe { std::mem::zeroed() };
    info.dwVersionInfoSize = std::mem::size_of::<CLUSTERVERSIONINFO>() as u32;
    let mut name: [WChar; 64] = [0; 64];
    let mut cch = 64u32;
    // SAFETY: buffers sized as passed.
    assert_eq!(unsafe { GetClusterInformation(c, name.as_mut_ptr(), &mut cch, &mut info) }, 0);
    let vendor = info.szVendorId;
    let len = vendor.iter().position(|&u| u == 0).unwrap();
    assert_eq!(text(&vendor[..len]), "clusim");
    // SAFETY: an open handle.
    assert_eq!(unsafe { CloseCluster(c) }, TRUE);
}

// CABI-WCHAR32: an input unit that is not text (a lone surrogate — in the 32-bit
// flavour also any value past U+10FFFF) is ERROR_INVALID_PARAMETER.
#[test]
fn an_input_unit_that_is_not_text_is_invalid_parameter() {
    let c = cluster("flavour-bad-unit");
    let bad: [WChar; 3] = [b'A'.into(), 0xD800, 0];
    // SAFETY: NUL-terminated.
    unsafe {
        assert!(OpenClusterGroup(c, bad.as_ptr()).is_null());
        assert_eq!(GetLastError(), INVALID_PARAMETER);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
