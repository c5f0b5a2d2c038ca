#![no_main]
//! Arbitrary ClusAPI call sequences against the simulator (see clusim-fuzzing).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    clusim_fuzzing::api_ops(data);
});
