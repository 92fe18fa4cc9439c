#!/usr/bin/env bash
# build-modpost.sh VERSION ARCH OUTDIR — builds the kernel's own `scripts/mod/modpost`
# of Linux VERSION (6.12, 7.2, 7.3: Debian's linux-source-VERSION) for ARCH (x86, i386,
# arm64) into OUTDIR, for side-by-side tests against thinpost. modpost is a host program
# compiled for the target's ELF class (scripts/mod/elfconfig.h) with the target's
# device-table layouts (scripts/mod/devicetable-offsets.h), so it is built from a
# configured objtree: `tinyconfig`, then `prepare0`, whose last step builds scripts/mod
# (about a minute on 2 cores; nothing of the kernel itself is compiled).
#
# Sources come from ${THINPOST_SRC_DIR:-/var/tmp/thinpost-src} (fetched with
# scripts/get-kernel-source.sh when missing). Idempotent: an OUTDIR that already holds
# the binary is left alone. Prints the path of the binary.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 VERSION ARCH OUTDIR" >&2; exit 2; }
version=$1 arch=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
src_root=${THINPOST_SRC_DIR:-/var/tmp/thinpost-src}
llvm=${THINPOST_LLVM_SUFFIX:--19}
bin="$out/scripts/mod/modpost"
if [ -x "$bin" ] && [ -f "$out/.thinpost-modpost-built" ]; then
	echo "$bin"
	exit 0
fi
# kbuild's ARCH: `x86` alone lets tinyconfig pick 32-bit; the 64-bit kernel is x86_64.
case $arch in
	x86 | x86_64) karch=x86_64 ;;
	i386 | x86_32) karch=i386 ;;
	*) karch=$arch ;;
esac
src=$("$here/get-kernel-source.sh" "$version" "$src_root" | tail -n 1)
[ -f "$src/Makefile" ] || { echo "build-modpost: no kernel source at $src" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
log="$out/build.log"
if ! { make -C "$src" O="$out" ARCH="$karch" LLVM="$llvm" tinyconfig &&
	make -C "$src" O="$out" ARCH="$karch" LLVM="$llvm" -j"$(nproc)" prepare0; } >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "build-modpost: building modpost of Linux $version for $arch failed (log: $log)" >&2
	exit 1
fi
[ -x "$bin" ] || { echo "build-modpost: $bin was not built (log: $log)" >&2; exit 1; }
touch "$out/.thinpost-modpost-built"
echo "$bin"
