//! V2 notification values: `NOTIFY_FILTER_AND_TYPE`, the payload layout table of
//! [MS-CMRP] ApiGetNotifyV2, and the typed notification (fact sheet §1.5, §1.6).
//!
//! Guarantees:
//! - [`NotifyFilterAndType`] holds the raw `DWORD` / `LONGLONG` pair, so bad input
//!   (unknown type, stray bits) can be expressed and is refused by the backend;
//! - [`payload_kind`] is the one table saying how each (object type, flag) lays out its
//!   `buffer`; backends encode with it and clients decode with it, so both agree;
//! - every string payload is UTF-16LE with a terminating NUL (as the wire's `LPWSTR`),
//!   an id list is a `MULTI_SZ` (each id NUL-terminated, then one more NUL); a `DWORD`
//!   payload is 4 little-endian bytes; see spec/v2.md V2-PAYLOAD.

use crate::change_v2::*;
use crate::error::Win32Error;
use crate::object::NotifyKey;
use crate::object_type::ObjectType;
use crate::property::PropertyList;
use crate::proplist;

/// `NOTIFY_FILTER_AND_TYPE`: an object type and an OR of that type's change flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NotifyFilterAndType {
    /// `dwObjectType`: a `CLUSTER_OBJECT_TYPE` value.
    pub object_type: u32,
    /// `FilterFlags`: bits of the enum belonging to `object_type`.
    pub flags: u64,
}

impl NotifyFilterAndType {
    /// A filter from a typed object type and raw flags.
    pub fn new(object_type: ObjectType, flags: u64) -> Self {
        NotifyFilterAndType { object_type: object_type.raw(), flags }
    }

    /// The typed object type, if `object_type` is a defined value.
    pub fn typed(self) -> Option<ObjectType> {
        ObjectType::from_raw(self.object_type)
    }
}

