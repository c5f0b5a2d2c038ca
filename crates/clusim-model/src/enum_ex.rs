//! Enumerations with ids (`…OpenEnumEx`), the kinds the plain enumerations did not list
//! (internal networks, a node's preferred groups), and the network-interface and
//! resource-type enumerations (spec/model.md MODEL-ENUM-EX).
//!
//! Every list is in creation order, kind by kind in bit order; the plain `ClusterOpenEnum`
//! and `ClusterNodeOpenEnum` answers are these lists without the ids.

use crate::cluster::Cluster;
use crate::ids::*;
use clusim_api::enums::*;
use clusim_api::*;
use std::sync::Arc;

/// Appends one item per `(id, name)` of kind `bit` when `kinds` asks for it.
fn push<'a>(
    out: &mut Vec<EnumItem>,
    kinds: u32,
    bit: u32,
    items: impl Iterator<Item = (&'a Arc<str>, &'a Arc<str>)>,
) {
    if kinds & bit != 0 {
        out.extend(items.map(|(id, name)| EnumItem {
            kind: bit,
            id: id.to_string(),
            name: name.to_string(),
        }));
    }
}

impl Cluster {
    /// `ClusterOpenEnumEx`: the objects of the `CLUSTER_ENUM_*` kinds in `kinds`. A
    /// resource type's id is its name (types have no GUID). `CLUSTER_ENUM_INTERNAL_NETWORK`
    /// lists every network, in creation order (every simulated network carries cluster
    /// traffic, and creation order is their priority); the shared-volume kinds list
    /// nothing (no Cluster Shared Volumes are simulated).
    pub fn enumerate_ex(&self, kinds: u32) -> Vec<EnumItem> {
        let mut out = Vec::new();
        push(&mut out, kinds, CLUSTER_ENUM_NODE, self.nodes.iter().map(|(_, x)| (&x.id, &x.name)));
        push(&mut out, kinds, CLUSTER_ENUM_RESTYPE, self.restypes.iter().map(|(_, x)| (&x.name, &x.name)));
        push(&mut out, kinds, CLUSTER_ENUM_RESOURCE, self.resources.iter().map(|(_, x)| (&x.id, &x.name)));
        push(&mut out, kinds, CLUSTER_ENUM_GROUP, self.groups.iter().map(|(_, x)| (&x.id, &x.name)));
        push(&mut out, kinds, CLUSTER_ENUM_NETWORK, self.networks.iter().map(|(_, x)| (&x.id, &x.name)));
        push(&mut out, kinds, CLUSTER_ENUM_NETINTERFACE, self.netifs.iter().map(|(_, x)| (&x.id, &x.name)));
        let internal = self.networks.iter().map(|(_, x)| (&x.id, &x.name));
        push(&mut out, kinds, CLUSTER_ENUM_INTERNAL_NETWORK, internal);
        out
    }

    /// `ClusterNodeOpenEnumEx`: the node's interfaces, the groups it owns, and the groups
    /// that list it as a preferred owner (`CLUSTER_NODE_ENUM_PREFERRED_GROUPS`).
    pub fn node_enum_ex(&self, id: NodeId, kinds: u32) -> Result<Vec<EnumItem>> {
        self.node(id)?;
        let mut out = Vec::new();
        let netifs = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(_, i)| (&i.id, &i.name));
        push(&mut out, kinds, CLUSTER_NODE_ENUM_NETINTERFACES, netifs);
        let owned = self.groups.iter().filter(|(_, g)| g.owner == id).map(|(_, g)| (&g.id, &g.name));
        push(&mut out, kinds, CLUSTER_NODE_ENUM_GROUPS, owned);
        let preferred =
            self.groups.iter().filter(|(_, g)| g.preferred.contains(&id)).map(|(_, g)| (&g.id, &g.name));
        push(&mut out, kinds, CLUSTER_NODE_ENUM_PREFERRED_GROUPS, preferred);
        Ok(out)
    }

    /// `ClusterGroupOpenEnumEx`: every group with its state and owner.
    pub fn group_enum_ex(&self) -> Vec<GroupEnumItem> {
        self.groups
            .iter()
            .map(|(_, g)| GroupEnumItem {
                id: g.id.to_string(),
                name: g.name.to_string(),
                state: g.state,
                owner_node: self.nodes[g.owner].name.to_string(),
            })
            .collect()
    }

    /// `ClusterResourceOpenEnumEx`: every resource with its group's name and id.
    pub fn resource_enum_ex(&self) -> Vec<ResourceEnumItem> {
        self.resources
            .iter()
            .map(|(_, r)| {
                let g = &self.groups[r.group];
                ResourceEnumItem {
                    id: r.id.to_string(),
                    name: r.name.to_string(),
                    group_name: g.name.to_string(),
                    group_id: g.id.to_string(),
                }
            })
            .collect()
    }

    /// `ClusterNetInterfaceOpenEnum(node, network)`: the interfaces on `node` and on
    /// `network` (each filter only when given); an unknown name is its not-found code.
    pub fn netif_enum(&self, node: Option<&str>, network: Option<&str>) -> Result<Vec<String>> {
        let node = node.map(|n| self.node_by_name(n)).transpose()?;
        let network = network.map(|n| self.network_by_name(n)).transpose()?;
        Ok(self
            .netifs
            .iter()
            .filter(|(_, i)| node.is_none_or(|n| i.node == n) && network.is_none_or(|w| i.network == w))
            .map(|(_, i)| i.name.to_string())
            .collect())
    }

    /// `ClusterResourceTypeOpenEnum(type, kinds)`: the nodes that can host the type (every
    /// node: the simulator installs every type everywhere), then its resources.
    pub fn restype_enum(&self, type_name: &str, kinds: u32) -> Result<Vec<EnumEntry>> {
        let t = self.restype_by_name(type_name)?;
        let mut out = Vec::new();
        if kinds & CLUSTER_RESOURCE_TYPE_ENUM_NODES != 0 {
            let nodes = self.nodes.iter().map(|(_, n)| n.name.to_string());
            out.extend(nodes.map(|name| EnumEntry { kind: CLUSTER_RESOURCE_TYPE_ENUM_NODES, name }));
        }
        if kinds & CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES != 0 {
            let of_type =
                self.resources.iter().filter(|(_, r)| r.rtype == t).map(|(_, r)| r.name.to_string());
            out.extend(of_type.map(|name| EnumEntry { kind: CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES, name }));
        }
        Ok(out)
    }
}
