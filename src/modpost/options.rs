//! modpost's command line, parsed as glibc `getopt()` parses
//! `"ei:MmnT:to:au:WwENd:"`: flags may be grouped (`-Mm`), arguments attached (`-oFILE`)
//! or separate, options and operands mixed (argv is permuted), `--` ends options.
//! 6.14's `-b` (basic modversions) and `-x` (extended modversions) are accepted too.
//! Hand-written rather than with clap: byte-compatible error messages and getopt's
//! permutation rules are part of the interface kbuild scripts see.

use std::path::PathBuf;

/// modpost's switches (see `scripts/mod/modpost.c:main`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModpostOptions {
    /// `-e`: external module build.
    pub external_module: bool,
    /// `-i FILE` (repeatable): symbol dumps read first.
    pub dump_read: Vec<PathBuf>,
    /// `-M`: CONFIG_MODULES; without it `.export_symbol` is not read.
    pub module_enabled: bool,
    /// `-m`: CONFIG_MODVERSIONS.
    pub modversions: bool,
    /// `-n`: unreadable objects are skipped with a note.
    pub ignore_missing_files: bool,
    /// `-T FILE`: list of objects (modules.order).
    pub files_source: Option<PathBuf>,
    /// `-t`: leave out exports nobody uses.
    pub trim_unused_exports: bool,
    /// `-o FILE`: where to write Module.symvers.
    pub dump_write: Option<PathBuf>,
    /// `-a`: srcversion for every module.
    pub all_versions: bool,
    /// `-u FILE`: exports that count as used under `-t`.
    pub unused_exports_white_list: Option<PathBuf>,
    /// `-W`: extra warnings (missing MODULE_DESCRIPTION).
    pub extra_warn: bool,
    /// `-w`: undefined symbols are warnings.
    pub warn_unresolved: bool,
    /// `-E`: section mismatches fail the run.
    pub sec_mismatch_error: bool,
    /// `-N`: missing namespace imports are warnings.
    pub allow_missing_ns_imports: bool,
    /// `-d FILE`: write the namespace dependencies (modules.nsdeps).
    pub missing_namespace_deps: Option<PathBuf>,
    /// `-b` (6.14+): basic modversions, the 6.12 format.
    pub basic_modversions: bool,
    /// `-x` (6.14+): extended modversions.
    pub extended_modversions: bool,
    /// Positional objects (`vmlinux.o`), read before the `-T` list.
    pub inputs: Vec<PathBuf>,
    /// thinpost only (`--compat`): reproduce modpost exactly where it is wrong
    /// (section-mismatch whitelist against `.llvm.<digits>`-renamed symbols).
    pub compat: bool,
    /// thinpost only (`--no-crc-cache`): read every `.cmd` file, ignoring the CRC index.
    pub no_crc_cache: bool,
    /// thinpost only (`--vmlinux-archive FILE`): read vmlinux's exports from the native
    /// members of this thin archive, in parallel, instead of from `vmlinux.o`.
    pub vmlinux_archive: Option<PathBuf>,
    /// thinpost only (`--devtable-version=X.Y`): the kernel version whose `file2alias.c`
    /// rules and built-in layouts device tables follow; `None` is 6.12. Interim, until the
    /// kernel-version table drives every version-dependent behaviour.
    pub devtable_version: Option<(u32, u32)>,
}

impl ModpostOptions {
    /// The device-table rules of [`ModpostOptions::devtable_version`] (6.12 when unset).
    pub fn devtable_rules(&self) -> crate::modpost::devtable::Rules {
        let (major, minor) = self.devtable_version.unwrap_or((6, 12));
        crate::modpost::devtable::Rules::for_version(major, minor)
    }
}

/// A getopt failure: the message to print (already formatted like glibc's).
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

const WITH_ARG: &[char] = &['i', 'T', 'o', 'u', 'd'];
const FLAGS: &[char] = &['e', 'M', 'm', 'n', 't', 'a', 'W', 'w', 'E', 'N', 'b', 'x'];

