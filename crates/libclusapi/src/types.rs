//! The C types and constants of `clusapi.h`, Rust side.
//!
//! Handles are opaque pointers in C (`typedef struct _HCLUSTER *HCLUSTER`); here they are
//! `*mut c_void`, which has the same ABI. Every numeric value below is the one in the
//! Windows SDK's `clusapi.h` (checked against `windows-sys` by the test suite).

pub use crate::ffi::WChar;
use std::ffi::c_void;

/// `HANDLE`.
pub type HANDLE = *mut c_void;
/// `HCLUSTER`.
pub type HCLUSTER = *mut c_void;
/// `HNODE`.
pub type HNODE = *mut c_void;
/// `HGROUP`.
pub type HGROUP = *mut c_void;
/// `HRESOURCE`.
pub type HRESOURCE = *mut c_void;
/// `HNETWORK`.
pub type HNETWORK = *mut c_void;
/// `HNETINTERFACE`.
pub type HNETINTERFACE = *mut c_void;
/// `HCHANGE`.
pub type HCHANGE = *mut c_void;
/// `HCLUSENUM`.
pub type HCLUSENUM = *mut c_void;
/// `HNODEENUM`.
pub type HNODEENUM = *mut c_void;
/// `HGROUPENUM`.
pub type HGROUPENUM = *mut c_void;
/// `HRESENUM`.
pub type HRESENUM = *mut c_void;
/// `HNETWORKENUM`.
pub type HNETWORKENUM = *mut c_void;
/// `HKEY` (a cluster-database key: `GetClusterKey`, `ClusterRegOpenKey`, …).
pub type HKEY = *mut c_void;
/// `HREGBATCH`.
pub type HREGBATCH = *mut c_void;
/// `HREGBATCHPORT`.
pub type HREGBATCHPORT = *mut c_void;
/// `HREGBATCHNOTIFICATION`.
pub type HREGBATCHNOTIFICATION = *mut c_void;
/// `HREGREADBATCH`.
pub type HREGREADBATCH = *mut c_void;
/// `HREGREADBATCHREPLY`.
pub type HREGREADBATCHREPLY = *mut c_void;
/// `BOOL`.
pub type BOOL = i32;
/// `LONG` (the registry functions' return type).
pub type LONG = i32;
/// `REGSAM` (access rights; accepted and not enforced, REG-LAYOUT).
pub type REGSAM = u32;
/// `TRUE`.
pub const TRUE: BOOL = 1;
/// `FALSE`.
pub const FALSE: BOOL = 0;
/// `INVALID_HANDLE_VALUE` as a raw value (`(HANDLE)-1`).
pub const INVALID_HANDLE_VALUE: usize = usize::MAX;

/// `NOTIFY_FILTER_AND_TYPE`: one filter of a V2 port (16 bytes: the type, 4 bytes of
/// padding, the flags; as `windows-sys` lays it out).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case, non_camel_case_types)]
pub struct NOTIFY_FILTER_AND_TYPE {
    /// A `CLUSTER_OBJECT_TYPE` value.
    pub dwObjectType: u32,
    /// Flags of that object type's `CLUSTER_CHANGE_*_V2` enum.
    pub FilterFlags: i64,
}

/// `CLUSTERVERSIONINFO` (`GetClusterInformation`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct CLUSTERVERSIONINFO {
    /// Set by the caller to `sizeof(CLUSTERVERSIONINFO)`.
    pub dwVersionInfoSize: u32,
    /// Major version of the cluster software.
    pub MajorVersion: u16,
    /// Minor version.
    pub MinorVersion: u16,
    /// Build number.
    pub BuildNumber: u16,
    /// Vendor, NUL-terminated.
    pub szVendorId: [WChar; 64],
    /// Service pack, NUL-terminated.
    pub szCSDVersion: [WChar; 64],
    /// Highest cluster version the cluster speaks.
    pub dwClusterHighestVersion: u32,
    /// Lowest cluster version the cluster speaks.
    pub dwClusterLowestVersion: u32,
    /// `CLUSTER_INFO_*` flags.
    pub dwFlags: u32,
    /// Reserved.
    pub dwReserved: u32,
}

/// `FILETIME`: 100-ns intervals since 1601-01-01 UTC, in two halves.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(non_snake_case)]
pub struct FILETIME {
    /// Low 32 bits.
    pub dwLowDateTime: u32,
    /// High 32 bits.
    pub dwHighDateTime: u32,
}

impl FILETIME {
    /// The two halves of a 64-bit file time.
    pub fn from_u64(t: u64) -> FILETIME {
        FILETIME { dwLowDateTime: t as u32, dwHighDateTime: (t >> 32) as u32 }
    }
}

/// `CLUSTER_BATCH_COMMAND` (`ClusterRegBatchReadCommand`). `wzName` and `lpData` point
/// into storage the library keeps until `ClusterRegBatchCloseNotification`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct CLUSTER_BATCH_COMMAND {
    /// A `CLUSREG_*` command (`CLUSTER_REG_COMMAND`, an `int` enum).
    pub Command: i32,
    /// The value type for value commands, else 0.
    pub dwOptions: u32,
    /// The value or key name, NUL-terminated (never NULL; `""` for the key itself).
    pub wzName: *const WChar,
    /// The data, NULL when `cbData` is 0.
    pub lpData: *const u8,
    /// Bytes of data.
    pub cbData: u32,
}

