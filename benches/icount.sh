#!/usr/bin/env bash
# icount.sh [--update] — instruction counts (valgrind callgrind) of `thinpost scan` and
# `thinpost modpost` on tiny-6.12, single-threaded so the counts repeat exactly, compared
# with benches/icount-baseline.txt. Fails when a count rises more than 10%.
# To accept a change on purpose (a new check that costs instructions, a toolchain
# update): run `benches/icount.sh --update`, and commit the new baseline with a note
# saying why it moved.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=benches/icount-baseline.txt
update=${1:-}
command -v valgrind >/dev/null || { echo "icount.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
cargo build --release --locked --quiet
bin=$PWD/target/release/thinpost
tiny=target/corpus/tiny-6.12
if [ ! -f "$tiny/.unpacked-tiny-6.12" ]; then
  mkdir -p "$tiny" && tar xJf testdata/tiny-6.12.tar.xz -C "$tiny" && touch "$tiny/.unpacked-tiny-6.12"
fi
work=$(mktemp -d -p "$PWD/target" icount.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -a "$tiny" "$work/tree"
count() { # name, command...
  local name=$1; shift
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" >/dev/null 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; exit 2; }
  sed -n 's/^summary: //p' "$work/$name.out"
}
scan=$(count scan "$bin" scan -j1 "$work/tree")
modpost=$(cd "$work/tree" && count modpost "$bin" modpost -M -m -E -o Module.symvers -T modules.order vmlinux.o)
if [ "$update" = --update ]; then
  printf 'scan %s\nmodpost %s\n' "$scan" "$modpost" > "$baseline"
  echo "icount: baseline updated: scan $scan, modpost $modpost"
  exit 0
fi
status=0
for entry in "scan $scan" "modpost $modpost"; do
  set -- $entry
  base=$(awk -v n="$1" '$1 == n { print $2 }' "$baseline")
  [ -n "$base" ] || { echo "icount: no baseline for $1 in $baseline" >&2; exit 2; }
  pct=$(awk -v a="$2" -v b="$base" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')
  if awk -v a="$2" -v b="$base" 'BEGIN { exit !(a > b * 1.10) }'; then
    echo "icount: $1: $2 instructions, baseline $base ($pct%): more than 10% above the baseline" >&2
    status=1
  else
    echo "icount: $1: $2 instructions, baseline $base ($pct%)"
  fi
done
exit $status
