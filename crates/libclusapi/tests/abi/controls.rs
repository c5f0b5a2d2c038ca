//! The `Cluster…Control` functions: size negotiation, the informational codes and the
//! CLUSPROP property lists. Part of the `abi` suite.

use super::*;

// ----- controls --------------------------------------------------------------------------------------

#[test]
fn controls_negotiate_sizes_and_answer_type_name_and_id() {
    let fx = Fx::new("control");
    let r = fx.resource("Cluster Disk 1");
    let code = t::CLUSCTL_RESOURCE_GET_RESOURCE_TYPE;
    let expect: Vec<u8> = w("Physical Disk").iter().flat_map(|u| u.to_le_bytes()).collect();
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let mut ret = 0u32;
        dword(
            "size query",
            || ClusterResourceControl(r, 0, code, null(), 0, null_mut(), 0, &mut ret),
            MORE_DATA,
        );
        assert_eq!(ret as usize, expect.len());
        let mut buf = vec![0xAAu8; 64];
        ret = 0;
        dword(
            "too small",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 27, &mut ret),
            234,
        );
        assert_eq!((ret, buf[0]), (28, 0xAA), "nothing written on ERROR_MORE_DATA");
        dword(
            "NULL buffer with a size",
            || ClusterResourceControl(r, 0, code, null(), 0, null_mut(), 64, &mut ret),
            234,
        );
        dword(
            "exact",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 28, &mut ret),
            0,
        );
        assert_eq!(&buf[..28], &expect[..]);
        dword(
            "NULL bytes-returned",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 64, null_mut()),
            0,
        );
        dword(
            "too small, NULL bytes-returned",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 2, null_mut()),
            234,
        );
        let node = fx.node("NODE2");
        dword(
            "host node",
            || ClusterResourceControl(r, node, code, null(), 0, buf.as_mut_ptr().cast(), 64, &mut ret),
            0,
        );
        for (label, h) in fx.bad(fx.closed_node()) {
            if h != 0 {
                dword(
                    label,
                    || ClusterResourceControl(r, h, code, null(), 0, buf.as_mut_ptr().cast(), 64, &mut ret),
                    6,
                );
            }
        }
        dword(
            "another object's code",
            || ClusterResourceControl(r, 0, t::CLUSCTL_GROUP_GET_NAME, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "unknown code",
            || ClusterResourceControl(r, 0, 0x0100_0FFF, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "resource type of a group",
            || ClusterGroupControl(fx.group("Cluster Group"), 0, code, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "cluster has no id control",
            || ClusterControl(fx.cluster, 0, t::CLUSCTL_GROUP_GET_ID, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );

        // GET_NAME and GET_ID of every kind, with a GUID for all but nodes.
        let objects: [(&str, clusim_api::ObjectHandle); 5] = [
            ("NODE3", clusim_api::HNode::from_raw(fx.node("NODE3") as usize).into()),
            ("Cluster Group", clusim_api::HGroup::from_raw(fx.group("Cluster Group") as usize).into()),
            ("Cluster Disk 1", clusim_api::HResource::from_raw(r as usize).into()),
            ("Cluster Network 1", clusim_api::HNetwork::from_raw(fx.network() as usize).into()),
            ("NODE1 - Ethernet", clusim_api::HNetInterface::from_raw(fx.netif() as usize).into()),
        ];
        for (name, obj) in objects {
            let c = codes(obj);
            let got = read_control(|o, n, rr| control(obj, c[4], null(), 0, o, n, rr)).unwrap();
            assert_eq!(utf16z(&got), name);
            let id = utf16z(&read_control(|o, n, rr| control(obj, c[5], null(), 0, o, n, rr)).unwrap());
            if name == "NODE3" {
                assert_eq!(id, "3");
            } else {
                assert_eq!(id.len(), 36, "{name}: {id}");
            }
        }
        // Bad object handles for every control function.
        let mut ret = 0u32;
        type Ctl = unsafe extern "system" fn(
            isize,
            isize,
            u32,
            *const c_void,
            u32,
            *mut c_void,
            u32,
            *mut u32,
        ) -> u32;
        let ctls: [(&str, Ctl, isize); 6] = [
            ("ClusterControl", ClusterControl, fx.closed_cluster()),
            ("ClusterNodeControl", ClusterNodeControl, fx.closed_node()),
            ("ClusterGroupControl", ClusterGroupControl, fx.closed_group()),
            ("ClusterResourceControl", ClusterResourceControl, fx.closed_resource()),
            ("ClusterNetworkControl", ClusterNetworkControl, fx.closed_network()),
            ("ClusterNetInterfaceControl", ClusterNetInterfaceControl, fx.closed_netif()),
        ];
        for (name, ctl, closed) in ctls {
            for (label, h) in fx.bad(closed) {
                dword(&format!("{name}({label})"), || ctl(h, 0, 0, null(), 0, null_mut(), 0, &mut ret), 6);
            }
        }
        for (label, h) in fx.bad(fx.closed_cluster()) {
            let pd = w("Physical Disk");
            dword(
                label,
                || {
                    ClusterResourceTypeControl(
                        h,
                        pd.as_ptr(),
                        0,
                        t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES,
                        null(),
                        0,
                        null_mut(),
                        0,
                        &mut ret,
                    )
                },
                6,
            );
        }
    }
}

#[test]
fn property_controls_use_the_clusprop_format_and_refuse_malformed_lists() {
    let fx = Fx::new("props");
    let ip = fx.resource("Cluster IP Address");
    let get = t::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES;
    let set = t::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES;
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let bytes = read_control(|o, n, r| ClusterResourceControl(ip, 0, get, null(), 0, o, n, r)).unwrap();
        // The documented layout, read by hand: count, NAME entry, SZ value, ENDMARK.
        let dw = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        assert_eq!(dw(0), 2, "Address and SubnetMask");
        assert_eq!((dw(4), dw(8)), (0x0004_0003, 16), "NAME, 8 characters with the NUL");
        assert_eq!(utf16z(&bytes[12..28]), "Address");
        assert_eq!((dw(28), dw(32)), (0x0001_0003, 20), "SZ, \"10.0.0.10\" with its NUL");
        assert_eq!(utf16z(&bytes[36..56]), "10.0.0.10");
        assert_eq!(dw(56), 0, "ENDMARK");

        let list = vec![
            ("Threshold".to_string(), PropertyValue::Dword(7)),
            ("Big".to_string(), PropertyValue::Qword(1 << 40)),
            ("Paths".to_string(), PropertyValue::MultiSz(vec!["a".into(), "b".into()])),
            ("Blob".to_string(), PropertyValue::Binary(vec![1, 2, 3])),
            ("Home".to_string(), PropertyValue::ExpandSz("%SystemRoot%".into())),
        ];
        let input = proplist::encode(&list);
        let mut ret = 99u32;
        dword(
            "set",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    set,
                    input.as_ptr().cast(),
                    input.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            0,
        );
        assert_eq!(ret, 0, "SET returns no data");
        let back = proplist::decode(
            &read_control(|o, n, r| ClusterResourceControl(ip, 0, get, null(), 0, o, n, r)).unwrap(),
        )
        .unwrap();
        for p in &list {
            assert!(back.contains(p), "{p:?} in {back:?}");
        }

        dword("NULL input", || ClusterResourceControl(ip, 0, set, null(), 0, null_mut(), 0, &mut ret), 87);
        dword(
            "empty input",
            || ClusterResourceControl(ip, 0, set, input.as_ptr().cast(), 0, null_mut(), 0, &mut ret),
            87,
        );
        dword(
            "truncated",
            || ClusterResourceControl(ip, 0, set, input.as_ptr().cast(), 10, null_mut(), 0, &mut ret),
            INVALID_DATA,
        );
        let mut bad = input.clone();
        bad[4] = 0x99;
        dword(
            "bad syntax",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    set,
                    bad.as_ptr().cast(),
                    bad.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            13,
        );
        let name_change = proplist::encode(&vec![("Name".into(), PropertyValue::Sz("x".into()))]);
        let common = t::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES;
        dword(
            "read-only Name",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    common,
                    name_change.as_ptr().cast(),
                    name_change.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            87,
        );

        // Every other object's GET/SET pair, and the resource type and cluster controls.
        let desc = proplist::encode(&vec![("Description".into(), PropertyValue::Sz("set from C".into()))]);
        let objects: [clusim_api::ObjectHandle; 5] = [
            clusim_api::HCluster::from_raw(fx.cluster as usize).into(),
            clusim_api::HNode::from_raw(fx.node("NODE1") as usize).into(),
            clusim_api::HGroup::from_raw(fx.group("Cluster Group") as usize).into(),
            clusim_api::HNetwork::from_raw(fx.network() as usize).into(),
            clusim_api::HNetInterface::from_raw(fx.netif() as usize).into(),
        ];
        for obj in objects {
            let c = codes(obj);
            assert_eq!(
                control(obj, c[1], desc.as_ptr().cast(), desc.len() as u32, null_mut(), 0, &mut ret),
                0,
                "{obj:?}"
            );
            let got =
                proplist::decode(&read_control(|o, n, r| control(obj, c[0], null(), 0, o, n, r)).unwrap())
                    .unwrap();
            assert!(
                got.contains(&("Description".into(), PropertyValue::Sz("set from C".into()))),
                "{obj:?}: {got:?}"
            );
            assert_eq!(
                control(obj, c[3], desc.as_ptr().cast(), desc.len() as u32, null_mut(), 0, &mut ret),
                0
            );
            let got =
                proplist::decode(&read_control(|o, n, r| control(obj, c[2], null(), 0, o, n, r)).unwrap())
                    .unwrap();
            assert_eq!(got.len(), 1, "{obj:?}");
        }
        let pd = w("Physical Disk");
        let rt_set = t::CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES;
        let rt_get = t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES;
        dword(
            "type set",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    pd.as_ptr(),
                    0,
                    rt_set,
                    desc.as_ptr().cast(),
                    desc.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            0,
        );
        let got = proplist::decode(
            &read_control(|o, n, r| {
                ClusterResourceTypeControl(fx.cluster, pd.as_ptr(), 0, rt_get, null(), 0, o, n, r)
            })
            .unwrap(),
        )
        .unwrap();
        assert!(got.contains(&("Description".into(), PropertyValue::Sz("set from C".into()))));
        dword(
            "type NULL name",
            || ClusterResourceTypeControl(fx.cluster, null(), 0, rt_get, null(), 0, null_mut(), 0, &mut ret),
            87,
        );
        dword(
            "type unknown",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    w("Nope").as_ptr(),
                    0,
                    rt_get,
                    null(),
                    0,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            5078,
        );
        dword(
            "type, resource code",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    pd.as_ptr(),
                    0,
                    get,
                    null(),
                    0,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            1,
        );
    }
}
