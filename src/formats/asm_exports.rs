//! Exports in module-level inline asm.
//!
//! In a bitcode object, `EXPORT_SYMBOL*` survives only as text: the module's inline asm
//! holds, per export,
//! `.section ".export_symbol","a" ; __export_symbol_panic: ; .asciz "" ; .ascii "" "\0" ;
//! .balign 8 ; .quad panic ; .previous`. This module interprets just enough of the GNU
//! assembler's syntax (sections, labels, string and pointer directives) to recover the
//! label, licence, namespace and target, whatever the spacing or statement separators.

use crate::formats::symbol::ExportEntry;

const EXPORT_SECTION: &str = ".export_symbol";

/// Splits asm text into statements: at newlines and at `;` outside string literals,
/// dropping `#` comments.
fn statements(asm: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = asm.as_bytes();
    let mut start = 0;
    let mut in_str = false;
    let mut i = 0;
    let mut comment = false;
    while i < bytes.len() {
        let c = bytes[i];
        if comment {
            if c == b'\n' {
                comment = false;
                start = i + 1;
            }
        } else if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if c == b';' || c == b'\n' || c == b'#' {
            out.push(asm[start..i].trim());
            start = i + 1;
            comment = c == b'#';
        }
        i += 1;
    }
    if !comment && start < bytes.len() {
        out.push(asm[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Decodes a string literal starting at `s[0] == '"'`; returns the bytes and the rest.
fn string_literal(s: &str) -> Result<(Vec<u8>, &str), String> {
    let b = s.as_bytes();
    debug_assert_eq!(b.first(), Some(&b'"'));
    let mut out = Vec::new();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Ok((out, &s[i + 1..])),
            b'\\' => {
                i += 1;
                let Some(&e) = b.get(i) else { break };
                match e {
                    b'0'..=b'7' => {
                        let mut v: u32 = 0;
                        let mut n = 0;
                        while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                            v = v * 8 + u32::from(b[i] - b'0');
                            i += 1;
                            n += 1;
                        }
                        out.push(v as u8);
                        continue;
                    }
                    b'x' | b'X' => {
                        i += 1;
                        let mut v: u32 = 0;
                        while i < b.len() && b[i].is_ascii_hexdigit() {
                            v = (v << 4) | (b[i] as char).to_digit(16).unwrap_or(0);
                            i += 1;
                        }
                        out.push(v as u8);
                        continue;
                    }
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    Err(format!("unterminated string literal in `{s}`"))
}

/// Decodes a list of string literals (`"a" "b"` or `"a", "b"`), returning each one.
fn string_list(mut s: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if s.is_empty() {
            return Ok(out);
        }
        if !s.starts_with('"') {
            return Err(format!("expected a string literal at `{s}`"));
        }
        let (lit, rest) = string_literal(s)?;
        out.push(lit);
        s = rest;
    }
}

fn section_name(args: &str) -> String {
    let args = args.trim();
    if args.starts_with('"') {
        if let Ok((name, _)) = string_literal(args) {
            return String::from_utf8_lossy(&name).into_owned();
        }
    }
    args.split(|c: char| c == ',' || c.is_whitespace()).next().unwrap_or("").to_string()
}

/// An export being assembled from the statements after its label.
struct Pending {
    label: String,
    bytes: Vec<u8>,
}

fn finish(p: Pending, target: &str) -> ExportEntry {
    let mut parts = p.bytes.split(|&b| b == 0);
    let license = parts.next().unwrap_or_default();
    let namespace = parts.next().unwrap_or_default();
    ExportEntry {
        label: p.label,
        target: target.to_string(),
        license_raw: String::from_utf8_lossy(license).into_owned(),
        namespace: String::from_utf8_lossy(namespace).into_owned(),
        target_binding: None,
        target_is_func: None,
    }
}

/// Extracts the `.export_symbol` entries from module-level inline asm, in order.
pub fn parse_module_asm(asm: &str) -> Result<Vec<ExportEntry>, String> {
    let mut out = Vec::new();
    let mut current = String::from(".text");
    let mut previous = String::from(".text");
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut pending: Option<Pending> = None;

    for stmt in statements(asm) {
        let mut stmt = stmt;
        // A label, possibly followed by a directive on the same statement.
        if let Some(colon) = stmt.find(':') {
            let name = &stmt[..colon];
            if !name.is_empty() && !name.contains(['"', ' ', '\t']) && !name.starts_with('.') {
                if current == EXPORT_SECTION {
                    pending = Some(Pending { label: name.to_string(), bytes: Vec::new() });
                }
                stmt = stmt[colon + 1..].trim();
                if stmt.is_empty() {
                    continue;
                }
            }
        }
        let (directive, args) = match stmt.find(|c: char| c.is_whitespace()) {
            Some(i) => (&stmt[..i], stmt[i..].trim()),
            None => (stmt, ""),
        };
        match directive {
            ".section" => {
                previous = std::mem::replace(&mut current, section_name(args));
            }
            ".pushsection" => {
                stack.push((current.clone(), previous.clone()));
                previous = std::mem::replace(&mut current, section_name(args));
            }
            ".popsection" => {
                if let Some((c, p)) = stack.pop() {
                    current = c;
                    previous = p;
                }
            }
            ".previous" => std::mem::swap(&mut current, &mut previous),
            ".text" | ".data" | ".bss" => {
                previous = std::mem::replace(&mut current, directive.to_string());
            }
            _ if current != EXPORT_SECTION => {}
            ".asciz" | ".string" => {
                if let Some(p) = pending.as_mut() {
                    for s in string_list(args)? {
                        p.bytes.extend_from_slice(&s);
                        p.bytes.push(0);
                    }
                }
            }
            ".ascii" => {
                if let Some(p) = pending.as_mut() {
                    for s in string_list(args)? {
                        p.bytes.extend_from_slice(&s);
                    }
                }
            }
            ".quad" | ".8byte" | ".long" | ".4byte" | ".word" => {
                let target = args.split(|c: char| c == ',' || c == '+' || c.is_whitespace()).next().unwrap_or("");
                match pending.take() {
                    Some(p) if !target.is_empty() => out.push(finish(p, target)),
                    Some(p) => return Err(format!("export `{}` has an empty pointer directive", p.label)),
                    None => {}
                }
            }
            _ => {}
        }
    }
    if let Some(p) = pending {
        return Err(format!("export label `{}` without a pointer to its symbol", p.label));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_6_12_layout() {
        // The text clang-19 stores for EXPORT_SYMBOL_GPL(panic_timeout) in kernel/panic.o.
        let asm = r#".section ".export_symbol","a" ; __export_symbol_panic_timeout: ; .asciz "GPL" ; .ascii "" "\0" ; .balign 8 ; .quad panic_timeout ; .previous"#;
        let e = parse_module_asm(asm).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].label, "__export_symbol_panic_timeout");
        assert_eq!(e[0].target, "panic_timeout");
        assert_eq!(e[0].license_raw, "GPL");
        assert_eq!(e[0].namespace, "");
    }

    #[test]
    fn namespace_and_other_sections() {
        let asm = ".section .text.foo\nbar:\n.quad other\n.pushsection \".export_symbol\",\"a\"\n\
                   __export_symbol_f: .asciz \"\"\n.ascii \"MY_NS\" \"\\0\"\n.quad f\n.popsection\n.quad zzz";
        let e = parse_module_asm(asm).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].target.as_str(), e[0].namespace.as_str()), ("f", "MY_NS"));
    }

    #[test]
    fn unterminated_string_is_an_error() {
        let asm = ".section \".export_symbol\",\"a\" ; __export_symbol_x: ; .asciz \"GPL";
        assert!(parse_module_asm(asm).is_err());
    }

    #[test]
    fn semicolon_inside_string_is_not_a_separator() {
        assert_eq!(statements(r#".asciz "a;b" ; .quad x"#), vec![r#".asciz "a;b""#, ".quad x"]);
    }
}
