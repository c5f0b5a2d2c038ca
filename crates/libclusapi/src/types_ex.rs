//! The C structures of the `…Ex` functions (`clusapi.h`, `msclus.h`), laid out as
//! `windows-sys` declares them.

use crate::ffi::WChar;
use std::ffi::c_void;

/// `HCLUSENUMEX`.
pub type HCLUSENUMEX = *mut c_void;
/// `HNODEENUMEX`.
pub type HNODEENUMEX = *mut c_void;
/// `HGROUPENUMEX`.
pub type HGROUPENUMEX = *mut c_void;
/// `HRESENUMEX`.
pub type HRESENUMEX = *mut c_void;
/// `HNETINTERFACEENUM`.
pub type HNETINTERFACEENUM = *mut c_void;
/// `HRESTYPEENUM`.
pub type HRESTYPEENUM = *mut c_void;

/// `CLUSTER_ENUM_ITEM` (`ClusterEnumEx`, `ClusterNodeEnumEx`). `cb…` are sizes in bytes,
/// the NUL included.
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy)]
pub struct CLUSTER_ENUM_ITEM {
    /// `CLUSTER_ENUM_ITEM_VERSION` (1).
    pub dwVersion: u32,
    /// The kind bit.
    pub dwType: u32,
    /// Size of `lpszId` in bytes.
    pub cbId: u32,
    /// The object's id.
    pub lpszId: *mut WChar,
    /// Size of `lpszName` in bytes.
    pub cbName: u32,
    /// The object's name.
    pub lpszName: *mut WChar,
}

/// `CLUSTER_GROUP_ENUM_ITEM` (`ClusterGroupEnumEx`).
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy)]
pub struct CLUSTER_GROUP_ENUM_ITEM {
    /// `CLUSTER_GROUP_ENUM_ITEM_VERSION` (1).
    pub dwVersion: u32,
    /// Size of `lpszId` in bytes.
    pub cbId: u32,
    /// The group's id.
    pub lpszId: *mut WChar,
    /// Size of `lpszName` in bytes.
    pub cbName: u32,
    /// The group's name.
    pub lpszName: *mut WChar,
    /// Its `CLUSTER_GROUP_STATE`.
    pub state: i32,
    /// Size of `lpszOwnerNode` in bytes.
    pub cbOwnerNode: u32,
    /// The owner node's name.
    pub lpszOwnerNode: *mut WChar,
    /// Flags (0).
    pub dwFlags: u32,
    /// Size of `pProperties` (0: no property lists are returned).
    pub cbProperties: u32,
    /// NULL.
    pub pProperties: *mut c_void,
    /// Size of `pRoProperties` (0).
    pub cbRoProperties: u32,
    /// NULL.
    pub pRoProperties: *mut c_void,
}

/// `CLUSTER_RESOURCE_ENUM_ITEM` (`ClusterResourceEnumEx`).
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy)]
pub struct CLUSTER_RESOURCE_ENUM_ITEM {
    /// `CLUSTER_RESOURCE_ENUM_ITEM_VERSION` (1).
    pub dwVersion: u32,
    /// Size of `lpszId` in bytes.
    pub cbId: u32,
    /// The resource's id.
    pub lpszId: *mut WChar,
    /// Size of `lpszName` in bytes.
    pub cbName: u32,
    /// The resource's name.
    pub lpszName: *mut WChar,
    /// Size of `lpszOwnerGroupName` in bytes.
    pub cbOwnerGroupName: u32,
    /// Its group's name.
    pub lpszOwnerGroupName: *mut WChar,
    /// Size of `lpszOwnerGroupId` in bytes.
    pub cbOwnerGroupId: u32,
    /// Its group's id.
    pub lpszOwnerGroupId: *mut WChar,
    /// Size of `pProperties` (0).
    pub cbProperties: u32,
    /// NULL.
    pub pProperties: *mut c_void,
    /// Size of `pRoProperties` (0).
    pub cbRoProperties: u32,
    /// NULL.
    pub pRoProperties: *mut c_void,
}

/// `CLUSTER_CREATE_GROUP_INFO` (`CreateClusterGroupEx`).
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy)]
pub struct CLUSTER_CREATE_GROUP_INFO {
    /// `CLUSTER_CREATE_GROUP_INFO_VERSION` (1).
    pub dwVersion: u32,
    /// The `CLUSGROUP_TYPE`.
    pub groupType: i32,
}