macro_rules! filter_ctor {
    ($($(#[$doc:meta])* $fn:ident($t:ty) => $ot:ident),* $(,)?) => {
        impl NotifyFilterAndType {$(
            $(#[$doc])*
            pub fn $fn(flags: $t) -> Self {
                NotifyFilterAndType::new(ObjectType::$ot, u64::from(flags.bits()))
            }
        )*}
    };
}

filter_ctor! {
    /// A CLUSTER filter.
    cluster(ClusterChangeV2) => Cluster,
    /// A GROUP filter.
    group(GroupChangeV2) => Group,
    /// A RESOURCE filter.
    resource(ResourceChangeV2) => Resource,
    /// A RESOURCE_TYPE filter.
    resource_type(ResourceTypeChangeV2) => ResourceType,
    /// A NETWORK_INTERFACE filter.
    net_interface(NetInterfaceChangeV2) => NetworkInterface,
    /// A NETWORK filter.
    network(NetworkChangeV2) => Network,
    /// A NODE filter.
    node(NodeChangeV2) => Node,
    /// A REGISTRY filter.
    registry(RegistryChangeV2) => Registry,
    /// A QUORUM filter.
    quorum(QuorumChangeV2) => Quorum,
}

/// How an event's `buffer` is laid out (ApiGetNotifyV2 table, fact sheet §1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// Zero bytes.
    Empty,
    /// One little-endian `DWORD` (a state, a group type, an operating version).
    Dword,
    /// A property list of the changed values (CMRP 2.2.3.10).
    PropertyList,
    /// One id or expression: UTF-16LE, NUL-terminated.
    Id,
    /// A `MULTI_SZ` of ids.
    IdList,
    /// `CLUSTER_MEMBERSHIP_INFO`.
    Membership,
    /// Bytes the table leaves to the raiser (resource-type specific, CSV state info).
    Raw,
}

/// The layout of the `buffer` for one (object type, single flag), per the table.
/// Unknown pairs are [`PayloadKind::Raw`].
pub fn payload_kind(t: ObjectType, flag: u64) -> PayloadKind {
    use PayloadKind::*;
    let f = flag as u32;
    match t {
        ObjectType::Cluster => match ClusterChangeV2::from_bits_retain(f) {
            ClusterChangeV2::GROUP_ADDED | ClusterChangeV2::NODE_ADDED | ClusterChangeV2::UPGRADED => Dword,
            ClusterChangeV2::COMMON_PROPERTY | ClusterChangeV2::PRIVATE_PROPERTY => PropertyList,
            ClusterChangeV2::MEMBERSHIP => Membership,
            _ => Empty,
        },
        ObjectType::Group => match GroupChangeV2::from_bits_retain(f) {
            GroupChangeV2::COMMON_PROPERTY | GroupChangeV2::PRIVATE_PROPERTY => PropertyList,
            GroupChangeV2::STATE => Dword,
            GroupChangeV2::OWNER_NODE
            | GroupChangeV2::RESOURCE_ADDED
            | GroupChangeV2::RESOURCE_GAINED
            | GroupChangeV2::RESOURCE_LOST => Id,
            GroupChangeV2::PREFERRED_OWNERS => IdList,
            _ => Empty,
        },
        ObjectType::Resource => match ResourceChangeV2::from_bits_retain(f) {
            ResourceChangeV2::COMMON_PROPERTY => PropertyList,
            ResourceChangeV2::STATE => Dword,
            ResourceChangeV2::OWNER_GROUP
            | ResourceChangeV2::DEPENDENCIES
            | ResourceChangeV2::DELETED
            | ResourceChangeV2::DLL_UPGRADED => Id,
            ResourceChangeV2::DEPENDENTS | ResourceChangeV2::POSSIBLE_OWNERS => IdList,
            _ => Empty,
        },
        ObjectType::ResourceType => match ResourceTypeChangeV2::from_bits_retain(f) {
            ResourceTypeChangeV2::COMMON_PROPERTY => PropertyList,
            ResourceTypeChangeV2::POSSIBLE_OWNERS => IdList,
            ResourceTypeChangeV2::DLL_UPGRADED => Id,
            ResourceTypeChangeV2::SPECIFIC => Raw,
            _ => Empty,
        },
        ObjectType::NetworkInterface | ObjectType::Network => match f {
            0x02 | 0x04 => PropertyList,
            0x08 => Dword,
            _ => Empty,
        },
        ObjectType::Node => match NodeChangeV2::from_bits_retain(f) {
            NodeChangeV2::NETINTERFACE_ADDED | NodeChangeV2::GROUP_GAINED | NodeChangeV2::GROUP_LOST => Id,
            NodeChangeV2::DELETED | NodeChangeV2::STATE => Dword,
            NodeChangeV2::COMMON_PROPERTY | NodeChangeV2::PRIVATE_PROPERTY => PropertyList,
            _ => Empty,
        },
        ObjectType::Registry => Empty,
        ObjectType::Quorum => Dword,
        _ => Raw,
    }
}

/// `CLUSTER_MEMBERSHIP_INFO { BOOL HasQuorum; DWORD UpnodesSize; BYTE Upnodes[]; }`.
/// `Upnodes` is a bitmap: bit `n % 8` of byte `n / 8` is set when the node whose id is
/// the decimal number `n` is up (simulator decision, spec/v2.md V2-MEMBERSHIP).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MembershipInfo {
    /// `HasQuorum`.
    pub has_quorum: bool,
    /// `Upnodes` (`UpnodesSize` bytes).
    pub up_nodes: Vec<u8>,
}

impl MembershipInfo {
    /// The info for a set of up node numbers.
    pub fn from_up_nodes(has_quorum: bool, up: impl IntoIterator<Item = u32>) -> Self {
        let mut up_nodes = Vec::new();
        for n in up {
            let byte = (n / 8) as usize;
            if up_nodes.len() <= byte {
                up_nodes.resize(byte + 1, 0);
            }
            up_nodes[byte] |= 1 << (n % 8);
        }
        MembershipInfo { has_quorum, up_nodes }
    }

    /// True when node number `n` is marked up.
    pub fn is_up(&self, n: u32) -> bool {
        self.up_nodes.get((n / 8) as usize).is_some_and(|b| b & (1 << (n % 8)) != 0)
    }

    /// The wire bytes: `HasQuorum`, `UpnodesSize`, then `Upnodes`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.up_nodes.len());
        out.extend_from_slice(&u32::from(self.has_quorum).to_le_bytes());
        out.extend_from_slice(&(self.up_nodes.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.up_nodes);
        out
    }

    /// Parses the wire bytes.
    pub fn decode(b: &[u8]) -> Option<Self> {
        let has_quorum = u32::from_le_bytes(b.get(0..4)?.try_into().ok()?) != 0;
        let n = u32::from_le_bytes(b.get(4..8)?.try_into().ok()?) as usize;
        let up_nodes = b.get(8..8 + n)?.to_vec();
        Some(MembershipInfo { has_quorum, up_nodes })
    }
}

/// Encodes one id (or expression) payload: UTF-16LE plus NUL.
pub fn encode_id(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

/// Encodes a `MULTI_SZ` of ids.
pub fn encode_id_list<S: AsRef<str>>(ids: &[S]) -> Vec<u8> {
    let mut out = Vec::new();
    for id in ids {
        out.extend(encode_id(id.as_ref()));
    }
    out.extend_from_slice(&[0, 0]);
    out
}

fn utf16_units(b: &[u8]) -> Option<Vec<u16>> {
    if !b.len().is_multiple_of(2) {
        return None;
    }
    Some(b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
}

/// A decoded V2 payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadV2 {
    /// No bytes.
    Empty,
    /// A `DWORD`: a state, a group type or an operating version.
    Dword(u32),
    /// The changed properties.
    PropertyList(PropertyList),
    /// One id (or a dependency expression).
    Id(String),
    /// A `MULTI_SZ` of ids.
    IdList(Vec<String>),
    /// `CLUSTER_MEMBERSHIP_INFO`.
    Membership(MembershipInfo),
    /// Bytes without a table layout, or bytes that do not parse as the table says.
    Raw(Vec<u8>),
}

impl PayloadV2 {
    /// Decodes `bytes` as the table lays out (object type, flag); bytes that do not
    /// parse come back as [`PayloadV2::Raw`].
    pub fn decode(t: ObjectType, flag: u64, bytes: &[u8]) -> PayloadV2 {
        let raw = || PayloadV2::Raw(bytes.to_vec());
        match payload_kind(t, flag) {
            PayloadKind::Empty if bytes.is_empty() => PayloadV2::Empty,
            PayloadKind::Dword if bytes.len() == 4 => {
                PayloadV2::Dword(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            }
            PayloadKind::PropertyList if bytes.is_empty() => PayloadV2::Empty,
            PayloadKind::PropertyList => {
                proplist::decode(bytes).map(PayloadV2::PropertyList).unwrap_or_else(|_| raw())
            }
            PayloadKind::Id => match utf16_units(bytes) {
                Some(u) if u.last() == Some(&0) => {
                    String::from_utf16(&u[..u.len() - 1]).map(PayloadV2::Id).unwrap_or_else(|_| raw())
                }
                _ => raw(),
            },
            PayloadKind::IdList => match utf16_units(bytes) {
                Some(u) if u.ends_with(&[0, 0]) || u == [0] => {
                    let body = &u[..u.len() - 1];
                    let mut ids = Vec::new();
                    for part in body.split(|&c| c == 0).filter(|p| !p.is_empty()) {
                        match String::from_utf16(part) {
                            Ok(s) => ids.push(s),
                            Err(_) => return raw(),
                        }
                    }
                    PayloadV2::IdList(ids)
                }
                _ => raw(),
            },
            PayloadKind::Membership => {
                MembershipInfo::decode(bytes).map(PayloadV2::Membership).unwrap_or_else(raw)
            }
            _ => raw(),
        }
    }
}

/// The sizes `GetClusterNotifyV2` writes back: the buffer in bytes, every string in
/// UTF-16 units excluding the NUL (the V1 convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NotifyV2Sizes {
    /// `*lpbBufferSize`: payload bytes.
    pub buffer: usize,
    /// `*lpcchObjectId`.
    pub object_id: usize,
    /// `*lpcchParentId`.
    pub parent_id: usize,
    /// `*lpcchName`.
    pub name: usize,
    /// `*lpcchType`.
    pub type_name: usize,
}

/// The caller's output buffers for one `GetClusterNotifyV2`. `None` = the pointer was
/// NULL (output not wanted). A string buffer's length is its capacity including the
/// NUL (`*lpcch*` in); the payload buffer's length is `*lpbBufferSize` in bytes.
#[derive(Debug, Default)]
pub struct NotifyV2Buffers<'a> {
    /// `buffer` / `lpbBufferSize`.
    pub buffer: Option<&'a mut [u8]>,
    /// `lpszObjectId` / `lpcchObjectId`.
    pub object_id: Option<&'a mut [u16]>,
    /// `lpszParentId` / `lpcchParentId`.
    pub parent_id: Option<&'a mut [u16]>,
    /// `lpszName` / `lpcchName`.
    pub name: Option<&'a mut [u16]>,
    /// `lpszType` / `lpcchType`.
    pub type_name: Option<&'a mut [u16]>,
}

impl<'a> NotifyV2Buffers<'a> {
    /// Every output wanted, in these buffers.
    pub fn all(
        buffer: &'a mut [u8],
        object_id: &'a mut [u16],
        parent_id: &'a mut [u16],
        name: &'a mut [u16],
        type_name: &'a mut [u16],
    ) -> Self {
        NotifyV2Buffers {
            buffer: Some(buffer),
            object_id: Some(object_id),
            parent_id: Some(parent_id),
            name: Some(name),
            type_name: Some(type_name),
        }
    }
}

/// What `GetClusterNotifyV2` reports on success besides the bytes it copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NotifyV2Header {
    /// `*lpdwNotifyKey`: the key of the registration the event matched.
    pub key: NotifyKey,
    /// `*pFilterAndType`: the object type and exactly one flag.
    pub filter: NotifyFilterAndType,
    /// Every output's size (written back for every output, wanted or not).
    pub sizes: NotifyV2Sizes,
}

