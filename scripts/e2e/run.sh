#!/usr/bin/env bash
# scripts/e2e/run.sh [KERNEL...] — build real kernels from source, boot them under qemu and
# check that every module loads. See scripts/e2e/README.md.
#
# KERNEL (default: 6.12-thinpost 7.2-thinpost):
#   6.12-thinpost  Linux 6.12, CONFIG_LTO_CLANG_THIN, with thinpost in kbuild: links named
#                clang-22/ld.lld-22 first in PATH (thinpost's compiler and linker wrappers:
#                every ThinLTO link's backends -- vmlinux.o and each module's ld -r --
#                distributed by thinpost dtlto and cached by content; the cold build's
#                through the persistent runner) and MODPOST=thinpost
#   7.2-thinpost   Linux 7.2, CONFIG_LTO_CLANG_THIN_DIST, with the same links (kbuild's
#                backend compiles served from thinpost's store; module links distributed),
#                MODPOST=thinpost, and thinpost verify before the final link
#   6.12-stock   Linux 6.12, CONFIG_LTO_CLANG_THIN (in-process ThinLTO), stock modpost
#   7.2-dist     Linux 7.2, CONFIG_LTO_CLANG_THIN_DIST (kbuild's distributed ThinLTO), stock modpost
#   KERNEL+thinpost  a stock kernel, then MODPOST=thinpost in the same tree: modpost's
#                outputs compared with stock's, and a third boot
#
# Stages of each kernel: configure, build (cold, or incremental when the build directory
# is there from an earlier run), boot, one-line change + rebuild, boot [, thinpost modpost,
# boot]. Figures go to $THINPOST_E2E_DIR/results/KERNEL/ and a table at the end.
#
# Environment (all optional):
#   THINPOST_SRC_DIR   pristine sources, linux-source-VERSION   [/var/tmp/thinpost-src]
#   THINPOST_E2E_DIR   overlays, build dirs, results            [/var/tmp/thinpost-e2e]
#   E2E_COLD=1         wipe the build directory first: a cold build
#   E2E_JOBS           make -j                                  [2]
#   E2E_LLVM           LLVM= suffix, e.g. -22 or -19            [per kernel]
#   E2E_CC E2E_LD      CC= and LD= for make (may be wrappers with spaces: "thinpost cc clang-22")
#   E2E_MODPOST        MODPOST= for every make: a path, or "thinpost" (a link named modpost)
#   E2E_MAKEFLAGS      more make arguments (words), e.g. "V=1" or "KBUILD_SYMTYPES=1"
#   E2E_HOOK_POST_CONFIG E2E_HOOK_PRE_LINK E2E_HOOK_POST_BUILD E2E_HOOK_PRE_BOOT
#                      bash commands run in the build dir at those points (PRE_LINK splits
#                      the build: make vmlinux_a (7.2) / vmlinux_o (6.12), hook, make)
#   E2E_NO_REBUILD=1   skip the one-line change
#   E2E_EDIT           the change: code (a new function: the bitcode changes) or
#                      comment (a comment line: nothing to recompile)    [code]
#   E2E_RUNNER         how the thinpost kernels' cold build runs backends: persistent
#                      (clang's own code, forked; the rebuild then uses clang processes)
#                      or lto (LLVM's ThinLTO backend in servers, lld's natives; the
#                      rebuild too, since its store keys are its own)   [persistent]
#   E2E_BOOT_TIMEOUT   seconds for one boot                     [180]
#   THINPOST           thinpost binary for +thinpost and E2E_MODPOST=thinpost
#                      [built with cargo from this repository]
#   E2E_INSTALL=0      do not install missing packages
set -euo pipefail
# shellcheck source=scripts/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.12-thinpost 7.2-thinpost)

# ---------------------------------------------------------------------------------------
# What each kernel is

