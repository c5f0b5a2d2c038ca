//! The shared compliance suite (crates/clusim-compliance) against the C library, driven
//! through its exported C entry points by `clusim_clusapi::ClusApiBackend` — the same
//! backend code that runs against clusapi.dll on Windows: every case (V1 and V2) that passes
//! against the simulator must pass here too.

mod common;

use clusim_api::Backend;
use clusim_clock::Clock;
use clusim_clusapi::ClusApiBackend;
use clusim_compliance::Fixture;
use std::sync::Arc;

struct ClusApiFixture;

impl Fixture for ClusApiFixture {
    fn backend(&self) -> Arc<dyn Backend> {
        // The suite's cases are written for instant transitions (the simulator fixture
        // uses the same switch, tests/compliance_sim.rs).
        clusapi::sim().set_instant_transitions(true);
        Arc::new(ClusApiBackend::new())
    }
    fn cluster_name(&self) -> Option<String> {
        // The library has one process-wide simulator: every case gets its own cluster.
        Some(common::fresh_cluster("compliance"))
    }
    fn manual_clock(&self) -> Option<Clock> {
        None
    }
}

clusim_compliance::suite!(ClusApiFixture);

/// The V2 cases (spec/v2.md) through the same backend: `ClusApiBackend`'s `NotifyV2Api`
/// over the C exports (`CreateClusterNotifyPortV2`, `GetClusterNotifyV2`,
/// `GetNotifyEventHandle`, `WaitForSingleObject`, …).
mod v2 {
    use super::*;
    clusim_compliance::suite_v2!(ClusApiFixture);
}
