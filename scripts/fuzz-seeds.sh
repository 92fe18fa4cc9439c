#!/usr/bin/env bash
# fuzz-seeds.sh — fill fuzz/corpus/<target>/ with real inputs: objects, archives, .cmd
# and order files from the sample tree and a sample of the tiny-6.12 corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
tiny=target/corpus/tiny-6.12
if [ ! -f "$tiny/.unpacked-tiny-6.12" ]; then
  mkdir -p "$tiny" && tar xJf testdata/tiny-6.12.tar.xz -C "$tiny" && touch "$tiny/.unpacked-tiny-6.12"
fi
sample=testdata/sample/tree
for t in bitcode elf archive cmd order module_asm modpost_read thinlto_index symvers symtypes gate_rules devtable kbuild_text; do mkdir -p "fuzz/corpus/$t"; done
seed() { cp "$1" "fuzz/corpus/$2/$(echo "$1" | tr / _)"; }
for f in $(find "$sample" "$tiny/init" "$tiny/kernel" -maxdepth 1 -name '*.o' | head -60); do
  case "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" in
    4243c0de|dec0170b) seed "$f" bitcode ;;
    7f454c46) seed "$f" elf ;;
  esac
done
for f in $(find "$sample" -name '*.o'); do
  case "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" in
    4243c0de|dec0170b) seed "$f" bitcode ;;
    7f454c46) seed "$f" elf ;;
  esac
done
for f in $(find "$sample" "$tiny/fs/ext2" -name '*.o' | head -40); do
  [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] && seed "$f" modpost_read
done
dist=target/corpus/tiny-6.12-dist
if [ ! -f "$dist/.unpacked-tiny-6.12-dist" ]; then
  mkdir -p "$dist" && tar xJf testdata/tiny-6.12-dist.tar.xz -C "$dist" && touch "$dist/.unpacked-tiny-6.12-dist"
fi
for f in $(find "$dist/init" "$dist/kernel" -maxdepth 1 -name '*.thinlto.bc' | head -20); do seed "$f" thinlto_index; done
seed "$sample/vmlinux.a" archive
seed "$tiny/vmlinux.a" archive
for f in $(find "$sample" "$tiny/init" -name '.*.cmd' | head -40); do seed "$f" cmd; done
for f in "$sample/modules.order" "$tiny/.vmlinux.objs" $(find "$sample" "$tiny/fs" -name '*.mod' | head -20); do seed "$f" order; done
for f in $(find "$sample" "$tiny/kernel" -maxdepth 1 -name '*.o' | head -30); do
  if [ "$(head -c 2 "$f")" = "BC" ]; then
    llvm-dis-19 -o - "$f" 2>/dev/null | sed -n 's/^module asm "\(.*\)"$/\1/p' > "fuzz/corpus/module_asm/$(echo "$f" | tr / _).s" || true
  fi
done
seed "$sample/Module.symvers" symvers
seed "$tiny/Module.symvers" symvers
for f in $(find "$sample" -name '*.symtypes'); do seed "$f" symtypes; done
printf 'kvm_x86_ops FAIL\narch/x86/kvm/* PASS\nvmlinux PASS\nDMA_BUF pass # ns\n' > fuzz/corpus/gate_rules/severities
printf '[abi_symbol_list]\n  gate_submit\n  gate_[a-r]*\n' > fuzz/corpus/gate_rules/stablelist
for f in src/modpost/devtable/builtin/*.h; do seed "$f" devtable; done
# kbuild_text: the linker scripts, configs and release strings of a 7.2 tree, and a DTLTO
# JSON file that lld-22 wrote (tests/dtlto.rs keeps one under target/ when it runs).
small=target/corpus/small-7.2-dist
if [ ! -f "$small/.unpacked-small-7.2-dist" ]; then
  mkdir -p "$small" && tar xJf testdata/small-7.2-dist.tar.xz -C "$small" && touch "$small/.unpacked-small-7.2-dist"
fi
for f in "$small/arch/x86/kernel/vmlinux.lds" "$small/include/config/auto.conf" \
  "$small/include/config/kernel.release" "$small/include/generated/utsrelease.h" \
  $(find "$small" "$tiny" -name '*.lds' | head -10) $(find target -name '*.dist-file.json' 2>/dev/null | head -3); do
  [ -f "$f" ] && seed "$f" kbuild_text
done
echo "seeded: $(find fuzz/corpus -type f | wc -l) files"
