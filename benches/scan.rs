//! Scan benchmarks on the real kernel corpus (unpacked by the test support code).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

fn corpus(name: &str) -> PathBuf {
    thinpost_testsupport_path(name)
}

fn thinpost_testsupport_path(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/corpus").join(name);
    let stamp = dir.join(format!(".unpacked-{name}"));
    if !stamp.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("tar")
            .arg("xJf")
            .arg(root.join("testdata").join(format!("{name}.tar.xz")))
            .arg("-C")
            .arg(&dir)
            .status()
            .expect("tar runs");
        assert!(status.success(), "unpacking {name} failed");
        std::fs::write(&stamp, b"").unwrap();
    }
    dir
}

fn bench_scan(c: &mut Criterion) {
    let tiny = corpus("tiny-6.12");
    let dist = corpus("tiny-6.12-dist");
    let mut g = c.benchmark_group("scan");
    g.sample_size(20);
    g.bench_function("tiny-6.12", |b| b.iter(|| thinpost::scan(&tiny, &Default::default()).unwrap()));
    g.bench_function("tiny-6.12-dist", |b| b.iter(|| thinpost::scan(&dist, &Default::default()).unwrap()));
    g.finish();
}

criterion_group!(benches, bench_scan);
criterion_main!(benches);
