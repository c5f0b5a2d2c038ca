//! [`SimBuilder`]: the single, seeded entry point.

use crate::life::{LifeConfig, LifeTarget};
use crate::sim::{Sim, SimConfig};
use clusim_api::BatchGranularity;
use clusim_clock::Clock;
use clusim_model::policy::Durations;
use clusim_model::Topology;
use std::collections::BTreeMap;
use std::time::Duration;

/// Default capacity of a batch notification port, in records.
pub const DEFAULT_BATCH_PORT_CAPACITY: usize = 1 << 20;

/// Default capacity of a notification port, in indications (N10).
pub const DEFAULT_PORT_CAPACITY: usize = 1 << 20;

impl Sim {
    /// Starts a [`SimBuilder`].
    pub fn builder() -> SimBuilder {
        SimBuilder::default()
    }

    /// A simulator with every default (real clock, default topology, seed 0).
    pub fn new() -> Sim {
        Sim::builder().build()
    }
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new()
    }
}

/// Builds a [`Sim`].
///
/// ```
/// use clusim_sim::Sim;
/// let sim = Sim::builder().seed(42).manual_clock().build();
/// assert!(sim.clock().is_manual());
/// ```
#[derive(Debug, Clone)]
pub struct SimBuilder {
    seed: u64,
    clock: Option<Clock>,
    topology: Topology,
    per_cluster: BTreeMap<String, Topology>,
    port_capacity: usize,
    handle_close_requires_filter: bool,
    registrations_follow_objects: bool,
    local_name: String,
    batch_conditions: bool,
    batch_granularity: BatchGranularity,
    batch_port_capacity: usize,
    life: LifeConfig,
    quorum: bool,
}

impl Default for SimBuilder {
    fn default() -> Self {
        SimBuilder {
            seed: 0,
            clock: None,
            topology: Topology::default_cluster(),
            per_cluster: BTreeMap::new(),
            port_capacity: DEFAULT_PORT_CAPACITY,
            handle_close_requires_filter: true,
            registrations_follow_objects: false,
            local_name: "CLUSTER".to_string(),
            batch_conditions: false,
            batch_granularity: BatchGranularity::Coalesced,
            batch_port_capacity: DEFAULT_BATCH_PORT_CAPACITY,
            life: LifeConfig::default(),
            quorum: true,
        }
    }
}

impl SimBuilder {
    /// Seed for object ids (GUIDs); same seed and calls, same ids.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Use this clock (default: [`Clock::real`]).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Use a [`Clock::manual`] clock: time moves only when the test advances it.
    pub fn manual_clock(self) -> Self {
        self.clock(Clock::manual())
    }

    /// The topology every newly opened cluster starts from (default:
    /// [`Topology::default_cluster`]). A topology the model refuses makes `open` fail
    /// with `ERROR_INVALID_DATA`; check it first with [`Topology::validate`].
    pub fn topology(mut self, topology: Topology) -> Self {
        self.topology = topology;
        self
    }

