#!/usr/bin/env bash
# fuzz-run.sh TARGET [SECONDS] — one coverage-guided libFuzzer campaign on a fuzz target
# (fuzz/fuzz_targets/TARGET.rs), seeded by scripts/fuzz-seeds.sh. With cargo-fuzz
# installed this is `cargo +nightly fuzz run -O TARGET`; without it (no network to
# install it), the same build by hand: the flags cargo-fuzz passes to rustc (sanitizer
# coverage with inline 8-bit counters, PC table and compare tracing, AddressSanitizer,
# debug assertions, --cfg fuzzing), then the libFuzzer binary libfuzzer-sys links in.
# Prints libFuzzer's final statistics; exit status non-zero on a crash (kept in
# fuzz/artifacts/TARGET/).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz-run.sh TARGET [SECONDS]}
secs=${2:-600}
[ -d "fuzz/corpus/$target" ] || scripts/fuzz-seeds.sh
mkdir -p "fuzz/artifacts/$target"
if cargo +nightly fuzz --help >/dev/null 2>&1; then
  cd fuzz
  exec cargo +nightly fuzz run -O "$target" "corpus/$target" -- -max_total_time="$secs" -print_final_stats=1
fi
triple=x86_64-unknown-linux-gnu
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks \
-Zsanitizer=address"
cargo +nightly build --manifest-path fuzz/Cargo.toml --release --target "$triple" --bin "$target"
exec "fuzz/target/$triple/release/$target" -max_total_time="$secs" -print_final_stats=1 \
  -artifact_prefix="fuzz/artifacts/$target/" -rss_limit_mb=4096 "fuzz/corpus/$target"