kernel_setup() {
	local spec=$1
	THINPOST_MODPOST_STAGE=0
	case $spec in *+thinpost) THINPOST_MODPOST_STAGE=1; spec=${spec%+thinpost} ;; esac
	BASE=$spec
	THINPOST_HOOKS=0
	case $spec in
	6.12-stock | 6.12-thinpost)
		VER=6.12
		MODE=in-process
		FRAGS=(common.config 6.12.config lto-thin.config)
		DEFAULT_LLVM=-22
		PRE_LINK_GOAL=vmlinux_o # 6.x has no vmlinux.a goal (a single-target build)
		;;
	7.2-dist | 7.2-thinpost)
		VER=7.2
		MODE=distributed
		FRAGS=(common.config 7.2.config lto-thin-dist.config)
		DEFAULT_LLVM=-22
		PRE_LINK_GOAL=vmlinux_a # vmlinux.a with the natives, before vmlinux.o is linked
		;;
	*) e2e_die "unknown kernel '$1' (6.12-thinpost, 7.2-thinpost, 6.12-stock, 7.2-dist, +thinpost)" ;;
	esac
	case $spec in
	*-thinpost)
		THINPOST_HOOKS=1
		[ "$VER" = 7.2 ] && FRAGS+=(extended-modversions.config)
		;;
	7.2-*) FRAGS+=(no-extended-modversions.config) ;;
	esac
	LLVM=${E2E_LLVM:-$DEFAULT_LLVM}
	# the one-line change: a vmlinux object and a (single-object) module
	EDIT_FILES=(lib/kstrtox.c drivers/char/hw_random/virtio-rng.c)
	EDIT_MODULE=drivers/char/hw_random/virtio-rng
	# modules that find no hardware under qemu and say so with -ENODEV
	E2E_ALLOW_ENODEV=${E2E_ALLOW_ENODEV-intel-rng amd-rng}
}

e2e_thinpost_bin() {
	if [ -n "${THINPOST:-}" ]; then
		[ -x "$THINPOST" ] || e2e_die "THINPOST=$THINPOST is not executable"
		printf '%s\n' "$THINPOST"
		return
	fi
	command -v cargo >/dev/null || e2e_die "thinpost needed: set THINPOST or install cargo"
	e2e_log "building thinpost (cargo build --release)"
	(cd "$E2E_REPO" && CARGO_TARGET_DIR=$E2E_REPO/target flock "$E2E_CARGO_LOCK" \
		cargo build --release --quiet --features persistent) >&2
	printf '%s\n' "$E2E_REPO/target/release/thinpost"
}

# A link named modpost to thinpost (thinpost dispatches on argv[0]).
e2e_modpost_link() {
	local bin link="$THINPOST_E2E_DIR/bin/modpost"
	bin=$(e2e_thinpost_bin)
	mkdir -p "$(dirname "$link")"
	ln -sfn "$bin" "$link"
	printf '%s\n' "$link"
}

# ---------------------------------------------------------------------------------------
# The stages of one kernel

summary() { printf '%s=%s\n' "$1" "$2" >> "$RES/summary"; }

# Save modpost's outputs (Module.symvers, every .mod.c, .vmlinux.export.c) under DIR.
save_modpost_outputs() {
	local dir=$1 m
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$OBJ/Module.symvers" "$dir/"
	[ -f "$OBJ/.vmlinux.export.c" ] && cp "$OBJ/.vmlinux.export.c" "$dir/vmlinux.export.c"
	while IFS= read -r m; do
		mkdir -p "$dir/$(dirname "$m")"
		cp "$OBJ/${m%.o}.mod.c" "$dir/${m%.o}.mod.c"
	done < "$OBJ/modules.order"
}

