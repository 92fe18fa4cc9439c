#!/usr/bin/env bash
# test.sh — the whole test suite, from a clean clone: installs the LLVM 19 toolchain the
# tests run (clang-19, ld.lld-19, llvm-ar-19, llvm-nm-19) if missing, then runs every
# test, then the runners' tests (feature `persistent`: every native of two kernel corpora
# from the persistent runner against plain clang's, the lto runner's against in-process
# lld's; and the unit tests of the runners' code). The tests unpack the kernel corpora in
# testdata/ into target/corpus/ themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-toolchain.sh 19 22
cargo test --locked --workspace --all-targets "$@"
cargo test --locked --features persistent --lib --test persistent_runner "$@"
