//! What the width of `WCHAR` changes (spec/c-abi.md RESUTILS-WCHAR32, after
//! CABI-WCHAR32): text outside the BMP in and out with its sizes in the flavour's units,
//! the CLUSPROP layout of the lists this library writes, and input units that are not
//! text.

use super::enumerate::count;
use super::table::item;
use super::*;
use clusim_api::PropertyValue;
use resutils::enumerate::*;
use resutils::find::*;
use resutils::table::*;

/// Outside ASCII and outside the BMP: 7 characters, 8 UTF-16 units.
const NAME: &str = "Grüße \u{1F600}";

/// Its length in the flavour's units.
const NAME_UNITS: usize = if UNIT == 4 { 7 } else { 8 };

#[repr(C)]
struct Block {
    text: *mut WChar,
    multi: *mut WChar,
    multi_size: u32,
}

// RESUTILS-WCHAR32: a group name outside the BMP read with ResUtilFindSzProperty from
// GET_COMMON_PROPERTIES comes back in the flavour's units; a MULTI_SZ copy has its
// size in bytes of the flavour's encoding.
#[test]
fn text_outside_the_bmp_comes_back_in_the_flavours_units_with_its_sizes() {
    assert_eq!(units(NAME).len(), NAME_UNITS);
    let name = format!("{NAME} resutils");
    // SAFETY (all calls): NUL-terminated names, buffers valid for the sizes passed.
    unsafe {
        let g = CreateClusterGroup(cluster(), w(&name).as_ptr());
        assert!(!g.is_null(), "CreateClusterGroup");
        let list = control(g, 3, GET_COMMON, &[]);
        let mut sz: *mut WChar = null_mut();
        assert_eq!(
            ResUtilFindSzProperty(list.as_ptr().cast(), list.len() as u32, w("Name").as_ptr(), &mut sz),
            0
        );
        let n = (0..).position(|i| *sz.add(i) == 0).unwrap();
        assert_eq!(n, NAME_UNITS + " resutils".len(), "units before the NUL");
        assert_eq!(take_sz(sz), name);
        assert_eq!(CloseClusterGroup(g), 1);

        let r = resource("Cluster Disk 1");
        let items = PropertyValue::MultiSz(vec![NAME.into(), "B".into()]);
        control(r, 1, SET_PRIVATE, &list_in_width(&vec![("Owners".into(), items)]));
        let private = control(r, 1, GET_PRIVATE, &[]);
        let (mut ms, mut cb): (*mut WChar, u32) = (null_mut(), 0);
        let rc = ResUtilFindMultiSzProperty(
            private.as_ptr().cast(),
            private.len() as u32,
            w("OWNERS").as_ptr(),
            &mut ms,
            &mut cb,
        );
        assert_eq!(rc, 0);
        // The name and its NUL, "B" and its NUL, the final NUL.
        assert_eq!(cb as usize, (NAME_UNITS + 1 + 2 + 1) * UNIT);
        let got = std::slice::from_raw_parts(ms.cast::<u8>(), cb as usize);
        assert_eq!(got, text_bytes(&format!("{NAME}\0B\0\0")));
        assert!(LocalFree(ms.cast()).is_null());
    }
}

