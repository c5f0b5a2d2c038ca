//! Unit tests of the registry tree.
use super::*;

fn names(fx: &[Effect]) -> Vec<(u32, String)> {
    fx.iter().filter_map(|e| e.as_event()).map(|e| (e.change.bits(), e.name.to_string())).collect()
}

#[test]
fn create_makes_intermediate_keys_with_one_event_each() {
    let mut r = Registry::new();
    let mut fx = Vec::new();
    let (k, created) = r.create_key(r.root(), "a\\b\\c", Duration::ZERO, &mut fx).unwrap();
    assert!(created);
    assert_eq!(&*r.key(k).unwrap().path, "a\\b\\c");
    assert_eq!(names(&fx), vec![(0x10, "a".into()), (0x10, "a\\b".into()), (0x10, "a\\b\\c".into())]);
    fx.clear();
    let (k2, created) = r.create_key(r.root(), "A\\B\\C", Duration::ZERO, &mut fx).unwrap();
    assert_eq!((k2, created), (k, false));
    assert!(fx.is_empty());
}

#[test]
fn leaf_delete_refuses_keys_with_subkeys_and_changes_nothing() {
    let mut r = Registry::new();
    let mut fx = Vec::new();
    let (a, _) = r.create_key(r.root(), "a\\b", Duration::ZERO, &mut fx).unwrap();
    let parent = r.lookup(r.root(), "a").unwrap();
    fx.clear();
    assert_eq!(r.delete_leaf(parent, Duration::ZERO, &mut fx), Err(Win32Error::ERROR_ACCESS_DENIED));
    assert!(fx.is_empty());
    r.delete_leaf(a, Duration::ZERO, &mut fx).unwrap();
    assert_eq!(r.lookup(r.root(), "a\\b"), Err(Win32Error::ERROR_FILE_NOT_FOUND));
}

#[test]
fn tree_delete_is_deepest_first() {
    let mut r = Registry::new();
    let mut fx = Vec::new();
    r.create_key(r.root(), "a\\b", Duration::ZERO, &mut fx).unwrap();
    r.create_key(r.root(), "a\\c", Duration::ZERO, &mut fx).unwrap();
    let a = r.lookup(r.root(), "a").unwrap();
    fx.clear();
    r.delete_tree(a, Duration::ZERO, &mut fx).unwrap();
    assert_eq!(names(&fx), vec![(0x10, "a\\b".into()), (0x10, "a\\c".into()), (0x10, "a".into())]);
    assert_eq!(r.key_count(), 1);
}

#[test]
fn values_keep_first_spelling_and_order() {
    let mut r = Registry::new();
    let mut fx = Vec::new();
    let root = r.root();
    r.set_value(root, "Zed", 4, vec![1, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
    r.set_value(root, "alpha", 4, vec![2, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
    let old = r.set_value(root, "ZED", 4, vec![3, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
    assert_eq!(old.unwrap().data, vec![1, 0, 0, 0]);
    let key = r.key(root).unwrap();
    assert_eq!(&*key.values[0].name, "Zed");
    assert_eq!(key.values[0].data, vec![3, 0, 0, 0]);
    assert_eq!(r.delete_value(root, "nope", Duration::ZERO, &mut fx), Err(Win32Error::ERROR_FILE_NOT_FOUND));
}

#[test]
fn value_lookups_follow_deletes_and_case() {
    let mut r = Registry::new();
    let mut fx = Vec::new();
    let root = r.root();
    for (i, name) in ["a", "B", "c", "D"].into_iter().enumerate() {
        r.set_value(
            root,
            name,
            clusim_api::registry::REG_DWORD,
            vec![i as u8, 0, 0, 0],
            Duration::ZERO,
            &mut fx,
        )
        .unwrap();
    }
    assert_eq!(r.delete_value(root, "b", Duration::ZERO, &mut fx).unwrap().data[0], 1);
    assert_eq!(r.value(root, "C").unwrap().data[0], 2, "positions after the deleted one moved");
    assert_eq!(r.value(root, "d").unwrap().data[0], 3);
    assert_eq!(r.value(root, "b").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    r.set_value(root, "b", clusim_api::registry::REG_DWORD, vec![9, 0, 0, 0], Duration::ZERO, &mut fx)
        .unwrap();
    let order: Vec<&str> = (0..4).map(|i| &*r.enum_value(root, i).unwrap().name).collect();
    assert_eq!(order, ["a", "c", "D", "b"], "creation order kept");
    assert_eq!(r.value(root, "B").unwrap().data[0], 9);
}

#[test]
fn bad_paths_are_invalid_parameter() {
    let r = Registry::new();
    assert_eq!(r.lookup(r.root(), "\\a"), Err(Win32Error::ERROR_INVALID_PARAMETER));
    assert_eq!(r.lookup(r.root(), "a\\\\b"), Err(Win32Error::ERROR_INVALID_PARAMETER));
    assert_eq!(r.lookup(r.root(), "a\0"), Err(Win32Error::ERROR_INVALID_PARAMETER));
}
