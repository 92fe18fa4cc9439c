#!/usr/bin/env bash
# test.sh — the whole test suite, from a clean clone: installs the LLVM 19 toolchain the
# tests run (clang-19, ld.lld-19, llvm-ar-19, llvm-nm-19) if missing, then runs every
# test, then the persistent runner's tests (feature `persistent`: every native of two
# kernel corpora against plain clang's). The tests unpack the kernel corpora in
# testdata/ into target/corpus/ themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-toolchain.sh 19 22
cargo test --locked --workspace --all-targets "$@"
cargo test --locked --features persistent --test persistent_runner "$@"