// RESUTILS-WCHAR32 (CLUSPROP layout, MS-CMRP 2.2.3.10): the list
// ResUtilPropertyListFromParameterBlock writes has its name and string value in the
// flavour's units, each cbLength counting the NUL in its bytes, padded to 4.
#[test]
fn lists_written_have_names_and_values_in_the_flavours_units() {
    let name = w(NAME);
    let value = w("Wert \u{1F30D}");
    let table = [
        item(&name, 3, 0, 0, std::mem::offset_of!(Block, text)),
        ResutilPropertyItem { Name: null(), ..item(&name, 0, 0, 0, 0) },
    ];
    let block = Block { text: value.as_ptr().cast_mut(), multi: null_mut(), multi_size: 0 };
    let mut out = vec![0u8; 256];
    let (rc, _, need) = list_from_block(&table, &mut [], 0, &block);
    assert_eq!(rc, 234, "a size query");
    let (rc, got, _) = list_from_block(&table, &mut out, need, &block);
    assert_eq!((rc, got), (0, need));
    let pad = |n: usize| n.div_ceil(4) * 4;
    let name_len = (NAME_UNITS + 1) * UNIT;
    let value_len = if UNIT == 4 { 7 * 4 } else { 8 * 2 };
    let dword = |at: usize| u32::from_le_bytes(out[at..at + 4].try_into().unwrap());
    assert_eq!((dword(0), dword(4), dword(8) as usize), (1, 0x0004_0003, name_len), "count, NAME, cbLength");
    assert_eq!(&out[12..12 + name_len], text_bytes(&format!("{NAME}\0")));
    let v = 12 + pad(name_len);
    assert_eq!((dword(v), dword(v + 4) as usize), (0x0001_0003, value_len), "LIST_VALUE_SZ, cbLength");
    assert_eq!(&out[v + 8..v + 8 + value_len], text_bytes("Wert \u{1F30D}\0"));
    let end = v + 8 + pad(value_len);
    assert_eq!((dword(end), end + 4), (0, got as usize), "ENDMARK, then the end of the list");

    // The same list read back by name, outside the BMP included.
    let mut sz: *mut WChar = null_mut();
    // SAFETY: the list just written, a NUL-terminated name.
    assert_eq!(unsafe { ResUtilFindSzProperty(out.as_ptr().cast(), got, name.as_ptr(), &mut sz) }, 0);
    assert_eq!(take_sz(sz), "Wert \u{1F30D}");
}

// RESUTILS-WCHAR32 with RESUTILS-TABLE: values read from the database through the
// flavour's libclusapi (a MULTI_SZ in the Parameters subkey, named by KeyName) and
// table defaults given in the flavour's width land in the parameter block in it.
#[test]
fn parameter_blocks_take_database_values_and_defaults_in_the_flavours_width() {
    let r = resource("Cluster Name");
    let stored = PropertyValue::MultiSz(vec![NAME.into()]);
    control(r, 1, SET_PRIVATE, &list_in_width(&vec![("Aliases".into(), stored)]));
    // SAFETY: an open resource handle.
    let key = unsafe { GetClusterResourceKey(r, KEY_READ) };
    assert!(!key.is_null());
    let (missing, aliases, params) = (w("MissingText"), w("Aliases"), w("Parameters"));
    let default = w("Standard \u{1F600}");
    let table = [
        item(&missing, 3, default.as_ptr() as usize, 0, std::mem::offset_of!(Block, text)),
        ResutilPropertyItem {
            KeyName: params.as_ptr(),
            ..item(&aliases, 5, 0, 0, std::mem::offset_of!(Block, multi))
        },
        ResutilPropertyItem { Name: null(), ..item(&missing, 0, 0, 0, 0) },
    ];
    let mut block = Block { text: null_mut(), multi: null_mut(), multi_size: 0 };
    // SAFETY: a terminated table; the block holds every offset.
    let rc = unsafe {
        ResUtilGetPropertiesToParameterBlock(
            key,
            table.as_ptr(),
            (&mut block as *mut Block).cast(),
            0,
            null_mut(),
        )
    };
    assert_eq!(rc, 0);
    assert_eq!(take_sz(block.text), "Standard \u{1F600}", "the table's default");
    assert_eq!(block.multi_size as usize, (NAME_UNITS + 2) * UNIT, "the name, its NUL, the final NUL");
    // SAFETY: `multi_size` bytes this library allocated.
    let got = unsafe { std::slice::from_raw_parts(block.multi.cast::<u8>(), block.multi_size as usize) };
    assert_eq!(got, text_bytes(&format!("{NAME}\0\0")));
    // SAFETY: a LocalAlloc block.
    assert!(unsafe { LocalFree(block.multi.cast()) }.is_null());
}

/// NUL-terminated strings with a unit that is not text: an unpaired surrogate; in the
/// 32-bit flavour also a value above U+10FFFF.
fn bad_strings() -> Vec<Vec<WChar>> {
    let mut bad = vec![vec![unit(0x41), unit(0xD800), 0]];
    if UNIT == 4 {
        bad.push(vec![unit(0x41), unit(0x11_0000), 0]);
    }
    bad
}

