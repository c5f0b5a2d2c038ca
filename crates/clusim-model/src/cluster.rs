//! One simulated cluster: its objects, its database, lookups and properties.
//!
//! Mutations (in [`crate::ops`] and [`crate::lifecycle`]) validate everything first and
//! only then change state, so a failing call changes nothing and records no effect.
//! Every object has a key in the cluster database (`Nodes\<id>`, `Groups\<id>`,
//! `Resources\<id>`, `ResourceTypes\<name>`, `Networks\<id>`, `NetworkInterfaces\<id>`)
//! holding its common properties; private properties live in its `Parameters` subkey.

use crate::arena::Arena;
use crate::event::Effect;
use crate::ids::*;
use crate::names::plausible_name;
use crate::objects::*;
use crate::registry::Registry;
use crate::topology::Topology;
use clusim_api::enums::EnumEntry;
use clusim_api::property::REG_SZ;
use clusim_api::*;
use std::sync::Arc;
use std::time::Duration;

/// The keys under the root that hold the objects' keys.
pub const BASE_KEYS: [&str; 6] =
    ["Nodes", "Groups", "Resources", "ResourceTypes", "Networks", "NetworkInterfaces"];

/// A simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub(crate) name: Arc<str>,
    pub(crate) nodes: Arena<NodeId, Node>,
    pub(crate) groups: Arena<GroupId, Group>,
    pub(crate) resources: Arena<ResourceId, Resource>,
    pub(crate) restypes: Arena<ResTypeId, ResType>,
    pub(crate) networks: Arena<NetworkId, Network>,
    pub(crate) netifs: Arena<NetIfId, NetIf>,
    pub(crate) quorum: Option<ResourceId>,
    pub(crate) registry: Registry,
    pub(crate) ids: IdGen,
    pub(crate) next_node_number: u32,
    /// The next resource's creation number (`Resource::created`).
    pub(crate) next_resource: u64,
    pub(crate) now: Duration,
    /// Whether V2 events are recorded (`enable_v2_events`).
    pub(crate) v2_events: bool,
    /// Membership, quorum and drains (`crate::quorum`, `crate::drain`).
    pub(crate) quorum_state: crate::quorum::QuorumState,
    /// Transitions in progress and what is due when (crate::transitions).
    pub(crate) agenda: crate::transitions::Agenda,
}

/// Errors building a cluster from a topology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopologyError(pub String);

impl std::fmt::Display for TopologyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid topology: {}", self.0)
    }
}

impl std::error::Error for TopologyError {}

fn terr<T>(msg: impl Into<String>) -> Result<T, TopologyError> {
    Err(TopologyError(msg.into()))
}

