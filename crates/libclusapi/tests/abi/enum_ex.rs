//! The `…OpenEnumEx` families and the interface / resource-type enumerations through
//! their C entry points: the `cbItem` convention, ids, and every bad-input row of
//! spec/c-abi.md CABI-ENUM-EX. Part of the `abi` suite.

use super::*;
use std::mem::size_of;

/// A string an item field points to, checked to lie inside `buf`.
///
/// # Safety
/// `p` points to `cb` readable bytes.
unsafe fn field(buf: &[u64], p: *const u16, cb: u32) -> String {
    let start = buf.as_ptr() as usize;
    let end = start + buf.len() * 8;
    assert!(
        p as usize >= start && p as usize + cb as usize <= end,
        "the string lies inside the caller's buffer"
    );
    // SAFETY: inside `buf` (checked), `cb` bytes.
    let units = unsafe { std::slice::from_raw_parts(p, cb as usize / 2) };
    assert_eq!(units.last(), Some(&0), "cb counts the NUL");
    String::from_utf16_lossy(&units[..units.len() - 1])
}

// CABI-ENUM-EX: ClusterEnumEx sizes, ids and names.
#[test]
fn cluster_enum_ex_negotiates_the_item_size_and_gives_ids() {
    let fx = Fx::new("enumex");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        let e = ClusterOpenEnumEx(fx.cluster, (CLUSTER_ENUM_NODE | CLUSTER_ENUM_GROUP) as u32, null());
        assert_ne!(e, 0, "{:?}", gle());
        assert_eq!(e as usize % 16, 8, "enumeration handles never alias object handles");
        assert_ne!(CreateClusterGroup(fx.cluster, w("after the snapshot").as_ptr()), 0);
        assert_eq!(ClusterGetEnumCountEx(e), 5, "three nodes and two groups");
        let mut cb = 0u32;
        dword("size query", || ClusterEnumEx(e, 3, null_mut(), &mut cb), MORE_DATA);
        let id_bytes = 2 * (36 + 1);
        let name_bytes = 2 * ("Cluster Group".len() as u32 + 1);
        assert_eq!(cb, size_of::<CLUSTER_ENUM_ITEM>() as u32 + id_bytes + name_bytes);
        let mut buf = vec![0u64; 64];
        let mut small = cb - 1;
        let item = buf.as_mut_ptr().cast::<CLUSTER_ENUM_ITEM>();
        dword("one byte short", || ClusterEnumEx(e, 3, item, &mut small), MORE_DATA);
        assert_eq!(small, cb);
        assert_eq!(buf[0], 0, "nothing is written when the item does not fit");
        let mut exact = cb;
        dword("exact", || ClusterEnumEx(e, 3, item, &mut exact), 0);
        assert_eq!(exact, cb, "the bytes written");
        let it = *item;
        assert_eq!((it.dwVersion, it.dwType, it.cbId), (1, CLUSTER_ENUM_GROUP as u32, id_bytes));
        assert_eq!(field(&buf, it.lpszName, it.cbName), "Cluster Group");
        let id = field(&buf, it.lpszId, it.cbId);
        let g = fx.group("Cluster Group");
        let got = read_control(|o, n, r| {
            ClusterGroupControl(g, 0, CLUSCTL_GROUP_GET_ID as u32, null(), 0, o, n, r)
        });
        assert_eq!(utf16z(&got.unwrap()), id, "the id GET_ID answers");
        let mut cb = 512;
        dword("node 1", || ClusterEnumEx(e, 0, item, &mut cb), 0);
        assert_eq!(field(&buf, (*item).lpszId, (*item).cbId), "1");
        dword("past the end", || ClusterEnumEx(e, 5, item, &mut cb), NO_MORE_ITEMS);
        dword("NULL cbItem", || ClusterEnumEx(e, 0, item, null_mut()), INVALID_PARAMETER);
        dword("another family", || ClusterNodeEnumEx(e, 0, item, &mut cb), INVALID_HANDLE);
        let plain = ClusterOpenEnum(fx.cluster, 1);
        dword("a plain enumeration", || ClusterEnumEx(plain, 0, item, &mut cb), INVALID_HANDLE);
        dword("close", || ClusterCloseEnumEx(e), 0);
        dword("closed", || ClusterEnumEx(e, 0, item, &mut cb), INVALID_HANDLE);
        dword("close twice", || ClusterCloseEnumEx(e), INVALID_HANDLE);
        sle(0);
        assert_eq!(ClusterGetEnumCountEx(e), 0);
        assert_eq!(gle().0, INVALID_HANDLE);
        null_with("bad dwType", ClusterOpenEnumEx(fx.cluster, 0x100, null()), INVALID_PARAMETER);
        let opts = 0u32;
        null_with(
            "options",
            ClusterOpenEnumEx(fx.cluster, 1, (&opts as *const u32).cast()),
            INVALID_PARAMETER,
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, ClusterOpenEnumEx(h, 1, null()), INVALID_HANDLE);
            dword(label, || ClusterEnumEx(h, 0, item, &mut cb), INVALID_HANDLE);
            dword(label, || ClusterCloseEnumEx(h), INVALID_HANDLE);
        }
    }
}

