//! The property family (GET, GET_RO, SET, ENUM, VALIDATE) and the informational control
//! codes (GET_FLAGS, GET_CHARACTERISTICS, GET_CLASS_INFO, GET_REQUIRED_DEPENDENCIES,
//! GET_NETWORK_NAME) through the `Backend` trait, on the simulator and on the C library
//! (driven by `ClusApiBackend` through its exported entry points): both must answer
//! alike (spec/model.md "Properties", spec/c-abi.md "Control codes").

mod common;

use clusim_api::control_code::*;
use clusim_api::*;
use clusim_clusapi::ClusApiBackend;
use clusim_sim::Sim;

fn backends() -> Vec<(&'static str, Box<dyn Backend>, Option<String>)> {
    vec![
        ("sim", Box::new(Sim::builder().seed(3).build()), None),
        ("c-abi", Box::new(ClusApiBackend::new()), Some(common::fresh_cluster("props"))),
    ]
}

fn names(list: &PropertyList) -> Vec<&str> {
    list.iter().map(|(n, _)| n.as_str()).collect()
}

// PROP-GET / PROP-GET-RO / PROP-ENUM: the documented read-write and read-only split.
#[test]
fn group_read_only_properties_include_group_type_and_status_information() {
    for (label, b, name) in backends() {
        let c = b.open_cluster(name.as_deref()).unwrap();
        let g = b.open_group(c, "Available Storage").unwrap();
        let t = ControlTarget::Object(g.into());
        let ro = b.read_only_properties(t, PropertyScope::Common).unwrap();
        assert_eq!(
            ro,
            vec![
                ("GroupType".to_string(), PropertyValue::Dword(2)),
                ("StatusInformation".to_string(), PropertyValue::Qword(0)),
            ],
            "{label}"
        );
        let rw = b.get_properties(g.into(), PropertyScope::Common).unwrap();
        for p in ["Name", "FailoverThreshold", "FailoverPeriod", "AutoFailbackType", "FailbackWindowStart"] {
            assert!(names(&rw).contains(&p), "{label}: {p} in {:?}", names(&rw));
        }
        assert!(rw.contains(&("FailbackWindowStart".into(), PropertyValue::Long(-1))), "{label}");
        assert!(!names(&rw).contains(&"GroupType"), "{label}");
        let all = b.property_names(t, PropertyScope::Common).unwrap();
        assert!(all.iter().any(|n| n == "GroupType") && all.iter().any(|n| n == "FailoverPeriod"), "{label}");
    }
}

// PROP-RO / PROP-SYNTAX / PROP-RANGE / PROP-VALIDATE: refused with ERROR_INVALID_PARAMETER,
// nothing changes and no event; VALIDATE of a good list changes nothing either.
#[test]
fn set_and_validate_refuse_read_only_wrong_syntax_and_out_of_range_values() {
    for (label, b, name) in backends() {
        let c = b.open_cluster(name.as_deref()).unwrap();
        let r = b.open_resource(c, "Cluster Disk 1").unwrap();
        let t = ControlTarget::Object(r.into());
        let before = b.get_properties(r.into(), PropertyScope::Common).unwrap();
        let bad: [PropertyList; 4] = [
            vec![("Type".into(), PropertyValue::Sz("IP Address".into()))],
            vec![("RestartAction".into(), PropertyValue::Dword(3))],
            vec![("RestartThreshold".into(), PropertyValue::Sz("3".into()))],
            vec![("IsAlivePollInterval".into(), PropertyValue::Dword(5))],
        ];
        for list in &bad {
            assert_eq!(
                b.set_properties(r.into(), PropertyScope::Common, list),
                Err(Win32Error::ERROR_INVALID_PARAMETER),
                "{label}: SET {list:?}"
            );
            assert_eq!(
                b.validate_properties(t, PropertyScope::Common, list),
                Err(Win32Error::ERROR_INVALID_PARAMETER),
                "{label}: VALIDATE {list:?}"
            );
        }
        let good = vec![("RestartThreshold".to_string(), PropertyValue::Dword(7))];
        b.validate_properties(t, PropertyScope::Common, &good).unwrap();
        assert_eq!(b.get_properties(r.into(), PropertyScope::Common).unwrap(), before, "{label}");
        b.set_properties(r.into(), PropertyScope::Common, &good).unwrap();
        let after = b.get_properties(r.into(), PropertyScope::Common).unwrap();
        assert!(after.contains(&good[0]), "{label}");
        let ro = b.read_only_properties(t, PropertyScope::Common).unwrap();
        assert_eq!(ro[0], ("Type".to_string(), PropertyValue::Sz("Physical Disk".into())), "{label}");
        assert_eq!(b.read_only_properties(t, PropertyScope::Private).unwrap(), Vec::new(), "{label}");
    }
}

// CTL-INFO: flags, characteristics, class info, required dependencies, network name.
#[test]
fn informational_codes_answer_per_object_kind() {
    for (label, b, name) in backends() {
        let c = b.open_cluster(name.as_deref()).unwrap();
        let disk = ControlTarget::Object(b.open_resource(c, "Cluster Disk 1").unwrap().into());
        let cname = b.open_resource(c, "Cluster Name").unwrap();
        let ip = b.open_resource(c, "Cluster IP Address").unwrap();
        assert_eq!(b.characteristics(disk), Ok(CLUS_CHAR_QUORUM), "{label}");
        assert_eq!(b.object_flags(disk), Ok(0), "{label}");
        assert_eq!(b.object_flags(ControlTarget::Object(cname.into())), Ok(CLUS_FLAG_CORE), "{label}");
        let core_group = b.open_group(c, "Cluster Group").unwrap();
        assert_eq!(b.object_flags(ControlTarget::Object(core_group.into())), Ok(CLUS_FLAG_CORE), "{label}");
        assert_eq!(
            b.class_info(disk),
            Ok(ClassInfo { class: CLUS_RESCLASS_STORAGE, subclass: CLUS_RESSUBCLASS_SHARED }),
            "{label}"
        );
        let nn_type = ControlTarget::ResourceType(c, "Network Name");
        assert_eq!(
            b.required_dependencies(nn_type),
            Ok(vec![RequiredDependency::TypeName("IP Address".into())]),
            "{label}"
        );
        assert_eq!(b.required_dependencies(disk), Ok(Vec::new()), "{label}");
        assert_eq!(b.network_name(cname), Ok("CLUSTER".to_string()), "{label}");
        assert_eq!(b.network_name(ip), Err(Win32Error::ERROR_DEPENDENCY_NOT_FOUND), "{label}");
        let node = ControlTarget::Object(b.open_node(c, "NODE1").unwrap().into());
        assert_eq!(b.class_info(node), Err(Win32Error::ERROR_INVALID_FUNCTION), "{label}");
        assert_eq!(
            b.object_flags(ControlTarget::Object(c.into())),
            Err(Win32Error::ERROR_INVALID_FUNCTION),
            "{label}"
        );
        let ro = b.read_only_properties(node, PropertyScope::Common).unwrap();
        assert!(ro.contains(&("NodeName".into(), PropertyValue::Sz("NODE1".into()))), "{label}: {ro:?}");
    }
}
