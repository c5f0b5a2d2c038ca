//! Control codes: strings and property lists in the flavour's width.

use super::*;
use std::ffi::c_void;

const SYNTAX_NAME: u32 = 0x0004_0003;
const SYNTAX_SZ: u32 = 0x0001_0003;
const SYNTAX_MULTI_SZ: u32 = 0x0001_0005;
const SYNTAX_DWORD: u32 = 0x0001_0002;

fn entry(out: &mut Vec<u8>, syntax: u32, data: &[u8]) {
    out.extend_from_slice(&syntax.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    out.resize(out.len() + (4 - data.len() % 4) % 4, 0);
}

/// A property list as a client of this width builds it (fact sheet §1.6).
fn build(props: &[(&str, u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = (props.len() as u32).to_le_bytes().to_vec();
    for (name, syntax, data) in props {
        entry(&mut out, SYNTAX_NAME, &text_bytes(&format!("{name}\0")));
        entry(&mut out, *syntax, data);
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

fn dword(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// A property list as a client of this width reads it: (name, syntax, text or data).
fn parse(b: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let mut at = 4;
    let mut out = Vec::new();
    for _ in 0..dword(b, 0) {
        let mut next = || {
            let (syntax, len) = (dword(b, at), dword(b, at + 4) as usize);
            let data = b[at + 8..at + 8 + len].to_vec();
            at += 8 + len + (4 - len % 4) % 4;
            (syntax, data)
        };
        let (name_syntax, name) = next();
        assert_eq!(name_syntax, SYNTAX_NAME);
        let (syntax, data) = next();
        assert_eq!(dword(b, at), 0, "ENDMARK");
        at += 4;
        out.push((bytes_text(&name).trim_end_matches('\0').to_string(), syntax, data));
    }
    out
}

/// Runs a resource control code; the output bytes.
fn control(r: HRESOURCE, code: u32, input: &[u8]) -> Result<Vec<u8>, u32> {
    let (inp, inlen) = if input.is_empty() { (std::ptr::null(), 0) } else { (input.as_ptr(), input.len()) };
    let mut needed = 0u32;
    // SAFETY: a size query: NULL output; `input` readable for its length.
    let rc = unsafe {
        ClusterResourceControl(r, null_mut(), code, inp.cast(), inlen as u32, null_mut(), 0, &mut needed)
    };
    if rc != 0 && rc != MORE_DATA {
        return Err(rc);
    }
    let mut out = vec![0u8; needed as usize];
    let mut got = 0u32;
    // SAFETY: `out` holds `needed` bytes.
    let rc = unsafe {
        ClusterResourceControl(
            r,
            null_mut(),
            code,
            inp.cast(),
            inlen as u32,
            out.as_mut_ptr().cast::<c_void>(),
            needed,
            &mut got,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    out.truncate(got as usize);
    Ok(out)
}

// CABI-WCHAR32: GET_NAME's string, the names and the text values of a property list
// (output) are in the flavour's width, lengths in its bytes; a list a client builds in
// that width (input) is read as such: its strings arrive intact, non-BMP included.
#[test]
fn control_strings_and_property_lists_are_in_the_flavours_width() {
    let c = cluster("flavour-controls");
    // SAFETY: a NUL-terminated name.
    let r = unsafe { OpenClusterResource(c, w("Cluster IP Address").as_ptr()) };
    assert!(!r.is_null());
    assert_eq!(control(r, CLUSCTL_RESOURCE_GET_NAME, &[]), Ok(text_bytes("Cluster IP Address\0")));

    let private = parse(&control(r, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, &[]).expect("GET"));
    let address = private.iter().find(|p| p.0 == "Address").expect("Address");
    assert_eq!((address.1, address.2.clone()), (SYNTAX_SZ, text_bytes("10.0.0.10\0")));

    let note = "Grüße \u{1F600}";
    let input = build(&[
        ("Note", SYNTAX_SZ, text_bytes(&format!("{note}\0"))),
        ("Peers", SYNTAX_MULTI_SZ, text_bytes("N1\0N2\0\0")),
        ("Weight", SYNTAX_DWORD, 3u32.to_le_bytes().to_vec()),
    ]);
    assert_eq!(control(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, &input), Ok(Vec::new()));
    let after = parse(&control(r, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, &[]).expect("GET"));
    let get = |n: &str| after.iter().find(|p| p.0 == n).map(|p| (p.1, p.2.clone()));
    assert_eq!(get("Note"), Some((SYNTAX_SZ, text_bytes(&format!("{note}\0")))));
    assert_eq!(get("Peers"), Some((SYNTAX_MULTI_SZ, text_bytes("N1\0N2\0\0"))));
    assert_eq!(get("Weight"), Some((SYNTAX_DWORD, 3u32.to_le_bytes().to_vec())));

    // A text value of the wrong width is malformed: its NUL is not where it must be.
    let odd = build(&[("Note", SYNTAX_SZ, vec![b'A', 0, 0])]);
    assert_eq!(control(r, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, &odd), Err(13));
    // SAFETY: handles from this test.
    unsafe {
        assert_eq!(CloseClusterResource(r), TRUE);
        assert_eq!(CloseCluster(c), TRUE);
    }
}