run_kernel() {
	KERNEL=$1
	kernel_setup "$KERNEL"
	RES="$THINPOST_E2E_DIR/results/$KERNEL"
	rm -rf "$RES"
	mkdir -p "$RES"
	PRISTINE=$(e2e_source "$VER")
	SRC=$(e2e_overlay "$PRISTINE" "$VER")
	OBJ="$THINPOST_E2E_DIR/build/$BASE"
	KMODPOST=""
	case ${E2E_MODPOST:-} in
	"") ;;
	thinpost) KMODPOST=$(e2e_modpost_link) ;;
	*) KMODPOST=$E2E_MODPOST ;;
	esac
	local frag=() f t0
	for f in "${FRAGS[@]}"; do frag+=("$E2E_HERE/configs/$f"); done
	t0=$(e2e_now)
	summary kernel "$KERNEL"
	summary llvm "$LLVM"

	# thinpost first: never wait for the cargo lock while holding the kernel lock
	MODPOST_LINK=""
	[ "$THINPOST_MODPOST_STAGE" = 1 ] && MODPOST_LINK=$(e2e_modpost_link)
	if [ "$THINPOST_HOOKS" = 1 ]; then
		thinpost_hooks_setup
	fi

	exec 9> "$E2E_KERNEL_LOCK"
	flock 9

	# A build directory this harness configured is built on incrementally (a build that
	# failed or was interrupted resumes); E2E_COLD=1 or a new directory: a cold build.
	STAGE=cold
	if [ "${E2E_COLD:-0}" = 1 ] || [ ! -f "$OBJ/.e2e-config" ]; then
		e2e_log "$KERNEL: cold build in $OBJ"
		rm -rf "$OBJ"
		for f in "${EDIT_FILES[@]}"; do ln -f "$PRISTINE/$f" "$SRC/$f"; done
		# the store lives in the build directory: a cold build starts from nothing
		[ "$THINPOST_HOOKS" = 1 ] && mkdir -p "$THINPOST_CACHE_DIR"
		summary build cold
	elif [ -f "$OBJ/.e2e-built" ]; then
		e2e_log "$KERNEL: incremental build in $OBJ (E2E_COLD=1 for a cold one)"
		STAGE=warm
		summary build incremental
	else
		e2e_log "$KERNEL: resuming the unfinished build in $OBJ (E2E_COLD=1 for a cold one)"
		STAGE=warm
		summary build resumed
	fi
	e2e_configure "${frag[@]}"
	e2e_log "$KERNEL: $(kmake_words) -j$E2E_JOBS"
	rm -f "$OBJ/.e2e-built"
	# The cold build's backends through the persistent runner, the rebuild's through
	# clang processes: each way ends in a kernel that boots. With E2E_RUNNER=lto, both
	# through the lto runner (its natives are stored under their own keys).
	[ "$THINPOST_HOOKS" = 1 ] && thinpost_stage_env build "${E2E_RUNNER:-persistent}"
	e2e_build build
	touch "$OBJ/.e2e-built"
	summary build_secs "$(cat "$RES/build.secs")"
	summary build_maxrss_kb "$(e2e_build_time build 'Maximum resident set size (kbytes)')"
	summary build_cpu_user "$(e2e_build_time build 'User time (seconds)')"
	summary build_cpu_sys "$(e2e_build_time build 'System time (seconds)')"
	summary modules "$(wc -l < "$OBJ/modules.order")"
	e2e_log "$KERNEL: $STAGE build: $(cat "$RES/build.secs") s"
	if [ "$THINPOST_HOOKS" = 1 ]; then
		if [ "$STAGE" = cold ]; then
			check_thinpost_build build
		else
			# an incremental or resumed build may have nothing left to link
			e2e_log "$KERNEL: $STAGE build: the check that thinpost ran every backend needs a cold build (E2E_COLD=1)"
		fi
	fi
	[ "$THINPOST_HOOKS" = 1 ] && [ -n "$VERIFY_HOOK" ] && check_verify "$RES/hook-$VERIFY_HOOK-$STAGE.log" verify

	e2e_initramfs boot1
	e2e_boot boot1
	summary boot1_secs "$(cat "$RES/boot1.boot-secs")"

	if [ "${E2E_NO_REBUILD:-0}" != 1 ]; then
		STAGE=rebuild
		[ "$MODE" = distributed ] && e2e_sums "$RES/sums-before"
		[ "$THINPOST_HOOKS" = 1 ] && vmlinux_ir_sums "$RES/ir-before"
		sleep 1 # mtimes of the change are after the stamp
		touch "$RES/change-stamp"
		sleep 1
		e2e_edit "${EDIT_FILES[@]}"
		e2e_log "$KERNEL: one-line change (${E2E_EDIT:-code}) to ${EDIT_FILES[*]}; rebuilding"
		if [ "${E2E_RUNNER:-persistent}" = lto ]; then rebuild_runner=lto; else rebuild_runner=clang; fi
		[ "$THINPOST_HOOKS" = 1 ] && thinpost_stage_env rebuild "$rebuild_runner"
		e2e_build rebuild
		summary rebuild_secs "$(cat "$RES/rebuild.secs")"
		summary rebuild_cpu_user "$(e2e_build_time rebuild 'User time (seconds)')"
		summary rebuild_cpu_sys "$(e2e_build_time rebuild 'System time (seconds)')"
		rebuild_figures
		[ "$THINPOST_HOOKS" = 1 ] && check_thinpost_rebuild
		[ "$THINPOST_HOOKS" = 1 ] && [ -n "$VERIFY_HOOK" ] && check_verify "$RES/hook-$VERIFY_HOOK-rebuild.log" verify_rebuild
		e2e_initramfs boot2
		e2e_boot boot2
		summary boot2_secs "$(cat "$RES/boot2.boot-secs")"
	fi

	if [ "$THINPOST_MODPOST_STAGE" = 1 ]; then thinpost_modpost_stage; fi
	flock -u 9
	summary total_secs "$(e2e_secs "$t0" "$(e2e_now)")"
	e2e_log "$KERNEL: OK in $(e2e_secs "$t0" "$(e2e_now)") s"
}

