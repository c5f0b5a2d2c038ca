//! Replays every stored fuzz corpus file through its interpreter (fuzz/corpus/<target>/).
//! A crash the fuzzer once found stays fixed: its input is kept in the corpus.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| run(&data));
        assert!(r.is_ok(), "corpus input {} crashes {target}", f.display());
    }
    files.len()
}

#[test]
fn api_ops_corpus_replays_cleanly() {
    assert!(replay("api_ops", clusim_fuzzing::api_ops) >= 8, "the corpus must not be empty");
}

/// `count` xorshift-generated inputs of up to `max_len` bytes from `seed`: random inputs
/// beyond the corpus, deterministic, so each interpreter is exercised on every run.
fn seeded_inputs(mut state: u64, count: usize, max_len: u64, run: fn(&[u8])) {
    for _ in 0..count {
        let len = (state % max_len) as usize;
        let data: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        run(&data);
    }
}

#[test]
fn api_ops_survives_seeded_random_inputs() {
    seeded_inputs(0x5eed, 300, 400, clusim_fuzzing::api_ops);
}

#[test]
fn batch_wire_corpus_replays_cleanly() {
    assert!(replay("batch_wire", clusim_fuzzing::batch_wire) >= 8, "the corpus must not be empty");
}

/// Mutations of valid encodings: every truncation and single-byte change of each
/// generated seed is decoded (and executed when valid) without a panic.
#[test]
fn batch_wire_survives_every_single_byte_mutation_of_the_seeds() {
    for (_, seed) in clusim_fuzzing::batch_wire_seeds() {
        for cut in 0..seed.len() {
            clusim_fuzzing::batch_wire(&seed[..cut]);
        }
        for i in 0..seed.len() {
            for v in [0u8, 1, 0x7f, 0xff] {
                let mut m = seed.clone();
                m[i] = v;
                clusim_fuzzing::batch_wire(&m);
            }
        }
    }
}

/// The corpus keeps the generated seeds (regenerate with
/// `CLUSIM_WRITE_CORPUS=1 cargo test --test fuzz_corpus`).
#[test]
fn batch_wire_corpus_holds_the_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/batch_wire");
    for (name, bytes) in clusim_fuzzing::batch_wire_seeds() {
        let path = dir.join(name);
        if std::env::var_os("CLUSIM_WRITE_CORPUS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap_or_default(), bytes, "{} is stale", path.display());
    }
}

#[test]
fn c_abi_ops_corpus_replays_cleanly() {
    assert!(replay("c_abi_ops", clusim_cabi_fuzzing::c_abi_ops) >= 8, "the corpus must not be empty");
}

/// Seeded random inputs through the C ABI interpreter, beyond the corpus.
#[test]
fn c_abi_ops_survives_seeded_random_inputs() {
    seeded_inputs(0x00c0_ffee, 300, 300, clusim_cabi_fuzzing::c_abi_ops);
}
