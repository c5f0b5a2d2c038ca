//! The `…OpenEnumEx` enumerations, `ClusterNetInterfaceOpenEnum` and
//! `ClusterResourceTypeOpenEnum`.

use crate::buffers::*;
use crate::enum_ex::{enumerate_ex, field};
use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::*;
use clusim_api::*;
use std::ptr::null;
use windows_sys::Win32::Networking::Clustering::*;

/// A `CLUSTER_ENUM_ITEM` as an owned item.
fn item(i: &CLUSTER_ENUM_ITEM) -> EnumItem {
    // SAFETY: the strings of a filled item point to their sizes in bytes.
    unsafe { EnumItem { kind: i.dwType, id: field(i.lpszId, i.cbId), name: field(i.lpszName, i.cbName) } }
}

impl EnumExApi for ClusApiBackend {
    fn cluster_enum_ex(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumItem>> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle; no options.
        let e = unsafe { ClusterOpenEnumEx(c, kinds, null()) };
        enumerate_ex(e, ClusterGetEnumCountEx, ClusterEnumEx, ClusterCloseEnumEx, item)
    }

    fn node_enum_ex(&self, node: HNode, kinds: u32) -> Result<Vec<EnumItem>> {
        let n = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle; no options.
        let e = unsafe { ClusterNodeOpenEnumEx(n, kinds, null()) };
        enumerate_ex(e, ClusterNodeGetEnumCountEx, ClusterNodeEnumEx, ClusterNodeCloseEnumEx, item)
    }

    fn group_enum_ex(&self, cluster: HCluster) -> Result<Vec<GroupEnumItem>> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle; no property names asked for.
        let e = unsafe { ClusterGroupOpenEnumEx(c, null(), 0, null(), 0, 0) };
        enumerate_ex(e, ClusterGroupGetEnumCountEx, ClusterGroupEnumEx, ClusterGroupCloseEnumEx, |i| {
            // SAFETY: the strings of a filled item point to their sizes in bytes.
            unsafe {
                GroupEnumItem {
                    id: field(i.lpszId, i.cbId),
                    name: field(i.lpszName, i.cbName),
                    state: GroupState::from_value(i.state).unwrap_or(GroupState::Unknown),
                    owner_node: field(i.lpszOwnerNode, i.cbOwnerNode),
                }
            }
        })
    }

    fn resource_enum_ex(&self, cluster: HCluster) -> Result<Vec<ResourceEnumItem>> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle; no property names asked for.
        let e = unsafe { ClusterResourceOpenEnumEx(c, null(), 0, null(), 0, 0) };
        enumerate_ex(
            e,
            ClusterResourceGetEnumCountEx,
            ClusterResourceEnumEx,
            ClusterResourceCloseEnumEx,
            |i| {
                // SAFETY: the strings of a filled item point to their sizes in bytes.
                unsafe {
                    ResourceEnumItem {
                        id: field(i.lpszId, i.cbId),
                        name: field(i.lpszName, i.cbName),
                        group_name: field(i.lpszOwnerGroupName, i.cbOwnerGroupName),
                        group_id: field(i.lpszOwnerGroupId, i.cbOwnerGroupId),
                    }
                }
            },
        )
    }

    fn net_interface_enum(
        &self,
        cluster: HCluster,
        node: Option<&str>,
        network: Option<&str>,
    ) -> Result<Vec<String>> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        let (node, network) = (wide_opt(node)?, wide_opt(network)?);
        // SAFETY: an open cluster handle; NULL or NUL-terminated names.
        let e = unsafe { ClusterNetInterfaceOpenEnum(c, ptr_opt(&node), ptr_opt(&network)) };
        if e == 0 {
            return Err(last_error());
        }
        // There is no `ClusterNetInterfaceGetEnumCount`: items until `ERROR_NO_MORE_ITEMS`.
        let names = (|| -> Result<Vec<String>> {
            let mut out = Vec::new();
            loop {
                let i = out.len() as u32;
                // SAFETY: `read_string` passes a buffer valid for `*cch` units.
                match read_string(|b, cch| unsafe { ClusterNetInterfaceEnum(e, i, b, cch) }) {
                    Ok(name) => out.push(name),
                    Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Ok(out),
                    Err(err) => return Err(err),
                }
            }
        })();
        // SAFETY: closed once.
        let closed = rc(unsafe { ClusterNetInterfaceCloseEnum(e) });
        let names = names?;
        closed?;
        Ok(names)
    }

    fn resource_type_enum(&self, cluster: HCluster, type_name: &str, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (c, t) = self.name_call(cluster, type_name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let e = unsafe { ClusterResourceTypeOpenEnum(c, t.as_ptr(), kinds) };
        enumerate(e, ClusterResourceTypeGetEnumCount, ClusterResourceTypeEnum, ClusterResourceTypeCloseEnum)
    }
}
