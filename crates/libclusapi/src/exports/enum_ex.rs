//! The `…OpenEnumEx` families (cluster, node, group, resource), and the network-interface
//! and resource-type enumerations (spec/c-abi.md CABI-ENUM-EX).

use super::cluster::{enum_count, enum_item, enum_open_with};
use super::objects::GEN_FAILURE;
use super::{expect, raw, ret_handle};
use crate::enum_ex::{self as ex, ExItems};
use crate::ffi::{code, read_wstr, required_wstr, set_last_error, write_wstr, WChar};
use crate::global::{enum_close, enum_open, enum_with, sim, EnumKind};
use crate::types::*;
use crate::types_ex::*;
use clusim_api::enums::{EnumEntry, CLUSTER_ENUM_ACCEPTED};
use clusim_api::ex::CLUSTER_ENUM_ITEM_VERSION;
use clusim_api::*;
use std::ffi::c_void;
use std::ptr::null_mut;

/// `…GetEnumCountEx`: the count, or 0 with the last error `ERROR_INVALID_HANDLE`.
fn count_ex(h: *mut c_void, family: &ExItems) -> u32 {
    ex::count(h as usize, family).unwrap_or_else(|e| {
        set_last_error(e.0);
        0
    })
}

/// `…OpenEnumEx`: a snapshot handle, or NULL + last error.
fn open_ex(r: Result<ExItems>) -> *mut c_void {
    ret_handle(r.map(|items| RawHandle(ex::open(items))))
}

/// `…EnumEx` of any family: checks the handle, then `cbItem`, then picks item `index`
/// (`ERROR_NO_MORE_ITEMS` past the end) and writes it with `write`.
fn item_ex<T>(
    h: *mut c_void,
    family: &ExItems,
    index: u32,
    cb: *mut u32,
    pick: impl FnOnce(&ExItems, usize) -> Option<T>,
    write: impl FnOnce(T) -> Result<()>,
) -> u32 {
    let r = ex::with(h as usize, family, |s| pick(s, index as usize)).and_then(|it| {
        if cb.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        write(it.ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?)
    });
    code(r)
}

/// `ClusterEnumEx` / `ClusterNodeEnumEx`: a `CLUSTER_ENUM_ITEM` and its two strings.
///
/// # Safety
/// As [`ex::write_item`].
unsafe fn enum_item_ex(
    h: *mut c_void,
    family: &ExItems,
    index: u32,
    item: *mut CLUSTER_ENUM_ITEM,
    cb: *mut u32,
) -> u32 {
    let pick = |s: &ExItems, i: usize| match s {
        ExItems::Cluster(v) | ExItems::Node(v) => v.get(i).cloned(),
        _ => None,
    };
    item_ex(h, family, index, cb, pick, |it| {
        // SAFETY: forwarded caller contract.
        unsafe {
            ex::write_item(item, cb, &[&it.id, &it.name], |f| CLUSTER_ENUM_ITEM {
                dwVersion: CLUSTER_ENUM_ITEM_VERSION,
                dwType: it.kind,
                cbId: f[0].1,
                lpszId: f[0].0,
                cbName: f[1].1,
                lpszName: f[1].0,
            })
        }
    })
}

/// `ClusterGroupOpenEnumEx` / `ClusterResourceOpenEnumEx`: the cluster handle, the
/// property-name lists (read — malformed: `ERROR_INVALID_PARAMETER` — and not used),
/// then the snapshot `list` takes.
///
/// # Safety
/// `props` and `ro_props` are NULL or NUL-terminated.
unsafe fn open_with_props(
    cluster: HCLUSTER,
    props: *const WChar,
    ro_props: *const WChar,
    list: impl FnOnce(HCluster) -> Result<ExItems>,
) -> *mut c_void {
    open_ex((|| {
        let c = expect(cluster, ObjectKind::Cluster)?;
        // SAFETY: forwarded caller contract.
        unsafe { (read_wstr(props)?, read_wstr(ro_props)?) };
        list(HCluster(c))
    })())
}

const CLUSTER: ExItems = ExItems::Cluster(Vec::new());
const NODE: ExItems = ExItems::Node(Vec::new());
const GROUP: ExItems = ExItems::Group(Vec::new());
const RESOURCE: ExItems = ExItems::Resource(Vec::new());

