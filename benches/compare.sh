#!/usr/bin/env bash
# compare.sh [SECTION...] — side-by-side timings with hyperfine (Debian package), each
# thinpost command next to its anchor in the same run. Sections: modpost, backend,
# archive, scan, noop, dtlto, runner (the persistent runner; not in the default set,
# it takes about 20 minutes). Default: all but runner. Uses target/corpus (unpacked by the tests) and
# target/gen-20k (from `cargo run --release -p thinpost-gen-tree -- target/gen-20k`).
# Results go to target/compare/*.md (hyperfine --export-markdown) and to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=${*:-modpost backend archive scan noop dtlto}
command -v hyperfine >/dev/null || { echo "compare.sh: install hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --locked --quiet --features persistent
cargo build --release --locked --quiet --examples 2>/dev/null || true
bin=$PWD/target/release/thinpost
out=$PWD/target/compare
mkdir -p "$out"
unpack() {
  local name=$1 dir=target/corpus/$1
  if [ ! -f "$dir/.unpacked-$name" ]; then
    mkdir -p "$dir" && tar xJf "testdata/$name.tar.xz" -C "$dir" && touch "$dir/.unpacked-$name"
  fi
  echo "$PWD/$dir"
}
fresh() { rm -rf "$2" && cp -a "$1" "$2"; echo "$2"; }
export CC=clang-19 LD=ld.lld-19 AR=llvm-ar-19
args="-M -m -E -o Module.symvers -T modules.order vmlinux.o"

for s in $sections; do case $s in
modpost)
  t=$(fresh "$(unpack tiny-6.12)" "$out/tiny-modpost")
  (cd "$t" && hyperfine -N -w 3 -r 30 --export-markdown "$out/modpost-tiny.md" \
     "./scripts/mod/modpost $args" "$bin modpost $args")
  t=$(fresh "$(unpack tiny-6.12-dist)" "$out/dist-modpost")
  (cd "$t" && hyperfine -N -w 3 -r 30 --export-markdown "$out/modpost-dist.md" \
     "./scripts/mod/modpost $args" "$bin modpost $args" \
     "$bin modpost -M -m -E -o Module.symvers -T modules.order --vmlinux-archive vmlinux.a")
  # Linux 7.2 (upstream distributed ThinLTO, extended modversions, device tables):
  # kbuild's 7.2 arguments, the tree's own 7.2 modpost beside thinpost's 7.2 behaviour.
  t=$(fresh "$(unpack small-7.2-dist)" "$out/small72-modpost")
  args72="-M -m -b -x -E -o Module.symvers -T modules.order vmlinux.o"
  (cd "$t" && hyperfine -N -w 3 -r 30 --export-markdown "$out/modpost-small72.md" \
     "./scripts/mod/modpost $args72" "$bin modpost $args72" \
     "$bin modpost -M -m -b -x -E -o Module.symvers -T modules.order --vmlinux-archive vmlinux.a")
  for gen in gen-20k gen-50k; do
    [ -f "target/$gen/vmlinux.o" ] || continue
    ref=$(unpack tiny-6.12-dist)/scripts/mod/modpost
    # The I/O floor: every file modpost reads, through one `cat`.
    (cd "target/$gen" && { echo vmlinux.o; echo .vmlinux.objs; echo modules.order
       while read -r o; do echo "${o%/*}/.${o##*/}.cmd"; done < .vmlinux.objs
       while read -r m; do echo "$m"; echo "${m%.o}.mod"
         while read -r o; do echo "${o%/*}/.${o##*/}.cmd"; done < "${m%.o}.mod"; done < modules.order
     } > "$out/$gen-inputs.txt")
    (cd "target/$gen" && hyperfine -N -w 1 -r 10 --export-markdown "$out/modpost-$gen.md" \
       "$ref $args" "$bin modpost --no-crc-cache $args" "$bin modpost $args" \
       "xargs -a $out/$gen-inputs.txt cat")
  done ;;
