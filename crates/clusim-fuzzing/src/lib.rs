//! # clusim-fuzzing
//!
//! Interpreters that turn arbitrary bytes into ClusAPI call sequences against the
//! simulator, checking invariants as they go. The `fuzz/` targets call them under
//! libFuzzer; `tests/fuzz_corpus.rs` replays the stored corpus in the normal test suite.
//!
//! Invariants checked by [`batch_wire`]: the strict decoder never panics; whatever it
//! accepts re-encodes to the same bytes; executing it either applies (and the database
//! stays consistent) or fails without changing anything.
//!
//! Invariants checked by [`api_ops`]: no call panics; every delivered indication has
//! exactly one change bit and a NUL-terminated name that fits the buffer; every
//! `ERROR_MORE_DATA` leaves the event for the retry; garbage handles are
//! `ERROR_INVALID_HANDLE`.

#![warn(missing_docs)]

use clusim_api::*;
use clusim_sim::Sim;

struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    fn u32(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = (v << 8) | u32::from(self.u8()?);
        }
        Some(v)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let b = self.u8()?;
        (!items.is_empty()).then(|| items[usize::from(b) % items.len()])
    }
}

const NAMES: [&str; 6] = ["g0", "g1", "Cluster Group", "Available Storage", "", "g\u{e9}\u{1F600}"];
const RES: [&str; 5] = ["r0", "r1", "Cluster Disk 1", "Cluster IP Address", "Cluster Name"];
const NODES: [&str; 4] = ["NODE1", "NODE2", "NODE3", "NODE4"];
const TYPES: [&str; 3] = ["Physical Disk", "Generic Service", "Nope"];

