//! modpost's message texts, each in one place with the versions that changed it. Texts
//! are what follows `ERROR: modpost: ` / `WARNING: modpost: `; users' scripts grep them,
//! so they are reproduced byte for byte.
//!
//! Linux 7.3 (`mod_warn()`/`mod_error()`) starts every message about one module with
//! `<module>[.ko]: ` and rewrote most of them; before it, each message placed the module
//! name itself.

use crate::kbuild::version::{Behaviour, Change};

/// The texts of one kernel version.
#[derive(Clone, Copy, Debug)]
pub struct Messages {
    /// 7.3's `mod_warn()`/`mod_error()` texts.
    prefixed: bool,
}

/// The module a message is about.
#[derive(Clone, Copy, Debug)]
pub struct Who<'a> {
    pub name: &'a str,
    pub is_vmlinux: bool,
}

impl Who<'_> {
    /// `fs/ext2/ext2.ko`, or `vmlinux`.
    fn ko(&self) -> String {
        if self.is_vmlinux {
            self.name.to_string()
        } else {
            format!("{}.ko", self.name)
        }
    }

    fn basename(&self) -> &str {
        crate::kbuild::naming::module_basename(self.name)
    }
}

impl Messages {
    pub fn new(b: &Behaviour) -> Self {
        Messages { prefixed: b.has(Change::ModulePrefixedMessages) }
    }

    fn pre(&self, who: Who<'_>, text: String) -> String {
        format!("{}: {text}", who.ko())
    }

    pub fn exported_twice(&self, who: Who<'_>, sym: &str, prev: Who<'_>) -> String {
        if self.prefixed {
            self.pre(who, format!("symbol '{sym}' exported twice. Previous export was in {}\n", prev.ko()))
        } else {
            format!("{}: '{sym}' exported twice. Previous export was in {}\n", who.name, prev.ko())
        }
    }

    pub fn common_symbol(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("'{sym}' is COMMON symbol\n"))
        } else {
            format!("\"{sym}\" [{}] is COMMON symbol\n", who.name)
        }
    }

    pub fn non_allocatable(&self, who: Who<'_>, sec: &str) -> String {
        const TAIL: &str = "Did you forget to use \"ax\"/\"aw\" in a .S file?\nNote that for example <linux/init.h> contains\nsection definitions for use in .S files.\n\n";
        if self.prefixed {
            self.pre(who, format!("unexpected non-allocatable section '{sec}'.\n{TAIL}"))
        } else {
            format!("{} ({sec}): unexpected non-allocatable section.\n{TAIL}", who.name)
        }
    }

    pub fn section_mismatch(&self, who: Who<'_>, detail: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("section mismatch in reference: {detail}\n"))
        } else {
            format!("{}: section mismatch in reference: {detail}\n", who.name)
        }
    }

    pub fn strange_export_label(&self, who: Who<'_>, label: &str) -> String {
        self.module_message(who, format!(".export_symbol section contains strange symbol '{label}'\n"))
    }

    pub fn local_export(&self, who: Who<'_>, sym: &str) -> String {
        self.module_message(who, format!("local symbol '{sym}' was exported\n"))
    }

    pub fn not_an_export(&self, who: Who<'_>, sym: &str) -> String {
        self.module_message(
            who,
            format!(".export_symbol section references '{sym}', but it does not seem to be an export symbol\n"),
        )
    }

    pub fn unknown_license(&self, who: Who<'_>, license: &str, sym: &str) -> String {
        self.module_message(who, format!("unknown license '{license}' was specified for '{sym}'\n"))
    }

    /// `<who>: <text>` before 7.3 (name without `.ko`), `<who>.ko: <text>` since.
    fn module_message(&self, who: Who<'_>, text: String) -> String {
        if self.prefixed {
            self.pre(who, text)
        } else {
            format!("{}: {text}", who.name)
        }
    }

    pub fn export_of_init(&self, who: Who<'_>, sym: &str, exit: bool) -> String {
        let (kind, attr) = if exit { ("exit", "__exit") } else { ("init", "__init") };
        if self.prefixed {
            self.pre(who, format!("EXPORT_SYMBOL used for {kind} symbol '{sym}'. Remove {attr} or EXPORT_SYMBOL.\n"))
        } else {
            format!("{}: {sym}: EXPORT_SYMBOL used for {kind} symbol. Remove {attr} or EXPORT_SYMBOL.\n", who.name)
        }
    }

    /// `filename` is the object as named on the command line (`fs/ext2/ext2.o`).
    pub fn missing_license(&self, who: Who<'_>, filename: &str) -> String {
        if self.prefixed {
            self.pre(who, "missing MODULE_LICENSE()\n".into())
        } else {
            format!("missing MODULE_LICENSE() in {filename}\n")
        }
    }

    pub fn explicit_module_namespace_import(&self, who: Who<'_>, ns: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("explicitly importing namespace '{ns}' is not allowed.\n"))
        } else {
            format!("{}: explicitly importing namespace \"{ns}\" is not allowed.\n", who.name)
        }
    }

    pub fn missing_description(&self, who: Who<'_>, filename: &str) -> String {
        if self.prefixed {
            self.pre(who, "missing MODULE_DESCRIPTION()\n".into())
        } else {
            format!("missing MODULE_DESCRIPTION() in {filename}\n")
        }
    }

    pub fn undefined(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("symbol '{sym}' undefined!\n"))
        } else {
            format!("\"{sym}\" [{}.ko] undefined!\n", who.name)
        }
    }

    pub fn exported_without_definition(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("symbol '{sym}' was exported without definition\n"))
        } else {
            format!("\"{sym}\" [{}.ko] was exported without definition\n", who.name)
        }
    }

    pub fn missing_import(&self, who: Who<'_>, sym: &str, ns: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("module uses symbol '{sym}' from namespace '{ns}', but does not import it.\n"))
        } else {
            format!("module {} uses symbol {sym} from namespace {ns}, but does not import it.\n", who.basename())
        }
    }

    pub fn gpl_only_use(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("GPL-incompatible module uses GPL-only symbol '{sym}'\n"))
        } else {
            format!("GPL-incompatible module {}.ko uses GPL-only symbol '{sym}'\n", who.basename())
        }
    }

    pub fn name_too_long(&self, who: Who<'_>) -> String {
        if self.prefixed {
            self.pre(who, "module name is too long\n".into())
        } else {
            format!("module name is too long [{}.ko]\n", who.name)
        }
    }

    pub fn version_generation_failed(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(
                who,
                format!("EXPORT symbol '{sym}' version generation failed, symbol will not be versioned.\nIs '{sym}' prototyped in <asm/asm-prototypes.h>?\n"),
            )
        } else {
            format!("EXPORT symbol \"{sym}\" [{}] version generation failed, symbol will not be versioned.\nIs \"{sym}\" prototyped in <asm/asm-prototypes.h>?\n", who.ko())
        }
    }

    pub fn no_crc(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("symbol '{sym}' has no CRC!\n"))
        } else {
            format!("\"{sym}\" [{}.ko] has no CRC!\n", who.name)
        }
    }

    pub fn too_long_symbol(&self, who: Who<'_>, sym: &str) -> String {
        if self.prefixed {
            self.pre(who, format!("too long symbol '{sym}'\n"))
        } else {
            format!("too long symbol \"{sym}\" [{}.ko]\n", who.name)
        }
    }
}