/// Why `get_notify_v2` returned without an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetNotifyV2Error {
    /// `ERROR_MORE_DATA`: a wanted output was too small. Every required size is given
    /// (strings excluding the NUL) and the event stays queued for the retry (N17).
    MoreData(NotifyV2Sizes),
    /// Any other code (`WAIT_TIMEOUT`, `ERROR_INVALID_HANDLE`, …).
    Failed(Win32Error),
}

impl GetNotifyV2Error {
    /// The Win32 code of this outcome.
    pub fn code(self) -> Win32Error {
        match self {
            GetNotifyV2Error::MoreData(_) => Win32Error::ERROR_MORE_DATA,
            GetNotifyV2Error::Failed(e) => e,
        }
    }
}

impl From<Win32Error> for GetNotifyV2Error {
    fn from(e: Win32Error) -> Self {
        GetNotifyV2Error::Failed(e)
    }
}

impl From<GetNotifyV2Error> for Win32Error {
    fn from(e: GetNotifyV2Error) -> Self {
        e.code()
    }
}

impl std::fmt::Display for GetNotifyV2Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GetNotifyV2Error::MoreData(s) => write!(f, "ERROR_MORE_DATA (234): needs {s:?}"),
            GetNotifyV2Error::Failed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GetNotifyV2Error {}

