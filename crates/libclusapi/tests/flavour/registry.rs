//! The cluster database: REG_SZ / REG_EXPAND_SZ / REG_MULTI_SZ data in the flavour's width.

use super::*;
use clusim_api::property::{REG_DWORD, REG_MULTI_SZ, REG_SZ};

const REG_EXPAND_SZ: u32 = 2;

/// The root key of a fresh cluster and a subkey of it.
pub fn key(cluster_name: &str) -> (HCLUSTER, HKEY) {
    let c = cluster(cluster_name);
    let mut k: HKEY = null_mut();
    // SAFETY: handles from this test; out-pointer to a local.
    unsafe {
        let root = GetClusterKey(c, 0);
        assert!(!root.is_null());
        assert_eq!(
            ClusterRegCreateKey(root, w("App").as_ptr(), 0, 0, std::ptr::null(), &mut k, null_mut()),
            0
        );
        assert_eq!(ClusterRegCloseKey(root), 0);
    }
    (c, k)
}

fn set(k: HKEY, name: &str, ty: u32, data: &[u8]) -> u32 {
    // SAFETY: `data` readable for its length.
    unsafe { ClusterRegSetValue(k, w(name).as_ptr(), ty, data.as_ptr(), data.len() as u32) }
}

/// `ClusterRegQueryValue` by the registry negotiation: the size a query reports, then the
/// type and data.
fn query(k: HKEY, name: &str) -> (u32, u32, Vec<u8>) {
    let (mut ty, mut cb) = (0u32, 0u32);
    // SAFETY: a size query (NULL data); out-pointers to locals.
    assert_eq!(unsafe { ClusterRegQueryValue(k, w(name).as_ptr(), &mut ty, null_mut(), &mut cb) }, 0);
    let size = cb;
    let mut data = vec![0u8; cb as usize];
    // SAFETY: `data` holds `cb` bytes.
    assert_eq!(unsafe { ClusterRegQueryValue(k, w(name).as_ptr(), &mut ty, data.as_mut_ptr(), &mut cb) }, 0);
    (size, ty, data)
}

// CABI-WCHAR32: string value data is written and read in the flavour's width (sizes in
// its bytes), through set, query and enumeration; other types pass unchanged; string
// data that is not whole units of the width is refused.
#[test]
fn string_value_data_is_set_queried_and_enumerated_in_the_flavours_width() {
    let (c, k) = key("flavour-registry");
    let values = [
        ("Mode", REG_SZ, text_bytes("active \u{1F600}\0")),
        ("Path", REG_EXPAND_SZ, text_bytes("%SystemRoot%\\x\0")),
        ("Peers", REG_MULTI_SZ, text_bytes("NODE1\0NODE2\0\0")),
        ("Count", REG_DWORD, 7u32.to_le_bytes().to_vec()),
    ];
    for (name, ty, data) in &values {
        assert_eq!(set(k, name, *ty, data), 0, "{name}");
        assert_eq!(query(k, name), (data.len() as u32, *ty, data.clone()), "{name}");
    }
    let mut name: Vec<WChar> = vec![0; 32];
    let (mut cch, mut ty, mut cb) = (32u32, 0u32, 64u32);
    let mut data = vec![0u8; 64];
    // SAFETY: buffers sized as passed.
    let rc = unsafe {
        ClusterRegEnumValue(k, 0, name.as_mut_ptr(), &mut cch, &mut ty, data.as_mut_ptr(), &mut cb)
    };
    assert_eq!((rc, text(&name[..cch as usize]), ty), (0, "Mode".to_string(), REG_SZ));
    assert_eq!(&data[..cb as usize], values[0].2.as_slice());
    if std::mem::size_of::<WChar>() == 4 {
        assert_eq!(set(k, "Odd", REG_SZ, &[b'A', 0, 0, 0, 0, 0]), INVALID_PARAMETER, "6 bytes of UTF-32");
    }
    // SAFETY: handles from this test.
    unsafe {
        assert_eq!(ClusterRegCloseKey(k), 0);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