// CABI-ENUM: the kinds ClusterOpenEnum refused before are accepted (MODEL-ENUM-EX).
#[test]
fn internal_networks_preferred_groups_and_shared_volumes_enumerate() {
    let fx = Fx::new("kinds");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let e = ClusterOpenEnum(fx.cluster, CLUSTER_ENUM_INTERNAL_NETWORK as u32);
        assert_ne!(e, 0, "{:?}", gle());
        let mut kind = 0;
        let name = read_string(|b, c| ClusterEnum(e, 0, &mut kind, b, c)).unwrap();
        assert_eq!((kind, name.as_str()), (CLUSTER_ENUM_INTERNAL_NETWORK as u32, "Cluster Network 1"));
        ClusterCloseEnum(e);
        let csv = (CLUSTER_ENUM_SHARED_VOLUME_GROUP | CLUSTER_ENUM_SHARED_VOLUME_RESOURCE) as u32;
        let e = ClusterOpenEnum(fx.cluster, csv);
        assert_eq!(ClusterGetEnumCount(e), 0, "no shared volumes are simulated");
        ClusterCloseEnum(e);
        let node2 = fx.node("NODE2");
        let g = fx.new_group("preferring");
        assert_eq!(SetClusterGroupNodeList(g, 1, &node2), 0);
        let e = ClusterNodeOpenEnum(node2, CLUSTER_NODE_ENUM_PREFERRED_GROUPS as u32);
        assert_eq!(read_string(|b, c| ClusterNodeEnum(e, 0, &mut kind, b, c)).unwrap(), "preferring");
        ClusterNodeCloseEnum(e);
        null_with("bad node kind", ClusterNodeOpenEnum(node2, 0x8), INVALID_PARAMETER);
        let e = ClusterNodeOpenEnumEx(node2, CLUSTER_NODE_ENUM_PREFERRED_GROUPS as u32, null());
        assert_eq!(ClusterNodeGetEnumCountEx(e), 1);
        let mut buf = vec![0u64; 64];
        let mut cb = 512;
        let item = buf.as_mut_ptr().cast::<CLUSTER_ENUM_ITEM>();
        dword("node item", || ClusterNodeEnumEx(e, 0, item, &mut cb), 0);
        assert_eq!(field(&buf, (*item).lpszName, (*item).cbName), "preferring");
        dword("close", || ClusterNodeCloseEnumEx(e), 0);
        let opts = 0u32;
        null_with(
            "node options",
            ClusterNodeOpenEnumEx(node2, 1, (&opts as *const u32).cast()),
            INVALID_PARAMETER,
        );
        for (label, h) in fx.bad(fx.closed_node()) {
            null_with(label, ClusterNodeOpenEnumEx(h, 1, null()), INVALID_HANDLE);
            dword(label, || ClusterNodeCloseEnumEx(h), INVALID_HANDLE);
        }
    }
}

// CABI-ENUM-EX: the group and resource items.
#[test]
fn group_and_resource_enum_ex_items_carry_state_owner_and_group() {
    let fx = Fx::new("grpex");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let e = ClusterGroupOpenEnumEx(fx.cluster, null(), 0, null(), 0, 0);
        assert_eq!(ClusterGroupGetEnumCountEx(e), 2);
        let mut buf = vec![0u64; 64];
        let mut cb = 0;
        dword("size query", || ClusterGroupEnumEx(e, 1, null_mut(), &mut cb), MORE_DATA);
        let item = buf.as_mut_ptr().cast::<CLUSTER_GROUP_ENUM_ITEM>();
        dword("group 1", || ClusterGroupEnumEx(e, 1, item, &mut cb), 0);
        let it = *item;
        assert_eq!(field(&buf, it.lpszName, it.cbName), "Available Storage");
        assert_eq!(field(&buf, it.lpszOwnerNode, it.cbOwnerNode), "NODE1");
        assert_eq!(
            (it.state, it.cbProperties, it.pProperties),
            (0, 0, null_mut()),
            "Online, no property lists"
        );
        dword("past the end", || ClusterGroupEnumEx(e, 2, item, &mut cb), NO_MORE_ITEMS);
        dword("NULL cbItem", || ClusterGroupEnumEx(e, 0, item, null_mut()), INVALID_PARAMETER);
        dword("close", || ClusterGroupCloseEnumEx(e), 0);
        dword("close twice", || ClusterGroupCloseEnumEx(e), INVALID_HANDLE);

        let e = ClusterResourceOpenEnumEx(fx.cluster, w("Name").as_ptr(), 10, null(), 0, 0);
        assert_eq!(ClusterResourceGetEnumCountEx(e), 3);
        let item = buf.as_mut_ptr().cast::<CLUSTER_RESOURCE_ENUM_ITEM>();
        cb = 512;
        dword("resource 2", || ClusterResourceEnumEx(e, 2, item, &mut cb), 0);
        let it = *item;
        assert_eq!(field(&buf, it.lpszName, it.cbName), "Cluster Disk 1");
        assert_eq!(field(&buf, it.lpszOwnerGroupName, it.cbOwnerGroupName), "Available Storage");
        assert_eq!(field(&buf, it.lpszOwnerGroupId, it.cbOwnerGroupId).len(), 36, "a GUID");
        dword("group family", || ClusterGroupEnumEx(e, 0, buf.as_mut_ptr().cast(), &mut cb), INVALID_HANDLE);
        dword("close", || ClusterResourceCloseEnumEx(e), 0);
        let lone = [0xD800u16, 0];
        null_with(
            "bad property names",
            ClusterResourceOpenEnumEx(fx.cluster, lone.as_ptr(), 4, null(), 0, 0),
            INVALID_PARAMETER,
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, ClusterGroupOpenEnumEx(h, null(), 0, null(), 0, 0), INVALID_HANDLE);
            null_with(label, ClusterResourceOpenEnumEx(h, null(), 0, null(), 0, 0), INVALID_HANDLE);
            sle(0);
            assert_eq!(ClusterResourceGetEnumCountEx(h), 0);
            assert_eq!(gle().0, INVALID_HANDLE, "{label}");
        }
    }
}