backend)
  # thinpost backend vs make-driven backends (one rule per native, as kbuild's
  # distributed mode) vs in-process ThinLTO `ld.lld -r`, all at -j2, on tiny-6.12.
  t=$(fresh "$(unpack tiny-6.12)" "$out/tiny-backend")
  "$bin" build -v -j2 "$t" 2>"$out/backend-commands.log" >/dev/null
  natives=$(sed -n 's/^# \([^ ]*\) (.*$/\1/p' "$out/backend-commands.log")
  { echo "all: $(echo $natives)"; echo ".PHONY: all"
    grep -A1 '^# ' "$out/backend-commands.log" | grep -v '^--$' | paste - - |
      sed 's/^# \([^ ]*\) ([^)]*)\t/\1:\n\t/'; } > "$t/backends.mk"
  (cd "$t" && hyperfine -w 0 -r 3 --export-markdown "$out/backend-tiny.md" \
     -p "rm -rf .thinpost-cache && rm -f $(echo $natives)" "$bin backend -j2 ." \
     -p "rm -f $(echo $natives)" "make -s -j2 -f backends.mk" \
     -p "rm -f inproc.o" "ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r --thinlto-jobs=2 -o inproc.o -T .tmp_initcalls.lds --whole-archive built-in-fixup.a --no-whole-archive") ;;
noop)
  t=$out/tiny-backend
  [ -d "$t" ] || { echo "noop: run the backend section first" >&2; continue; }
  (cd "$t" && "$bin" build -j2 . >/dev/null 2>&1 && hyperfine -N -w 2 -r 20 --export-markdown "$out/noop-tiny.md" \
     "$bin build -j2 ." "make -s -j2 -f backends.mk") ;;
archive)
  # The native vmlinux.a at 20k members: thinpost's writer (linear), llvm-ar alone,
  # and kbuild's distributed-mode shell loop (a grep over the index per object).
  t=$out/archive-20k
  if [ ! -f "$t/builtin.order" ]; then
    mkdir -p "$t" && (cd "$t" && for i in $(seq 0 19999); do d=dir$((i % 400))/sub$((i % 7)); mkdir -p $d; echo x > $d/object_$i.o; echo xy > $d/object_$i.thinlto-native.o; echo $d/object_$i.o; done > builtin.order && cp builtin.order vmlinux.thinlto-index)
  fi
  example=$PWD/target/release/examples/write-archive
  (cd "$t" && hyperfine -w 2 -r 10 --export-markdown "$out/archive-20k.md" \
     "$example vmlinux.a --list builtin.order --thinlto-index vmlinux.thinlto-index" \
     "sh -c 'sed s/[.]o\$/.thinlto-native.o/ builtin.order > natives.rsp && llvm-ar-19 cDPrST vmlinux.a @natives.rsp'")
  # kbuild's loop is quadratic (a grep over the index per object): 2k objects here,
  # where it still finishes in seconds; at 20k one run takes minutes.
  t2=$out/archive-2k
  if [ ! -f "$t2/builtin.order" ]; then
    mkdir -p "$t2" && (cd "$t2" && for i in $(seq 0 1999); do d=dir$((i % 40))/sub$((i % 7)); mkdir -p $d; echo x > $d/object_$i.o; echo xy > $d/object_$i.thinlto-native.o; echo $d/object_$i.o; done > builtin.order && cp builtin.order vmlinux.thinlto-index)
  fi
  (cd "$t2" && hyperfine -w 1 -r 5 --export-markdown "$out/archive-2k.md" \
     "$example vmlinux.a --list builtin.order --thinlto-index vmlinux.thinlto-index" \
     "rm -f vmlinux.a; while read -r obj; do if grep -q \${obj} vmlinux.thinlto-index; then echo \${obj%.o}.thinlto-native.o; else echo \${obj}; fi; done < builtin.order | xargs llvm-ar-19 cDPrST vmlinux.a") ;;
scan)
  t=$(unpack tiny-6.12)
  (cd "$t" && hyperfine -N -w 5 -r 40 --export-markdown "$out/scan-tiny.md" \
     "$bin scan ." "$bin scan -j1 ." \
     "cat $(cd "$t" && { cat .vmlinux.objs; for o in $(cat .vmlinux.objs); do echo "$(dirname "$o")/.$(basename "$o").cmd"; done; } | tr '\n' ' ')") ;;
dtlto)
  # lld-22 with thinpost as its distributor vs in-process lld-22, -j2, on tiny-6.12;
  # cold (empty cache) and warm (the same link again).
  t=$(fresh "$(unpack tiny-6.12)" "$out/tiny-dtlto")
  link="ld.lld-22 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r -T .tmp_initcalls.lds --whole-archive vmlinux.a --no-whole-archive"
  dist="--thinlto-distributor=$bin --thinlto-distributor-arg=dtlto --thinlto-distributor-arg=-j2 --thinlto-distributor-arg=--cache-dir=$out/dtlto-cache --thinlto-remote-compiler=clang-22"
  (cd "$t" && hyperfine -N -w 0 -r 2 --export-markdown "$out/dtlto-tiny.md" \
     -n "lld-22 + thinpost dtlto, cold cache" -p "rm -rf $out/dtlto-cache" "$link -o d.o $dist" \
     -n "lld-22 in-process ThinLTO" -p true "$link -o i.o --thinlto-jobs=2" \
     -n "lld-22 + thinpost dtlto, warm cache" -p true "$link -o w.o $dist") ;;
