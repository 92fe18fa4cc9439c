#!/usr/bin/env bash
# scripts/e2e/run.sh [KERNEL...] — build real kernels from source, boot them under qemu and
# check that every module loads. See scripts/e2e/README.md.
#
# KERNEL (default: 6.12-stock+thinpost 7.2-dist):
#   6.12-stock   Linux 6.12, CONFIG_LTO_CLANG_THIN (in-process ThinLTO), stock modpost
#   7.2-dist     Linux 7.2, CONFIG_LTO_CLANG_THIN_DIST (kbuild's distributed ThinLTO), stock modpost
#   KERNEL+thinpost  the same, then MODPOST=thinpost in the same tree: modpost's outputs
#                compared with stock's, and a third boot
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
#   E2E_BOOT_TIMEOUT   seconds for one boot                     [180]
#   THINPOST           thinpost binary for +thinpost and E2E_MODPOST=thinpost
#                      [built with cargo from this repository]
#   E2E_INSTALL=0      do not install missing packages
set -euo pipefail
# shellcheck source=scripts/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.12-stock+thinpost 7.2-dist)

# ---------------------------------------------------------------------------------------
# What each kernel is

kernel_setup() {
	local spec=$1
	THINPOST_MODPOST_STAGE=0
	case $spec in *+thinpost) THINPOST_MODPOST_STAGE=1; spec=${spec%+thinpost} ;; esac
	BASE=$spec
	case $spec in
	6.12-stock)
		VER=6.12
		FRAGS=(common.config 6.12.config lto-thin.config)
		DEFAULT_LLVM=-22
		PRE_LINK_GOAL=vmlinux_o # 6.x has no vmlinux.a goal (a single-target build)
		;;
	7.2-dist)
		VER=7.2
		FRAGS=(common.config 7.2.config lto-thin-dist.config)
		DEFAULT_LLVM=-22
		PRE_LINK_GOAL=vmlinux_a # vmlinux.a with the natives, before vmlinux.o is linked
		;;
	*) e2e_die "unknown kernel '$1' (6.12-stock, 7.2-dist, with +thinpost)" ;;
	esac
	LLVM=${E2E_LLVM:-$DEFAULT_LLVM}
	# the one-line change: a vmlinux object and a (single-object) module
	EDIT_FILES=(lib/kstrtox.c drivers/char/hw_random/virtio-rng.c)
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
		cargo build --release --quiet) >&2
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

	exec 9> "$E2E_KERNEL_LOCK"
	flock 9

	# A build directory this harness configured is built on incrementally (a build that
	# failed or was interrupted resumes); E2E_COLD=1 or a new directory: a cold build.
	STAGE=cold
	if [ "${E2E_COLD:-0}" = 1 ] || [ ! -f "$OBJ/.e2e-config" ]; then
		e2e_log "$KERNEL: cold build in $OBJ"
		rm -rf "$OBJ"
		for f in "${EDIT_FILES[@]}"; do ln -f "$PRISTINE/$f" "$SRC/$f"; done
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
	e2e_build build
	touch "$OBJ/.e2e-built"
	summary build_secs "$(cat "$RES/build.secs")"
	summary build_maxrss_kb "$(e2e_time_field "$RES/build.time" 'Maximum resident set size (kbytes)')"
	summary build_cpu_user "$(e2e_time_field "$RES/build.time" 'User time (seconds)')"
	summary build_cpu_sys "$(e2e_time_field "$RES/build.time" 'System time (seconds)')"
	summary modules "$(wc -l < "$OBJ/modules.order")"
	e2e_log "$KERNEL: $STAGE build: $(cat "$RES/build.secs") s"

	e2e_initramfs boot1
	e2e_boot boot1
	summary boot1_secs "$(cat "$RES/boot1.boot-secs")"

	if [ "${E2E_NO_REBUILD:-0}" != 1 ]; then
		STAGE=rebuild
		[ "$BASE" = 7.2-dist ] && e2e_sums "$RES/sums-before"
		sleep 1 # mtimes of the change are after the stamp
		touch "$RES/change-stamp"
		sleep 1
		e2e_edit "${EDIT_FILES[@]}"
		e2e_log "$KERNEL: one-line change to ${EDIT_FILES[*]}; rebuilding"
		e2e_build rebuild
		summary rebuild_secs "$(cat "$RES/rebuild.secs")"
		rebuild_figures
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
	find "$OBJ" -name '*.o' -newer "$RES/change-stamp" -printf '%P\n' | sort > "$RES/rebuilt-objects"
	summary rebuilt_objects "$(wc -l < "$RES/rebuilt-objects")"
	summary rebuilt_cc_lines "$(grep -cE '^ *[0-9.]+ +CC ' "$log" || true)"
	case $BASE in
	7.2-dist)
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
	6.12-stock)
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