// RESUTILS-WCHAR32 (CABI-WCHAR32's input rule): a string argument, a table's item name
// or default, or MULTI_SZ data with a unit that is not text is ERROR_INVALID_PARAMETER.
#[test]
fn a_string_argument_with_a_unit_that_is_not_text_is_invalid_parameter() {
    let r = resource("Cluster Name");
    let list = control(r, 1, GET_COMMON, &[]);
    let (l, len) = (list.as_ptr().cast(), list.len() as u32);
    for bad in bad_strings() {
        let mut dw = 0u32;
        let mut sz: *mut WChar = null_mut();
        let ok = w("Name");
        let block = [0usize; 4];
        let mut out = [0usize; 4];
        let (mut cap, mut got, mut need) = (64u32, 0u32, 0u32);
        let bad_multi: Vec<u8> = bad.iter().chain(&[0]).flat_map(|u| u.to_le_bytes()).collect();
        // SAFETY (all calls): NUL-terminated strings, buffers valid for the sizes passed.
        unsafe {
            assert_eq!(ResUtilFindDwordProperty(l, len, bad.as_ptr(), &mut dw), 87, "{bad:x?}");
            assert_eq!(ResUtilFindSzProperty(l, len, bad.as_ptr(), &mut sz), 87);
            assert_eq!(
                ResUtilEnumResources(null_mut(), bad.as_ptr(), Some(count), (&mut dw as *mut u32).cast()),
                87
            );
            assert!(ResUtilGetResourceDependency(r, bad.as_ptr()).is_null());
            assert_eq!(GetLastError(), 87);
            let named =
                [item(&bad, 2, 0, 0, 0), ResutilPropertyItem { Name: null(), ..item(&ok, 0, 0, 0, 0) }];
            let rc = ResUtilPropertyListFromParameterBlock(
                named.as_ptr(),
                out.as_mut_ptr().cast(),
                &mut cap,
                block.as_ptr().cast(),
                &mut got,
                &mut need,
            );
            assert_eq!(rc, 87, "an item's name");
            let key = GetClusterResourceKey(r, KEY_READ);
            let absent = w("NoSuchValue");
            let defaults = [
                item(&absent, 3, bad.as_ptr() as usize, 0, 0),
                ResutilPropertyItem {
                    Minimum: bad_multi.len() as u32,
                    ..item(&absent, 5, bad_multi.as_ptr() as usize, 0, 0)
                },
            ];
            for d in defaults {
                let table = [d, ResutilPropertyItem { Name: null(), ..d }];
                let rc = ResUtilGetPropertiesToParameterBlock(
                    key,
                    table.as_ptr(),
                    out.as_mut_ptr().cast(),
                    0,
                    null_mut(),
                );
                assert_eq!(rc, 87, "a default of format {}", d.Format);
            }
        }
    }
}

// RESUTILS-WCHAR32 with RESUTILS-FIND: a property list whose text holds a unit that is
// not text is malformed: ERROR_INVALID_DATA, for every name looked up.
#[test]
fn a_property_list_with_a_unit_that_is_not_text_is_invalid_data() {
    let good = list_in_width(&vec![
        ("Name".into(), PropertyValue::Sz("AB".into())),
        ("Other".into(), PropertyValue::Dword(1)),
    ]);
    let ab = text_bytes("AB");
    let at = good.windows(ab.len()).position(|x| x == ab.as_slice()).unwrap();
    for bad in bad_strings() {
        let mut list = good.clone();
        list[at..at + UNIT].copy_from_slice(&bad[1].to_le_bytes());
        let (mut sz, mut dw): (*mut WChar, u32) = (null_mut(), 0);
        // SAFETY (all calls): buffers valid for the sizes passed.
        unsafe {
            let (l, len) = (list.as_ptr().cast(), list.len() as u32);
            assert_eq!(ResUtilFindSzProperty(l, len, w("Name").as_ptr(), &mut sz), 13, "{:x}", bad[1]);
            assert_eq!(ResUtilFindDwordProperty(l, len, w("Other").as_ptr(), &mut dw), 13);
            let (g, n) = (good.as_ptr().cast(), good.len() as u32);
            assert_eq!(ResUtilFindDwordProperty(g, n, w("Other").as_ptr(), &mut dw), 0, "the list unchanged");
        }
    }
}
