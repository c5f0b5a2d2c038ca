//! Prints what two model operations cost as the cluster grows (issue 13):
//! a 10-command write-batch commit with 0 and 100,000 values in the database, and
//! online + offline of one resource with 10 and 10,000 resources in the cluster.
//!
//! `cargo run --release -p clusim-model --example model_cost`. Both should stay flat:
//! the commit costs O(its commands), a transition O(the resources it touches).

use clusim_api::registry::REG_DWORD;
use clusim_api::BatchCommand;
use clusim_model::batch_wire::encode;
use clusim_model::{BatchOptions, Cluster, Topology};
use std::hint::black_box;
use std::time::Instant;

/// Transitions complete inside their calls (the instant switch): this measures the
/// walks, not simulated time.
fn cluster() -> Cluster {
    let mut c = Cluster::from_topology("COST", &Topology::default_cluster(), 1).expect("default topology");
    c.set_instant_transitions(true);
    c
}

/// Mean time of one call of `f`, in microseconds: at most `iters` calls, and no more
/// than about one second of them.
fn mean_us(iters: u32, mut f: impl FnMut()) -> f64 {
    f();
    let t = Instant::now();
    let mut n = 0;
    while n < iters && (n < 10 || t.elapsed().as_secs_f64() < 1.0) {
        f();
        n += 1;
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn commit_cost(values: usize) -> f64 {
    let mut c = cluster();
    let root = c.registry().root();
    let mut fx = Vec::new();
    for k in 0..values.div_ceil(1000) {
        let (reg, now) = c.registry_mut();
        let key = reg.create_key(root, &format!("Fill\\K{k}"), now, &mut fx).unwrap().0;
        for v in 0..1000.min(values - k * 1000) {
            reg.set_value(key, &format!("V{v}"), REG_DWORD, vec![1, 0, 0, 0], now, &mut fx).unwrap();
        }
    }
    let mut commands = vec![BatchCommand::new(clusim_api::registry::CLUSREG_CREATE_KEY, "Bench")];
    for i in 0..9u8 {
        commands.push(BatchCommand::set_value(&format!("B{i}"), REG_DWORD, &[i, 0, 0, 0]));
    }
    let wire = encode(&commands);
    mean_us(2_000, || {
        fx.clear();
        black_box(c.execute_batch(root, &wire, BatchOptions::default(), &mut fx).unwrap());
    })
}

fn transition_cost(resources: usize, per_group: usize) -> f64 {
    let mut c = cluster();
    let mut fx = Vec::new();
    let mut group = c.create_group("G0", &mut fx).unwrap();
    let mut last = None;
    for i in 0..resources {
        if i > 0 && i % per_group == 0 {
            group = c.create_group(&format!("G{i}"), &mut fx).unwrap();
        }
        last = Some(c.create_resource(group, &format!("R{i}"), "Generic Service", &mut fx).unwrap());
    }
    let r = last.expect("at least one resource");
    mean_us(20_000, || {
        fx.clear();
        c.online_resource(r, &mut fx).unwrap();
        c.offline_resource(r, &mut fx).unwrap();
        black_box(&fx);
    })
}

fn main() {
    let (small, large) = (commit_cost(0), commit_cost(100_000));
    println!(
        "10-command commit:  0 values {small:8.2} us   100k values {large:8.2} us   x{:.2}",
        large / small
    );
    for per_group in [usize::MAX, 100] {
        let (small, large) = (transition_cost(10, per_group), transition_cost(10_000, per_group));
        let layout = if per_group == usize::MAX { "one group     " } else { "100 per group " };
        println!(
            "online+offline, {layout}: 10 resources {small:8.3} us   10k resources {large:8.3} us   x{:.2}",
            large / small
        );
    }
}
