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

/// Random inputs beyond the corpus, deterministic (seeded), so the interpreter itself is
/// exercised on every run.
#[test]
fn api_ops_survives_seeded_random_inputs() {
    let mut state = 0x5eed_u64;
    for _ in 0..300 {
        let len = (state % 400) as usize;
        let data: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        clusim_fuzzing::api_ops(&data);
    }
}