    /// Reads the default topology from a TOML file.
    pub fn topology_file(self, path: impl AsRef<std::path::Path>) -> Result<Self, String> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let topo = Topology::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        topo.validate().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(self.topology(topo))
    }

    /// A different topology for the cluster of this name.
    pub fn cluster_topology(mut self, name: &str, topology: Topology) -> Self {
        self.per_cluster.insert(name.to_uppercase(), topology);
        self
    }

    /// Capacity of each notification port (N10; default [`DEFAULT_PORT_CAPACITY`]).
    pub fn port_capacity(mut self, capacity: usize) -> Self {
        self.port_capacity = capacity.max(1);
        self
    }

    /// N4 switch: when `true` (the default), `HANDLE_CLOSE` reaches only registrations
    /// whose filter contains `CLUSTER_CHANGE_HANDLE_CLOSE` (SDK RegisterClusterNotify and
    /// the documented samples put the bit in the filter when they want the event). `false`
    /// is the other reading (CMRP 3.2.4.7: the client posts it for every registration made
    /// with the closed handle, whatever its filter).
    pub fn handle_close_requires_filter(mut self, yes: bool) -> Self {
        self.handle_close_requires_filter = yes;
        self
    }

    /// N9 switch: when `true`, a per-object registration (`RegisterClusterNotify` on a
    /// node, group, resource, network or interface) is bound to its object: after the
    /// object's `*_DELETED` it matches nothing, so an object created later under the same
    /// name does not reach it (spec/ports.md PORT-OBJECT-IDENTITY; the SDK's reading,
    /// "a handle to the object"). Default `false`: matching is by name, as [MS-CMRP]
    /// ApiAddNotifyResource words it, so a re-created object matches again
    /// (PORT-PER-OBJECT).
    pub fn registrations_follow_objects(mut self, yes: bool) -> Self {
        self.registrations_follow_objects = yes;
        self
    }

    /// Name of the local cluster (`OpenCluster(NULL)`), default `CLUSTER`.
    pub fn local_cluster_name(mut self, name: &str) -> Self {
        self.local_name = name.to_string();
        self
    }

    /// B4 switch: accept the condition commands (`CLUSREG_CONDITION_*`, 11–18) in write
    /// batches. Default `false`: `ClusterRegBatchAddCommand` answers
    /// `ERROR_INVALID_FUNCTION` for them, as SDK-BADD documents.
    pub fn batch_conditions(mut self, yes: bool) -> Self {
        self.batch_conditions = yes;
        self
    }

    /// B6 switch: how batch notifications are grouped (default coalesced, SDK-BGET).
    pub fn batch_granularity(mut self, g: BatchGranularity) -> Self {
        self.batch_granularity = g;
        self
    }

    /// Records a batch notification port holds before it reports a loss
    /// (default [`DEFAULT_BATCH_PORT_CAPACITY`]).
    pub fn batch_port_capacity(mut self, capacity: usize) -> Self {
        self.batch_port_capacity = capacity.max(1);
        self
    }

    /// The instant switch (spec/model.md MODEL-ASYNC): `true` makes every online, offline
    /// and move complete inside its call (never `ERROR_IO_PENDING`) and turns the failure
    /// policies off — clusim's behaviour before transitions took time. Default: the
    /// topology's `[transitions] instant`, else `false` (asynchronous, as a real cluster).
    pub fn instant_transitions(mut self, yes: bool) -> Self {
        self.life.instant = Some(yes);
        self
    }

    /// Online and offline durations of every resource of a type (over the type's
    /// default, MODEL-DURATIONS).
    pub fn type_durations(mut self, type_name: &str, online: Duration, offline: Duration) -> Self {
        self.life.durations.push((LifeTarget::Type(type_name.to_string()), Durations { online, offline }));
        self
    }

    /// Online and offline durations of one resource (over its type's).
    pub fn resource_durations(mut self, resource: &str, online: Duration, offline: Duration) -> Self {
        self.life.durations.push((LifeTarget::Resource(resource.to_string()), Durations { online, offline }));
        self
    }

    /// Quorum switch (spec/faults.md QUORUM-LOSS): `false` keeps a cluster running however
    /// many nodes are down (the behaviour before quorum was modelled). Default `true`.
    pub fn quorum(mut self, enforced: bool) -> Self {
        self.quorum = enforced;
        self
    }

    /// Builds the simulator. Clusters are created on first open.
    pub fn build(self) -> Sim {
        Sim::from_config(SimConfig {
            seed: self.seed,
            clock: self.clock.unwrap_or_default(),
            topology: self.topology,
            per_cluster: self.per_cluster,
            port_capacity: self.port_capacity,
            handle_close_requires_filter: self.handle_close_requires_filter,
            registrations_follow_objects: self.registrations_follow_objects,
            local_name: self.local_name,
            batch_conditions: self.batch_conditions,
            batch_granularity: self.batch_granularity,
            batch_port_capacity: self.batch_port_capacity,
            life: self.life,
            quorum: self.quorum,
        })
    }
}
