//! Order files: `modules.order`, `<mod>.mod`, `.vmlinux.objs`, `builtin.order` and the
//! object list `vmlinux.thinlto-index`. Each lists object paths relative to the objtree.

use crate::error::ParseError;

/// Reads a list of object paths, one per line (`.mod` files of 5.x put them on one line
/// separated by spaces, followed by a line of undefined symbols; we take whitespace-
/// separated words of the first non-empty line only when a line holds several).
pub fn parse_object_list(data: &[u8]) -> Result<Vec<String>, ParseError> {
    let text = std::str::from_utf8(data).map_err(|e| {
        let line = data[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ParseError::line(line, "not UTF-8 text")
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() > 1 {
            // The 5.x `.mod` layout: objects on the first line, undefined symbols on the next.
            if out.is_empty() && words.iter().all(|w| w.ends_with(".o")) {
                out.extend(words.iter().map(|w| w.to_string()));
                break;
            }
            return Err(ParseError::line(n + 1, format!("expected one object path per line, got `{line}`")));
        }
        out.push(line.to_string());
    }
    Ok(out)
}

/// True when a listed path stays inside the objtree: relative, without `..`.
pub fn is_contained(path: &str) -> bool {
    !path.starts_with('/') && !path.split('/').any(|c| c == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(parse_object_list(b"a.o\n\nb/c.o\n").unwrap(), vec!["a.o", "b/c.o"]);
        assert_eq!(parse_object_list(b"a.o b.o\nfoo bar\n").unwrap(), vec!["a.o", "b.o"]);
        assert!(parse_object_list(b"a.o\nb.o c\n").is_err());
        assert!(!is_contained("../x.o") && !is_contained("/x.o") && is_contained("a/b.o"));
    }
}