// CABI-ENUM-EX: ClusterNetInterfaceOpenEnum and ClusterResourceTypeOpenEnum.
#[test]
fn interface_and_resource_type_enumerations_follow_the_string_convention() {
    let fx = Fx::new("ifenum");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let e = ClusterNetInterfaceOpenEnum(fx.cluster, w("NODE2").as_ptr(), null());
        assert_ne!(e, 0, "{:?}", gle());
        assert_eq!(read_string(|b, c| ClusterNetInterfaceEnum(e, 0, b, c)).unwrap(), "NODE2 - Ethernet");
        let mut cch = 4;
        let mut buf = string_buf(4);
        dword("too small", || ClusterNetInterfaceEnum(e, 0, buf.as_mut_ptr(), &mut cch), MORE_DATA);
        assert_eq!(cch, "NODE2 - Ethernet".len() as u32);
        dword("past the end", || ClusterNetInterfaceEnum(e, 1, buf.as_mut_ptr(), &mut cch), NO_MORE_ITEMS);
        dword(
            "NULL length",
            || ClusterNetInterfaceEnum(e, 0, buf.as_mut_ptr(), null_mut()),
            INVALID_PARAMETER,
        );
        dword("close", || ClusterNetInterfaceCloseEnum(e), 0);
        dword("close twice", || ClusterNetInterfaceCloseEnum(e), INVALID_HANDLE);
        null_with("unknown node", ClusterNetInterfaceOpenEnum(fx.cluster, w("NODE9").as_ptr(), null()), 5042);
        null_with("unknown network", ClusterNetInterfaceOpenEnum(fx.cluster, null(), w("x").as_ptr()), 5045);

        let e = ClusterResourceTypeOpenEnum(
            fx.cluster,
            w("IP Address").as_ptr(),
            CLUSTER_RESOURCE_TYPE_ENUM_ALL as u32,
        );
        assert_eq!(ClusterResourceTypeGetEnumCount(e), 4, "three nodes and one resource");
        let mut kind = 0;
        let name = read_string(|b, c| ClusterResourceTypeEnum(e, 3, &mut kind, b, c)).unwrap();
        assert_eq!(
            (kind, name.as_str()),
            (CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES as u32, "Cluster IP Address")
        );
        dword(
            "NULL type",
            || ClusterResourceTypeEnum(e, 0, null_mut(), buf.as_mut_ptr(), &mut cch),
            INVALID_PARAMETER,
        );
        dword("close", || ClusterResourceTypeCloseEnum(e), 0);
        null_with("NULL type name", ClusterResourceTypeOpenEnum(fx.cluster, null(), 1), INVALID_PARAMETER);
        null_with(
            "bad kinds",
            ClusterResourceTypeOpenEnum(fx.cluster, w("IP Address").as_ptr(), 4),
            INVALID_PARAMETER,
        );
        null_with("unknown type", ClusterResourceTypeOpenEnum(fx.cluster, w("Floppy").as_ptr(), 1), 5078);
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, ClusterNetInterfaceOpenEnum(h, null(), null()), INVALID_HANDLE);
            null_with(label, ClusterResourceTypeOpenEnum(h, w("IP Address").as_ptr(), 1), INVALID_HANDLE);
            dword(label, || ClusterNetInterfaceCloseEnum(h), INVALID_HANDLE);
            dword(label, || ClusterResourceTypeCloseEnum(h), INVALID_HANDLE);
        }
    }
}