impl Cluster {
    /// Builds a cluster named `name` from a topology; ids come from `seed`.
    pub fn from_topology(name: &str, topo: &Topology, seed: u64) -> Result<Cluster, TopologyError> {
        let mut c = Cluster {
            name: Arc::from(name),
            nodes: Arena::default(),
            groups: Arena::default(),
            resources: Arena::default(),
            restypes: Arena::default(),
            networks: Arena::default(),
            netifs: Arena::default(),
            quorum: None,
            registry: Registry::new(),
            ids: IdGen::new(seed, name),
            next_node_number: 1,
            next_resource: 0,
            v2_events: false,
            now: Duration::ZERO,
            quorum_state: Default::default(),
            agenda: crate::transitions::Agenda::default(),
        };
        // The cluster starts up already running: its initial onlines take no time.
        c.set_instant_transitions(true);
        let mut fx = Vec::new();
        for base in BASE_KEYS {
            c.registry.create_key(c.registry.root(), base, c.now, &mut fx).expect("fresh registry");
        }
        let root = c.registry.root();
        c.registry
            .set_value(
                root,
                "ClusterName",
                REG_SZ,
                PropertyValue::Sz(name.into()).to_reg_bytes(),
                c.now,
                &mut fx,
            )
            .expect("fresh registry");
        for n in &topo.nodes {
            let state = match n.state.to_ascii_lowercase().as_str() {
                "up" => NodeState::Up,
                "paused" => NodeState::Paused,
                "down" => NodeState::Down,
                other => return terr(format!("node {}: unknown state {other:?} (up, paused, down)", n.name)),
            };
            if !plausible_name(&n.name) || c.nodes.name_taken(&n.name) {
                return terr(format!("node name {:?} is empty, too long or repeated", n.name));
            }
            let id = c.add_node(&n.name, &mut fx);
            c.nodes[id].state = state;
        }
        if c.nodes.is_empty() {
            return terr("a cluster needs at least one node");
        }
        for t in &topo.resource_types {
            let spec = ResourceTypeSpec { dll_name: t.dll.clone(), ..ResourceTypeSpec::named(&t.name) };
            c.create_resource_type(&spec, &mut fx)
                .map_err(|e| TopologyError(format!("resource type {:?}: {e}", t.name)))?;
            let id = c.restypes.by_name(&t.name).expect("just created");
            c.restypes[id].quorum_capable = t.quorum_capable;
        }
        for g in &topo.groups {
            let gid = c
                .create_group(&g.name, &mut fx)
                .map_err(|e| TopologyError(format!("group {:?}: {e}", g.name)))?;
            c.groups[gid].group_type = crate::group_ex::topology_group_type(&g.name);
            if let Some(owner) = &g.owner {
                let Some(n) = c.nodes.by_name(owner) else {
                    return terr(format!("group {:?}: unknown owner node {owner:?}", g.name));
                };
                c.groups[gid].owner = n;
            }
            for p in &g.preferred_owners {
                let Some(n) = c.nodes.by_name(p) else {
                    return terr(format!("group {:?}: unknown preferred owner {p:?}", g.name));
                };
                c.groups[gid].preferred.push(n);
            }
            for r in &g.resources {
                let rid = c
                    .create_resource(gid, &r.name, &r.type_name, &mut fx)
                    .map_err(|e| TopologyError(format!("resource {:?}: {e}", r.name)))?;
                c.resources[rid].core = r.core;
                if let Some(owners) = &r.possible_owners {
                    let mut ids = Vec::new();
                    for o in owners {
                        let Some(n) = c.nodes.by_name(o) else {
                            return terr(format!("resource {:?}: unknown possible owner {o:?}", r.name));
                        };
                        ids.push(n);
                    }
                    c.resources[rid].possible_owners = ids;
                }
                let mut props = PropertyList::new();
                for (k, v) in &r.private {
                    let value = match v {
                        toml::Value::String(s) => PropertyValue::Sz(s.clone()),
                        toml::Value::Integer(i) if (0..=i64::from(u32::MAX)).contains(i) => {
                            PropertyValue::Dword(*i as u32)
                        }
                        toml::Value::Integer(i) if *i >= 0 => PropertyValue::Qword(*i as u64),
                        toml::Value::Boolean(b) => PropertyValue::Dword(u32::from(*b)),
                        toml::Value::Array(a) => PropertyValue::MultiSz(
                            a.iter()
                                .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
                                .collect(),
                        ),
                        other => {
                            return terr(format!(
                                "resource {:?}: property {k:?} has unsupported value {other}",
                                r.name
                            ))
                        }
                    };
                    props.push((k.clone(), value));
                }
                if !props.is_empty() {
                    c.set_properties(ObjRef::Resource(rid), PropertyScope::Private, &props, &mut fx)
                        .map_err(|e| TopologyError(format!("resource {:?}: {e}", r.name)))?;
                }
            }
            for r in &g.resources {
                let rid = c.resources.by_name(&r.name).expect("created above");
                for d in &r.depends_on {
                    let Some(p) = c.resources.by_name(d) else {
                        return terr(format!("resource {:?}: unknown dependency {d:?}", r.name));
                    };
                    c.add_dependency(rid, p, &mut fx).map_err(|e| {
                        TopologyError(format!("resource {:?} depending on {d:?}: {e}", r.name))
                    })?;
                }
            }
        }
        for (i, n) in topo.networks.iter().enumerate() {
            let net =
                c.add_network(&n.name).map_err(|e| TopologyError(format!("network {:?}: {e}", n.name)))?;
            let ifs: Vec<(String, String)> = match &n.interfaces {
                Some(list) => list.iter().map(|s| (s.name.clone(), s.node.clone())).collect(),
                None => c
                    .nodes
                    .iter()
                    .map(|(_, node)| {
                        let suffix = if i == 0 { String::new() } else { format!(" {}", i + 1) };
                        (format!("{} - Ethernet{suffix}", node.name), node.name.to_string())
                    })
                    .collect(),
            };
            for (ifname, node) in ifs {
                let Some(nid) = c.nodes.by_name(&node) else {
                    return terr(format!("interface {ifname:?}: unknown node {node:?}"));
                };
                c.add_net_interface(&ifname, nid, net)
                    .map_err(|e| TopologyError(format!("interface {ifname:?}: {e}")))?;
            }
        }
        if let Some(q) = &topo.quorum {
            let Some(r) = c.resources.by_name(q) else {
                return terr(format!("unknown quorum resource {q:?}"));
            };
            c.set_quorum(r, &mut fx).map_err(|e| TopologyError(format!("quorum {q:?}: {e}")))?;
        }
        for g in &topo.groups {
            if g.online {
                let gid = c.groups.by_name(&g.name).expect("created above");
                c.online_group(gid, None, &mut fx)
                    .map_err(|e| TopologyError(format!("group {:?} online: {e}", g.name)))?;
            }
        }
        c.apply_topology_life(topo).map_err(TopologyError)?;
        Ok(c)
    }

