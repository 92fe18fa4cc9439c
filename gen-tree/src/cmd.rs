//! `.<obj>.o.cmd` files as kbuild writes them for a clang build: the `savedcmd_` line,
//! `source_`, a `deps_` block of header dependencies, and genksyms' `#SYMVER` lines.
//!
//! The `deps_` block is most of a real file (tiny-6.12: median ~1,170 lines, ~60 KiB per
//! file), and modpost reads every byte of it looking for `#SYMVER`, so its size matters
//! for benchmarks. Lines come from a fixed pool, so building one is a run of copies.

use std::fmt::Write;

use super::names::{COMMON_HEADERS, CONFIG_WORDS, STEMS, SUBSYSTEMS};
use super::plan::Unit;
use super::rng::Rng;

/// Where the (imaginary) sources are: an out-of-tree build, like the corpora.
pub const SRCTREE: &str = "/usr/src/linux-source-6.12-gen";

/// The compiler flags of `savedcmd_`, between `-nostdinc` and `-c` (abridged from the
/// corpus; same length class).
const CFLAGS: &str = "-I/usr/src/linux-source-6.12-gen/arch/x86/include -I./arch/x86/include/generated \
-I/usr/src/linux-source-6.12-gen/include -I./include -I/usr/src/linux-source-6.12-gen/arch/x86/include/uapi \
-I./arch/x86/include/generated/uapi -I/usr/src/linux-source-6.12-gen/include/uapi -I./include/generated/uapi \
-include /usr/src/linux-source-6.12-gen/include/linux/compiler-version.h \
-include /usr/src/linux-source-6.12-gen/include/linux/kconfig.h \
-include /usr/src/linux-source-6.12-gen/include/linux/compiler_types.h -D__KERNEL__ --target=x86_64-linux-gnu \
-fintegrated-as -Werror=unknown-warning-option -Werror=ignored-optimization-argument -Werror=option-ignored \
-Werror=unused-command-line-argument -fmacro-prefix-map=/usr/src/linux-source-6.12-gen/= -std=gnu11 \
-fshort-wchar -funsigned-char -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-3dnow \
-mno-avx -fcf-protection=branch -fno-jump-tables -m64 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 \
-mstack-alignment=8 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -Wno-sign-compare \
-fno-asynchronous-unwind-tables -fno-delete-null-pointer-checks -O2 -fno-stack-protector -fomit-frame-pointer \
-ftrivial-auto-var-init=zero -fno-stack-clash-protection -falign-functions=16 -fstrict-flex-arrays=3 \
-fno-strict-overflow -fno-stack-check -fno-builtin-wcslen -Wall -Wextra -Wundef \
-Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type -Werror=strict-prototypes \
-Wno-format-security -Wno-trigraphs -Wno-frame-address -Wno-address-of-packed-member -Wmissing-declarations \
-Wmissing-prototypes -Wframe-larger-than=2048 -Wno-gnu -Wvla -Wno-pointer-sign -Wcast-function-type \
-Wimplicit-fallthrough -Werror=date-time -Werror=incompatible-pointer-types -Wenum-conversion -Wunused \
-Wno-unused-but-set-variable -Wno-unused-const-variable -Wno-format-overflow -Wno-override-init \
-Wno-pointer-to-enum-cast -Wno-tautological-constant-out-of-range-compare -Wno-unaligned-access \
-Wno-enum-compare-conditional -Wno-missing-field-initializers -Wno-type-limits -Wno-shift-negative-value \
-Wno-enum-enum-conversion -Wno-sign-compare -Wno-unused-parameter";

/// Dependency lines (each ending in ` \` and a newline) to draw `deps_` blocks from.
pub struct DepsPool {
    common: Vec<String>,
    lines: Vec<String>,
}

impl DepsPool {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::derive(seed, 3, 0);
        let wildcard = |rng: &mut Rng| {
            format!("    $(wildcard include/config/{}_{}) \\\n", rng.pick(CONFIG_WORDS), rng.pick(CONFIG_WORDS))
        };
        let mut common = Vec::new();
        for h in COMMON_HEADERS {
            let root = if h.contains("/generated/") { "" } else { "/usr/src/linux-source-6.12-gen/" };
            common.push(format!("  {root}{h} \\\n"));
            for _ in 0..rng.range(0, 2) {
                common.push(wildcard(&mut rng));
            }
        }
        let mut lines = Vec::with_capacity(4096);
        for _ in 0..4096 {
            let line = match rng.below(10) {
                0..=3 => wildcard(&mut rng),
                4..=6 => format!("  {SRCTREE}/include/linux/{}_{}.h \\\n", rng.pick(STEMS), rng.pick(STEMS)),
                7 => format!("  {SRCTREE}/arch/x86/include/asm/{}.h \\\n", rng.pick(STEMS)),
                8 => format!("  arch/x86/include/generated/asm/{}.h \\\n", rng.pick(STEMS)),
                _ => format!("  {SRCTREE}/include/{}/{}.h \\\n", rng.pick(SUBSYSTEMS), rng.pick(STEMS)),
            };
            lines.push(line);
        }
        DepsPool { common, lines }
    }
}

/// The text of `unit`'s `.cmd` file. `deps_lines` is the mean length of the `deps_`
/// block; each file gets between half and one and a half times that.
pub fn cmd_file(unit: &Unit, deps_lines: usize, pool: &DepsPool, rng: &mut Rng) -> Vec<u8> {
    let path = &unit.path;
    let dir = unit.dir();
    let base = unit.base();
    let n = if deps_lines == 0 { 0 } else { rng.range(deps_lines / 2, deps_lines + deps_lines / 2) };
    let mut s = String::with_capacity(4096 + n * 64 + unit.exports.len() * 48);
    let modflag = if unit.module.is_some() { " -DMODULE " } else { "" };
    let _ = write!(
        s,
        "savedcmd_{path} := clang -Wp,-MMD,{dir}/.{base}.o.d -nostdinc {CFLAGS} -I{SRCTREE}/{dir} -I{dir} {modflag} \
         -DKBUILD_BASENAME='\"{base}\"' -DKBUILD_MODNAME='\"{base}\"' -D__KBUILD_MODNAME=kmod_{base} \
         -c -o {path} {SRCTREE}/{dir}/{base}.c"
    );
    if unit.module.is_some() {
        let _ = write!(
            s,
            "  ; ld.lld -m elf_x86_64 -z noexecstack   -r -o {dir}/.tmp_{base}.o {path}; mv {dir}/.tmp_{base}.o {path}  \
             ; ./tools/objtool/objtool --hacks=jump_label --hacks=noinstr --ibt --static-call --uaccess  --link  --module {path}"
        );
    }
    let _ = write!(s, "\n\nsource_{path} := {SRCTREE}/{dir}/{base}.c\n\ndeps_{path} := \\\n");
    for line in pool.common.iter().take(n) {
        s.push_str(line);
    }
    for _ in pool.common.len()..n {
        s.push_str(&pool.lines[rng.below(pool.lines.len())]);
    }
    let _ = write!(s, "\n{path}: $(deps_{path})\n\n$(deps_{path}):\n\n{path}: $(wildcard ./tools/objtool/objtool)\n");
    for e in &unit.exports {
        let _ = writeln!(s, "#SYMVER {} 0x{:08x}", e.name, e.crc);
    }
    s.into_bytes()
}