/// Parses modpost's arguments (without argv\[0\]). `prog` is argv\[0\] as invoked, used
/// in getopt's messages.
pub fn parse(prog: &str, args: &[String]) -> Result<ModpostOptions, UsageError> {
    let mut o = ModpostOptions::default();
    let mut i = 0;
    let posix = std::env::var_os("POSIXLY_CORRECT").is_some();
    let mut only_operands = false;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if only_operands || arg == "-" || !arg.starts_with('-') {
            o.inputs.push(PathBuf::from(arg));
            if posix {
                only_operands = true;
            }
            continue;
        }
        if arg == "--" {
            only_operands = true;
            continue;
        }
        // thinpost's own long options; modpost has none.
        if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                _ if long == "compat" => o.compat = true,
                _ if long == "no-crc-cache" => o.no_crc_cache = true,
                Some(("vmlinux-archive", v)) => o.vmlinux_archive = Some(PathBuf::from(v)),
                Some(("devtable-version", v)) => {
                    let version = v.split_once('.').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
                    o.devtable_version = Some(version.ok_or_else(|| {
                        UsageError(format!("{prog}: option '--devtable-version' needs MAJOR.MINOR, not '{v}'"))
                    })?);
                }
                None if long == "vmlinux-archive" => {
                    let v = args.get(i).ok_or_else(|| {
                        UsageError(format!("{prog}: option '--vmlinux-archive' requires an argument"))
                    })?;
                    i += 1;
                    o.vmlinux_archive = Some(PathBuf::from(v));
                }
                _ => return Err(UsageError(format!("{prog}: unrecognized option '{arg}'"))),
            }
            continue;
        }
        let chars: Vec<char> = arg[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            k += 1;
            if WITH_ARG.contains(&c) {
                let value = if k < chars.len() {
                    let v: String = chars[k..].iter().collect();
                    k = chars.len();
                    v
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    return Err(UsageError(format!("{prog}: option requires an argument -- '{c}'")));
                };
                let path = PathBuf::from(value);
                match c {
                    'i' => o.dump_read.push(path),
                    'T' => o.files_source = Some(path),
                    'o' => o.dump_write = Some(path),
                    'u' => o.unused_exports_white_list = Some(path),
                    _ => o.missing_namespace_deps = Some(path),
                }
            } else if FLAGS.contains(&c) {
                match c {
                    'e' => o.external_module = true,
                    'M' => o.module_enabled = true,
                    'm' => o.modversions = true,
                    'n' => o.ignore_missing_files = true,
                    't' => o.trim_unused_exports = true,
                    'a' => o.all_versions = true,
                    'W' => o.extra_warn = true,
                    'w' => o.warn_unresolved = true,
                    'E' => o.sec_mismatch_error = true,
                    'N' => o.allow_missing_ns_imports = true,
                    'b' => o.basic_modversions = true,
                    _ => o.extended_modversions = true,
                }
            } else {
                return Err(UsageError(format!("{prog}: invalid option -- '{c}'")));
            }
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<ModpostOptions, UsageError> {
        parse("modpost", &args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn kbuild_command_line() {
        let o = p(&["-M", "-m", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"]).unwrap();
        assert!(o.module_enabled && o.modversions && o.sec_mismatch_error);
        assert_eq!(o.dump_write, Some("Module.symvers".into()));
        assert_eq!(o.files_source, Some("modules.order".into()));
        assert_eq!(o.inputs, vec![PathBuf::from("vmlinux.o")]);
    }

    #[test]
    fn grouping_attached_arguments_and_permutation() {
        let o = p(&["vmlinux.o", "-Mmwo", "out", "-iA", "-i", "B", "--", "-x.o"]).unwrap();
        assert!(o.module_enabled && o.modversions && o.warn_unresolved);
        assert_eq!(o.dump_write, Some("out".into()));
        assert_eq!(o.dump_read, vec![PathBuf::from("A"), PathBuf::from("B")]);
        assert_eq!(o.inputs, vec![PathBuf::from("vmlinux.o"), PathBuf::from("-x.o")]);
    }

    #[test]
    fn devtable_version() {
        assert_eq!(p(&["--devtable-version=7.2", "vmlinux.o"]).unwrap().devtable_version, Some((7, 2)));
        assert_eq!(p(&["vmlinux.o"]).unwrap().devtable_rules(), crate::modpost::devtable::Rules::for_version(6, 12));
        assert_eq!(
            p(&["--devtable-version=7"]).unwrap_err().0,
            "modpost: option '--devtable-version' needs MAJOR.MINOR, not '7'"
        );
    }

    #[test]
    fn glibc_messages() {
        assert_eq!(p(&["-q"]).unwrap_err().0, "modpost: invalid option -- 'q'");
        assert_eq!(p(&["-M", "-o"]).unwrap_err().0, "modpost: option requires an argument -- 'o'");
        assert!(p(&["--bogus"]).is_err());
    }
}