export! {
    /// `ClusterOpenEnumEx`: as `ClusterOpenEnum`, each item with its id. `pOptions` must
    /// be NULL (`ERROR_INVALID_PARAMETER`).
    fn ClusterOpenEnumEx(hCluster: HCLUSTER, dwType: u32, pOptions: *const c_void) -> HCLUSENUMEX;
    on_panic = null_mut();
    {
        open_ex((|| {
            let c = expect(hCluster, ObjectKind::Cluster)?;
            if !pOptions.is_null() || dwType & !CLUSTER_ENUM_ACCEPTED != 0 {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            sim().cluster_enum_ex(HCluster(c), dwType).map(ExItems::Cluster)
        })())
    }
}

/// The count, item and close exports of the `CLUSTER_ENUM_ITEM` families.
macro_rules! enum_item_family {
    ($count:ident, $item:ident, $close:ident, $h:ident, $family:ident) => {
        export! {
            #[doc = concat!("`", stringify!($count), "`: the number of items; 0 + `ERROR_INVALID_HANDLE`.")]
            fn $count(hEnum: $h) -> u32;
            on_panic = 0;
            { count_ex(hEnum, &$family) }
        }

        export! {
            #[doc = concat!("`", stringify!($item), "`: item `dwIndex` as a `CLUSTER_ENUM_ITEM` followed by its strings; ")]
            #[doc = "`*cbItem` is the buffer size in, the size needed (or written) out; `ERROR_MORE_DATA` when"]
            #[doc = "it does not fit, `ERROR_NO_MORE_ITEMS` past the end."]
            fn $item(hEnum: $h, dwIndex: u32, pItem: *mut CLUSTER_ENUM_ITEM, cbItem: *mut u32) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe { enum_item_ex(hEnum, &$family, dwIndex, pItem, cbItem) }
            }
        }

        export! {
            #[doc = concat!("`", stringify!($close), "`: `ERROR_SUCCESS` or `ERROR_INVALID_HANDLE`.")]
            fn $close(hEnum: $h) -> u32;
            on_panic = GEN_FAILURE;
            { code(ex::close(hEnum as usize, &$family)) }
        }
    };
}

enum_item_family!(ClusterGetEnumCountEx, ClusterEnumEx, ClusterCloseEnumEx, HCLUSENUMEX, CLUSTER);
enum_item_family!(ClusterNodeGetEnumCountEx, ClusterNodeEnumEx, ClusterNodeCloseEnumEx, HNODEENUMEX, NODE);

export! {
    /// `ClusterNodeOpenEnumEx`: as `ClusterNodeOpenEnum`, with ids; `pOptions` must be
    /// NULL.
    fn ClusterNodeOpenEnumEx(hNode: HNODE, dwType: u32, pOptions: *const c_void) -> HNODEENUMEX;
    on_panic = null_mut();
    {
        open_ex((|| {
            let n = expect(hNode, ObjectKind::Node)?;
            if !pOptions.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            sim().node_enum_ex(HNode(n), dwType).map(ExItems::Node)
        })())
    }
}

export! {
    /// `ClusterGroupOpenEnumEx`: every group. The property-name lists are read
    /// (malformed strings: `ERROR_INVALID_PARAMETER`) but no property lists are returned
    /// (`cbProperties` = `cbRoProperties` = 0); `dwFlags` is ignored.
    fn ClusterGroupOpenEnumEx(
        hCluster: HCLUSTER,
        lpszProperties: *const WChar,
        cbProperties: u32,
        lpszRoProperties: *const WChar,
        cbRoProperties: u32,
        dwFlags: u32,
    ) -> HGROUPENUMEX;
    on_panic = null_mut();
    {
        let _ = (cbProperties, cbRoProperties, dwFlags);
        // SAFETY: forwarded caller contract.
        unsafe { open_with_props(hCluster, lpszProperties, lpszRoProperties, |c| sim().group_enum_ex(c).map(ExItems::Group)) }
    }
}

export! {
    /// `ClusterGroupGetEnumCountEx`.
    fn ClusterGroupGetEnumCountEx(hGroupEnumEx: HGROUPENUMEX) -> u32;
    on_panic = 0;
    { count_ex(hGroupEnumEx, &GROUP) }
}

