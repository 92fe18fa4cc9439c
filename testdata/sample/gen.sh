#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Regenerate testdata/sample/tree/: a tiny kbuild-shaped x86_64 object tree
# (Clang ThinLTO, CONFIG_MODVERSIONS) with .cmd files, real genksyms CRCs and
# golden outputs from the kernel's own modpost.  See README.md next to this file.
#
# Usage:  GENKSYMS=/path/to/scripts/genksyms/genksyms \
#         MODPOST=/path/to/scripts/mod/modpost  testdata/sample/gen.sh
#
# Tools come from CC, LD, AR, NM and BCANALYZER (defaults: the LLVM 19 tools).
# The script wipes tree/ and rebuilds it; the output is byte-for-byte the same
# on every run with the same tools.
set -euo pipefail
export LC_ALL=C
umask 022

die() { printf 'gen.sh: error: %s\n' "$*" >&2; exit 1; }

CC=${CC:-clang-19}
LD=${LD:-ld.lld-19}
AR=${AR:-llvm-ar-19}
NM=${NM:-llvm-nm-19}
BCANALYZER=${BCANALYZER:-llvm-bcanalyzer-19}
GENKSYMS=${GENKSYMS:-/tmp/corpus/tiny/scripts/genksyms/genksyms}
MODPOST=${MODPOST:-/tmp/corpus/tiny/scripts/mod/modpost}

for t in "$CC" "$LD" "$AR" "$NM" "$BCANALYZER"; do
	command -v "$t" >/dev/null 2>&1 || die "tool '$t' not found (set CC/LD/AR/NM/BCANALYZER)"
done
[[ -f $GENKSYMS && -x $GENKSYMS ]] ||
	die "genksyms not found at '$GENKSYMS': set GENKSYMS to the kernel's scripts/genksyms/genksyms"
[[ -f $MODPOST && -x $MODPOST ]] ||
	die "modpost not found at '$MODPOST': set MODPOST to the kernel's scripts/mod/modpost"
GENKSYMS=$(cd "$(dirname "$GENKSYMS")" && pwd)/$(basename "$GENKSYMS")
MODPOST=$(cd "$(dirname "$MODPOST")" && pwd)/$(basename "$MODPOST")

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -d $here/src/include/sample ]] || die "sources missing under $here/src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$here/tree"
mkdir -p "$here/tree"
cd "$here/tree"

# srctree relative to objtree, as kbuild does when building in a subdirectory.
srctree=../src

# ---------------------------------------------------------------------------
# Flags, composed the way scripts/Makefile.lib composes c_flags:
#   c_flags = -Wp,-MMD,$(depfile) $(NOSTDINC_FLAGS) $(LINUXINCLUDE) $(_c_flags)
#             $(modkern_cflags) $(basename_flags) $(modname_flags)
# ---------------------------------------------------------------------------
NOSTDINC_FLAGS="-nostdinc"
LINUXINCLUDE="-I$srctree/include -include $srctree/include/sample/kconfig.h -include $srctree/include/sample/compiler_types.h"
KBUILD_CPPFLAGS="-D__KERNEL__"
CC_FLAGS_LTO="-flto=thin -fsplit-lto-unit -fvisibility=hidden"
KBUILD_CFLAGS_HEAD="--target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option -Werror=unused-command-line-argument -ffile-prefix-map=$srctree/= -std=gnu11 -ffreestanding -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-red-zone -mcmodel=kernel -fno-asynchronous-unwind-tables -O2 -fno-stack-protector -fomit-frame-pointer -fno-lto"
KBUILD_CFLAGS_TAIL="-Wall -Wundef -Werror=implicit-function-declaration -Werror=strict-prototypes -Wmissing-prototypes -Wno-unused-parameter"
KBUILD_LDFLAGS="-m elf_x86_64 -mllvm -import-instr-limit=5 -z noexecstack"
# ld_flags = $(KBUILD_LDFLAGS) $(ldflags-y) $(LDFLAGS_$(@F)), both empty here
ld_flags="$KBUILD_LDFLAGS  "

