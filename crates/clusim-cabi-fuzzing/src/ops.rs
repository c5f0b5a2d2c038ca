//! The interpreter: one byte picks the function, the next bytes its arguments.

#[cfg(not(windows))]
use clusapi as _; // links the exports the declarations below resolve to
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use windows_sys::Win32::Foundation::{GetLastError, SetLastError};
use windows_sys::Win32::Networking::Clustering::*;

const CLUSTERS: [&str; 3] = ["fuzz-a", "fuzz-b", ""];
const NAMES: [&str; 8] =
    ["g0", "g1", "r0", "r1", "Available Storage", "Cluster Disk 1", "NODE1", "Software\\F"];
const TYPES: [&str; 3] = ["Generic Service", "Physical Disk", "Nope"];
const CONTROLS: [u32; 8] = [
    0x0100_0051, // CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES
    0x0140_0056, // CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES
    0x0100_0081, // CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES
    0x0140_0086, // CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES
    0x0100_0039, // CLUSCTL_RESOURCE_GET_ID
    0x0100_0029, // CLUSCTL_RESOURCE_GET_NAME
    0x0100_002D, // CLUSCTL_RESOURCE_GET_RESOURCE_TYPE
    0x0000_0000,
];

/// The kinds of handle an input holds, so that its end can close each with its own
/// close function (the fuzzer also passes them to every other function).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cluster,
    Group,
    Resource,
    Port,
    Key,
    Batch,
    BatchPort,
    Enum,
}

struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Input<'_> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    fn byte(&mut self) -> u8 {
        self.u8().unwrap_or(0)
    }
    fn u32(&mut self) -> u32 {
        (0..4).fold(0u32, |v, _| (v << 8) | u32::from(self.byte()))
    }
    fn pick<'s>(&mut self, items: &'s [&'s str]) -> &'s str {
        items[usize::from(self.byte()) % items.len()]
    }
    /// A NUL-terminated UTF-16 string: a pooled name, or up to 3 characters from a small
    /// alphabet (lone surrogates, a backslash, a non-character among them). The
    /// alphabet keeps the names an input can create few, so the library's state stays
    /// bounded across millions of inputs while invalid names still get through.
    fn wstr(&mut self, pool: &[&str]) -> Vec<u16> {
        const ALPHABET: [u16; 8] =
            [b'a' as u16, b'B' as u16, b'\\' as u16, 0xD800, 0xDC00, 0x00E9, b' ' as u16, 0xFFFF];
        let sel = self.byte();
        let mut s: Vec<u16> = if sel < 200 {
            pool[usize::from(sel) % pool.len()].encode_utf16().collect()
        } else {
            let n = usize::from(self.byte() % 4);
            (0..n).map(|_| ALPHABET[usize::from(self.byte()) % ALPHABET.len()]).collect()
        };
        s.push(0);
        s
    }
    fn bytes(&mut self) -> Vec<u8> {
        let n = usize::from(self.byte() % 64);
        (0..n).map(|_| self.byte()).collect()
    }
}

struct State {
    held: Vec<(isize, Kind)>,
    closed: Vec<isize>,
}

impl State {
    /// A handle for an argument: one held (of any kind), one closed, or a forged value.
    fn any(&self, sel: u8) -> isize {
        let forged = [0isize, -1, 1, 0xdead_beef, isize::MAX];
        let all: Vec<isize> = self.held.iter().map(|h| h.0).chain(self.closed.iter().copied()).collect();
        if sel < 40 || all.is_empty() {
            forged[usize::from(sel) % forged.len()]
        } else {
            all[usize::from(sel) % all.len()]
        }
    }
    fn hold(&mut self, h: isize, kind: Kind) {
        if h != 0 {
            self.held.push((h, kind));
        } else {
            // SAFETY: reads the calling thread's last error; no pointers.
            let e = unsafe { GetLastError() };
            assert_ne!(e, 0, "a function returned NULL without setting the last error");
        }
    }
    fn forget(&mut self, h: isize) {
        if let Some(i) = self.held.iter().position(|x| x.0 == h) {
            self.held.remove(i);
        }
        self.closed.push(h);
    }
}