/// `CLUSTER_READ_BATCH_COMMAND` (`ClusterRegReadBatchReplyNextCommand`). The pointers
/// point into storage the library keeps until `ClusterRegCloseReadBatchReply`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct CLUSTER_READ_BATCH_COMMAND {
    /// `CLUSREG_READ_VALUE` (8) or `CLUSREG_READ_ERROR` (9).
    pub Command: i32,
    /// The value type (`READ_VALUE`) or the Win32 error code (`READ_ERROR`).
    pub dwOptions: u32,
    /// The subkey as requested; NULL when it was requested as NULL (the batch key).
    pub wzSubkeyName: *const WChar,
    /// The value name as requested; NULL when it was requested as NULL (the default value).
    pub wzValueName: *const WChar,
    /// The data read, NULL when `cbData` is 0.
    pub lpData: *const u8,
    /// Bytes of data.
    pub cbData: u32,
}

/// `sizeof(CLUSTERVERSIONINFO_NT4)`: the fields up to `szCSDVersion`, padded to 4 (268
/// bytes with a 16-bit `WCHAR`, 524 with a 32-bit one).
pub const CLUSTERVERSIONINFO_NT4_SIZE: usize =
    std::mem::offset_of!(CLUSTERVERSIONINFO, dwClusterHighestVersion);

/// `CLUSTER_RESOURCE_SEPARATE_MONITOR`: the only flag `CreateClusterResource` knows.
pub const CLUSTER_RESOURCE_VALID_FLAGS: u32 = 0x1;

macro_rules! consts {
    ($( $(#[$doc:meta])* $name:ident = $value:expr; )*) => {
        $( $(#[$doc])* pub const $name: u32 = $value; )*
    };
}

consts! {
    /// `CLUSCTL_RESOURCE_GET_RESOURCE_TYPE`.
    CLUSCTL_RESOURCE_GET_RESOURCE_TYPE = 0x0100_002D;
    /// `CLUSCTL_RESOURCE_GET_NAME`.
    CLUSCTL_RESOURCE_GET_NAME = 0x0100_0029;
    /// `CLUSCTL_RESOURCE_GET_ID`.
    CLUSCTL_RESOURCE_GET_ID = 0x0100_0039;
    /// `CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES`.
    CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES = 0x0100_0059;
    /// `CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES`.
    CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES = 0x0140_005E;
    /// `CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES = 0x0100_0081;
    /// `CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES = 0x0140_0086;
    /// `CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES`.
    CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES = 0x0200_0059;
    /// `CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES`.
    CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES = 0x0240_005E;
    /// `CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES = 0x0200_0081;
    /// `CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES = 0x0240_0086;
    /// `CLUSCTL_GROUP_GET_NAME`.
    CLUSCTL_GROUP_GET_NAME = 0x0300_0029;
    /// `CLUSCTL_GROUP_GET_ID`.
    CLUSCTL_GROUP_GET_ID = 0x0300_0039;
    /// `CLUSCTL_GROUP_GET_COMMON_PROPERTIES`.
    CLUSCTL_GROUP_GET_COMMON_PROPERTIES = 0x0300_0059;
    /// `CLUSCTL_GROUP_SET_COMMON_PROPERTIES`.
    CLUSCTL_GROUP_SET_COMMON_PROPERTIES = 0x0340_005E;
    /// `CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES = 0x0300_0081;
    /// `CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES = 0x0340_0086;
    /// `CLUSCTL_NODE_GET_NAME`.
    CLUSCTL_NODE_GET_NAME = 0x0400_0029;
    /// `CLUSCTL_NODE_GET_ID`.
    CLUSCTL_NODE_GET_ID = 0x0400_0039;
    /// `CLUSCTL_NODE_GET_COMMON_PROPERTIES`.
    CLUSCTL_NODE_GET_COMMON_PROPERTIES = 0x0400_0059;
    /// `CLUSCTL_NODE_SET_COMMON_PROPERTIES`.
    CLUSCTL_NODE_SET_COMMON_PROPERTIES = 0x0440_005E;
    /// `CLUSCTL_NODE_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_NODE_GET_PRIVATE_PROPERTIES = 0x0400_0081;
    /// `CLUSCTL_NODE_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_NODE_SET_PRIVATE_PROPERTIES = 0x0440_0086;
    /// `CLUSCTL_NETWORK_GET_NAME`.
    CLUSCTL_NETWORK_GET_NAME = 0x0500_0029;
    /// `CLUSCTL_NETWORK_GET_ID`.
    CLUSCTL_NETWORK_GET_ID = 0x0500_0039;
    /// `CLUSCTL_NETWORK_GET_COMMON_PROPERTIES`.
    CLUSCTL_NETWORK_GET_COMMON_PROPERTIES = 0x0500_0059;
    /// `CLUSCTL_NETWORK_SET_COMMON_PROPERTIES`.
    CLUSCTL_NETWORK_SET_COMMON_PROPERTIES = 0x0540_005E;
    /// `CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES = 0x0500_0081;
    /// `CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES = 0x0540_0086;
    /// `CLUSCTL_NETINTERFACE_GET_NAME`.
    CLUSCTL_NETINTERFACE_GET_NAME = 0x0600_0029;
    /// `CLUSCTL_NETINTERFACE_GET_ID`.
    CLUSCTL_NETINTERFACE_GET_ID = 0x0600_0039;
    /// `CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES`.
    CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES = 0x0600_0059;
    /// `CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES`.
    CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES = 0x0640_005E;
    /// `CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES = 0x0600_0081;
    /// `CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES = 0x0640_0086;
    /// `CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES`.
    CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES = 0x0700_0059;
    /// `CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES`.
    CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES = 0x0740_005E;
    /// `CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES`.
    CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES = 0x0700_0081;
    /// `CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES`.
    CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES = 0x0740_0086;
}
