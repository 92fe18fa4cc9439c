#!/usr/bin/env bash
# bench-archive.sh [--kernel-loop] — times writing a 20,000-member thin vmlinux.a:
# thinpost's writer (examples/write-archive) against one `llvm-ar-19 cDPrST` run, and,
# with --kernel-loop, against kbuild's distributed-mode rule (a `grep` per object over
# vmlinux.thinlto-index piped into `xargs llvm-ar-19 cDPrST`), which takes minutes.
# The tree (target/bench-archive-20k: builtin.order, an index naming 29 of every 30
# objects, the objects and their natives) is made once. Every output is checked with cmp.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example write-archive
writer=$PWD/target/release/examples/write-archive
tree=target/bench-archive-20k
if [ ! -f "$tree/.made" ]; then
  rm -rf "$tree" && mkdir -p "$tree"
  python3 - "$tree" <<'EOF'
import os, sys
os.chdir(sys.argv[1])
order, index, members = [], [], []
for i in range(20000):
    name = [f"init/o{i}.o", f"kernel/sub{i % 7}/x{i}.o",
            f"drivers/net/ethernet/vendor{i % 13}/chip{i % 5}/some_driver_object_{i}.o",
            f"fs/sub{i % 11}/deeper/m{i}.o"][i % 4]
    os.makedirs(os.path.dirname(name), exist_ok=True)
    with open(name, "wb") as f:
        f.write(b"\0" * (100 + i % 1000))
    order.append(name)
    if i % 30:
        native = name[:-2] + ".thinlto-native.o"
        with open(native, "wb") as f:
            f.write(b"\0" * (200 + i % 777))
        index.append(name)
        members.append(native)
    else:
        members.append(name)
for path, lines in [("builtin.order", order), ("vmlinux.thinlto-index", index), ("members.list", members)]:
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
EOF
  touch "$tree/.made"
fi
cd "$tree"
rm -f vmlinux.a && llvm-ar-19 cDPrST vmlinux.a @members.list && mv vmlinux.a llvm-ar.a
hyperfine -N --warmup 5 --runs 50 --prepare 'rm -f vmlinux.a' \
  -n 'thinpost write-archive (member list)' "$writer vmlinux.a --list members.list" \
  -n 'thinpost write-archive (builtin.order + index)' \
  "$writer vmlinux.a --list builtin.order --thinlto-index vmlinux.thinlto-index" \
  -n 'llvm-ar-19 cDPrST @members.list' 'llvm-ar-19 cDPrST vmlinux.a @members.list'
cmp vmlinux.a llvm-ar.a
if [ "${1:-}" = --kernel-loop ]; then
  cat > kernel-loop.sh <<'EOF'
rm -f vmlinux.a; while read -r obj; do if grep -q ${obj} vmlinux.thinlto-index; then echo ${obj%.o}.thinlto-native.o; else echo ${obj}; fi; done < builtin.order | xargs llvm-ar-19 cDPrST vmlinux.a
EOF
  hyperfine --runs 1 -n 'kernel loop + xargs llvm-ar-19 cDPrST' 'bash kernel-loop.sh'
  cmp vmlinux.a llvm-ar.a
fi
echo "bench-archive: every archive is byte-identical to llvm-ar-19's"