fn key(h: isize) -> windows_sys::Win32::System::Registry::HKEY {
    h as windows_sys::Win32::System::Registry::HKEY
}

/// Runs the byte string as a sequence of C calls. Panics only when an invariant breaks.
pub fn c_abi_ops(data: &[u8]) {
    let mut input = Input { data, pos: 0 };
    let mut st = State { held: Vec::new(), closed: Vec::new() };
    while let Some(op) = input.u8() {
        // SAFETY: no pointers; resets the last error so `hold` can tell a NULL from a
        // NULL with an error.
        unsafe { SetLastError(0) };
        let h = st.any(input.byte());
        call(op % 24, h, &mut input, &mut st);
    }
    close_all(&mut st);
}

fn call(op: u8, h: isize, input: &mut Input, st: &mut State) {
    match op {
        0 => {
            let name = input.pick(&CLUSTERS);
            let w: Vec<u16> = name.encode_utf16().chain([0]).collect();
            let p = if name.is_empty() { null() } else { w.as_ptr() };
            // SAFETY: NULL or a NUL-terminated string.
            let c = unsafe { OpenCluster(p) };
            st.hold(c, Kind::Cluster);
        }
        1 => {
            let name = input.wstr(&NAMES);
            // SAFETY: a NUL-terminated string; any handle value.
            let g = unsafe {
                if input.byte().is_multiple_of(2) {
                    CreateClusterGroup(h, name.as_ptr())
                } else {
                    OpenClusterGroup(h, name.as_ptr())
                }
            };
            st.hold(g, Kind::Group);
        }
        2 => {
            let (name, ty) = (input.wstr(&NAMES), input.wstr(&TYPES));
            // SAFETY: NUL-terminated strings; any handle value.
            let r = unsafe { CreateClusterResource(h, name.as_ptr(), ty.as_ptr(), 0) };
            st.hold(r, Kind::Resource);
        }
        3 => {
            let name = input.wstr(&NAMES);
            // SAFETY: a NUL-terminated string; any handle value.
            let r = unsafe { OpenClusterResource(h, name.as_ptr()) };
            st.hold(r, Kind::Resource);
        }
        4 => {
            // SAFETY: any handle value; no pointers.
            unsafe {
                match input.byte() % 6 {
                    0 => OnlineClusterResource(h),
                    1 => OfflineClusterResource(h),
                    2 => FailClusterResource(h),
                    3 => DeleteClusterResource(h),
                    4 => DeleteClusterGroup(h),
                    _ => MoveClusterGroup(h, st.any(input.byte())),
                }
            };
        }
        5 => {
            let existing = if input.byte().is_multiple_of(2) { -1 } else { st.any(input.byte()) };
            let (filter, k) = (input.u32(), usize::from(input.byte()));
            // SAFETY: any handle values; no pointers.
            let p = unsafe { CreateClusterNotifyPort(existing, h, filter, k) };
            if p != 0 && !st.held.iter().any(|x| x.0 == p) {
                st.held.push((p, Kind::Port));
            } else if p == 0 {
                st.hold(0, Kind::Port);
            }
        }
        6 => {
            let (filter, obj) = (input.u32(), st.any(input.byte()));
            // SAFETY: any handle values; no pointers.
            unsafe { RegisterClusterNotify(h, filter, obj as *mut c_void, 7) };
        }
        7 => get_notify(h, input),
        8 => {
            // SAFETY: any handle value; no pointers.
            let k = unsafe { GetClusterKey(h, 0x000F_003F) } as isize;
            st.hold(k, Kind::Key);
        }
        9 => {
            let sub = input.wstr(&NAMES);
            let (mut out, mut disp) = (null_mut(), 0u32);
            let disp_p: *mut u32 = if input.byte().is_multiple_of(4) { null_mut() } else { &mut disp };
            // SAFETY: a NUL-terminated string and valid out-pointers (or NULL for the
            // optional disposition).
            let rc = unsafe {
                ClusterRegCreateKey(key(h), sub.as_ptr(), 0, 0x000F_003F, null(), &mut out, disp_p)
            };
            if rc == 0 {
                st.held.push((out as isize, Kind::Key));
            }
        }
        10 => {
            let (name, ty, data) = (input.wstr(&["v0", "", "v1"]), input.u32() % 12, input.bytes());
            // SAFETY: a NUL-terminated string and `data.len()` readable bytes.
            unsafe { ClusterRegSetValue(key(h), name.as_ptr(), ty, data.as_ptr(), data.len() as u32) };
        }
        11 => {
            let name = input.wstr(&["v0", "", "v1"]);
            let mut buf = vec![0u8; usize::from(input.byte() % 32)];
            let (mut ty, mut cb) = (0u32, buf.len() as u32);
            let data = if input.byte().is_multiple_of(3) { null_mut() } else { buf.as_mut_ptr() };
            // SAFETY: `cb` is at most the buffer's length; NULL data is the size query.
            unsafe { ClusterRegQueryValue(key(h), name.as_ptr(), &mut ty, data, &mut cb) };
        }
        12 => {
            let sub = input.wstr(&NAMES);
            // SAFETY: a NUL-terminated string.
            unsafe { ClusterRegDeleteKey(key(h), sub.as_ptr()) };
        }
        13 => {
            let mut b = 0isize;
            // SAFETY: a valid out-pointer.
            if unsafe { ClusterRegCreateBatch(key(h), &mut b) } == 0 {
                st.held.push((b, Kind::Batch));
            }
        }
        14 => {
            let (cmd, name, opts, data) =
                (i32::from(input.byte() % 12), input.wstr(&["v0", "k"]), input.u32(), input.bytes());
            let name_p = if input.byte().is_multiple_of(5) { null() } else { name.as_ptr() };
            // SAFETY: NULL or a NUL-terminated string, and `data.len()` readable bytes.
            unsafe {
                ClusterRegBatchAddCommand(h, cmd, name_p, opts, data.as_ptr().cast(), data.len() as u32)
            };
        }
        15 => {
            let mut failed = 0i32;
            // SAFETY: a valid out-pointer; a batch handle is gone afterwards whatever
            // happens, a handle of another kind is refused and stays open.
            unsafe { ClusterRegCloseBatch(h, i32::from(input.byte() % 2), &mut failed) };
            if st.held.contains(&(h, Kind::Batch)) {
                st.forget(h);
            }
        }
        16 => {
            let mut p = 0isize;
            // SAFETY: a valid out-pointer.
            if unsafe { ClusterRegCreateBatchNotifyPort(key(h), &mut p) } == 0 {
                st.held.push((p, Kind::BatchPort));
            }
        }
        17 => {
            let mut cmd: CLUSTER_BATCH_COMMAND = empty_command();
            // SAFETY: a valid out-pointer; any handle value.
            unsafe { ClusterRegBatchReadCommand(h, &mut cmd) };
        }
        18 => {
            let mut buf = vec![0u16; usize::from(input.byte() % 16)];
            let mut cch = buf.len() as u32;
            let p = if buf.is_empty() { null_mut() } else { buf.as_mut_ptr() };
            // SAFETY: `cch` is at most the buffer's length.
            unsafe { GetClusterInformation(h, p, &mut cch, null_mut()) };
        }
        19 => {
            // SAFETY: any handle value; no pointers.
            let e = unsafe { ClusterOpenEnum(h, input.u32() % 0x40) };
            if e != 0 {
                st.held.push((e, Kind::Enum));
                let mut buf = vec![0u16; usize::from(input.byte() % 16) + 1];
                let (mut ty, mut cch) = (0u32, buf.len() as u32);
                // SAFETY: `cch` is the buffer's length.
                unsafe { ClusterEnum(e, u32::from(input.byte() % 8), &mut ty, buf.as_mut_ptr(), &mut cch) };
            }
        }
        20 => control(h, input, st),
        21 => {
            let node = input.wstr(&["NODE1", "NODE2", "NODE9"]);
            // SAFETY: a NUL-terminated string.
            let n = unsafe { OpenClusterNode(h, node.as_ptr()) };
            if n != 0 {
                // SAFETY: the node handle just opened.
                unsafe { CloseClusterNode(n) };
            }
        }
        22 => {
            if let Some(i) = st.held.iter().position(|x| x.0 == h) {
                let (hh, kind) = st.held[i];
                close(hh, kind);
                st.forget(hh);
            }
        }
        _ => {
            // Any close function on any handle: one of another kind must fail cleanly
            // and close nothing; the right one closes it.
            let kinds = [Kind::Cluster, Kind::Group, Kind::Resource, Kind::Port, Kind::Key, Kind::Enum];
            let kind = kinds[usize::from(input.byte()) % kinds.len()];
            close(h, kind);
            if st.held.contains(&(h, kind)) {
                st.forget(h);
            }
        }
    }
}