# What the rebuild after the one-line change did, from the timestamped log.
rebuild_figures() {
	local log="$RES/rebuild.log" a b c d
	# objects of the tree (thinpost's store, kept in the build directory, is not one)
	find "$OBJ" \( -name .thinpost-store -o -name .thinpost-cache \) -prune -o \
		-name '*.o' -newer "$RES/change-stamp" -printf '%P\n' | sort > "$RES/rebuilt-objects"
	summary rebuilt_objects "$(wc -l < "$RES/rebuilt-objects")"
	summary rebuilt_cc_lines "$(grep -cE '^ *[0-9.]+ +CC ' "$log" || true)"
	case $MODE in
	distributed)
		summary rebuilt_natives "$(grep -c 'thinlto-native\.o$' "$RES/rebuilt-objects" || true)"
		# of the files make rewrote, how many have other contents
		e2e_sums "$RES/sums-after"
		summary shards_changed "$(e2e_changed "$RES/sums-before" "$RES/sums-after" .o.thinlto.bc)"
		summary natives_changed "$(e2e_changed "$RES/sums-before" "$RES/sums-after" .thinlto-native.o)"
		a=$(e2e_at "$log" ' LD +vmlinux\.thinlto-index$')
		b=$(e2e_at "$log" ' CC +.*\.thinlto-native\.o$')
		c=$(e2e_at "$log" ' GEN +vmlinux\.a$')
		d=$(e2e_after "$log" ' GEN +vmlinux\.a$')
		if [ -n "$a" ] && [ -n "$c" ] && [ -n "$d" ]; then
			summary thinlink_secs "$(e2e_secs "$a" "${b:-$c}")"
			summary backends_secs "$(e2e_secs "${b:-$c}" "$c")"
			summary archive_secs "$(e2e_secs "$c" "$d")"
			summary thinlto_stage_secs "$(e2e_secs "$a" "$d")"
		fi
		;;
	in-process)
		a=$(e2e_at "$log" ' LD +vmlinux\.o$')
		b=$(e2e_after "$log" ' LD +vmlinux\.o$')
		[ -n "$a" ] && [ -n "$b" ] && summary vmlinux_o_link_secs "$(e2e_secs "$a" "$b")"
		;;
	esac
	a=$(e2e_at "$log" ' MODPOST ')
	b=$(e2e_after "$log" ' MODPOST ')
	[ -n "$a" ] && [ -n "$b" ] && summary modpost_secs "$(e2e_secs "$a" "$b")"
	return 0
}