    /// Sets the time stamped on database writes (the simulator's clock).
    pub fn set_now(&mut self, now: Duration) {
        self.now = now;
    }

    /// The cluster's name.
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// The cluster database.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Mutable access to the database, for the registry API.
    pub fn registry_mut(&mut self) -> (&mut Registry, Duration) {
        (&mut self.registry, self.now)
    }

    // ----- lookups ---------------------------------------------------------------------

    /// Node by name.
    pub fn node_by_name(&self, name: &str) -> Result<NodeId> {
        self.nodes.by_name(name).ok_or(Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND)
    }
    /// Group by name.
    pub fn group_by_name(&self, name: &str) -> Result<GroupId> {
        self.groups.by_name(name).ok_or(Win32Error::ERROR_GROUP_NOT_FOUND)
    }
    /// Resource by name.
    pub fn resource_by_name(&self, name: &str) -> Result<ResourceId> {
        self.resources.by_name(name).ok_or(Win32Error::ERROR_RESOURCE_NOT_FOUND)
    }
    /// Resource type by name.
    pub fn restype_by_name(&self, name: &str) -> Result<ResTypeId> {
        self.restypes.by_name(name).ok_or(Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND)
    }
    /// Network by name.
    pub fn network_by_name(&self, name: &str) -> Result<NetworkId> {
        self.networks.by_name(name).ok_or(Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND)
    }
    /// Network interface by name.
    pub fn netif_by_name(&self, name: &str) -> Result<NetIfId> {
        self.netifs.by_name(name).ok_or(Win32Error::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND)
    }

    /// A node (stale ids give `ERROR_CLUSTER_NODE_NOT_FOUND`).
    pub fn node(&self, id: NodeId) -> Result<&Node> {
        self.nodes.get(id).ok_or(Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND)
    }
    /// A group.
    pub fn group(&self, id: GroupId) -> Result<&Group> {
        self.groups.get(id).ok_or(Win32Error::ERROR_GROUP_NOT_FOUND)
    }
    /// A resource.
    pub fn resource(&self, id: ResourceId) -> Result<&Resource> {
        self.resources.get(id).ok_or(Win32Error::ERROR_RESOURCE_NOT_FOUND)
    }
    /// A resource type.
    pub fn restype(&self, id: ResTypeId) -> Result<&ResType> {
        self.restypes.get(id).ok_or(Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND)
    }
    /// A network.
    pub fn network(&self, id: NetworkId) -> Result<&Network> {
        self.networks.get(id).ok_or(Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND)
    }
    /// A network interface.
    pub fn netif(&self, id: NetIfId) -> Result<&NetIf> {
        self.netifs.get(id).ok_or(Win32Error::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND)
    }

    /// The name of any object (the cluster name for [`ObjRef::Cluster`]).
    pub fn obj_name(&self, obj: ObjRef) -> Result<Arc<str>> {
        Ok(match obj {
            ObjRef::Cluster => self.name.clone(),
            ObjRef::Node(id) => self.node(id)?.name.clone(),
            ObjRef::Group(id) => self.group(id)?.name.clone(),
            ObjRef::Resource(id) => self.resource(id)?.name.clone(),
            ObjRef::ResType(id) => self.restype(id)?.name.clone(),
            ObjRef::Network(id) => self.network(id)?.name.clone(),
            ObjRef::NetIf(id) => self.netif(id)?.name.clone(),
        })
    }

    /// The database key of any object.
    pub fn obj_key(&self, obj: ObjRef) -> Result<RegKeyId> {
        Ok(match obj {
            ObjRef::Cluster => self.registry.root(),
            ObjRef::Node(id) => self.node(id)?.key,
            ObjRef::Group(id) => self.group(id)?.key,
            ObjRef::Resource(id) => self.resource(id)?.key,
            ObjRef::ResType(id) => self.restype(id)?.key,
            ObjRef::Network(id) => self.network(id)?.key,
            ObjRef::NetIf(id) => self.netif(id)?.key,
        })
    }

