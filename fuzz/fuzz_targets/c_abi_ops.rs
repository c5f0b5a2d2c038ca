#![no_main]
//! Arbitrary sequences of libclusapi's exported C calls (see clusim-cabi-fuzzing).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    clusim_cabi_fuzzing::c_abi_ops(data);
});
