#!/usr/bin/env bash
# test.sh — the whole test suite, from a clean clone: installs the LLVM 19 toolchain the
# tests run (clang-19, ld.lld-19, llvm-ar-19, llvm-nm-19) if missing, then runs every
# test. The tests unpack the kernel corpora in testdata/ into target/corpus/ themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-toolchain.sh 19 22
cargo test --locked --workspace --all-targets "$@"
