//! Topologies: what a new simulated cluster contains when it is first opened.
//!
//! [`Topology::default_cluster`] is the built-in default (spec/topology.md); a TOML file
//! in the same shape replaces it ([`Topology::from_toml`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole cluster description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    /// Nodes in order (node ids are 1, 2, 3… in this order).
    #[serde(default, rename = "node")]
    pub nodes: Vec<NodeSpec>,
    /// Resource types.
    #[serde(default, rename = "resource_type")]
    pub resource_types: Vec<ResourceTypeDef>,
    /// Groups with their resources.
    #[serde(default, rename = "group")]
    pub groups: Vec<GroupSpec>,
    /// Networks with their interfaces.
    #[serde(default, rename = "network")]
    pub networks: Vec<NetworkSpec>,
    /// The quorum (witness) resource, if any.
    #[serde(default)]
    pub quorum: Option<String>,
    /// How transitions take time (default: asynchronous, the types' durations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<TransitionsSpec>,
}

/// The `[transitions]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TransitionsSpec {
    /// Every transition completes inside its call, failure policies off (the instant
    /// switch; default `false`).
    #[serde(default)]
    pub instant: bool,
}

/// Durations and behaviour of a resource or of every resource of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LifeSpec {
    /// OnlinePending → Online, in ms (default: the type's, MODEL-DURATIONS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_ms: Option<u64>,
    /// OfflinePending → Offline, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_ms: Option<u64>,
    /// Online behaviour: `"normal"`, `"fail"` (fails to come online) or `"hang"` (stays
    /// OnlinePending until PendingTimeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<String>,
}

/// A node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// Node name.
    pub name: String,
    /// `"up"` (default), `"paused"` or `"down"`.
    #[serde(default = "default_up")]
    pub state: String,
}

/// A resource type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceTypeDef {
    /// Type name.
    pub name: String,
    /// Resource DLL (default `clusres.dll`).
    #[serde(default = "default_dll")]
    pub dll: String,
    /// Whether resources of this type can be the quorum resource.
    #[serde(default)]
    pub quorum_capable: bool,
    /// Durations and behaviour (the `transitions` sub-table; default: the type's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<LifeSpec>,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// Group name.
    pub name: String,
    /// Owner node (default: the first node that is up).
    #[serde(default)]
    pub owner: Option<String>,
    /// Bring the group online when the cluster is created.
    #[serde(default)]
    pub online: bool,
    /// Preferred owners.
    #[serde(default)]
    pub preferred_owners: Vec<String>,
    /// Resources in the group.
    #[serde(default, rename = "resource")]
    pub resources: Vec<ResourceSpec>,
}

/// A resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// Resource name.
    pub name: String,
    /// Resource type name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Names of resources (in the same group) this one depends on.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Possible owner nodes (default: every node).
    #[serde(default)]
    pub possible_owners: Option<Vec<String>>,
    /// A core resource cannot be deleted (`ERROR_CORE_RESOURCE`).
    #[serde(default)]
    pub core: bool,
    /// Private properties: strings, integers (DWORD, or QWORD above 32 bits) and
    /// string arrays.
    #[serde(default)]
    pub private: BTreeMap<String, toml::Value>,
    /// Durations and behaviour (the `transitions` sub-table; default: the type's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<LifeSpec>,
}

/// A network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    /// Network name.
    pub name: String,
    /// Interfaces; when omitted, one per node named `"<node> - Ethernet"` (with ` N`
    /// appended for the N-th network, N ≥ 2).
    #[serde(default, rename = "interface")]
    pub interfaces: Option<Vec<InterfaceSpec>>,
}

/// A network interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceSpec {
    /// Interface name.
    pub name: String,
    /// The node it belongs to.
    pub node: String,
}

fn default_up() -> String {
    "up".to_string()
}

fn default_dll() -> String {
    "clusres.dll".to_string()
}

impl Topology {
    /// The built-in default cluster: three nodes, five resource types, `Cluster Group`
    /// and `Available Storage` online on NODE1, one network.
    pub fn default_cluster() -> Topology {
        let node = |n: &str| NodeSpec { name: n.into(), state: "up".into() };
        let rtype = |n: &str, q: bool| ResourceTypeDef {
            name: n.into(),
            dll: "clusres.dll".into(),
            quorum_capable: q,
            transitions: None,
        };
        let res = |n: &str, t: &str, deps: &[&str], core: bool| ResourceSpec {
            name: n.into(),
            type_name: t.into(),
            depends_on: deps.iter().map(|s| s.to_string()).collect(),
            possible_owners: None,
            core,
            private: BTreeMap::new(),
            transitions: None,
        };
        let mut ip = res("Cluster IP Address", "IP Address", &[], true);
        ip.private.insert("Address".into(), toml::Value::String("10.0.0.10".into()));
        ip.private.insert("SubnetMask".into(), toml::Value::String("255.255.255.0".into()));
        let mut name = res("Cluster Name", "Network Name", &["Cluster IP Address"], true);
        name.private.insert("Name".into(), toml::Value::String("CLUSTER".into()));
        Topology {
            nodes: vec![node("NODE1"), node("NODE2"), node("NODE3")],
            resource_types: vec![
                rtype("Physical Disk", true),
                rtype("IP Address", false),
                rtype("Network Name", false),
                rtype("Generic Application", false),
                rtype("Generic Service", false),
            ],
            groups: vec![
                GroupSpec {
                    name: "Cluster Group".into(),
                    owner: Some("NODE1".into()),
                    online: true,
                    preferred_owners: vec![],
                    resources: vec![ip, name],
                },
                GroupSpec {
                    name: "Available Storage".into(),
                    owner: Some("NODE1".into()),
                    online: true,
                    preferred_owners: vec![],
                    resources: vec![res("Cluster Disk 1", "Physical Disk", &[], false)],
                },
            ],
            networks: vec![NetworkSpec { name: "Cluster Network 1".into(), interfaces: None }],
            quorum: None,
            transitions: None,
        }
    }

    /// Parses a topology file. Errors name the line and what was expected.
    pub fn from_toml(text: &str) -> Result<Topology, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Checks that the model accepts this topology (types, nodes and dependencies exist,
    /// no cycles, no repeated names), with the reason when it does not.
    pub fn validate(&self) -> Result<(), String> {
        crate::Cluster::from_topology("VALIDATE", self, 0).map(|_| ()).map_err(|e| e.to_string())
    }

    /// The TOML form (what `from_toml` reads back).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a topology always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_toml() {
        let t = Topology::default_cluster();
        let text = t.to_toml();
        assert_eq!(Topology::from_toml(&text).unwrap(), t);
    }

    #[test]
    fn unknown_fields_are_reported_with_a_line() {
        let err = Topology::from_toml("[[node]]\nname = \"A\"\ncolour = \"red\"\n").unwrap_err();
        assert!(err.contains("colour"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }
}