runner)
  # Backends five ways, -j2, in one hyperfine run per tree: plain clang processes,
  # the persistent runner, the lto runner, make-driven (one rule per native, kbuild's
  # way) and in-process ThinLTO `ld.lld -r`; then DTLTO cold with each runner against
  # in-process lld-22. CPU (user + sys) is printed beside the wall times. RUNNER_TREES=tiny-6.12
  # limits the backend part to one tree.
  for tree in ${RUNNER_TREES:-tiny-6.12 small-7.2-dist}; do
    t=$(fresh "$(unpack $tree)" "$out/runner-$tree")
    "$bin" build -v -j2 "$t" 2>"$out/runner-$tree-commands.log" >/dev/null
    natives=$(sed -n 's/^# \([^ ]*\) (.*$/\1/p' "$out/runner-$tree-commands.log")
    { echo "all: $(echo $natives)"; echo ".PHONY: all"
      grep -A1 '^# ' "$out/runner-$tree-commands.log" | grep -v '^--$' | paste - - |
        sed 's/^# \([^ ]*\) ([^)]*)\t/\1:\n\t/'; } > "$t/backends.mk"
    (cd "$t" && echo "$(uptime)" > "$out/runner-$tree.load" && hyperfine -w 0 -r 2 \
       --export-markdown "$out/runner-$tree.md" --export-json "$out/runner-$tree.json" \
       -n "thinpost backend --runner clang" -p "rm -rf .thinpost-cache && rm -f $(echo $natives)" "$bin backend -j2 --runner clang ." \
       -n "thinpost backend --runner persistent" -p "rm -rf .thinpost-cache && rm -f $(echo $natives)" "$bin backend -j2 --runner persistent ." \
       -n "thinpost backend --runner lto" -p "rm -rf .thinpost-cache && rm -f $(echo $natives)" "$bin backend -j2 --runner lto ." \
       -n "make -j2 (kbuild's way)" -p "rm -f $(echo $natives)" "make -s -j2 -f backends.mk" \
       -n "ld.lld-19 in-process ThinLTO" -p "rm -f inproc.o" "ld.lld-19 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r --thinlto-jobs=2 -o inproc.o -T .tmp_initcalls.lds --whole-archive built-in-fixup.a --no-whole-archive"
     echo "$(uptime)" >> "$out/runner-$tree.load")
  done
  t=$(fresh "$(unpack tiny-6.12)" "$out/runner-dtlto")
  link="ld.lld-22 -m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack -r -T .tmp_initcalls.lds --whole-archive vmlinux.a --no-whole-archive"
  dist="--thinlto-distributor=$bin --thinlto-distributor-arg=dtlto --thinlto-distributor-arg=-j2 --thinlto-distributor-arg=--cache-dir=$out/runner-dtlto-cache --thinlto-remote-compiler=clang-22"
  (cd "$t" && echo "$(uptime)" > "$out/runner-dtlto.load" && hyperfine -N -w 0 -r 2 \
     --export-markdown "$out/runner-dtlto.md" --export-json "$out/runner-dtlto.json" \
     -n "lld-22 + thinpost dtlto --runner clang, cold" -p "rm -rf $out/runner-dtlto-cache" "$link -o d.o $dist --thinlto-distributor-arg=--runner=clang" \
     -n "lld-22 + thinpost dtlto --runner persistent, cold" -p "rm -rf $out/runner-dtlto-cache" "$link -o p.o $dist --thinlto-distributor-arg=--runner=persistent" \
     -n "lld-22 + thinpost dtlto --runner lto, cold" -p "rm -rf $out/runner-dtlto-cache" "$link -o l.o $dist --thinlto-distributor-arg=--runner=lto" \
     -n "lld-22 in-process ThinLTO" -p true "$link -o i.o --thinlto-jobs=2"
   echo "$(uptime)" >> "$out/runner-dtlto.load")
  for j in "$out"/runner-*.json; do
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name, wall, user, sys_ = r["command"], r["mean"], r["user"], r["system"]
    print(f"{name}: wall {wall:.2f} s, CPU {user + sys_:.2f} s (user {user:.2f}, sys {sys_:.2f})")' "$j"
  done ;;
*) echo "compare.sh: unknown section $s" >&2; exit 2 ;;
esac; done
cat "$out"/*.md
