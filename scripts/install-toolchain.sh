#!/usr/bin/env bash
# install-toolchain.sh [VERSION...] — install Debian's clang/lld/llvm of each VERSION
# (default 19) when any of its tools is missing, LLVM's headers and libLLVM (llvm-N-dev)
# for the lto runner's server of each VERSION, and a C/C++ compiler (gcc, g++) for the
# runners' servers (feature `persistent`, built by build.rs); also hyperfine for
# benches/compare.sh.
# Needs root or sudo for apt-get. Safe to run again: does nothing when all is present.
set -euo pipefail
versions=${*:-19}
missing=()
for v in $versions; do
  for tool in clang-$v ld.lld-$v llvm-ar-$v llvm-nm-$v; do
    command -v "$tool" >/dev/null 2>&1 || { missing+=("clang-$v" "lld-$v" "llvm-$v"); break; }
  done
  [ -f "/usr/lib/llvm-$v/include/llvm/LTO/LTOBackend.h" ] || missing+=("llvm-$v-dev")
done
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-toolchain: need root to install: ${missing[*]}" >&2; exit 2; }
  sudo=sudo
fi
echo "install-toolchain: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