/// Runs the byte string as a sequence of backend calls. Panics only when an invariant
/// breaks (that is the bug the fuzzer reports).
pub fn api_ops(data: &[u8]) {
    let sim = Sim::builder().manual_clock().port_capacity(16).instant_transitions(true).build();
    let b: &dyn Backend = &sim;
    let mut input = Bytes { data, pos: 0 };
    let mut raw: Vec<usize> = vec![0, 1, usize::MAX, 0xdead_beef];
    let mut ports: Vec<HChange> = Vec::new();
    while let Some(op) = input.u8() {
        let Some(h) = input.pick(&raw) else { break };
        let _ = match op % 16 {
            0 => b
                .open_cluster(input.pick(&["a", "b", ""]).filter(|s| !s.is_empty()))
                .map(|c| raw.push(c.0 .0)),
            1 => b
                .create_group(
                    HCluster::from_raw(h),
                    NAMES[usize::from(input.u8().unwrap_or(0)) % NAMES.len()],
                )
                .map(|g| raw.push(g.0 .0)),
            2 => b
                .open_group(HCluster::from_raw(h), NAMES[usize::from(input.u8().unwrap_or(0)) % NAMES.len()])
                .map(|g| raw.push(g.0 .0)),
            3 => b
                .create_resource(
                    HGroup::from_raw(h),
                    RES[usize::from(input.u8().unwrap_or(0)) % RES.len()],
                    TYPES[usize::from(input.u8().unwrap_or(0)) % TYPES.len()],
                )
                .map(|r| raw.push(r.0 .0)),
            4 => b
                .open_resource(HCluster::from_raw(h), RES[usize::from(input.u8().unwrap_or(0)) % RES.len()])
                .map(|r| raw.push(r.0 .0)),
            5 => match input.u8().unwrap_or(0) % 4 {
                0 => b.online_resource(HResource::from_raw(h)),
                1 => b.offline_resource(HResource::from_raw(h)),
                2 => b.fail_resource(HResource::from_raw(h)),
                _ => b.delete_resource(HResource::from_raw(h)),
            },
            6 => b
                .open_node(HCluster::from_raw(h), NODES[usize::from(input.u8().unwrap_or(0)) % NODES.len()])
                .map(|n| raw.push(n.0 .0)),
            7 => match input.u8().unwrap_or(0) % 3 {
                0 => b.pause_node(HNode::from_raw(h)),
                1 => b.resume_node(HNode::from_raw(h)),
                _ => b.evict_node(HNode::from_raw(h)),
            },
            8 => {
                let node = input.pick(&raw).map(HNode::from_raw);
                b.move_group(HGroup::from_raw(h), node)
            }
            9 => {
                let existing =
                    if input.u8().unwrap_or(0).is_multiple_of(2) { None } else { input.pick(&ports) };
                let cluster = if input.u8().unwrap_or(0).is_multiple_of(4) {
                    None
                } else {
                    Some(HCluster::from_raw(h))
                };
                let filter = ChangeFlags::from_bits_retain(input.u32().unwrap_or(u32::MAX));
                b.create_notify_port(
                    existing,
                    cluster,
                    filter,
                    NotifyKey(usize::from(input.u8().unwrap_or(0))),
                )
                .map(|p| {
                    ports.push(p);
                    raw.push(p.0 .0);
                })
            }
            10 => {
                let Some(p) = input.pick(&ports) else { continue };
                let filter = ChangeFlags::from_bits_retain(input.u32().unwrap_or(0));
                let obj = match input.u8().unwrap_or(0) % 5 {
                    0 => ObjectHandle::Cluster(HCluster::from_raw(h)),
                    1 => ObjectHandle::Group(HGroup::from_raw(h)),
                    2 => ObjectHandle::Resource(HResource::from_raw(h)),
                    3 => ObjectHandle::Node(HNode::from_raw(h)),
                    _ => ObjectHandle::Network(HNetwork::from_raw(h)),
                };
                b.register_notify(p, filter, obj, NotifyKey(7))
            }
            11 => {
                let Some(p) = input.pick(&ports) else { continue };
                get_checked(b, p, usize::from(input.u8().unwrap_or(0) % 12));
                Ok(())
            }
            12 => {
                let kind = input.u8().unwrap_or(0) % 6;
                match kind {
                    0 => b.close_cluster(HCluster::from_raw(h)),
                    1 => b.close_group(HGroup::from_raw(h)),
                    2 => b.close_resource(HResource::from_raw(h)),
                    3 => b.close_node(HNode::from_raw(h)),
                    4 => b.close_network(HNetwork::from_raw(h)),
                    _ => b.close_notify_port(HChange::from_raw(h)),
                }
            }
            13 => b.set_group_name(
                HGroup::from_raw(h),
                NAMES[usize::from(input.u8().unwrap_or(0)) % NAMES.len()],
            ),
            14 => b.set_properties(
                ObjectHandle::Resource(HResource::from_raw(h)),
                if input.u8().unwrap_or(0).is_multiple_of(2) {
                    PropertyScope::Common
                } else {
                    PropertyScope::Private
                },
                &vec![(
                    NAMES[usize::from(input.u8().unwrap_or(0)) % NAMES.len()].to_string(),
                    PropertyValue::Dword(input.u32().unwrap_or(0)),
                )],
            ),
            _ => b.online_group(HGroup::from_raw(h), None),
        };
        if raw.len() > 256 {
            raw.drain(4..64);
        }
    }
    for p in ports {
        while get_checked(b, p, 64) {}
    }
}

/// One `GetClusterNotify` with a buffer of `cap` units, checking the invariants; true if
/// an event was delivered.
fn get_checked(b: &dyn Backend, p: HChange, cap: usize) -> bool {
    let mut buf = vec![0xFFFFu16; cap];
    match b.get_notify(p, &mut buf, Timeout::POLL) {
        Ok(h) => {
            assert!(h.change.is_single(), "indication with {:?}", h.change);
            assert_ne!(h.change, ChangeFlags::REGISTRY_SUBTREE);
            assert!(h.name_len < cap && buf[h.name_len] == 0, "name must fit with its NUL");
            true
        }
        Err(GetNotifyError::MoreData { needed }) => {
            assert!(needed + 1 > cap, "MORE_DATA with room enough");
            let mut big = vec![0u16; needed + 1];
            let h = b.get_notify(p, &mut big, Timeout::POLL).expect("the event stays for the retry");
            assert_eq!(h.name_len, needed);
            true
        }
        Err(GetNotifyError::Failed(e)) => {
            assert!(e == Win32Error::WAIT_TIMEOUT || e == Win32Error::ERROR_INVALID_HANDLE, "get: {e}");
            false
        }
    }
}

