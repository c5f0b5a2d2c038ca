//! The interpreter closes every handle an input opens, so the library's state stays
//! bounded across millions of inputs (a fuzzing run that leaked handles grew to 2 GiB
//! and was stopped as out of memory). Its own test binary: nothing else in this process
//! uses libclusapi's simulator.
#![cfg(not(windows))]

#[test]
fn every_input_closes_every_handle_it_opened() {
    let mut state = 0x0bad_cafe_u64;
    for _ in 0..5_000 {
        let len = (state % 300) as usize;
        let data: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        clusim_cabi_fuzzing::c_abi_ops(&data);
        assert_eq!(clusapi::sim().open_handles(), 0, "input {data:?} left handles open");
    }
}