    /// The current quorum resource.
    pub fn quorum(&self) -> Option<ResourceId> {
        self.quorum
    }

    // ----- enumeration -----------------------------------------------------------------

    /// `ClusterOpenEnum` snapshot for the given `CLUSTER_ENUM_*` kinds: the
    /// `ClusterOpenEnumEx` list ([`Cluster::enumerate_ex`]) without the ids.
    pub fn enumerate(&self, kinds: u32) -> Vec<EnumEntry> {
        self.enumerate_ex(kinds).into_iter().map(|i| EnumEntry { kind: i.kind, name: i.name }).collect()
    }

    /// Node enumeration (`CLUSTER_NODE_ENUM_*`): [`Cluster::node_enum_ex`] without the ids.
    pub fn node_enum(&self, id: NodeId, kinds: u32) -> Result<Vec<EnumEntry>> {
        Ok(self
            .node_enum_ex(id, kinds)?
            .into_iter()
            .map(|i| EnumEntry { kind: i.kind, name: i.name })
            .collect())
    }

    /// Group enumeration (`CLUSTER_GROUP_ENUM_*`).
    pub fn group_enum(&self, id: GroupId, kinds: u32) -> Result<Vec<EnumEntry>> {
        use clusim_api::enums::*;
        let g = self.group(id)?;
        let mut out = Vec::new();
        if kinds & CLUSTER_GROUP_ENUM_CONTAINS != 0 {
            for &r in &g.resources {
                out.push(EnumEntry {
                    kind: CLUSTER_GROUP_ENUM_CONTAINS,
                    name: self.resources[r].name.to_string(),
                });
            }
        }
        if kinds & CLUSTER_GROUP_ENUM_NODES != 0 {
            for &n in &g.preferred {
                out.push(EnumEntry { kind: CLUSTER_GROUP_ENUM_NODES, name: self.nodes[n].name.to_string() });
            }
        }
        Ok(out)
    }

    /// Resource enumeration (`CLUSTER_RESOURCE_ENUM_*`).
    pub fn resource_enum(&self, id: ResourceId, kinds: u32) -> Result<Vec<EnumEntry>> {
        use clusim_api::enums::*;
        let r = self.resource(id)?;
        let mut out = Vec::new();
        if kinds & CLUSTER_RESOURCE_ENUM_DEPENDS != 0 {
            for &d in &r.deps {
                out.push(EnumEntry {
                    kind: CLUSTER_RESOURCE_ENUM_DEPENDS,
                    name: self.resources[d].name.to_string(),
                });
            }
        }
        if kinds & CLUSTER_RESOURCE_ENUM_PROVIDES != 0 {
            for &x in &r.dependents {
                let name = self.resources[x].name.to_string();
                out.push(EnumEntry { kind: CLUSTER_RESOURCE_ENUM_PROVIDES, name });
            }
        }
        if kinds & CLUSTER_RESOURCE_ENUM_NODES != 0 {
            for &n in &r.possible_owners {
                out.push(EnumEntry {
                    kind: CLUSTER_RESOURCE_ENUM_NODES,
                    name: self.nodes[n].name.to_string(),
                });
            }
        }
        Ok(out)
    }

    /// Network enumeration (`CLUSTER_NETWORK_ENUM_NETINTERFACES`).
    pub fn network_enum(&self, id: NetworkId, kinds: u32) -> Result<Vec<EnumEntry>> {
        use clusim_api::enums::*;
        self.network(id)?;
        let mut out = Vec::new();
        if kinds & CLUSTER_NETWORK_ENUM_NETINTERFACES != 0 {
            for (_, i) in self.netifs.iter().filter(|(_, i)| i.network == id) {
                out.push(EnumEntry { kind: CLUSTER_NETWORK_ENUM_NETINTERFACES, name: i.name.to_string() });
            }
        }
        Ok(out)
    }

    /// `GetClusterNetInterface`: the interface of `node` on `network`.
    pub fn netif_for(&self, node: &str, network: &str) -> Result<Arc<str>> {
        let n = self.node_by_name(node)?;
        let w = self.network_by_name(network)?;
        self.netifs
            .iter()
            .find(|(_, i)| i.node == n && i.network == w)
            .map(|(_, i)| i.name.clone())
            .ok_or(Win32Error::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND)
    }

    // ----- properties ------------------------------------------------------------------

    fn property_key(&self, obj: ObjRef, scope: PropertyScope) -> Result<Option<RegKeyId>> {
        let key = self.obj_key(obj)?;
        Ok(match scope {
            PropertyScope::Common => Some(key),
            PropertyScope::Private => self.registry.lookup(key, "Parameters").ok(),
        })
    }

