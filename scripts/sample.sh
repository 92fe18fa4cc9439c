#!/usr/bin/env bash
# sample.sh — the main job on the bundled sample tree: installs clang-19/lld-19/llvm-19
# if missing, builds thinpost, copies testdata/sample to target/sample-run/, runs the
# distributed ThinLTO pipeline on it, verifies it, then runs thinpost as modpost with
# the arguments kbuild recorded, and shows the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-toolchain.sh 19
cargo build --release --locked --quiet
bin=$PWD/target/release/thinpost
run=target/sample-run
rm -rf "$run" && mkdir -p "$run"
cp -a testdata/sample/tree testdata/sample/src "$run/"
cd "$run/tree"
export CC=clang-19 LD=ld.lld-19 AR=llvm-ar-19
set -x
"$bin" scan .
"$bin" build .
"$bin" verify .
# modpost, with the arguments recorded in .Module.symvers.cmd.
"$bin" modpost $(sed -n 's/^savedcmd_Module.symvers := *[^ ]* //p' .Module.symvers.cmd)
{ set +x; } 2>/dev/null
echo "sample: Module.symvers and *.mod.c written in $run/tree; identical to the kernel's modpost:"
for f in Module.symvers .vmlinux.export.c drivers/bar/bar.mod.c drivers/foo/foo.mod.c; do
  cmp "$f" "../../../testdata/sample/tree/$f" && echo "  $f: identical"
done