# thinpost as MODPOST in the tree stock modpost just built: outputs compared, boot again.
thinpost_modpost_stage() {
	STAGE=modpost
	local link=$MODPOST_LINK rc=0
	save_modpost_outputs "$RES/modpost-stock"
	KMODPOST=$link
	e2e_log "$KERNEL: rebuilding with MODPOST=$link"
	if ! e2e_timed modpost -j"$E2E_JOBS"; then
		summary thinpost_modpost "make failed"
		e2e_log "$KERNEL: thinpost as MODPOST: make FAILED (see $RES/modpost.log)"
		return 1
	fi
	summary thinpost_modpost_make_secs "$(cat "$RES/modpost.secs")"
	save_modpost_outputs "$RES/modpost-thinpost"
	if diff -r "$RES/modpost-stock" "$RES/modpost-thinpost" > "$RES/modpost.diff"; then
		summary thinpost_modpost_outputs identical
		e2e_log "$KERNEL: thinpost's modpost outputs are identical to stock modpost's"
	else
		local n other
		n=$(grep -c '^diff -r' "$RES/modpost.diff" || true)
		# lines other than the aliases stock has and thinpost lacks (no file2alias yet):
		# MODULE_ALIAS("...") in a module's .mod.c; in 7.x also MODULE_INFO(<mod>.alias,
		# "...") in .vmlinux.export.c for the device tables of built-in modules
		other=$(grep -E '^[<>]' "$RES/modpost.diff" |
			grep -Evc '^< (MODULE_ALIAS\(|MODULE_INFO\([A-Za-z0-9_-]+\.alias, )' || true)
		if [ "$other" -eq 0 ] && ! grep -q '^Only in' "$RES/modpost.diff"; then
			summary thinpost_modpost_outputs "aliases-only:$n"
			e2e_log "$KERNEL: thinpost's modpost outputs equal stock's but for the device-table" \
				"aliases in $n files (known: no file2alias in thinpost yet)"
		else
			summary thinpost_modpost_outputs "differ:$n"
			e2e_log "$KERNEL: thinpost's modpost outputs differ from stock's in $n files ($RES/modpost.diff):"
			grep '^diff -r\|^Only in' "$RES/modpost.diff" | sed 's/^/    /' >&2 || true
			grep -E '^[<>]' "$RES/modpost.diff" |
				grep -Ev '^< (MODULE_ALIAS\(|MODULE_INFO\([A-Za-z0-9_-]+\.alias, )' | head -n 20 >&2 || true
		fi
		[ "${E2E_MODPOST_IDENTICAL:-0}" = 1 ] && rc=1
	fi
	e2e_initramfs boot3
	e2e_boot boot3 || rc=1
	summary boot3_secs "$(cat "$RES/boot3.boot-secs")"
	KMODPOST=""
	return "$rc"
}

# ---------------------------------------------------------------------------------------
# thinpost inside kbuild

