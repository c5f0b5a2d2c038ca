//! The V2 cases (spec/v2.md): what every backend with V2 ports must agree on. Each
//! names its rule; each opens a fresh default cluster. Run with [`crate::suite_v2!`].

use crate::{Ctx, Fixture};
use clusim_api::change_v2::*;
use clusim_api::client::NotifyPortV2;
use clusim_api::*;
use std::sync::Arc;

fn id(ctx: &Ctx, h: impl Into<ObjectHandle>) -> String {
    ctx.backend.object_id(h.into()).expect("GET_ID")
}

fn port(ctx: &Ctx, f: NotifyFilterAndType, key: usize) -> Arc<NotifyPortV2> {
    Arc::new(NotifyPortV2::create(&ctx.cluster, &[f], NotifyKey(key)).expect("create V2 port"))
}

/// V2-PAYLOAD / V2-IDS: GROUP STATE_V2 carries the group's id, its owner node's id, its
/// name and the new state as a DWORD; the ids are the `CLUSCTL_*_GET_ID` ones.
pub fn v2_group_state_carries_ids_and_the_state(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let g = ctx.cluster.create_group("v2-state").unwrap();
    g.create_resource("v2-state-app", "Generic Application").unwrap();
    let p = port(&ctx, NotifyFilterAndType::group(GroupChangeV2::STATE), 7);
    g.online().unwrap();
    let got = p.drain().unwrap();
    let (state, owner) = g.state().unwrap();
    let owner_id = id(&ctx, ctx.cluster.open_node(&owner).unwrap().raw());
    let last = got.last().expect("a GROUP STATE_V2");
    assert_eq!((last.key, last.object_type, last.flag), (NotifyKey(7), ObjectType::Group, 0x8));
    assert_eq!((last.object_id.clone(), last.parent_id.clone()), (id(&ctx, g.raw()), owner_id));
    assert_eq!((last.name.as_str(), last.type_name.as_str()), ("v2-state", ""));
    assert_eq!(last.payload(), PayloadV2::Dword(state as u32));
}

/// V2-PAYLOAD: GROUP RESOURCE_ADDED_V2 as the ApiGetNotifyV2 table has it (sic: payload
/// the group id, ObjectId and Name the new resource's).
pub fn v2_resource_added_row_is_as_the_table_lays_it_out(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let g = ctx.cluster.create_group("v2-added").unwrap();
    let p = port(&ctx, NotifyFilterAndType::group(GroupChangeV2::RESOURCE_ADDED), 1);
    let r = g.create_resource("v2-added-app", "Generic Application").unwrap();
    let n = p.get(Timeout::POLL).unwrap();
    assert_eq!((n.object_id.clone(), n.name.as_str()), (id(&ctx, r.raw()), "v2-added-app"));
    assert_eq!(n.payload(), PayloadV2::Id(id(&ctx, g.raw())));
}

/// V2-MORE-DATA (N17): a too-small name keeps the event queued and reports every size;
/// the retry with that size gets it.
pub fn v2_more_data_keeps_the_event_for_the_retry(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED), 1);
    ctx.cluster.create_group("v2-more-data").unwrap();
    let mut small = [0u16; 4];
    let mut out = NotifyV2Buffers { name: Some(&mut small), ..Default::default() };
    let sizes = match p.get_into(&mut out, Timeout::POLL) {
        Err(GetNotifyV2Error::MoreData(s)) => s,
        other => panic!("expected ERROR_MORE_DATA, got {other:?}"),
    };
    assert_eq!((sizes.name, sizes.buffer), (12, 4));
    let mut name = vec![0u16; sizes.name + 1];
    let mut out = NotifyV2Buffers { name: Some(&mut name), ..Default::default() };
    let h = p.get_into(&mut out, Timeout::POLL).unwrap();
    assert_eq!(String::from_utf16(&name[..h.sizes.name]).unwrap(), "v2-more-data");
}

/// V2-TIMEOUT (N2): a zero timeout polls.
pub fn v2_zero_timeout_polls(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED), 1);
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// V2-CLOSE (N3): a waiter blocked in GetClusterNotifyV2 returns ERROR_INVALID_HANDLE
/// when another thread closes the port.
pub fn v2_close_wakes_a_blocked_waiter(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED), 1);
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.get(Timeout::Infinite));
    if let Some(seen) = f.wait_for_blocked_gets(p.raw(), 1, crate::BLOCK_LIMIT) {
        assert!(seen, "the get never blocked");
    }
    p.close().unwrap();
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// V2-EVENT (N15): the port's event is signalled while the port holds an event.
pub fn v2_event_is_signalled_while_the_port_holds_events(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED), 1);
    assert_eq!(p.wait(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    ctx.cluster.create_group("v2-event").unwrap();
    assert_eq!(p.wait(Timeout::POLL), Ok(()));
    assert_eq!(p.get(Timeout::POLL).unwrap().name, "v2-event");
}

/// V2-BAD-INPUT (§3.8): unknown object types, flags outside the type's enum and the
/// client-only flags are ERROR_INVALID_PARAMETER; a handle of another kind than the
/// object type needs is ERROR_INVALID_HANDLE.
pub fn v2_bad_filters_are_refused(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    for bad in [
        NotifyFilterAndType { object_type: 0x77, flags: 1 },
        NotifyFilterAndType::new(ObjectType::Group, 0x400),
        NotifyFilterAndType::cluster(ClusterChangeV2::STATE),
        NotifyFilterAndType::group(GroupChangeV2::HANDLE_CLOSE),
    ] {
        let err = b.create_notify_port_v2(None, Some(ctx.cluster.raw()), &[bad], NotifyKey(1)).unwrap_err();
        assert_eq!(err, Win32Error::ERROR_INVALID_PARAMETER, "{bad:?}");
    }
    let p = NotifyPortV2::create(&ctx.cluster, &[], NotifyKey(1)).unwrap();
    let node = ctx.cluster.open_node(&ctx.cluster.nodes().unwrap().next().unwrap()).unwrap();
    let err = p.register(&node, NotifyFilterAndType::group(GroupChangeV2::STATE), NotifyKey(1)).unwrap_err();
    assert_eq!(err, Win32Error::ERROR_INVALID_HANDLE);
}

/// V2-HANDLE-CLOSE (CMRP 3.2.4.7): closing a group handle a V2 registration was made
/// with queues GROUP HANDLE_CLOSE_V2 with the registration's key and the group's name.
pub fn v2_closing_a_registered_handle_queues_handle_close(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let g = ctx.cluster.create_group("v2-close").unwrap();
    let p = NotifyPortV2::create(&ctx.cluster, &[], NotifyKey(1)).unwrap();
    p.register(&g, NotifyFilterAndType::group(GroupChangeV2::STATE), NotifyKey(3)).unwrap();
    g.close().unwrap();
    let n = p.get(Timeout::POLL).unwrap();
    assert_eq!(
        (n.key, n.object_type, n.flag, n.name.as_str()),
        (NotifyKey(3), ObjectType::Group, 0x200, "v2-close")
    );
}