/// One delivered V2 notification, decoded (what the Rust client hands out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationV2 {
    /// The registration's key.
    pub key: NotifyKey,
    /// The object type.
    pub object_type: ObjectType,
    /// Exactly one flag of the type's enum.
    pub flag: u64,
    /// `ObjectId` (`""` where the table has "—").
    pub object_id: String,
    /// `ParentId`.
    pub parent_id: String,
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub type_name: String,
    /// The payload bytes as delivered.
    pub buffer: Vec<u8>,
}

impl NotificationV2 {
    /// The payload decoded per the ApiGetNotifyV2 table.
    pub fn payload(&self) -> PayloadV2 {
        PayloadV2::decode(self.object_type, self.flag, &self.buffer)
    }

    /// The filter-and-type pair as `GetClusterNotifyV2` reports it.
    pub fn filter(&self) -> NotifyFilterAndType {
        NotifyFilterAndType::new(self.object_type, self.flag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::property::PropertyValue;

    // V2-PAYLOAD: the table's layouts round-trip through the typed decode.
    #[test]
    fn payloads_decode_per_the_table() {
        let g = ObjectType::Group;
        let state = GroupChangeV2::STATE.bits() as u64;
        assert_eq!(PayloadV2::decode(g, state, &2u32.to_le_bytes()), PayloadV2::Dword(2));
        let owner = GroupChangeV2::OWNER_NODE.bits() as u64;
        assert_eq!(PayloadV2::decode(g, owner, &encode_id("2")), PayloadV2::Id("2".into()));
        let pref = GroupChangeV2::PREFERRED_OWNERS.bits() as u64;
        let ids = PayloadV2::decode(g, pref, &encode_id_list(&["1", "2"]));
        assert_eq!(ids, PayloadV2::IdList(vec!["1".into(), "2".into()]));
        assert_eq!(PayloadV2::decode(g, pref, &encode_id_list::<&str>(&[])), PayloadV2::IdList(vec![]));
        let props = vec![("Description".to_string(), PropertyValue::Sz("x".into()))];
        let common = GroupChangeV2::COMMON_PROPERTY.bits() as u64;
        assert_eq!(PayloadV2::decode(g, common, &proplist::encode(&props)), PayloadV2::PropertyList(props));
        let m = MembershipInfo::from_up_nodes(true, [1, 3]);
        assert!(m.is_up(1) && m.is_up(3) && !m.is_up(2));
        let mem = ClusterChangeV2::MEMBERSHIP.bits() as u64;
        assert_eq!(m.encode(), vec![1, 0, 0, 0, 1, 0, 0, 0, 0b1010]);
        assert_eq!(PayloadV2::decode(ObjectType::Cluster, mem, &m.encode()), PayloadV2::Membership(m));
        let lost = ClusterChangeV2::LOST_NOTIFICATIONS.bits() as u64;
        assert_eq!(PayloadV2::decode(ObjectType::Cluster, lost, &[]), PayloadV2::Empty);
        assert_eq!(PayloadV2::decode(g, state, &[1]), PayloadV2::Raw(vec![1]));
    }
}