# Links named like the tools kbuild runs (ccache's masquerade), first in PATH: clang-NN
# and ld.lld-NN are thinpost's compiler and linker wrappers; MODPOST is thinpost; the
# store lives in the build directory (a cold build starts with an empty one); on a
# distributed-ThinLTO tree, thinpost verify runs before the final link.
thinpost_hooks_setup() {
	local bin masq="$THINPOST_E2E_DIR/bin/masq"
	bin=$(e2e_thinpost_bin)
	THINPOST=$bin
	export THINPOST
	mkdir -p "$masq"
	ln -sfn "$bin" "$masq/clang$LLVM"
	ln -sfn "$bin" "$masq/ld.lld$LLVM"
	PATH="$masq:$PATH"
	export PATH
	KMODPOST=$(e2e_modpost_link)
	THINPOST_CACHE_DIR="$OBJ/.thinpost-store"
	export THINPOST_CACHE_DIR
	# thinpost verify --strict (an error or a warning fails the kernel): on 7.2 before
	# the final link, on 6.12 (in-process: no natives yet at any point) after the build
	VERIFY_HOOK=""
	if [ "$MODE" = distributed ] && [ -z "${E2E_HOOK_PRE_LINK:-}" ]; then
		# shellcheck disable=SC2016
		E2E_HOOK_PRE_LINK='"$THINPOST" verify --strict .'
		VERIFY_HOOK=PRE_LINK
	elif [ "$MODE" = in-process ] && [ -z "${E2E_HOOK_POST_BUILD:-}" ]; then
		# shellcheck disable=SC2016
		E2E_HOOK_POST_BUILD='"$THINPOST" verify --strict .'
		VERIFY_HOOK=POST_BUILD
	fi
	summary thinpost "$("$bin" --version)"
}

# thinpost_stage_env NAME RUNNER: one THINPOST_LOG per build, and how backends run.
thinpost_stage_env() {
	THINPOST_LOG="$RES/thinpost-$1.log"
	THINPOST_RUNNER=$2
	export THINPOST_LOG THINPOST_RUNNER
	rm -f "$THINPOST_LOG"
	summary "runner_$1" "$2"
}