/// Feeds arbitrary bytes to the `CLUSTER_REG_BATCH_UPDATE` decoder and, when they decode,
/// executes them against a fresh default cluster (conditions enabled).
pub fn batch_wire(data: &[u8]) {
    use clusim_model::batch_wire::{decode, encode};
    use clusim_model::{BatchOptions, Cluster, Topology};
    let Ok(commands) = decode(data) else { return };
    assert_eq!(encode(&commands), data, "decode/encode must be inverse");
    let mut cluster =
        Cluster::from_topology("FUZZ", &Topology::default_cluster(), 0).expect("default topology");
    let root = cluster.registry().root();
    let before = cluster.registry().key_count();
    let mut fx = Vec::new();
    match cluster.execute_batch(root, data, BatchOptions { conditions: true }, &mut fx) {
        Ok(records) => {
            assert!(records.len() >= commands.iter().filter(|c| c.command <= 4).count());
            assert!(fx.iter().all(|e| e.as_event().is_some_and(|e| e.change.is_single())));
        }
        Err(f) => {
            assert!(fx.is_empty(), "a failed batch records no effect");
            assert_eq!(cluster.registry().key_count(), before, "a failed batch changes nothing");
            assert!(f.failed_command >= -1 && (f.failed_command as i64) < commands.len() as i64);
        }
    }
}

/// Seed inputs for the `batch_wire` corpus (valid encodings covering every command kind);
/// `tests/fuzz_corpus.rs` checks the stored corpus still contains them.
pub fn batch_wire_seeds() -> Vec<(&'static str, Vec<u8>)> {
    use clusim_api::registry::*;
    use clusim_api::BatchCommand as C;
    use clusim_model::batch_wire::encode;
    let set = |n: &str, t: u32, d: &[u8]| C::set_value(n, t, d);
    let cond = |cmd: u32, n: &str, t: u32, d: &[u8]| C {
        command: cmd,
        options: t,
        name: n.into(),
        data: d.to_vec(),
    };
    vec![
        (
            "doc_example",
            encode(&[
                C::new(CLUSREG_CREATE_KEY, "a"),
                set("v", REG_DWORD, &1u32.to_le_bytes()),
                set("b", REG_BINARY, &[1, 2, 3]),
                C::new(CLUSREG_DELETE_VALUE, "w"),
            ]),
        ),
        (
            "cmrp_notify_example",
            encode(&[
                C::new(CLUSREG_DELETE_VALUE, "NotifyTest"),
                set("NotifyTest", REG_SZ, &sz("hello world")),
                set("NotifyTest", REG_SZ, &sz("hello universe")),
                C::new(CLUSREG_DELETE_VALUE, "NotifyTest"),
            ]),
        ),
        (
            "nested_keys",
            encode(&[
                C::new(CLUSREG_CREATE_KEY, "x\\y\\z"),
                set("", REG_SZ, &sz("default")),
                C::new(CLUSREG_CREATE_KEY, "w"),
            ]),
        ),
        (
            "delete_then_value",
            encode(&[
                C::new(CLUSREG_CREATE_KEY, "k"),
                C::new(CLUSREG_DELETE_KEY, ""),
                set("orphan", REG_DWORD, &[0; 4]),
            ]),
        ),
        ("protected_delete", encode(&[C::new(CLUSREG_DELETE_KEY, "Resources")])),
        (
            "every_type",
            encode(&[
                set("n", REG_NONE, &[]),
                set("e", REG_EXPAND_SZ, &sz("%x%")),
                set("m", REG_MULTI_SZ, &[0, 0]),
                set("q", REG_QWORD, &[1; 8]),
            ]),
        ),
        (
            "conditions",
            encode(&[
                set("d", REG_DWORD, &5u32.to_le_bytes()),
                cond(CLUSREG_CONDITION_IS_GREATER_THAN, "d", REG_DWORD, &4u32.to_le_bytes()),
                cond(CLUSREG_CONDITION_KEY_NOT_EXISTS, "nope", 0, &[]),
                cond(CLUSREG_CONDITION_EXISTS, "zz", 0, &[]),
            ]),
        ),
        ("bad_value_size", encode(&[set("d", REG_DWORD, &[1, 2, 3])])),
        (
            "unicode_names",
            encode(&[
                C::new(CLUSREG_CREATE_KEY, "\u{e9}t\u{e9}\\\u{1F600}"),
                set("\u{4e2d}", REG_SZ, &sz("\u{1F600}")),
            ]),
        ),
    ]
}
