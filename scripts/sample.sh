#!/usr/bin/env bash
# sample.sh — the main job on the bundled sample tree (testdata/sample/tree): builds
# thinpost and scans the tree, listing every object.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec target/release/thinpost scan --list testdata/sample/tree "$@"