# The bitcode objects of vmlinux: the index (distributed), or vmlinux.a's IR members.
vmlinux_ir_list() {
	if [ "$MODE" = distributed ]; then
		cat "$OBJ/vmlinux.thinlto-index"
	else
		local m
		# a thin archive's members are listed with the path llvm-ar opens (absolute when
		# kbuild ran with O=); THINPOST_LOG names them relative to the object tree
		"llvm-ar$LLVM" t "$OBJ/vmlinux.a" | while IFS= read -r m; do
			m=${m#"$OBJ"/}
			[ "$(head -c 2 "$OBJ/$m")" = BC ] && printf '%s\n' "$m"
		done
	fi
}

# vmlinux_ir_sums FILE: "sha256 path" of every bitcode object of vmlinux.
vmlinux_ir_sums() {
	vmlinux_ir_list | (cd "$OBJ" && xargs -r sha256sum) | sort -k2 > "$1"
}

# The members of module M (a modules.order entry): its .mod list.
module_members() {
	local mod="$OBJ/${1%.o}.mod"
	[ -f "$mod" ] && tr ' ' '\n' < "$mod" | sed '/^$/d'
}

# check_thinpost_build NAME: thinpost ran every backend of vmlinux and of each module
# (THINPOST_LOG), none failed, and modpost was thinpost.
check_thinpost_build() {
	local log="$RES/thinpost-$1.log" objs="$RES/thinpost-$1.objects" m missing
	[ -s "$log" ] || e2e_die "$KERNEL: thinpost ran no backend ($log is empty)"
	if grep -q '^failed' "$log"; then
		grep '^failed' "$log" >&2
		e2e_die "$KERNEL: backends failed under thinpost"
	fi
	cut -f2 "$log" | sort -u > "$objs"
	vmlinux_ir_list | sort -u > "$RES/vmlinux-ir"
	missing=$(comm -23 "$RES/vmlinux-ir" "$objs")
	[ -z "$missing" ] || e2e_die "$KERNEL: vmlinux backends thinpost did not run: $(echo "$missing" | head -n 5 | tr '\n' ' ')"
	while IFS= read -r m; do
		module_members "$m" | grep -qxFf - "$objs" ||
			e2e_die "$KERNEL: no backend of module ${m%.o} went through thinpost"
	done < "$OBJ/modules.order"
	[ -f "$OBJ/.thinpost-cache/modpost-crcs" ] || e2e_die "$KERNEL: modpost did not run as thinpost"
	summary "thinpost_$1" "vmlinux=$(wc -l < "$RES/vmlinux-ir") jobs=$(wc -l < "$log") compiled=$(grep -c '^compiled' "$log") restored=$(grep -c '^restored' "$log")"
	e2e_log "$KERNEL: thinpost ran $(wc -l < "$log") backends ($(grep -c '^compiled' "$log") compiled, $(grep -c '^restored' "$log") from its store), every vmlinux object's and module's; modpost was thinpost"
}

# check_verify LOG KEY: thinpost verify found no error and no warning (--strict made the hook
# fail on those already), and printed exactly the notes a tree of this kind has: on a
# distributed tree, the differences ThinLTO makes on purpose (weak definitions dropped,
# promoted locals) and the promoted renames; on an in-process tree, that there is no
# index yet.
check_verify() {
	local log=$1 key=$2 want got
	case $MODE in
	distributed) want="ir-native.expected-differences rename.promoted" ;;
	*) want="coverage.no-index" ;;
	esac
	grep -q 'thinpost verify: 0 errors, 0 warnings' "$log" || e2e_die "$KERNEL: thinpost verify was not clean ($log)"
	got=$(sed -n 's/.*thinpost: note: \[\([^]]*\)\].*/\1/p' "$log" | sort -u | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || e2e_die "$KERNEL: thinpost verify printed the notes '$got', expected '$want' ($log)"
	summary "$key" "$(grep -o 'thinpost verify: .*' "$log" | tail -n 1 | tr ' ' _)"
	e2e_log "$KERNEL: thinpost verify ($STAGE): 0 errors, 0 warnings; notes: $got"
}

