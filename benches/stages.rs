//! modpost and verify on the real kernel corpora, and on a generated tree when one is
//! present (`cargo run --release -p thinpost-gen-tree -- target/gen-2k --objects 2000 …`).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Unpacks a corpus into target/corpus (once) and returns a private copy for writers.
fn tree(name: &str, copy: &str) -> PathBuf {
    let dir = root().join("target/corpus").join(name);
    if !dir.join(format!(".unpacked-{name}")).exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let archive = root().join("testdata").join(format!("{name}.tar.xz"));
        assert!(std::process::Command::new("tar")
            .arg("xJf")
            .arg(archive)
            .arg("-C")
            .arg(&dir)
            .status()
            .unwrap()
            .success());
        std::fs::write(dir.join(format!(".unpacked-{name}")), b"").unwrap();
    }
    let dest = root().join("target/bench").join(copy);
    if !dest.exists() {
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        assert!(std::process::Command::new("cp").arg("-a").arg(&dir).arg(&dest).status().unwrap().success());
    }
    dest
}

fn modpost(dir: &Path) {
    let args: Vec<String> =
        "-M -m -E -o Module.symvers -T modules.order vmlinux.o".split(' ').map(str::to_string).collect();
    let status = thinpost::modpost::run("modpost", &args, dir, &mut std::io::sink());
    assert_eq!(status, 0);
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("modpost");
    g.sample_size(20);
    for (name, copy) in [("tiny-6.12", "modpost-tiny"), ("tiny-6.12-dist", "modpost-dist")] {
        let dir = tree(name, copy);
        g.bench_function(name, |b| b.iter(|| modpost(&dir)));
    }
    for generated in ["gen-2k", "gen-20k"] {
        let dir = root().join("target").join(generated);
        if dir.join("vmlinux.o").exists() {
            g.bench_function(generated, |b| b.iter(|| modpost(&dir)));
        }
    }
    g.finish();

    let mut g = c.benchmark_group("gate");
    g.sample_size(20);
    let tiny = tree("tiny-6.12", "gate-tiny");
    g.bench_function("tiny-6.12 objtree vs Module.symvers", |b| {
        b.iter(|| {
            let report = thinpost::gate::run(&thinpost::gate::GateOptions {
                baseline: tiny.join("Module.symvers"),
                current: thinpost::gate::Current::Objtree(tiny.clone()),
                rules: Vec::new(),
                stablelists: Vec::new(),
                explain: Default::default(),
                jobs: None,
            })
            .unwrap();
            assert!(!report.failed());
        })
    });
    g.finish();

    let mut g = c.benchmark_group("scan-generated");
    g.sample_size(10);
    for generated in ["gen-2k", "gen-20k"] {
        let dir = root().join("target").join(generated);
        if dir.join("vmlinux.a").exists() {
            g.bench_function(generated, |b| b.iter(|| thinpost::scan(&dir, &Default::default()).unwrap()));
        }
    }
    g.finish();

    let mut g = c.benchmark_group("verify");
    g.sample_size(10);
    let dist = tree("tiny-6.12-dist", "verify-dist");
    g.bench_function("tiny-6.12-dist", |b| {
        b.iter(|| {
            thinpost::verify::verify(&thinpost::verify::VerifyOptions { objtree: dist.clone(), ..Default::default() })
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