fn empty_command() -> CLUSTER_BATCH_COMMAND {
    CLUSTER_BATCH_COMMAND { Command: 0, dwOptions: 0, wzName: null(), lpData: null(), cbData: 0 }
}

fn get_notify(h: isize, input: &mut Input) {
    let cap = usize::from(input.byte() % 24);
    let mut buf = vec![0xAAAAu16; cap];
    let (mut k, mut filter, mut cch) = (0usize, 0u32, cap as u32);
    let name = if cap == 0 && input.byte().is_multiple_of(2) { null_mut() } else { buf.as_mut_ptr() };
    // SAFETY: `cch` is at most the buffer's length; a zero timeout never blocks.
    let rc = unsafe { GetClusterNotify(h, &mut k, &mut filter, name, &mut cch, 0) };
    match rc {
        0 => {
            assert_eq!(filter.count_ones(), 1, "GetClusterNotify delivered filter {filter:#x}");
            assert!((cch as usize) < cap, "name of {cch} characters in a buffer of {cap}");
            assert_eq!(buf[cch as usize], 0, "the name is not NUL-terminated");
        }
        234 => assert!(cch as usize >= cap, "ERROR_MORE_DATA with {cch} for a buffer of {cap}"),
        _ => {}
    }
}

fn control(h: isize, input: &mut Input, st: &State) {
    let code = CONTROLS[usize::from(input.byte()) % CONTROLS.len()] ^ (u32::from(input.byte() % 4) << 24);
    let inbuf = input.bytes();
    let mut out = vec![0u8; usize::from(input.byte())];
    let mut returned = 0u32;
    let node = if input.byte().is_multiple_of(2) { 0 } else { st.any(input.byte()) };
    let outp = if out.is_empty() { null_mut() } else { out.as_mut_ptr().cast() };
    let inp = if inbuf.is_empty() { null() } else { inbuf.as_ptr().cast() };
    // SAFETY: the buffers are valid for the sizes passed (or NULL with size 0).
    unsafe {
        if input.byte().is_multiple_of(2) {
            ClusterResourceControl(
                h,
                node,
                code,
                inp,
                inbuf.len() as u32,
                outp,
                out.len() as u32,
                &mut returned,
            )
        } else {
            ClusterGroupControl(
                h,
                node,
                code & !0x0100_0000 | 0x0300_0000,
                inp,
                inbuf.len() as u32,
                outp,
                out.len() as u32,
                &mut returned,
            )
        }
    };
}

fn close(h: isize, kind: Kind) {
    // SAFETY: a handle value and its own close function; no pointers.
    unsafe {
        match kind {
            Kind::Cluster => {
                CloseCluster(h);
            }
            Kind::Group => {
                CloseClusterGroup(h);
            }
            Kind::Resource => {
                CloseClusterResource(h);
            }
            Kind::Port => {
                CloseClusterNotifyPort(h);
            }
            Kind::Key => {
                ClusterRegCloseKey(key(h));
            }
            Kind::Batch => {
                ClusterRegCloseBatch(h, 0, null_mut());
            }
            Kind::BatchPort => {
                ClusterRegCloseBatchNotifyPort(h);
            }
            Kind::Enum => {
                ClusterCloseEnum(h);
            }
        }
    }
}

/// Closes everything still held, batches and notifications first, clusters last.
fn close_all(st: &mut State) {
    let order = [
        Kind::Batch,
        Kind::BatchPort,
        Kind::Enum,
        Kind::Port,
        Kind::Key,
        Kind::Resource,
        Kind::Group,
        Kind::Cluster,
    ];
    for kind in order {
        for (h, k) in st.held.clone() {
            if k == kind {
                close(h, k);
            }
        }
    }
    st.held.clear();
}
