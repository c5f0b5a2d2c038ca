//! Deep and long input on a small stack (spec/registry.md REG-LIMITS, spec/model.md
//! MODEL-DEPS): every walk over caller-controlled depth is iterative, so each case runs
//! on a thread with a 64 KiB stack and the registry limits answer with their codes.

use clusim_api::registry::*;
use clusim_api::{BatchCommand as C, ResourceState, Win32Error};
use clusim_model::registry::{MAX_KEY_DEPTH, MAX_KEY_NAME_LEN, MAX_LEVELS_PER_CREATE, MAX_VALUE_NAME_LEN};
use clusim_model::{BatchOptions, Cluster, Effect, ObjRef, RegKeyId, Topology};
use std::time::Duration;

const SMALL_STACK: usize = 64 * 1024;

/// Runs `f` on a thread with a 64 KiB stack; a stack overflow would abort the process.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(SMALL_STACK).spawn(f).expect("spawn").join().expect("no panic");
}

/// Transitions complete inside their calls (the instant switch): this measures the
/// walks, not simulated time.
fn cluster() -> Cluster {
    let mut c = Cluster::from_topology("DEEP", &Topology::default_cluster(), 1).expect("default topology");
    c.set_instant_transitions(true);
    c
}

fn chain(levels: usize) -> String {
    vec!["k"; levels].join("\\")
}

/// Extends a chain of `k` keys below `from` until it is `levels` deep below `from`,
/// 32 levels per call; returns the deepest key.
fn deep_chain(c: &mut Cluster, from: RegKeyId, levels: usize) -> RegKeyId {
    let mut cur = from;
    let mut fx = Vec::new();
    let mut made = 0;
    while made < levels {
        let n = (levels - made).min(MAX_LEVELS_PER_CREATE);
        let (reg, now) = c.registry_mut();
        cur = reg.create_key(cur, &chain(n), now, &mut fx).expect("within the limits").0;
        made += n;
    }
    cur
}

fn name_events(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| e.as_event().is_some()).count()
}