export! {
    /// `ClusterGroupEnumEx`: a `CLUSTER_GROUP_ENUM_ITEM` (id, name, state, owner node)
    /// followed by its strings, by the `ClusterEnumEx` size convention.
    fn ClusterGroupEnumEx(hGroupEnumEx: HGROUPENUMEX, dwIndex: u32, pItem: *mut CLUSTER_GROUP_ENUM_ITEM, cbItem: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let pick = |s: &ExItems, i: usize| match s {
            ExItems::Group(v) => v.get(i).cloned(),
            _ => None,
        };
        item_ex(hGroupEnumEx, &GROUP, dwIndex, cbItem, pick, |it| {
            // SAFETY: forwarded caller contract.
            unsafe {
                ex::write_item(pItem, cbItem, &[&it.id, &it.name, &it.owner_node], |f| CLUSTER_GROUP_ENUM_ITEM {
                    dwVersion: CLUSTER_ENUM_ITEM_VERSION,
                    cbId: f[0].1,
                    lpszId: f[0].0,
                    cbName: f[1].1,
                    lpszName: f[1].0,
                    state: it.state.value(),
                    cbOwnerNode: f[2].1,
                    lpszOwnerNode: f[2].0,
                    dwFlags: 0,
                    cbProperties: 0,
                    pProperties: null_mut(),
                    cbRoProperties: 0,
                    pRoProperties: null_mut(),
                })
            }
        })
    }
}

export! {
    /// `ClusterGroupCloseEnumEx`.
    fn ClusterGroupCloseEnumEx(hGroupEnumEx: HGROUPENUMEX) -> u32;
    on_panic = GEN_FAILURE;
    { code(ex::close(hGroupEnumEx as usize, &GROUP)) }
}

export! {
    /// `ClusterResourceOpenEnumEx`: every resource; the property-name lists as for
    /// `ClusterGroupOpenEnumEx`.
    fn ClusterResourceOpenEnumEx(
        hCluster: HCLUSTER,
        lpszProperties: *const WChar,
        cbProperties: u32,
        lpszRoProperties: *const WChar,
        cbRoProperties: u32,
        dwFlags: u32,
    ) -> HRESENUMEX;
    on_panic = null_mut();
    {
        let _ = (cbProperties, cbRoProperties, dwFlags);
        // SAFETY: forwarded caller contract.
        unsafe {
            open_with_props(hCluster, lpszProperties, lpszRoProperties, |c| sim().resource_enum_ex(c).map(ExItems::Resource))
        }
    }
}

export! {
    /// `ClusterResourceGetEnumCountEx`.
    fn ClusterResourceGetEnumCountEx(hResourceEnumEx: HRESENUMEX) -> u32;
    on_panic = 0;
    { count_ex(hResourceEnumEx, &RESOURCE) }
}

export! {
    /// `ClusterResourceEnumEx`: a `CLUSTER_RESOURCE_ENUM_ITEM` (id, name, group name and
    /// id) followed by its strings, by the `ClusterEnumEx` size convention.
    fn ClusterResourceEnumEx(hResourceEnumEx: HRESENUMEX, dwIndex: u32, pItem: *mut CLUSTER_RESOURCE_ENUM_ITEM, cbItem: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let pick = |s: &ExItems, i: usize| match s {
            ExItems::Resource(v) => v.get(i).cloned(),
            _ => None,
        };
        item_ex(hResourceEnumEx, &RESOURCE, dwIndex, cbItem, pick, |it| {
            let strings = [it.id.as_str(), &it.name, &it.group_name, &it.group_id];
            // SAFETY: forwarded caller contract.
            unsafe {
                ex::write_item(pItem, cbItem, &strings, |f| CLUSTER_RESOURCE_ENUM_ITEM {
                    dwVersion: CLUSTER_ENUM_ITEM_VERSION,
                    cbId: f[0].1,
                    lpszId: f[0].0,
                    cbName: f[1].1,
                    lpszName: f[1].0,
                    cbOwnerGroupName: f[2].1,
                    lpszOwnerGroupName: f[2].0,
                    cbOwnerGroupId: f[3].1,
                    lpszOwnerGroupId: f[3].0,
                    cbProperties: 0,
                    pProperties: null_mut(),
                    cbRoProperties: 0,
                    pRoProperties: null_mut(),
                })
            }
        })
    }
}

