//! The shared compliance suite (crates/clusim-compliance) against the C library, driven
//! through its exported C entry points (`windows-sys` declarations) rather than the
//! Rust trait: every case that passes against the simulator must pass here too.

mod common;

use clusim_api::Backend;
use clusim_clock::Clock;
use clusim_compliance::Fixture;
use std::sync::Arc;

struct CAbiFixture;

impl Fixture for CAbiFixture {
    fn backend(&self) -> Arc<dyn Backend> {
        Arc::new(common::CAbi)
    }
    fn cluster_name(&self) -> Option<String> {
        // The library has one process-wide simulator: every case gets its own cluster.
        Some(common::fresh_cluster("compliance"))
    }
    fn manual_clock(&self) -> Option<Clock> {
        None
    }
}

clusim_compliance::suite!(CAbiFixture);
