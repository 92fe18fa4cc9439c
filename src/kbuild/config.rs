//! A tree's kernel configuration: `include/config/auto.conf` (what kbuild's Makefiles
//! include), else `.config`. Both are `CONFIG_NAME=value` lines; options that are off are
//! absent (`auto.conf`) or `# CONFIG_NAME is not set` (`.config`).

use std::collections::HashMap;
use std::path::Path;

/// The options of one configuration, by name without the `CONFIG_` prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    values: HashMap<String, String>,
}

impl Config {
    /// Reads the tree's configuration; an empty one when neither file exists (a tree
    /// without a configuration has every option off).
    pub fn read(objtree: &Path) -> Self {
        ["include/config/auto.conf", ".config"]
            .iter()
            .find_map(|f| std::fs::read_to_string(objtree.join(f)).ok())
            .map(|text| Config::parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Self {
        let values = text
            .lines()
            .filter_map(|l| l.strip_prefix("CONFIG_")?.split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim().trim_matches('"').to_string()))
            .collect();
        Config { values }
    }

    /// `CONFIG_<name>=y`.
    pub fn enabled(&self, name: &str) -> bool {
        self.values.get(name).is_some_and(|v| v == "y")
    }

    /// The value of `CONFIG_<name>`, quotes removed.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        let c =
            Config::parse("CONFIG_KALLSYMS=y\n# CONFIG_BTF is not set\nCONFIG_EXT4_FS=m\nCONFIG_LOCALVERSION=\"-x\"\n");
        assert!(c.enabled("KALLSYMS") && !c.enabled("BTF") && !c.enabled("EXT4_FS"));
        assert_eq!(c.value("LOCALVERSION"), Some("-x"));
    }
}
