//! Writing a 20,000-member thin archive (a large kernel's `vmlinux.a`). The member files
//! are created once, outside the timed loop; each iteration stats them all and writes the
//! archive atomically, as `thinpost` does in the build.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use thinpost::formats::archive_write::write_thin_archive;

/// Creates `count` small objects in nested directories, named like a kernel tree's
/// (short names at the top, long ones deep down), and returns their names in order.
fn make_tree(dir: &Path, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let name = match i % 4 {
                0 => format!("init/o{i}.o"),
                1 => format!("kernel/sub{}/x{i}.o", i % 7),
                2 => format!("drivers/net/ethernet/vendor{}/chip{}/some_driver_object_{i}.o", i % 13, i % 5),
                _ => format!("fs/sub{}/deeper/m{i}.thinlto-native.o", i % 11),
            };
            let path = dir.join(&name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, vec![0u8; 100 + i % 1000]).unwrap();
            name
        })
        .collect()
}

fn bench_write(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let members = make_tree(dir.path(), 20_000);
    let archive = dir.path().join("vmlinux.a");
    let mut g = c.benchmark_group("archive");
    g.sample_size(30);
    g.bench_function("write_thin_20k", |b| b.iter(|| write_thin_archive(&archive, &members).unwrap()));
    g.finish();
}

criterion_group!(benches, bench_write);
criterion_main!(benches);