    /// Reads an object's common or private properties from its database key, in the
    /// order the values were first written.
    pub fn properties(&self, obj: ObjRef, scope: PropertyScope) -> Result<PropertyList> {
        let Some(key) = self.property_key(obj, scope)? else {
            return Ok(Vec::new());
        };
        let k = self.registry.key(key).ok_or(Win32Error::ERROR_GEN_FAILURE)?;
        Ok(k.values
            .iter()
            .filter_map(|v| PropertyValue::from_reg_bytes(v.ty, &v.data).map(|p| (v.name.to_string(), p)))
            .collect())
    }

    /// Writes properties: one `REGISTRY_VALUE` per value written, then one
    /// `<OBJECT>_PROPERTY` event. Everything is checked first
    /// ([`Cluster::validate_properties`]: read-only, syntax, range, names; all
    /// `ERROR_INVALID_PARAMETER`), so a refused list changes nothing.
    pub fn set_properties(
        &mut self,
        obj: ObjRef,
        scope: PropertyScope,
        props: &PropertyList,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let name = self.obj_name(obj)?;
        let props = &self.validate_properties(obj, scope, props)?;
        if props.is_empty() {
            return Ok(());
        }
        let base = self.obj_key(obj)?;
        let key = match scope {
            PropertyScope::Common => base,
            PropertyScope::Private => self.registry.create_key(base, "Parameters", self.now, fx)?.0,
        };
        for (k, v) in props {
            self.registry.set_value(key, k, v.reg_type(), v.to_reg_bytes(), self.now, fx)?;
        }
        if scope == PropertyScope::Common {
            self.apply_properties(obj, props);
        }
        let (change, kind) = match obj {
            ObjRef::Cluster => (ChangeFlags::CLUSTER_PROPERTY, ObjectKind::Cluster),
            ObjRef::Node(_) => (ChangeFlags::NODE_PROPERTY, ObjectKind::Node),
            ObjRef::Group(_) => (ChangeFlags::GROUP_PROPERTY, ObjectKind::Group),
            ObjRef::Resource(_) => (ChangeFlags::RESOURCE_PROPERTY, ObjectKind::Resource),
            ObjRef::ResType(_) => (ChangeFlags::RESOURCE_TYPE_PROPERTY, ObjectKind::ResourceType),
            ObjRef::Network(_) => (ChangeFlags::NETWORK_PROPERTY, ObjectKind::Network),
            ObjRef::NetIf(_) => (ChangeFlags::NETINTERFACE_PROPERTY, ObjectKind::NetInterface),
        };
        self.emit_properties(obj, scope, props, (change, kind, &name), fx);
        Ok(())
    }

    /// Creates an object's database key with its `Name` (and extra) values; the initial
    /// values are part of the creation (one `REGISTRY_NAME`, no `REGISTRY_VALUE`).
    pub(crate) fn create_object_key(
        &mut self,
        base: &str,
        id: &str,
        values: &[(&str, PropertyValue)],
        fx: &mut Vec<Effect>,
    ) -> Result<RegKeyId> {
        let parent = self.registry.lookup(self.registry.root(), base)?;
        let (key, _) = self.registry.create_key(parent, id, self.now, fx)?;
        self.registry.pin(key);
        let mut quiet = Vec::new();
        for (n, v) in values {
            self.registry.set_value(key, n, v.reg_type(), v.to_reg_bytes(), self.now, &mut quiet)?;
        }
        Ok(key)
    }

    /// `ClusterRegDeleteKey`: `subkey` below `from` (`""` = `from` itself). Keys with
    /// subkeys and protected keys (root, base keys, object keys) are refused with
    /// `ERROR_ACCESS_DENIED` (B15).
    pub fn reg_delete_key(&mut self, from: RegKeyId, subkey: &str, fx: &mut Vec<Effect>) -> Result<()> {
        let k = self.registry.lookup(from, subkey)?;
        if self.is_protected_key(k) {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        self.registry.delete_leaf(k, self.now, fx)
    }

    /// Rewrites the `Name` value of an object's key (one `REGISTRY_VALUE`).
    pub(crate) fn write_name_value(&mut self, key: RegKeyId, name: &str, fx: &mut Vec<Effect>) -> Result<()> {
        self.registry.set_value(
            key,
            "Name",
            REG_SZ,
            PropertyValue::Sz(name.into()).to_reg_bytes(),
            self.now,
            fx,
        )?;
        Ok(())
    }
}
