use super::*;
use crate::topology::Topology;

fn cluster() -> Cluster {
    Cluster::from_topology("CLUSTER", &Topology::default_cluster(), 7).unwrap()
}

fn one(name: &str, v: PropertyValue) -> PropertyList {
    vec![(name.to_string(), v)]
}

// PROP-DEFAULTS: every documented property reads as its page's default before any write.
#[test]
fn documented_defaults_are_read_before_anything_is_written() {
    let c = cluster();
    let r = ObjRef::Resource(c.resource_by_name("Cluster Disk 1").unwrap());
    let p = c.props(r).unwrap();
    assert_eq!(p.dword("RestartAction"), 2);
    assert_eq!(p.dword("RestartThreshold"), 3);
    assert_eq!(p.dword("RestartPeriod"), 900_000);
    assert_eq!(p.dword("RestartDelay"), 500);
    assert_eq!(p.dword("RetryPeriodOnFailure"), 3_600_000);
    assert_eq!(p.dword("PendingTimeout"), 180_000);
    let g = ObjRef::Group(c.group_by_name("Available Storage").unwrap());
    let p = c.props(g).unwrap();
    assert_eq!(p.dword("FailoverThreshold"), 0xFFFF_FFFF);
    assert_eq!(p.dword("FailoverPeriod"), 6);
    assert_eq!(p.dword("AutoFailbackType"), 0);
    assert_eq!(p.long("FailbackWindowStart"), -1);
    assert_eq!(p.long("FailbackWindowEnd"), -1);
    assert_eq!(p.qword("StatusInformation"), 0);
}

// PROP-RO / PROP-SYNTAX / PROP-RANGE: refused with ERROR_INVALID_PARAMETER, nothing changes.
#[test]
fn read_only_wrong_syntax_and_out_of_range_values_are_refused_and_change_nothing() {
    let mut c = cluster();
    let g = ObjRef::Group(c.group_by_name("Available Storage").unwrap());
    let before = c.read_properties(g, PropertyScope::Common, Part::ReadWrite).unwrap();
    let bad = [
        one("GroupType", PropertyValue::Dword(111)),
        one("FailoverPeriod", PropertyValue::Dword(1194)),
        one("FailoverPeriod", PropertyValue::Sz("6".into())),
        one("FailbackWindowStart", PropertyValue::Long(24)),
        vec![
            ("Description".into(), PropertyValue::Sz("first".into())),
            ("AutoFailbackType".into(), PropertyValue::Dword(2)),
        ],
    ];
    for list in bad {
        let mut fx = Vec::new();
        assert_eq!(
            c.set_properties(g, PropertyScope::Common, &list, &mut fx),
            Err(Win32Error::ERROR_INVALID_PARAMETER),
            "{list:?}"
        );
        assert!(fx.is_empty());
        assert_eq!(
            c.validate_properties(g, PropertyScope::Common, &list),
            Err(Win32Error::ERROR_INVALID_PARAMETER)
        );
    }
    assert_eq!(c.read_properties(g, PropertyScope::Common, Part::ReadWrite).unwrap(), before);
}

// PROP-SET: a valid value is stored in the table's syntax and read back typed.
#[test]
fn a_valid_set_is_read_back_in_the_tables_syntax() {
    let mut c = cluster();
    let g = ObjRef::Group(c.group_by_name("Available Storage").unwrap());
    let mut fx = Vec::new();
    c.set_properties(g, PropertyScope::Common, &one("FailbackWindowStart", PropertyValue::Dword(3)), &mut fx)
        .unwrap();
    assert!(!fx.is_empty());
    assert_eq!(c.props(g).unwrap().get("FailbackWindowStart"), Some(PropertyValue::Long(3)));
    let ro = c.read_properties(g, PropertyScope::Common, Part::ReadOnly).unwrap();
    assert_eq!(ro.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["GroupType", "StatusInformation"]);
}

// PROP-MODEL-WRITE: the model stores read-only values (GroupType from CreateClusterGroupEx).
#[test]
fn the_model_stores_a_read_only_group_type() {
    let mut c = cluster();
    let g = ObjRef::Group(c.group_by_name("Available Storage").unwrap());
    assert_eq!(c.props(g).unwrap().dword("GroupType"), 2, "ClusGroupTypeAvailableStorage");
    let core = ObjRef::Group(c.group_by_name("Cluster Group").unwrap());
    assert_eq!(c.props(core).unwrap().dword("GroupType"), 1, "ClusGroupTypeCoreCluster");
    c.store_property(g, "GroupType", PropertyValue::Dword(111)).unwrap();
    assert_eq!(c.props(g).unwrap().dword("GroupType"), 111);
    assert_eq!(
        c.store_property(g, "FailoverPeriod", PropertyValue::Dword(5000)),
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    );
}

// MODEL-PERSISTENT: a group's PersistentState is its "brought online" flag, both ways.
#[test]
fn group_persistent_state_mirrors_the_model_flag() {
    let mut c = cluster();
    let gid = c.group_by_name("Available Storage").unwrap();
    let g = ObjRef::Group(gid);
    let flag = c.group(gid).unwrap().want_online;
    assert_eq!(c.props(g).unwrap().dword("PersistentState"), u32::from(flag));
    let mut fx = Vec::new();
    c.set_properties(
        g,
        PropertyScope::Common,
        &one("PersistentState", PropertyValue::Dword(u32::from(!flag))),
        &mut fx,
    )
    .unwrap();
    assert_eq!(c.group(gid).unwrap().want_online, !flag);
}