# Make escaping of a command saved in a .cmd file (scripts/Kbuild.include
# make-cmd): '$' -> '$$', then '#' -> '$(pound)'.
mkesc() {
	local s=${1//\$/\$\$}
	s=${s//\#/\$(pound)}
	printf '%s' "$s"
}

# Run a command string (shell syntax) and insist it prints nothing.
run() {
	local out
	if ! out=$(eval "$1" 2>&1); then
		printf '%s\n' "$out" >&2
		die "command failed: $1"
	fi
	[[ -z $out ]] || { printf '%s\n' "$out" >&2; die "unexpected output from: $1"; }
}

# scripts/basic/fixdep: savedcmd_, source_, deps_ (with a $(wildcard
# include/config/X) line for every CONFIG_X first mentioned in each file).
fixdep() {
	local depfile=$1 target=$2 cmd=$3 i f c
	local -a deps
	local -A seen=()
	read -r -a deps <<<"$(sed -e 's/\\$//' "$depfile" | tr '\n' ' ' | sed -e 's/^[^:]*://')"
	printf 'savedcmd_%s := %s\n\n' "$target" "$cmd"
	printf 'source_%s := %s\n\n' "$target" "${deps[0]}"
	printf 'deps_%s := \\\n' "$target"
	for i in "${!deps[@]}"; do
		f=${deps[$i]}
		((i == 0)) || printf '  %s \\\n' "$f"
		while read -r c; do
			[[ -n $c ]] || continue
			c=${c%_MODULE}
			[[ -z ${seen[$c]:-} ]] || continue
			seen[$c]=1
			printf '    $(wildcard include/config/%s) \\\n' "$c"
		done < <(grep -oE '(^|[^A-Za-z0-9_])CONFIG_[A-Za-z0-9_]+' "$f" | sed -e 's/^.*CONFIG_//')
	done
	printf '\n%s: $(deps_%s)\n\n$(deps_%s):\n' "$target" "$target" "$target"
}

# compile OBJ KIND MOD SAVED [EXTRA_CFLAGS]
#   KIND:  ir (ThinLTO bitcode) or elf (CFLAGS_REMOVE_x.o += $(CC_FLAGS_LTO))
#   MOD:   '' for vmlinux objects, else the module name (foo, bar)
#   SAVED: y to append the distributed-ThinLTO patch's saved_c_flags_ line
#   Single-object modules (OBJ == <dir>/<MOD>.o) are turned into ELF in place
#   (cmd_ld_single_m), as kbuild 6.12 does under CONFIG_LTO_CLANG.
compile() {
	local obj=$1 kind=$2 mod=$3 saved=$4 extra=${5:-}
	local dir=${obj%/*} base=${obj##*/}
	base=${base%.o}
	local src=$srctree/$dir/$base.c
	local dotcmd=$dir/.$base.o.cmd depfile=$dir/.$base.o.d
	local kcflags=$KBUILD_CFLAGS_HEAD
	[[ $kind == ir ]] && kcflags+=" $CC_FLAGS_LTO"
	kcflags+=" $KBUILD_CFLAGS_TAIL"
	local _c_flags="$KBUILD_CPPFLAGS $kcflags${extra:+ $extra} -I$srctree/$dir -I$dir"
	local modpart single=
	if [[ -z $mod ]]; then
		modpart="    -DKBUILD_MODFILE='\"$dir/$base\"' -DKBUILD_BASENAME='\"$base\"' -DKBUILD_MODNAME='\"$base\"' -D__KBUILD_MODNAME=kmod_$base"
	else
		modpart="  -DMODULE  -DKBUILD_BASENAME='\"$base\"' -DKBUILD_MODNAME='\"$mod\"' -D__KBUILD_MODNAME=kmod_$mod"
		[[ $base == "$mod" ]] && single=y
	fi
	local c_flags="-Wp,-MMD,$depfile $NOSTDINC_FLAGS $LINUXINCLUDE $_c_flags$modpart"
	local cmd="$CC $c_flags -c -o $obj $src "
	if [[ -n $single ]]; then
		cmd+=" ; $LD $ld_flags -r -o $dir/.tmp_$base.o $obj; mv $dir/.tmp_$base.o $obj "
	else
		cmd+=" "
	fi
	mkdir -p "$dir"
	run "$cmd"
	fixdep "$depfile" "$obj" "$(mkesc "$cmd")" >"$dotcmd"
	rm -f "$depfile"
	if [[ $saved == y ]]; then
		printf '\nsaved_c_flags_%s := %s\n' "$obj" "$(mkesc "$_c_flags$modpart")" >>"$dotcmd"
		SAVED_FLAGS[$obj]="$_c_flags$modpart"
	fi
	# cmd_gen_symversions_c (scripts/Makefile.build, KBUILD_SYMTYPES=1):
	#   $(CPP) -D__GENKSYMS__ $(c_flags) $< | scripts/genksyms/genksyms -T $(@:.o=.symtypes)
	if "$NM" "$obj" 2>/dev/null | grep -q ' __export_symbol_'; then
		local nexp nsym
		eval "$CC -E -D__GENKSYMS__ $c_flags $src" | "$GENKSYMS" -T "$dir/$base.symtypes" >>"$dotcmd"
		rm -f "$depfile"
		nexp=$("$NM" "$obj" | grep -c ' __export_symbol_')
		nsym=$(grep -c '^#SYMVER [A-Za-z0-9_]* 0x[0-9a-f]\{8\}$' "$dotcmd")
		((nexp == nsym)) || die "$obj: $nexp exports but $nsym #SYMVER lines"
	fi
	SRC[$obj]=$src
	CFLAGS_FULL[$obj]="$c_flags"
}

declare -A SAVED_FLAGS=() SRC=() CFLAGS_FULL=()

# ---------------------------------------------------------------------------
# vmlinux objects, in vmlinux.a order (init/, arch/x86/, kernel/, lib/)
# ---------------------------------------------------------------------------
VMLINUX_OBJS=(
	init/main.o
	arch/x86/entry.o
	arch/x86/setup.o
	kernel/module.o
	kernel/core.o
	kernel/params.o
	kernel/nsapi.o
	kernel/cfi.o
	lib/string.o
	lib/checksum.o
)
compile init/main.o       ir  "" n
compile arch/x86/entry.o  elf "" n
compile arch/x86/setup.o  elf "" n
compile kernel/module.o   ir  "" n
compile kernel/core.o     ir  "" y
compile kernel/params.o   ir  "" y "'-DGREETING=\"hello world\"'"
compile kernel/nsapi.o    ir  "" n
compile kernel/cfi.o      ir  "" y "-fsanitize=cfi-icall"
compile lib/string.o      ir  "" n "-DSAMPLE_TAG='\"\$id#2\"'"
compile lib/checksum.o    elf "" n

# ---------------------------------------------------------------------------
# Modules: drivers/bar/bar.ko (single object), drivers/foo/foo.ko (composite)
# ---------------------------------------------------------------------------
compile drivers/bar/bar.o      ir bar y
compile drivers/foo/foo_main.o ir foo n
compile drivers/foo/foo_util.o ir foo y

# cmd_mod: <module>.mod lists the module's member objects, one per line.
printf '%s\n' drivers/bar/bar.o >drivers/bar/bar.mod
printf '%s\n' drivers/foo/foo_main.o drivers/foo/foo_util.o >drivers/foo/foo.mod

# cmd_ld_multi_m: $(LD) $(ld_flags) -r -o $@ @$< $(cmd_objtool)
cmd="$LD $ld_flags -r -o drivers/foo/foo.o @drivers/foo/foo.mod "
run "$cmd"
printf 'savedcmd_%s := %s\n' drivers/foo/foo.o "$(mkesc "$cmd")" >drivers/foo/.foo.o.cmd

printf '%s\n' drivers/bar/bar.o drivers/foo/foo.o >modules.order
# The kconfig symbols thinpost reads (verify's CRC checks need MODVERSIONS).
mkdir -p include/config
printf '%s\n' CONFIG_MODULES=y CONFIG_MODVERSIONS=y CONFIG_LTO_CLANG=y CONFIG_LTO_CLANG_THIN=y >include/config/auto.conf
# The release whose modpost wrote the golden files (thinpost behaves as that version).
echo 6.12.117 >include/config/kernel.release

# ---------------------------------------------------------------------------
# vmlinux.a (thin, deterministic), .vmlinux.objs, vmlinux.o (in-process ThinLTO)
# ---------------------------------------------------------------------------
cmd="rm -f vmlinux.a; $AR cDPrST vmlinux.a ${VMLINUX_OBJS[*]}"
run "$cmd"
printf 'savedcmd_%s := %s\n' vmlinux.a "$(mkesc "$cmd")" >.vmlinux.a.cmd
"$AR" t vmlinux.a >.vmlinux.objs
cmp -s .vmlinux.objs <(printf '%s\n' "${VMLINUX_OBJS[@]}") || die ".vmlinux.objs does not list the objects in order"

# scripts/Makefile.vmlinux_o cmd_ld_vmlinux.o (no initcall linker script, no objtool)
cmd="$LD $KBUILD_LDFLAGS -r -o vmlinux.o   --whole-archive vmlinux.a --no-whole-archive --start-group  --end-group "
run "$cmd"
printf 'savedcmd_%s := %s\n' vmlinux.o "$(mkesc "$cmd")" >.vmlinux.o.cmd

# ---------------------------------------------------------------------------
# extra/wrapped.o: Mach-O target => bitcode wrapper header 0x0B17C0DE
# ---------------------------------------------------------------------------
mkdir -p extra
cmd="$CC -Wp,-MMD,extra/.wrapped.o.d -nostdinc -target x86_64-apple-macosx10.15 -O2 -flto=thin -c -o extra/wrapped.o $srctree/extra/wrapped.c  "
run "$cmd"
fixdep extra/.wrapped.o.d extra/wrapped.o "$(mkesc "$cmd")" >extra/.wrapped.o.cmd
rm -f extra/.wrapped.o.d

# ---------------------------------------------------------------------------
# Golden outputs from the real modpost, run as the corpus's .Module.symvers.cmd
# ---------------------------------------------------------------------------
printf 'savedcmd_Module.symvers :=  scripts/mod/modpost -M -m  -E     -o Module.symvers -T modules.order vmlinux.o\n' >.Module.symvers.cmd
if ! out=$("$MODPOST" -M -m -E -o Module.symvers -T modules.order vmlinux.o 2>&1); then
	printf '%s\n' "$out" >&2
	die "modpost failed"
fi
[[ -z $out ]] || { printf '%s\n' "$out" >&2; die "modpost printed warnings"; }

# ---------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------
# kernel/cfi.o must hold two modules.
nmod=$("$BCANALYZER" -dump kernel/cfi.o | grep -c '^<MODULE_BLOCK')
((nmod == 2)) || die "kernel/cfi.o has $nmod MODULE_BLOCKs, expected 2"
for o in init/main.o kernel/core.o lib/string.o drivers/foo/foo_main.o; do
	nmod=$("$BCANALYZER" -dump "$o" | grep -c '^<MODULE_BLOCK')
	((nmod == 1)) || die "$o has $nmod MODULE_BLOCKs, expected 1"
done
# Magic numbers.
magic() { od -An -tx1 -N4 "$1" | tr -d ' \n'; }
[[ $(magic extra/wrapped.o) == dec0170b ]] || die "extra/wrapped.o lacks the bitcode wrapper header"
for o in "${VMLINUX_OBJS[@]}" drivers/foo/foo_main.o drivers/foo/foo_util.o; do
	case $o in
	arch/x86/*.o | lib/checksum.o) want=7f454c46 ;;
	*) want=4243c0de ;;
	esac
	[[ $(magic "$o") == "$want" ]] || die "$o: magic $(magic "$o"), expected $want"
done
for o in drivers/bar/bar.o drivers/foo/foo.o vmlinux.o; do
	[[ $(magic "$o") == 7f454c46 ]] || die "$o is not ELF"
done
# saved_c_flags_ must be real: shell-split, they rebuild the same bitcode from
# the source (with the include flags the patch does not save), and they drive
# a distributed ThinLTO backend compile of the object against a thin-link index
# (made in $tmp).  -fsanitize=cfi* must be dropped for the backend: clang
# rejects it together with -fno-lto ("only allowed with '-flto'").
# shellcheck disable=SC2086
"$LD" $KBUILD_LDFLAGS -r --thinlto-index-only="$tmp/vmlinux.thinlto-index" \
	--thinlto-prefix-replace=";$tmp/idx/" -o "$tmp/unused.o" "${VMLINUX_OBJS[@]}"
# shellcheck disable=SC2086
"$LD" $KBUILD_LDFLAGS -r --thinlto-index-only="$tmp/foo.thinlto-index" \
	--thinlto-prefix-replace=";$tmp/idx/" -o "$tmp/unused.o" @drivers/foo/foo.mod
for o in $(printf '%s\n' "${!SAVED_FLAGS[@]}" | sort); do
	eval "set -- ${SAVED_FLAGS[$o]}"
	# shellcheck disable=SC2086
	"$CC" $NOSTDINC_FLAGS $LINUXINCLUDE "$@" -c -o "$tmp/re.o" "${SRC[$o]}"
	[[ $(magic "$tmp/re.o") == 4243c0de ]] || die "$o: rebuild with saved_c_flags_ gave no bitcode"
	[[ $(magic "$o") != 4243c0de ]] || cmp -s "$tmp/re.o" "$o" ||
		die "$o: rebuilding with saved_c_flags_ gives different bitcode"
	[[ -f $tmp/idx/$o.thinlto.bc ]] || continue
	be=()
	for a in "$@"; do [[ $a == -fsanitize=cfi* ]] || be+=("$a"); done
	"$CC" "${be[@]}" -x ir -fno-lto -Wno-unused-command-line-argument \
		-fthinlto-index="$tmp/idx/$o.thinlto.bc" -c -o "$tmp/native.o" "$o"
	[[ $(magic "$tmp/native.o") == 7f454c46 ]] || die "$o: backend compile failed"
done
# The quoting cases the tree promises.
grep -q "^saved_c_flags_kernel/params.o := .*'-DGREETING=\"hello world\"'.* -DKBUILD_MODFILE='\"kernel/params\"'" kernel/.params.o.cmd ||
	die "kernel/.params.o.cmd lacks the quoted saved_c_flags_"
grep -qF -- "-DSAMPLE_TAG='\"\$\$id\$(pound)2\"'" lib/.string.o.cmd || die "lib/.string.o.cmd lacks the \$\$/\$(pound) escapes"
# No absolute path of this machine may leak into the tree.
if grep -rlF -e "$here" -e "$tmp" . >/dev/null; then
	die "absolute paths leaked into: $(grep -rlF -e "$here" -e "$tmp" . | tr '\n' ' ')"
fi

echo "gen.sh: wrote $(find . -type f | wc -l) files ($(du -sb . | cut -f1) bytes) to $here/tree"
