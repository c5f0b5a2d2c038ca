//! Property tests (proptest). PORT-ONE-BIT, PORT-DUP-PER-KEY and MODEL-FAIL-NOTHING over
//! random operation sequences.

use clusim::client::{Cluster, Notification};
use clusim::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    CreateGroup(u8),
    DeleteGroup(u8),
    CreateResource(u8, u8),
    DeleteResource(u8),
    Online(u8),
    Offline(u8),
    Fail(u8),
    Move(u8, u8),
    Pause(u8),
    Resume(u8),
    SetProp(u8),
    Rename(u8, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4u8).prop_map(Op::CreateGroup),
        (0..4u8).prop_map(Op::DeleteGroup),
        (0..4u8, 0..6u8).prop_map(|(g, r)| Op::CreateResource(g, r)),
        (0..6u8).prop_map(Op::DeleteResource),
        (0..6u8).prop_map(Op::Online),
        (0..6u8).prop_map(Op::Offline),
        (0..6u8).prop_map(Op::Fail),
        (0..4u8, 0..3u8).prop_map(|(g, n)| Op::Move(g, n)),
        (0..3u8).prop_map(Op::Pause),
        (0..3u8).prop_map(Op::Resume),
        (0..6u8).prop_map(Op::SetProp),
        (0..4u8, 0..4u8).prop_map(|(a, b)| Op::Rename(a, b)),
    ]
}

fn apply(c: &Cluster, op: &Op) -> Result<()> {
    let group = |i: u8| format!("g{i}");
    let res = |i: u8| format!("r{i}");
    let node = |i: u8| format!("NODE{}", i + 1);
    match *op {
        Op::CreateGroup(g) => c.create_group(&group(g)).map(|_| ()),
        Op::DeleteGroup(g) => c.open_group(&group(g))?.delete(),
        Op::CreateResource(g, r) => {
            c.open_group(&group(g))?.create_resource(&res(r), "Generic Service").map(|_| ())
        }
        Op::DeleteResource(r) => c.open_resource(&res(r))?.delete(),
        Op::Online(r) => c.open_resource(&res(r))?.online(),
        Op::Offline(r) => c.open_resource(&res(r))?.offline(),
        Op::Fail(r) => c.open_resource(&res(r))?.fail(),
        Op::Move(g, n) => {
            let n = c.open_node(&node(n))?;
            c.open_group(&group(g))?.move_to(Some(&n))
        }
        Op::Pause(n) => c.open_node(&node(n))?.pause(),
        Op::Resume(n) => c.open_node(&node(n))?.resume(),
        Op::SetProp(r) => c
            .open_resource(&res(r))?
            .set_properties(PropertyScope::Private, &vec![("P".into(), PropertyValue::Dword(u32::from(r)))]),
        Op::Rename(a, b) => c.open_group(&group(a))?.rename(&group(b)),
    }
}

fn expected_for(filter: ChangeFlags, all: &[Notification]) -> Vec<(ChangeFlags, String)> {
    all.iter()
        .filter(|n| filter.contains(n.change))
        .filter(|n| {
            !ChangeFlags::REGISTRY_EVENTS.contains(n.change)
                || n.name.is_empty()
                || filter.contains(ChangeFlags::REGISTRY_SUBTREE)
        })
        .map(|n| (n.change, n.name.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any port sees exactly the events of a CLUSTER_CHANGE_ALL port that its filter
    /// selects, in the same order, one bit each; failing calls emit nothing.
    #[test]
    fn every_port_sees_exactly_its_filtered_share(
        ops in proptest::collection::vec(op(), 1..60),
        filters in proptest::collection::vec(any::<u32>(), 1..4),
    ) {
        let sim = Sim::builder().manual_clock().instant_transitions(true).build();
        let c = sim.open(None).unwrap();
        let all = c.notify_port(ChangeFlags::ALL, NotifyKey(0)).unwrap();
        let ports: Vec<_> = filters
            .iter()
            .enumerate()
            .map(|(i, f)| (ChangeFlags::from_bits_retain(*f), c.notify_port(ChangeFlags::from_bits_retain(*f), NotifyKey(i + 1)).unwrap()))
            .collect();
        let mut seen = Vec::new();
        for op in &ops {
            let before = seen.len();
            let r = apply(&c, op);
            seen.extend(all.drain().unwrap());
            if r.is_err() {
                prop_assert_eq!(seen.len(), before, "failed {:?} ({:?}) emitted events", op, r);
            }
        }
        for n in &seen {
            prop_assert!(n.change.is_single());
            prop_assert_ne!(n.change, ChangeFlags::REGISTRY_SUBTREE);
        }
        for (i, (f, p)) in ports.iter().enumerate() {
            let got: Vec<(ChangeFlags, String)> = p.drain().unwrap().into_iter().map(|n| {
                assert_eq!(n.key, NotifyKey(i + 1));
                (n.change, n.name)
            }).collect();
            prop_assert_eq!(got, expected_for(*f, &seen));
        }
    }
}