export! {
    /// `ClusterResourceCloseEnumEx`.
    fn ClusterResourceCloseEnumEx(hResourceEnumEx: HRESENUMEX) -> u32;
    on_panic = GEN_FAILURE;
    { code(ex::close(hResourceEnumEx as usize, &RESOURCE)) }
}

export! {
    /// `ClusterNetInterfaceOpenEnum`: the interfaces on `lpszNodeName` and on
    /// `lpszNetworkName` (NULL: any). Unknown names: their not-found codes.
    fn ClusterNetInterfaceOpenEnum(hCluster: HCLUSTER, lpszNodeName: *const WChar, lpszNetworkName: *const WChar) -> HNETINTERFACEENUM;
    on_panic = null_mut();
    {
        let r = (|| {
            let c = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NULL or NUL-terminated strings (caller contract).
            let (node, network) = unsafe { (read_wstr(lpszNodeName)?, read_wstr(lpszNetworkName)?) };
            let names = sim().net_interface_enum(HCluster(c), node.as_deref(), network.as_deref())?;
            let entries = names.into_iter().map(|name| EnumEntry { kind: 0, name }).collect();
            Ok(RawHandle(enum_open(EnumKind::NetInterface, entries)))
        })();
        ret_handle(r)
    }
}

export! {
    /// `ClusterNetInterfaceEnum`: interface `dwIndex`'s name by the string convention;
    /// `ERROR_NO_MORE_ITEMS` past the end.
    fn ClusterNetInterfaceEnum(hNetInterfaceEnum: HNETINTERFACEENUM, dwIndex: u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = enum_with(hNetInterfaceEnum as usize, EnumKind::NetInterface, |e| e.get(dwIndex as usize).cloned())
            .and_then(|item| {
                if lpcchName.is_null() {
                    return Err(Win32Error::ERROR_INVALID_PARAMETER);
                }
                let item = item.ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
                // SAFETY: pointers as the caller guaranteed.
                unsafe { write_wstr(lpszName, lpcchName, &item.name) }
            });
        code(r)
    }
}

export! {
    /// `ClusterNetInterfaceCloseEnum`.
    fn ClusterNetInterfaceCloseEnum(hNetInterfaceEnum: HNETINTERFACEENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hNetInterfaceEnum as usize, EnumKind::NetInterface)) }
}

export! {
    /// `ClusterResourceTypeOpenEnum`: `CLUSTER_RESOURCE_TYPE_ENUM_NODES` (every node) and
    /// `_RESOURCES` (the type's resources); other bits `ERROR_INVALID_PARAMETER`; an
    /// unknown type `ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND`.
    fn ClusterResourceTypeOpenEnum(hCluster: HCLUSTER, lpszResourceTypeName: *const WChar, dwType: u32) -> HRESTYPEENUM;
    on_panic = null_mut();
    {
        let r = (|| {
            expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NULL or a NUL-terminated string (caller contract).
            unsafe { required_wstr(lpszResourceTypeName) }
        })();
        match r {
            Ok(name) => enum_open_with(EnumKind::ResType, raw(hCluster), ObjectKind::Cluster, dwType, |h, t| {
                sim().resource_type_enum(HCluster(h), &name, t)
            }),
            Err(e) => ret_handle(Err(e)),
        }
    }
}

export! {
    /// `ClusterResourceTypeGetEnumCount`.
    fn ClusterResourceTypeGetEnumCount(hResTypeEnum: HRESTYPEENUM) -> u32;
    on_panic = 0;
    { enum_count(hResTypeEnum, EnumKind::ResType) }
}

export! {
    /// `ClusterResourceTypeEnum`: as `ClusterEnum`.
    fn ClusterResourceTypeEnum(hResTypeEnum: HRESTYPEENUM, dwIndex: u32, lpdwType: *mut u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hResTypeEnum, EnumKind::ResType, dwIndex, lpdwType, lpszName, lpcchName) }
    }
}

export! {
    /// `ClusterResourceTypeCloseEnum`.
    fn ClusterResourceTypeCloseEnum(hResTypeEnum: HRESTYPEENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hResTypeEnum as usize, EnumKind::ResType)) }
}
