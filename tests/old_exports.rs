//! Pre-6.5 exports: `__ksymtab_<sym>` entries in `___ksymtab+<sym>` /
//! `___ksymtab_gpl+<sym>` sections with the namespace at `__kstrtabns_<sym>`, as
//! `include/linux/export.h` of 5.4–6.4 lays them out. Compiled here by the real clang-19.

mod support;

use std::process::Command;

use support::*;
use thinpost::formats::elf::read_elf;

/// The 5.x `EXPORT_SYMBOL*` layout (strings in `__ksymtab_strings`, a `kernel_symbol`
/// with place-relative offsets in the per-symbol ksymtab section).
const OLD_EXPORT_C: &str = r#"
struct kernel_symbol { int value_offset; int name_offset; int namespace_offset; };
#define ___EXPORT_SYMBOL(sym, sec, ns)                                              \
    extern const char __kstrtab_##sym[];                                            \
    extern const char __kstrtabns_##sym[];                                          \
    asm("  .section \"__ksymtab_strings\",\"aMS\",%progbits,1\n"                    \
        "__kstrtab_" #sym ":\n  .asciz \"" #sym "\"\n"                              \
        "__kstrtabns_" #sym ":\n  .asciz \"" ns "\"\n  .previous\n");               \
    asm("  .section \"___ksymtab" sec "+" #sym "\", \"a\"\n  .balign 4\n"          \
        "__ksymtab_" #sym ":\n  .long " #sym "- .\n  .long __kstrtab_" #sym "- .\n" \
        "  .long __kstrtabns_" #sym "- .\n  .previous\n")
#define EXPORT_SYMBOL(sym) ___EXPORT_SYMBOL(sym, "", "")
#define EXPORT_SYMBOL_GPL(sym) ___EXPORT_SYMBOL(sym, "_gpl", "")
#define EXPORT_SYMBOL_NS_GPL(sym, ns) ___EXPORT_SYMBOL(sym, "_gpl", #ns)

int old_plain(int x) { return x + 1; }
EXPORT_SYMBOL(old_plain);
int old_gpl_data = 3;
EXPORT_SYMBOL_GPL(old_gpl_data);
int old_ns(void) { return 7; }
EXPORT_SYMBOL_NS_GPL(old_ns, OLD_NS);
"#;

#[test]
fn ksymtab_exports_before_6_5() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("old.c");
    let obj = dir.path().join("old.o");
    std::fs::write(&src, OLD_EXPORT_C).unwrap();
    run(Command::new(tool("CC", "clang")).args(["--target=x86_64-linux-gnu", "-O2", "-c", "-o"]).arg(&obj).arg(&src));
    let elf = read_elf(&std::fs::read(&obj).unwrap()).unwrap();
    let got: Vec<_> = elf
        .exports
        .iter()
        .map(|e| (e.target.as_str(), e.license_raw.as_str(), e.namespace.as_str(), e.target_is_func))
        .collect();
    assert_eq!(
        got,
        [
            ("old_plain", "", "", Some(true)),
            ("old_gpl_data", "GPL", "", Some(false)),
            ("old_ns", "GPL", "OLD_NS", Some(true))
        ]
    );
    assert!(elf.exports.iter().all(|e| e.is_well_formed()));
}