/// REG-LIMITS: a tree 512 levels deep is accepted, made 32 levels per call; the 513th
/// level, 33 levels in one call and the issue's 16,383-level path are
/// ERROR_INVALID_PARAMETER and create nothing.
#[test]
fn registry_depth_and_per_call_limits() {
    on_small_stack(|| {
        let mut c = cluster();
        let root = c.registry().root();
        let before = c.registry().key_count();
        let mut fx = Vec::new();
        let (reg, now) = c.registry_mut();
        let too_many = reg.create_key(root, &chain(MAX_LEVELS_PER_CREATE + 1), now, &mut fx);
        assert_eq!(too_many, Err(Win32Error::ERROR_INVALID_PARAMETER));
        let issue = reg.create_key(root, &chain(16_383), now, &mut fx);
        assert_eq!(issue, Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert!(fx.is_empty());
        assert_eq!(c.registry().key_count(), before);
        let deepest = deep_chain(&mut c, root, MAX_KEY_DEPTH);
        assert_eq!(c.registry().depth(deepest), MAX_KEY_DEPTH);
        let (reg, now) = c.registry_mut();
        assert_eq!(reg.create_key(deepest, "one", now, &mut fx), Err(Win32Error::ERROR_INVALID_PARAMETER));
        // Opening what exists is not creating: the whole chain in one call opens it.
        assert_eq!(reg.create_key(root, &chain(MAX_KEY_DEPTH), now, &mut fx), Ok((deepest, false)));
        assert_eq!(reg.lookup(root, &chain(MAX_KEY_DEPTH)), Ok(deepest));
        assert_eq!(reg.lookup(root, &chain(16_383)), Err(Win32Error::ERROR_FILE_NOT_FOUND));
        assert!(fx.is_empty());
    });
}

/// BATCH-CURRENT-KEY, BATCH-ATOMIC: a batch DELETE_KEY of the top of a 512-level chain
/// deletes it deepest first; a batch that deletes it and then fails puts it all back.
#[test]
fn batch_delete_of_a_deep_chain() {
    on_small_stack(|| {
        let mut c = cluster();
        let root = c.registry().root();
        let deepest = deep_chain(&mut c, root, MAX_KEY_DEPTH);
        let before = c.registry().key_count();
        let mut fx = Vec::new();
        let opts = BatchOptions::default();
        let failing = [C::new(CLUSREG_DELETE_KEY, "k"), C::set_value("v", REG_DWORD, &[1, 0, 0, 0])];
        let f = c.execute_commands(root, &failing, opts, &mut fx).unwrap_err();
        assert_eq!((f.code, f.failed_command), (Win32Error::ERROR_INVALID_PARAMETER, 1));
        assert!(fx.is_empty());
        assert_eq!(c.registry().key_count(), before);
        assert_eq!(c.registry().lookup(root, &chain(MAX_KEY_DEPTH)), Ok(deepest));
        c.execute_commands(root, &[C::new(CLUSREG_DELETE_KEY, "k")], opts, &mut fx).unwrap();
        assert_eq!(name_events(&fx), MAX_KEY_DEPTH);
        assert_eq!(fx[0].as_event().unwrap().name.matches('\\').count(), MAX_KEY_DEPTH - 1);
        assert!(!c.registry().exists(deepest));
        assert_eq!(c.registry().key_count(), before - MAX_KEY_DEPTH);
    });
}

/// MODEL-DELETE: deleting a group or resource whose key holds a chain as deep as the
/// registry allows deletes the whole chain.
#[test]
fn object_delete_of_a_key_holding_a_deep_chain() {
    on_small_stack(|| {
        let mut c = cluster();
        let mut fx = Vec::new();
        let g = c.create_group("Deep", &mut fx).unwrap();
        let r = c.create_resource(g, "DeepRes", "Generic Service", &mut fx).unwrap();
        for obj in [ObjRef::Resource(r), ObjRef::Group(g)] {
            let key = c.obj_key(obj).unwrap();
            let below = MAX_KEY_DEPTH - c.registry().depth(key);
            let deepest = deep_chain(&mut c, key, below);
            assert_eq!(c.registry().depth(deepest), MAX_KEY_DEPTH);
            fx.clear();
            match obj {
                ObjRef::Resource(r) => c.delete_resource(r, &mut fx).unwrap(),
                _ => c.delete_group(g, &mut fx).unwrap(),
            }
            assert!(!c.registry().exists(deepest) && !c.registry().exists(key));
            assert!(name_events(&fx) > below);
        }
    });
}

/// MODEL-DEPS (N16): a chain of 2,000 dependencies comes online providers first and goes
/// offline dependents first, two events per resource, then deletes dependents first.
#[test]
fn long_dependency_chain_online_offline_delete() {
    const N: usize = 2_000;
    on_small_stack(|| {
        let mut c = cluster();
        let mut fx = Vec::new();
        let g = c.create_group("Chain", &mut fx).unwrap();
        let mut rs = Vec::new();
        for i in 0..N {
            let r = c.create_resource(g, &format!("R{i}"), "Generic Service", &mut fx).unwrap();
            if let Some(&prev) = rs.last() {
                c.add_dependency(r, prev, &mut fx).unwrap();
            }
            rs.push(r);
        }
        fx.clear();
        c.online_resource(rs[N - 1], &mut fx).unwrap();
        assert!(rs.iter().all(|&r| c.resource(r).unwrap().state == ResourceState::Online));
        let first = fx.iter().filter_map(|e| e.as_event()).next().unwrap();
        assert_eq!(&*first.name, "R0");
        fx.clear();
        c.offline_resource(rs[0], &mut fx).unwrap();
        assert!(rs.iter().all(|&r| c.resource(r).unwrap().state == ResourceState::Offline));
        let first = fx.iter().filter_map(|e| e.as_event()).next().unwrap();
        assert_eq!(*first.name, *format!("R{}", N - 1));
        assert_eq!(c.delete_resource(rs[0], &mut fx), Err(Win32Error::ERROR_DEPENDENT_RESOURCE_EXISTS));
        for &r in rs.iter().rev() {
            c.delete_resource(r, &mut fx).unwrap();
        }
        c.delete_group(g, &mut fx).unwrap();
    });
}

/// REG-PATHS, REG-VALUE, MODEL-NAMES: the longest accepted names work on a small stack;
/// one character more is ERROR_INVALID_PARAMETER.
#[test]
fn longest_names() {
    on_small_stack(|| {
        let mut c = cluster();
        let root = c.registry().root();
        let mut fx = Vec::new();
        let (reg, now) = c.registry_mut();
        let k = reg.create_key(root, &"n".repeat(MAX_KEY_NAME_LEN), now, &mut fx).unwrap().0;
        let long_key = reg.create_key(root, &"n".repeat(MAX_KEY_NAME_LEN + 1), now, &mut fx);
        assert_eq!(long_key, Err(Win32Error::ERROR_INVALID_PARAMETER));
        let name = "v".repeat(MAX_VALUE_NAME_LEN);
        reg.set_value(k, &name, REG_DWORD, vec![1, 0, 0, 0], now, &mut fx).unwrap();
        let long = reg.set_value(k, &format!("{name}v"), REG_DWORD, vec![1, 0, 0, 0], now, &mut fx);
        assert_eq!(long, Err(Win32Error::ERROR_INVALID_PARAMETER));
        reg.delete_value(k, &name, now, &mut fx).unwrap();
        let longest = "g".repeat(clusim_model::names::MAX_NAME_LEN);
        let g = c.create_group(&longest, &mut fx).unwrap();
        assert_eq!(c.create_group(&format!("{longest}g"), &mut fx), Err(Win32Error::ERROR_INVALID_PARAMETER));
        c.delete_group(g, &mut fx).unwrap();
    });
}

/// BATCH-ATOMIC (B11): a failing batch that replaced, added and deleted values, created
/// keys, deleted a subtree and re-created it leaves the database exactly as it was
/// (values and their order, last-write times, key ids) and records nothing.
#[test]
fn failed_batch_undoes_every_change_exactly() {
    let mut c = cluster();
    let root = c.registry().root();
    let mut fx = Vec::new();
    let (reg, now) = c.registry_mut();
    let app = reg.create_key(root, "App", now, &mut fx).unwrap().0;
    let sub = reg.create_key(app, "Sub\\Leaf", now, &mut fx).unwrap().0;
    for (i, n) in ["a", "b", "c"].iter().enumerate() {
        reg.set_value(app, n, REG_DWORD, vec![i as u8, 0, 0, 0], now, &mut fx).unwrap();
    }
    reg.set_value(sub, "x", REG_SZ, vec![b'x', 0, 0, 0], now, &mut fx).unwrap();
    c.set_now(Duration::from_secs(5));
    let before = dump(&c);
    let batch = [
        C::new(CLUSREG_CREATE_KEY, ""),
        C::set_value("B", REG_DWORD, &[9, 0, 0, 0]),
        C::set_value("new", REG_DWORD, &[9, 0, 0, 0]),
        C::new(CLUSREG_DELETE_VALUE, "a"),
        C::new(CLUSREG_DELETE_KEY, "Sub"),
        C::new(CLUSREG_CREATE_KEY, "Sub\\Other\\Deeper"),
        C::set_value("y", REG_DWORD, &[1, 0, 0, 0]),
        C::new(CLUSREG_DELETE_KEY, ""),
        C::set_value("fails", REG_DWORD, &[1, 0, 0, 0]),
    ];
    fx.clear();
    let f = c.execute_commands(app, &batch, BatchOptions::default(), &mut fx).unwrap_err();
    assert_eq!((f.code, f.failed_command), (Win32Error::ERROR_INVALID_PARAMETER, 8));
    assert!(fx.is_empty());
    assert_eq!(dump(&c), before);
    assert_eq!(c.registry().lookup(app, "Sub\\Leaf"), Ok(sub));
    // The same batch without its failing command commits every change.
    c.execute_commands(app, &batch[..7], BatchOptions::default(), &mut fx).unwrap();
    let app_values: Vec<&str> = c.registry().key(app).unwrap().values.iter().map(|v| &*v.name).collect();
    assert_eq!(app_values, ["b", "c", "new"]);
    assert_eq!(c.registry().lookup(app, "Sub\\Leaf"), Err(Win32Error::ERROR_FILE_NOT_FOUND));
    assert!(!c.registry().exists(sub));
    c.registry().lookup(app, "Sub\\Other\\Deeper").unwrap();
}

type Dump = Vec<(String, Vec<(String, u32, Vec<u8>)>, Duration, Vec<u8>)>;

fn dump(c: &Cluster) -> Dump {
    let reg = c.registry();
    let mut all = Vec::new();
    reg.post_order(reg.root(), &mut all);
    all.iter()
        .map(|&k| {
            let key = reg.key(k).unwrap();
            let values = key.values.iter().map(|v| (v.name.to_string(), v.ty, v.data.clone())).collect();
            (key.path.to_string(), values, key.last_write, key.security.clone())
        })
        .collect()
}
