#![no_main]
//! Arbitrary bytes as a CLUSTER_REG_BATCH_UPDATE: strict decoding, then execution.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    clusim_fuzzing::batch_wire(data);
});
