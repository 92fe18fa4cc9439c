# shellcheck shell=bash
# Helpers of scripts/e2e/run.sh (sourced; not run on their own).
#
# Naming: SRC = the kernel source (an overlay of hard links, see e2e_overlay), OBJ = the
# out-of-tree build directory (make O=OBJ), RES = the results directory of one kernel.

E2E_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_REPO=$(cd "$E2E_HERE/../.." && pwd)

: "${THINPOST_SRC_DIR:=/var/tmp/thinpost-src}"
: "${THINPOST_E2E_DIR:=/var/tmp/thinpost-e2e}"
: "${E2E_JOBS:=2}"
: "${E2E_BOOT_TIMEOUT:=180}"
: "${E2E_KERNEL_LOCK:=/tmp/thinpost-kernel.lock}"
: "${E2E_CARGO_LOCK:=/tmp/thinpost-cargo.lock}"

e2e_log() { printf 'e2e: %s\n' "$*" >&2; }
e2e_die() { printf 'e2e: error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with two decimals, without a fork.
e2e_now() { local t=${EPOCHREALTIME/[.,]/}; printf '%d.%02d' $((t / 1000000)) $((t % 1000000 / 10000)); }
# e2e_secs START END: END - START, two decimals (both from e2e_now)
e2e_secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Prefix every line of standard input with the seconds since $1 (an e2e_now value).
e2e_stamp() {
	local t0=${1/./} line t d
	t0=$((10#$t0 * 10000))
	while IFS= read -r line; do
		t=${EPOCHREALTIME/[.,]/}
		d=$(((t - t0) / 10000))
		printf '%4d.%02d %s\n' $((d / 100)) $((d % 100)) "$line"
	done
}

# ---------------------------------------------------------------------------------------
# Machine setup

# Install what a fresh Debian machine lacks (CI runs as root). Versions of LLVM as args.
e2e_install_deps() {
	local pkgs=() sudo=""
	command -v qemu-system-x86_64 >/dev/null || pkgs+=(qemu-system-x86)
	local c p
	for c in cpio:cpio flex:flex bison:bison bc:bc gcc:gcc make:make perl:perl xz:xz-utils \
		timeout:coreutils /usr/bin/time:time; do
		command -v "${c%%:*}" >/dev/null || pkgs+=("${c#*:}")
	done
	for p in libelf-dev libssl-dev libc6-dev; do
		dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
	done
	if [ ${#pkgs[@]} -gt 0 ]; then
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		e2e_log "installing ${pkgs[*]}"
		export DEBIAN_FRONTEND=noninteractive
		$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
		$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${pkgs[@]}" >/dev/null
	fi
	"$E2E_REPO/scripts/install-toolchain.sh" "$@"
}

# e2e_source VERSION: print the pristine source directory, unpacking it when missing.
e2e_source() {
	local ver=$1
	local dir="$THINPOST_SRC_DIR/linux-source-$ver"
	if [ ! -f "$dir/Makefile" ]; then
		e2e_log "no $dir: fetching linux-source-$ver"
		"$E2E_REPO/scripts/get-kernel-source.sh" "$ver" "$THINPOST_SRC_DIR" >&2
	fi
	[ -f "$dir/Makefile" ] || e2e_die "no kernel source at $dir"
	printf '%s\n' "$dir"
}

# e2e_overlay PRISTINE VERSION: print a private copy of the source tree made of hard links
# (cp -al: seconds, no space), under $THINPOST_E2E_DIR/src/. The files the harness edits are
# replaced by new files (e2e_edit), which breaks their links, so the pristine tree shared by
# everyone on the machine is never written. kbuild with O= writes nothing into the source.
e2e_overlay() {
	local pristine=$1 dir="$THINPOST_E2E_DIR/src/linux-$2"
	if [ ! -f "$dir/Makefile" ]; then
		mkdir -p "$THINPOST_E2E_DIR/src"
		rm -rf "$dir.tmp"
		cp -al "$pristine" "$dir.tmp"
		mv "$dir.tmp" "$dir"
	fi
	printf '%s\n' "$dir"
}

# e2e_edit FILE...: the one-line change. Each FILE (relative to SRC) becomes the pristine
# file plus one line naming the moment, written as a new file (new inode), so the shared
# pristine source is untouched and every run is a real change to make. E2E_EDIT=code (the
# default) adds a function, so the object's bitcode changes and its backend (and those
# importing from it) must be compiled; E2E_EDIT=comment adds a comment, which changes no
# bitcode: everything after the front end is the same as before.
e2e_edit() {
	local f tag n
	tag="$(date -u +%Y%m%d%H%M%S%N)"
	n=0
	for f in "$@"; do
		[ -f "$PRISTINE/$f" ] || e2e_die "no $PRISTINE/$f to edit"
		n=$((n + 1))
		{
			cat "$PRISTINE/$f"
			case ${E2E_EDIT:-code} in
			comment) printf '/* e2e one-line change %s */\n' "$tag" ;;
			*) printf 'int e2e_change_%s_%s(void); int e2e_change_%s_%s(void) { return %s; }\n' "$tag" "$n" "$tag" "$n" "$n" ;;
			esac
		} > "$SRC/$f.e2e-tmp"
		mv -f "$SRC/$f.e2e-tmp" "$SRC/$f"
	done
}

# ---------------------------------------------------------------------------------------
# make

# kmake ARGS...: make in the kernel tree with this kernel's tools and the hook variables.
# E2E_CC, E2E_LD, E2E_MODPOST: CC=, LD=, MODPOST= on the command line (may contain spaces).
# E2E_MAKEFLAGS: more words for make (split on spaces).
kmake() {
	local extra=()
	[ -n "${E2E_CC:-}" ] && extra+=("CC=$E2E_CC")
	[ -n "${E2E_LD:-}" ] && extra+=("LD=$E2E_LD")
	[ -n "${KMODPOST:-}" ] && extra+=("MODPOST=$KMODPOST")
	# shellcheck disable=SC2086
	make -C "$SRC" O="$OBJ" ARCH=x86_64 LLVM="$LLVM" "${extra[@]}" ${E2E_MAKEFLAGS:-} "$@"
}

# The words kmake passes, for hooks and the README's "exact commands".
kmake_words() {
	local w="make -C $SRC O=$OBJ ARCH=x86_64 LLVM=$LLVM"
	[ -n "${E2E_CC:-}" ] && w+=" CC='$E2E_CC'"
	[ -n "${E2E_LD:-}" ] && w+=" LD='$E2E_LD'"
	[ -n "${KMODPOST:-}" ] && w+=" MODPOST=$KMODPOST"
	[ -n "${E2E_MAKEFLAGS:-}" ] && w+=" $E2E_MAKEFLAGS"
	printf '%s\n' "$w"
}

# e2e_timed NAME ARGS...: run kmake ARGS under /usr/bin/time -v, log to RES/NAME.log with
# per-line timestamps (seconds since start; a quiet kbuild line is printed as its recipe
# starts), resource figures to RES/NAME.time. Records the wall time in RES/NAME.secs.
e2e_timed() {
	local name=$1 t0 t1 rc
	shift
	t0=$(e2e_now)
	set +e
	kmake_timev "$RES/$name.time" "$@" 2>&1 | e2e_stamp "$t0" >> "$RES/$name.log"
	rc=${PIPESTATUS[0]}
	set -e
	t1=$(e2e_now)
	e2e_secs "$t0" "$t1" > "$RES/$name.secs"
	if [ "$rc" -ne 0 ]; then
		e2e_log "make $* failed (exit $rc); last lines of $RES/$name.log:"
		tail -n 40 "$RES/$name.log" >&2
		return "$rc"
	fi
}

kmake_timev() {
	local out=$1
	shift
	local extra=()
	[ -n "${E2E_CC:-}" ] && extra+=("CC=$E2E_CC")
	[ -n "${E2E_LD:-}" ] && extra+=("LD=$E2E_LD")
	[ -n "${KMODPOST:-}" ] && extra+=("MODPOST=$KMODPOST")
	# shellcheck disable=SC2086
	/usr/bin/time -v -o "$out" make -C "$SRC" O="$OBJ" ARCH=x86_64 LLVM="$LLVM" \
		"${extra[@]}" ${E2E_MAKEFLAGS:-} "$@"
}

# e2e_hook STAGE: run the command in E2E_HOOK_<STAGE> (if any) with bash in OBJ. It sees
# E2E_KERNEL, E2E_SRC, E2E_OBJ, E2E_RES, E2E_LLVM, E2E_STAGE (cold|rebuild|modpost) and
# E2E_MAKE (the make command line, a string). A failing hook fails the run.
e2e_hook() {
	local var="E2E_HOOK_$1" cmd
	cmd=${!var:-}
	[ -n "$cmd" ] || return 0
	e2e_log "$KERNEL: hook $1: $cmd"
	local t0 rc
	t0=$(e2e_now)
	set +e
	(cd "$OBJ" && E2E_KERNEL=$KERNEL E2E_SRC=$SRC E2E_OBJ=$OBJ E2E_RES=$RES E2E_LLVM=$LLVM \
		E2E_STAGE=$STAGE E2E_MAKE="$(kmake_words)" bash -c "$cmd") 2>&1 |
		e2e_stamp "$t0" > "$RES/hook-$1-$STAGE.log"
	rc=${PIPESTATUS[0]}
	set -e
	e2e_secs "$t0" "$(e2e_now)" > "$RES/hook-$1-$STAGE.secs"
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$RES/hook-$1-$STAGE.log" >&2
		e2e_log "$KERNEL: hook $1 failed (exit $rc)"
		return 1
	fi
}

# e2e_build NAME: the whole build (all + bzImage + modules), split at PRE_LINK_GOAL when a
# pre-link hook is set: make PRE_LINK_GOAL; hook PRE_LINK; make.
e2e_build() {
	local name=$1
	if [ -n "${E2E_HOOK_PRE_LINK:-}" ]; then
		e2e_timed "$name" -j"$E2E_JOBS" "$PRE_LINK_GOAL" || return 1
		mv "$RES/$name.time" "$RES/$name-a.time"
		mv "$RES/$name.secs" "$RES/$name-a.secs"
		e2e_hook PRE_LINK || return 1
		e2e_timed "$name" -j"$E2E_JOBS" || return 1
		mv "$RES/$name.secs" "$RES/$name-b.secs"
		awk '{ s += $1 } END { printf "%.2f", s }' "$RES/$name-a.secs" "$RES/$name-b.secs" \
			"$RES/hook-PRE_LINK-$STAGE.secs" > "$RES/$name.secs"
	else
		e2e_timed "$name" -j"$E2E_JOBS" || return 1
	fi
	e2e_hook POST_BUILD
}

# ---------------------------------------------------------------------------------------
# Configuration

# e2e_configure FRAGMENT...: tinyconfig, the fragments merged over it in allnoconfig mode,
# olddefconfig; then every line of every fragment must be in the final .config. Skipped
# when the fragments and tools are those of the last configuration (kept incremental).
e2e_configure() {
	local stamp f
	stamp=$( { cat "$@"; echo "LLVM=$LLVM CC=${E2E_CC:-} LD=${E2E_LD:-}"; } | sha256sum | cut -c1-16)
	if [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.e2e-config" 2>/dev/null)" = "$stamp" ]; then
		e2e_log "$KERNEL: configuration unchanged ($stamp)"
	else
		mkdir -p "$OBJ"
		{
			kmake tinyconfig
			"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "$@"
			cp "$OBJ/.config" "$OBJ/e2e-allconfig"
			kmake KCONFIG_ALLCONFIG="$OBJ/e2e-allconfig" allnoconfig
			kmake olddefconfig
		} > "$RES/config.log" 2>&1 || { tail -n 30 "$RES/config.log" >&2; e2e_die "$KERNEL: configuration failed"; }
		echo "$stamp" > "$OBJ/.e2e-config"
	fi
	local missing=0 line sym
	for f in "$@"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) sym=${line%%=*} ;;
			"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
			*) continue ;;
			esac
			if ! grep -qxF "$line" "$OBJ/.config"; then
				# "is not set" also holds when the symbol is absent (its menu is off)
				case $line in "# "*) grep -q "^$sym=" "$OBJ/.config" || continue ;; esac
				e2e_log "$KERNEL: $(basename "$f"): wanted '$line', .config has '$(grep -E "^(# )?$sym[= ]" "$OBJ/.config" || echo nothing)'"
				missing=$((missing + 1))
			fi
		done < "$f"
	done
	[ "$missing" -eq 0 ] || e2e_die "$KERNEL: $missing configuration options did not stick"
	cp "$OBJ/.config" "$RES/config"
	e2e_hook POST_CONFIG
}

# ---------------------------------------------------------------------------------------
# Boot

# The static /init, built once per change of init.c.
e2e_init_binary() {
	local out="$THINPOST_E2E_DIR/init/init"
	if [ ! -x "$out" ] || [ "$E2E_HERE/init.c" -nt "$out" ]; then
		mkdir -p "$(dirname "$out")"
		gcc -static -Os -Wall -Wextra -Werror -o "$out.tmp" "$E2E_HERE/init.c"
		mv "$out.tmp" "$out"
	fi
	printf '%s\n' "$out"
}

# e2e_modinfo KO FIELD: the values of one modinfo field of a .ko, one a line.
e2e_modinfo() {
	local tmp
	tmp=$(mktemp)
	"llvm-objcopy$LLVM" -O binary --only-section=.modinfo "$1" "$tmp"
	tr '\0' '\n' < "$tmp" | sed -n "s/^$2=//p"
	rm -f "$tmp"
}

# e2e_initramfs NAME: RES/NAME.cpio with /init and every module of modules.order, and
# /modules/order: the modules sorted so that each comes after those its modinfo depends=
# names (a module out of order is then a sign of a wrong depends=).
e2e_initramfs() {
	local name=$1
	local init list ko base mods=() stage="$RES/$name.modules"
	init=$(e2e_init_binary)
	rm -rf "$stage"
	mkdir -p "$stage"
	list="$RES/$name.cpio-list"
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "dir /modules 0755 0 0"
		echo "file /init $init 0755 0 0"
	} > "$list"
	while IFS= read -r ko; do
		ko=${ko%.o}.ko
		[ -f "$OBJ/$ko" ] || e2e_die "$KERNEL: $ko is in modules.order but was not built"
		base=$(basename "$ko")
		cp "$OBJ/$ko" "$stage/$base"
		"llvm-strip$LLVM" --strip-debug "$stage/$base"
		echo "file /modules/$base $stage/$base 0644 0 0" >> "$list"
		mods+=("$base")
	done < "$OBJ/modules.order"
	# order by depends= (dependencies first); what cannot be placed goes last
	declare -A deps=() placed=()
	local m d ok progress=1 order=()
	# depends= names modules by name, where - and _ are the same
	for m in "${mods[@]}"; do
		deps[$m]=$(e2e_modinfo "$stage/$m" depends | tr ',-' ' _')
	done
	while [ "$progress" = 1 ]; do
		progress=0
		for m in "${mods[@]}"; do
			[ -z "${placed[$m]:-}" ] || continue
			ok=1
			for d in ${deps[$m]}; do
				[ -n "${placed[$d]:-}" ] || { ok=0; break; }
			done
			[ "$ok" = 1 ] || continue
			placed[$m]=1
			d=${m%.ko}
			placed[${d//-/_}]=1
			order+=("$m")
			progress=1
		done
	done
	for m in "${mods[@]}"; do [ -n "${placed[$m]:-}" ] || order+=("$m"); done
	printf '%s\n' "${order[@]}" > "$stage/order"
	echo "file /modules/order $stage/order 0644 0 0" >> "$list"
	for m in "${mods[@]}"; do echo "${m%.ko}: ${deps[$m]}"; done > "$RES/$name.depends"
	[ -x "$OBJ/usr/gen_init_cpio" ] || kmake usr/gen_init_cpio > /dev/null
	"$OBJ/usr/gen_init_cpio" "$list" > "$RES/$name.cpio"
	echo "${#mods[@]}" > "$RES/$name.nmods"
}

# e2e_boot NAME: boot bzImage with RES/NAME.cpio, check the init's report. Modules allowed
# to fail, and only with "No such device": E2E_ALLOW_ENODEV (names, space-separated).
e2e_boot() {
	local name=$1
	local out="$RES/$name.console" disk="$RES/disk.img" t0 rc=0
	local kernel="$OBJ/arch/x86/boot/bzImage"
	[ -f "$disk" ] || truncate -s 1M "$disk"
	e2e_hook PRE_BOOT
	t0=$(e2e_now)
	set +e
	timeout --foreground -k 5 "$E2E_BOOT_TIMEOUT" qemu-system-x86_64 -m 512 -nographic -no-reboot \
		-kernel "$kernel" -initrd "$RES/$name.cpio" -append "console=ttyS0 panic=-1" \
		-device virtio-rng-pci -device virtio-balloon-pci -device virtio-serial-pci \
		-device virtio-keyboard-pci \
		-drive "file=$disk,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0 -nic none \
		< /dev/null > "$out" 2>&1
	rc=$?
	set -e
	e2e_secs "$t0" "$(e2e_now)" > "$RES/$name.boot-secs"
	tr -d '\r' < "$out" > "$out.txt" && mv "$out.txt" "$out"
	local nmods loaded fail=0 line m why
	nmods=$(cat "$RES/$name.nmods")
	loaded=$(grep -c '^E2E: loaded ' "$out" || true)
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		e2e_log "$KERNEL: $name: qemu timed out after ${E2E_BOOT_TIMEOUT}s"
		fail=1
	fi
	if ! grep -q '^E2E: ALL MODULES LOADED \|^E2E: FAILURES ' "$out"; then
		e2e_log "$KERNEL: $name: no E2E marker on the console (qemu exit $rc)"
		fail=1
	fi
	while IFS= read -r line; do
		m=${line#E2E: FAILED }; m=${m%%:*}; why=${line#*: FAILED *: }
		if [ "$why" = "No such device" ] && [[ " ${E2E_ALLOW_ENODEV:-} " == *" $m "* ]]; then
			e2e_log "$KERNEL: $name: $m: No such device (expected: no such hardware)"
		else
			e2e_log "$KERNEL: $name: module $m failed to load: $why"
			fail=1
		fi
	done < <(grep '^E2E: FAILED ' "$out" || true)
	local allowed=0
	for m in ${E2E_ALLOW_ENODEV:-}; do
		grep -qx "E2E: FAILED $m: No such device" "$out" && allowed=$((allowed + 1))
	done
	if [ "$fail" -eq 0 ] && [ $((loaded + allowed)) -ne "$nmods" ]; then
		e2e_log "$KERNEL: $name: $nmods modules in the initramfs, $loaded loaded, $allowed expected -ENODEV"
		fail=1
	fi
	if grep -q 'E2E: loaded .* (pass [2-9]' "$out"; then
		e2e_log "$KERNEL: $name: modules loaded only on a later pass (depends= order incomplete):"
		grep 'E2E: loaded .* (pass [2-9]' "$out" >&2
		fail=1
	fi
	grep -E 'disagrees about version|Unknown symbol|Kernel panic|BUG:|WARNING:' "$out" > "$RES/$name.problems" || true
	echo "$loaded" > "$RES/$name.loaded"
	# what the drivers found (information: the modules load without devices too)
	local found=""
	grep -q '\[vda\]' "$out" && found+=" virtio_blk:vda"
	grep -q 'input: QEMU Virtio Keyboard' "$out" && found+=" virtio_input:keyboard"
	grep -q 'random: crng init done' "$out" && found+=" crng"
	echo "${found# }" > "$RES/$name.devices"
	if [ "$fail" -ne 0 ]; then
		e2e_log "$KERNEL: $name: boot FAILED; console tail ($out):"
		tail -n 60 "$out" >&2
		return 1
	fi
	e2e_log "$KERNEL: $name: booted, $loaded/$nmods modules loaded ($allowed expected -ENODEV) in $(cat "$RES/$name.boot-secs") s; devices: $(cat "$RES/$name.devices")"
}

# ---------------------------------------------------------------------------------------
# Figures

# e2e_at LOG REGEX: the timestamp of the first line of a timestamped log matching REGEX.
e2e_at() { awk -v re="$2" '$0 ~ re { print $1; exit }' "$1"; }
# e2e_after LOG REGEX: the timestamp of the line after the first line matching REGEX.
e2e_after() { awk -v re="$2" 'f { print $1; exit } $0 ~ re { f = 1 }' "$1"; }
# e2e_time_field FILE FIELD: a field of /usr/bin/time -v output.
e2e_time_field() { sed -n "s/^\t$2: //p" "$1" 2>/dev/null | head -n 1; }

# e2e_build_time NAME FIELD: a field of the build NAME's /usr/bin/time -v figures: the sum
# over both makes of a build split by a PRE_LINK hook (NAME-a.time and NAME.time), the
# larger of the two for the maximum resident set size.
e2e_build_time() {
	local f v out=""
	for f in "$RES/$1-a.time" "$RES/$1.time"; do
		[ -f "$f" ] || continue
		v=$(e2e_time_field "$f" "$2")
		[ -n "$v" ] || continue
		case $2 in
		Maximum*) out=$(awk -v a="${out:-0}" -v b="$v" 'BEGIN { print (a > b ? a : b) }') ;;
		*) out=$(awk -v a="${out:-0}" -v b="$v" 'BEGIN { printf "%.2f", a + b }') ;;
		esac
	done
	printf '%s\n' "$out"
}

# e2e_sums FILE: sha256 of every ThinLTO shard and native of a distributed tree, sorted by
# path (to tell, after a rebuild, which of the files make rewrote have other contents).
e2e_sums() {
	(cd "$OBJ" && find . \( -name '*.o.thinlto.bc' -o -name '*.thinlto-native.o' \) -print0 |
		sort -z | xargs -0r sha256sum) > "$1"
}

# e2e_changed BEFORE AFTER SUFFIX: how many files ending in SUFFIX have other contents.
e2e_changed() {
	join -j 2 <(grep -- "$3\$" "$1" | sort -k2) <(grep -- "$3\$" "$2" | sort -k2) |
		awk '$2 != $3 { n++ } END { print n + 0 }'
}