# check_thinpost_rebuild: after the change, exactly the vmlinux backends whose inputs
# changed were compiled -- their own bitcode, or a module they import (THINPOST_LOG names
# what each read) -- and every other one came from the store; the edited module was
# compiled.
check_thinpost_rebuild() {
	local log="$RES/thinpost-rebuild.log"
	vmlinux_ir_list | sort -u > "$RES/vmlinux-ir"
	[ -s "$RES/vmlinux-ir" ] || e2e_die "$KERNEL: no bitcode object of vmlinux found"
	vmlinux_ir_sums "$RES/ir-after"
	join -j 2 "$RES/ir-before" "$RES/ir-after" | awk '$2 != $3 { print $1 }' > "$RES/ir-changed"
	[ -s "$RES/ir-changed" ] || [ "${E2E_EDIT:-code}" = comment ] ||
		e2e_die "$KERNEL: the change changed no vmlinux bitcode"
	# Distributed: the objects whose index shard has other bytes (a shard names the SHA-1
	# of every module it reads). thinpost's thin-link keeps the time of the others, so
	# make runs no backend for them: fine exactly when neither their bitcode nor their
	# shard changed.
	: > "$RES/shards-changed"
	if [ "$MODE" = distributed ]; then
		join -j 2 <(grep -- '\.o\.thinlto\.bc$' "$RES/sums-before" | sort -k2) \
			<(grep -- '\.o\.thinlto\.bc$' "$RES/sums-after" | sort -k2) |
			awk '$2 != $3 { o = $1; sub(/^\.\//, "", o); sub(/\.thinlto\.bc$/, "", o); print o }' > "$RES/shards-changed"
	fi
	local bad
	bad=$(awk -F'\t' -v changed="$RES/ir-changed" -v vml="$RES/vmlinux-ir" -v shards="$RES/shards-changed" -v mode="$MODE" '
		BEGIN { while ((getline l < changed) > 0) c[l] = 1; while ((getline l < vml) > 0) v[l] = 1
			while ((getline l < shards) > 0) sc[l] = 1 }
		!($2 in v) { next }
		{ seen[$2] = 1; hit = ($2 in c); n = split($3, r, " "); for (i = 1; i <= n; i++) if (r[i] in c) hit = 1 }
		$1 == "compiled" && !hit { print "compiled although nothing it reads changed: " $2 }
		$1 == "restored" && hit { print "served from the store although an input changed: " $2 }
		END { for (o in v) if (!(o in seen)) {
			if (mode == "distributed" && !(o in c) && !(o in sc)) skipped++
			else print "not run through thinpost: " o }
			print "skipped " skipped + 0 > "/dev/stderr" }' "$log" 2> "$RES/rebuild-skipped")
	[ -z "$bad" ] || { echo "$bad" | head -n 20 >&2; e2e_die "$KERNEL: the rebuild's backends were not exactly those whose inputs changed"; }
	# the edited module: compiled again when its bitcode changed (a new function); a
	# comment changes no bitcode, and its backend comes from the store
	local want=compiled
	[ "${E2E_EDIT:-code}" = comment ] && want=restored
	module_members "$EDIT_MODULE.o" | grep -qxFf - <(awk -F'\t' -v w="$want" '$1 == w { print $2 }' "$log") ||
		e2e_die "$KERNEL: the edited module $EDIT_MODULE's backend was not $want"
	local c r
	c=$(awk -F'\t' -v vml="$RES/vmlinux-ir" 'BEGIN { while ((getline l < vml) > 0) v[l] = 1 } $1 == "compiled" && ($2 in v)' "$log" | wc -l)
	r=$(awk -F'\t' -v vml="$RES/vmlinux-ir" 'BEGIN { while ((getline l < vml) > 0) v[l] = 1 } $1 == "restored" && ($2 in v)' "$log" | wc -l)
	local k
	k=$(sed -n 's/^skipped //p' "$RES/rebuild-skipped")
	summary thinpost_rebuild "changed=$(wc -l < "$RES/ir-changed") shards_changed=$(wc -l < "$RES/shards-changed") compiled=$c restored=$r not_run=${k:-0}"
	e2e_log "$KERNEL: rebuild: $(wc -l < "$RES/ir-changed") vmlinux objects changed, $(wc -l < "$RES/shards-changed") shards; $c backends compiled (they or an import changed), $r from the store, ${k:-0} not run by make (bitcode and shard unchanged, native newer)"
}

# ---------------------------------------------------------------------------------------

if [ "${E2E_INSTALL:-1}" = 1 ]; then
	llvms=()
	for k in "${kernels[@]}"; do kernel_setup "$k"; llvms+=("${LLVM#-}"); done
	# shellcheck disable=SC2046
	e2e_install_deps $(printf '%s\n' "${llvms[@]}" | sort -u)
fi

failed=()
for k in "${kernels[@]}"; do
	# each kernel in a subshell (errexit on): one failing does not stop the others
	set +e
	(
		set -e
		run_kernel "$k"
	)
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		failed+=("$k")
		e2e_log "$k: FAILED"
	fi
done

# The table of figures
printf '\n%-22s %s\n' "kernel" "figures (seconds; $THINPOST_E2E_DIR/results/KERNEL/)"
for k in "${kernels[@]}"; do
	s="$THINPOST_E2E_DIR/results/$k/summary"
	[ -f "$s" ] || continue
	printf '%-22s %s\n' "$k" "$(grep -v '^kernel=' "$s" | tr '\n' ' ')"
done
if [ ${#failed[@]} -gt 0 ]; then
	e2e_log "FAILED: ${failed[*]}"
	exit 1
fi
e2e_log "all passed: ${kernels[*]}"
