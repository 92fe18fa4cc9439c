#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Build one version of the gate sample tree: a kbuild-shaped objtree whose one
# vmlinux object, kernel/gate.o, exports four symbols.  Version v2 adds a member
# to struct gate_request (testdata/gate/src/include/gate/request.h), the argument
# struct of the exported gate_submit().
#
# Usage:  GENKSYMS=.../scripts/genksyms/genksyms MODPOST=.../scripts/mod/modpost \
#             testdata/gate/gen.sh OUTDIR v1|v2
#
# Everything that carries a CRC comes from the real tools, as kbuild runs them with
# CONFIG_MODVERSIONS and KBUILD_SYMTYPES=1:
#   kernel/gate.o          clang -flto=thin (ThinLTO bitcode)
#   kernel/gate.symtypes   $(CPP) -D__GENKSYMS__ $(c_flags) gate.c | genksyms -T gate.symtypes
#   kernel/.gate.o.cmd     savedcmd_ line, then genksyms' #SYMVER lines
#   vmlinux.o              ld.lld -r (in-process ThinLTO)
#   Module.symvers         the kernel's modpost -M -m (CONFIG_MODULES, CONFIG_MODVERSIONS),
#                          reading .vmlinux.objs and the .cmd file
# The headers and export macros are the sample tree's (testdata/sample/src/include).
set -euo pipefail
export LC_ALL=C
umask 022

die() { printf 'gate/gen.sh: error: %s\n' "$*" >&2; exit 1; }

(($# == 2)) || die "usage: gen.sh OUTDIR v1|v2"
out=$1 version=$2
case $version in
v1) defs="" ;;
v2) defs="-DGATE_V2" ;;
*) die "unknown version '$version' (v1 or v2)" ;;
esac

CC=${CC:-clang-19}
LD=${LD:-ld.lld-19}
: "${GENKSYMS:?set GENKSYMS to the kernel's scripts/genksyms/genksyms}"
: "${MODPOST:?set MODPOST to the kernel's scripts/mod/modpost}"
for t in "$CC" "$LD" "$GENKSYMS" "$MODPOST"; do
	command -v "$t" >/dev/null 2>&1 || die "tool '$t' not found"
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$here/src
inc=$here/../sample/src/include

mkdir -p "$out/kernel" "$out/include/config"
cd "$out"
# The release whose modpost (the tiny-6.12 corpus's) writes Module.symvers here.
echo 6.12.117 >include/config/kernel.release

c_flags="-nostdinc -I$inc -I$src/include -include $inc/sample/kconfig.h -include $inc/sample/compiler_types.h \
-D__KERNEL__ $defs --target=x86_64-linux-gnu -std=gnu11 -ffreestanding -fno-common -fno-PIE -mcmodel=kernel \
-mno-red-zone -O2 -Wall -Werror -DKBUILD_MODFILE='\"kernel/gate\"' -DKBUILD_BASENAME='\"gate\"' \
-DKBUILD_MODNAME='\"gate\"' -D__KBUILD_MODNAME=kmod_gate"
cmd="$CC $c_flags -flto=thin -c -o kernel/gate.o $src/kernel/gate.c"
eval "$cmd"
printf 'savedcmd_kernel/gate.o := %s\n\n' "$cmd" >kernel/.gate.o.cmd
# cmd_gen_symversions_c (scripts/Makefile.build, KBUILD_SYMTYPES=1)
eval "$CC -E -D__GENKSYMS__ $c_flags $src/kernel/gate.c" |
	"$GENKSYMS" -T kernel/gate.symtypes >>kernel/.gate.o.cmd
n=$(grep -c '^#SYMVER ' kernel/.gate.o.cmd) || true
((n == 4)) || die "genksyms wrote $n #SYMVER lines, expected 4"

printf '%s\n' kernel/gate.o >.vmlinux.objs
"$LD" -m elf_x86_64 -r -o vmlinux.o kernel/gate.o
"$MODPOST" -M -m -o Module.symvers vmlinux.o
