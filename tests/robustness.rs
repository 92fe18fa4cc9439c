//! Every parser against damaged real inputs: every byte-truncation and seeded random
//! bit flips of the sample tree's files (and ThinLTO index shards of the distributed
//! corpus) give `Ok` or an error — never a panic. The CLI turns the errors into exit
//! status 2 with the file named.

mod support;

use std::path::{Path, PathBuf};

use support::*;
use thinpost::formats::{archive, bitcode, elf, thinlto_index};
use thinpost::kbuild::{cmd, order};
use thinpost::modpost::read::{read_object, ReadSettings};

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn files_under(dir: &Path, pred: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, pred, out);
        } else if pred(&p) {
            out.push(p);
        }
    }
}

fn sample_files(pred: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut v = Vec::new();
    files_under(&sample_tree(), pred, &mut v);
    assert!(!v.is_empty());
    v
}

/// Runs `parse` on every prefix of `data` and on `flips` copies with 1–8 random bits
/// flipped. `parse` must return (any result) without panicking.
fn damage(name: &Path, data: &[u8], flips: usize, seed: u64, parse: &dyn Fn(&[u8])) {
    for len in 0..data.len() {
        parse(&data[..len]);
    }
    let mut rng = Rng(seed ^ data.len() as u64 | 1);
    let mut copy = data.to_vec();
    for _ in 0..flips {
        copy.copy_from_slice(data);
        for _ in 0..=(rng.next() % 8) {
            let bit = rng.next() as usize % (copy.len() * 8);
            copy[bit / 8] ^= 1 << (bit % 8);
        }
        parse(&copy);
    }
    let _ = name;
}

const SETTINGS: ReadSettings<'static> = ReadSettings {
    module_enabled: true,
    extra_warn: false,
    strip_llvm_suffix: true,
    collect_definitions: true,
    behaviour: thinpost::kbuild::version::Behaviour::newest(),
    devtable: None,
};

#[test]
fn objects_survive_truncation_and_bit_flips() {
    let objects = sample_files(&|p| p.extension().is_some_and(|e| e == "o"));
    for (i, path) in objects.iter().enumerate() {
        let data = std::fs::read(path).unwrap();
        damage(path, &data, 3000, i as u64, &|d| {
            let _ = bitcode::read_bitcode(d);
            let _ = elf::read_elf(d);
            let _ = read_object("x.o", d, SETTINGS);
            let _ = thinpost::formats::magic::classify(d);
        });
    }
}

#[test]
fn cmd_and_order_files_survive_truncation_and_bit_flips() {
    let texts = sample_files(&|p| {
        let n = p.file_name().unwrap().to_string_lossy();
        n.ends_with(".cmd") || n.ends_with(".mod") || n == "modules.order" || n == ".vmlinux.objs"
    });
    for (i, path) in texts.iter().enumerate() {
        let data = std::fs::read(path).unwrap();
        damage(path, &data, 500, i as u64, &|d| {
            let _ = cmd::parse_cmd(d);
            let _ = order::parse_object_list(d);
        });
    }
}

#[test]
fn archives_survive_truncation_and_bit_flips() {
    let path = sample_tree().join("vmlinux.a");
    let data = std::fs::read(&path).unwrap();
    damage(&path, &data, 3000, 7, &|d| {
        let _ = archive::parse_members(&path, d);
    });
}

#[test]
fn index_shards_survive_truncation_and_bit_flips() {
    let tree = corpus("tiny-6.12-dist");
    for (i, shard) in ["init/main.o.thinlto.bc", "kernel/fork.o.thinlto.bc", "mm/slub.o.thinlto.bc"].iter().enumerate()
    {
        let path = tree.join(shard);
        let data = std::fs::read(&path).unwrap();
        assert!(!thinlto_index::shard_modules(&data).unwrap().is_empty());
        damage(&path, &data, 2000, i as u64, &|d| {
            let _ = thinlto_index::shard_modules(d);
        });
    }
}

/// The CLI on damaged trees: exit 0 or 2, the damaged file named, never a panic.
#[test]
fn the_cli_reports_damaged_objects_cleanly() {
    let mut rng = Rng(42);
    for victim in ["kernel/core.o", "lib/checksum.o", "drivers/foo/foo.o", "kernel/cfi.o"] {
        for _ in 0..6 {
            let copy = fresh_copy(&sample_tree());
            let path = copy.path().join(victim);
            let mut data = std::fs::read(&path).unwrap();
            if rng.next() % 2 == 0 {
                data.truncate(rng.next() as usize % data.len());
            } else {
                for _ in 0..4 {
                    let bit = rng.next() as usize % (data.len() * 8);
                    data[bit / 8] ^= 1 << (bit % 8);
                }
            }
            std::fs::write(&path, &data).unwrap();
            for args in [&["scan"][..], &["verify"][..]] {
                let out = thinpost().args(args).arg(copy.path()).output().unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                let code = out.status.code();
                assert!(matches!(code, Some(0) | Some(1) | Some(2)), "{args:?} {victim}: {code:?}\n{err}");
                assert!(!err.contains("panicked"), "{args:?} {victim}: {err}");
                if code == Some(2) {
                    assert!(err.contains(victim), "{args:?}: error does not name {victim}: {err}");
                }
            }
        }
    }
}

/// Inputs that crashed a fuzz target once (testdata/fuzz-regressions/); every parser
/// that could meet them must return an error.
#[test]
fn fuzz_regressions() {
    let dir = root().join("testdata/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        // A blob length near 2^63 once wrapped around the bounds check in the bitstream
        // reader (`thinlto_index-blob-length-overflow.bin`).
        assert!(thinlto_index::shard_modules(&data).is_err(), "{}", path.display());
        let _ = bitcode::read_bitcode(&data);
        n += 1;
    }
    assert!(n > 0);
}
