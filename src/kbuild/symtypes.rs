//! genksyms' `.symtypes` files (`KBUILD_SYMTYPES=1`, `genksyms -T`) and the CRC genksyms
//! computes from them.
//!
//! Each line is one symbol: `s#name`, `u#name`, `e#name` (struct, union, enum),
//! `t#name` (typedef) or `E#name` (enum constant) followed by its definition, or an
//! exported symbol's name followed by its declaration. Tokens are separated by single
//! spaces, each followed by one; a token `s#foo` refers to another line.
//!
//! genksyms' CRC of an export is the standard CRC-32 over the export's declaration with
//! references expanded (`expand_and_crc_sym()` in `scripts/genksyms/genksyms.c`): each
//! token is followed by one space; a reference is replaced by its definition the first
//! time it is met within one export's expansion, and later by `struct NAME ` (`union`,
//! `enum`) or `NAME ` (typedefs, enum constants); an aggregate without a definition is
//! `struct NAME { UNKNOWN }`. The `-T` dump prints `extern ` before the definition of
//! every symbol genksyms saw declared `extern` (`sym->is_extern`: exports, and types
//! defined inside an extern declaration such as `extern enum system_states {…} x;`);
//! that word is not part of what was hashed and is dropped here.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::error::ParseError;

/// The kind of a type line, by its `X#` prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeKind {
    Struct,
    Union,
    Enum,
    Typedef,
    EnumConst,
}

impl TypeKind {
    fn from_prefix(c: u8) -> Option<Self> {
        Some(match c {
            b's' => TypeKind::Struct,
            b'u' => TypeKind::Union,
            b'e' => TypeKind::Enum,
            b't' => TypeKind::Typedef,
            b'E' => TypeKind::EnumConst,
            _ => return None,
        })
    }

    pub fn prefix(self) -> char {
        match self {
            TypeKind::Struct => 's',
            TypeKind::Union => 'u',
            TypeKind::Enum => 'e',
            TypeKind::Typedef => 't',
            TypeKind::EnumConst => 'E',
        }
    }

    /// The keyword genksyms writes for a repeated or undefined aggregate.
    pub fn keyword(self) -> Option<&'static str> {
        match self {
            TypeKind::Struct => Some("struct"),
            TypeKind::Union => Some("union"),
            TypeKind::Enum => Some("enum"),
            TypeKind::Typedef | TypeKind::EnumConst => None,
        }
    }
}

/// A type's name as `.symtypes` spells it: `s#task_struct`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeKey {
    pub kind: TypeKind,
    pub name: String,
}

impl TypeKey {
    /// Parses `s#name`; `None` for anything else.
    pub fn parse(token: &str) -> Option<Self> {
        let b = token.as_bytes();
        if b.len() < 3 || b[1] != b'#' {
            return None;
        }
        Some(TypeKey { kind: TypeKind::from_prefix(b[0])?, name: token[2..].to_string() })
    }
}

impl fmt::Display for TypeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.kind.prefix(), self.name)
    }
}

impl Serialize for TypeKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One token of a definition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    Word(String),
    Ref(TypeKey),
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(w) => f.write_str(w),
            Token::Ref(k) => k.fmt(f),
        }
    }
}

/// Renders tokens as `.symtypes` prints them (without the trailing space).
pub fn render(tokens: &[Token]) -> String {
    tokens.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

/// A definition line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub tokens: Vec<Token>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A parsed `.symtypes` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Symtypes {
    pub types: HashMap<TypeKey, Definition>,
    /// Exported symbols' declarations.
    pub exports: HashMap<String, Definition>,
    /// Exports in file order.
    pub export_order: Vec<String>,
}

/// The result of expanding one export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// genksyms' CRC of the expanded stream.
    pub crc: u32,
    /// Types expanded in place, in the order first met.
    pub expanded: Vec<TypeKey>,
    /// Aggregates without a definition, hashed as `struct NAME { UNKNOWN }`.
    pub unknown: Vec<TypeKey>,
    /// Typedefs or enum constants referenced but not defined: genksyms cannot have
    /// written this file (it fails on such references), so the file is damaged or stale.
    pub missing: Vec<TypeKey>,
}

/// Parses a `.symtypes` file.
pub fn parse(text: &str) -> Result<Symtypes, ParseError> {
    let mut out = Symtypes::default();
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let mut words = line.split(' ').filter(|w| !w.is_empty());
        let Some(head) = words.next() else { continue };
        // The dump prints `extern ` for any symbol genksyms saw declared extern (an
        // export, or a type defined in an extern declaration); it is not in the definition.
        let mut words = words.peekable();
        if words.peek() == Some(&"extern") {
            words.next();
        }
        let tokens: Vec<Token> =
            words.map(|w| TypeKey::parse(w).map_or_else(|| Token::Word(w.to_string()), Token::Ref)).collect();
        if head.as_bytes().get(1) == Some(&b'#') {
            let key = TypeKey::parse(head)
                .ok_or_else(|| ParseError::line(line_no, format!("unknown type prefix in `{head}`")))?;
            out.types.insert(key, Definition { tokens, line: line_no });
        } else {
            if out.exports.insert(head.to_string(), Definition { tokens, line: line_no }).is_none() {
                out.export_order.push(head.to_string());
            }
        }
    }
    Ok(out)
}

impl Symtypes {
    /// Expands `symbol`'s declaration as genksyms does and returns its CRC, or `None`
    /// when the file does not declare it.
    pub fn expand(&self, symbol: &str) -> Option<Expansion> {
        let mut hasher = crc32fast::Hasher::new();
        let exp = self.walk(symbol, &mut |s| hasher.update(s.as_bytes()))?;
        Some(Expansion { crc: hasher.finalize(), ..exp })
    }

    /// The expanded token stream genksyms hashes for `symbol` (for tests and debugging).
    pub fn expanded_text(&self, symbol: &str) -> Option<String> {
        let mut text = String::new();
        self.walk(symbol, &mut |s| text.push_str(s))?;
        Some(text)
    }

    /// Walks the expansion with an explicit stack (type chains in a kernel are deep),
    /// feeding every emitted piece to `emit`.
    fn walk(&self, symbol: &str, emit: &mut dyn FnMut(&str)) -> Option<Expansion> {
        let decl = self.exports.get(symbol)?;
        let mut seen: HashSet<&TypeKey> = HashSet::new();
        let mut exp = Expansion { crc: 0, expanded: Vec::new(), unknown: Vec::new(), missing: Vec::new() };
        let mut stack: Vec<std::slice::Iter<'_, Token>> = vec![decl.tokens.iter()];
        while let Some(top) = stack.last_mut() {
            let Some(token) = top.next() else {
                stack.pop();
                continue;
            };
            match token {
                Token::Word(w) => {
                    emit(w);
                    emit(" ");
                }
                Token::Ref(key) => {
                    if !seen.insert(key) {
                        if let Some(kw) = key.kind.keyword() {
                            emit(kw);
                            emit(" ");
                        }
                        emit(&key.name);
                        emit(" ");
                    } else if let Some(def) = self.types.get(key) {
                        exp.expanded.push(key.clone());
                        stack.push(def.tokens.iter());
                    } else if let Some(kw) = key.kind.keyword() {
                        exp.unknown.push(key.clone());
                        for piece in [kw, " ", &key.name, " { UNKNOWN } "] {
                            emit(piece);
                        }
                    } else {
                        exp.missing.push(key.clone());
                        emit(&key.name);
                        emit(" ");
                    }
                }
            }
        }
        Some(exp)
    }
}

/// A `.symtypes` file compiled for computing CRCs quickly, for checking every export of
/// a tree: names are interned, and each definition is runs of text (its words, each
/// followed by one space, exactly as genksyms hashes them) between references. The
/// expansion is [`Symtypes::expand`]'s; it only skips what `expand` records besides the
/// CRC.
#[derive(Clone, Debug, Default)]
pub struct Expander {
    /// Every run of text, back to back.
    text: String,
    pieces: Vec<Piece>,
    /// Per type: its definition's range in `pieces`, when the file defines it.
    defs: Vec<Option<(u32, u32)>>,
    /// Per type: the text for a repeated reference (`struct NAME `, `NAME `).
    short: Vec<(u32, u32)>,
    /// Per type: the text for a reference to it without a definition
    /// (`struct NAME { UNKNOWN } `, or `NAME ` for typedefs and enum constants).
    undefined: Vec<(u32, u32)>,
    exports: HashMap<String, (u32, u32)>,
}

#[derive(Clone, Copy, Debug)]
enum Piece {
    Text(u32, u32),
    Ref(u32),
}

impl Expander {
    /// Compiles a `.symtypes` file (the syntax [`parse`] reads).
    pub fn new<'f>(file: &'f str) -> Result<Self, ParseError> {
        let mut x = Expander::default();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut id_of = |x: &mut Expander, token: &'f str, key: &TypeKey| -> u32 {
            if let Some(&id) = ids.get(token) {
                return id;
            }
            let id = x.defs.len() as u32;
            x.defs.push(None);
            let short = match key.kind.keyword() {
                Some(kw) => x.push_text(&[kw, " ", &key.name, " "]),
                None => x.push_text(&[&key.name, " "]),
            };
            x.short.push(short);
            let undefined = match key.kind.keyword() {
                Some(kw) => x.push_text(&[kw, " ", &key.name, " { UNKNOWN } "]),
                None => short,
            };
            x.undefined.push(undefined);
            ids.insert(token, id);
            id
        };
        for (i, raw) in file.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let mut words = line.split(' ').filter(|w| !w.is_empty()).peekable();
            let Some(head) = words.next() else { continue };
            if words.peek() == Some(&"extern") {
                words.next();
            }
            let start = x.pieces.len() as u32;
            let mut run: Option<u32> = None;
            for w in words {
                match TypeKey::parse(w) {
                    Some(key) => {
                        if let Some(begin) = run.take() {
                            x.pieces.push(Piece::Text(begin, x.text.len() as u32));
                        }
                        let id = id_of(&mut x, w, &key);
                        x.pieces.push(Piece::Ref(id));
                    }
                    None => {
                        run.get_or_insert(x.text.len() as u32);
                        x.text.push_str(w);
                        x.text.push(' ');
                    }
                }
            }
            if let Some(begin) = run {
                x.pieces.push(Piece::Text(begin, x.text.len() as u32));
            }
            let range = (start, x.pieces.len() as u32);
            if head.as_bytes().get(1) == Some(&b'#') {
                let key = TypeKey::parse(head)
                    .ok_or_else(|| ParseError::line(i + 1, format!("unknown type prefix in `{head}`")))?;
                let id = id_of(&mut x, head, &key);
                x.defs[id as usize] = Some(range);
            } else {
                x.exports.entry(head.to_string()).or_insert(range);
            }
        }
        Ok(x)
    }

    fn push_text(&mut self, parts: &[&str]) -> (u32, u32) {
        let begin = self.text.len() as u32;
        for p in parts {
            self.text.push_str(p);
        }
        (begin, self.text.len() as u32)
    }

    /// The exported symbols the file declares.
    pub fn exports(&self) -> impl Iterator<Item = &str> {
        self.exports.keys().map(String::as_str)
    }

    /// genksyms' CRC of `symbol`, or `None` when the file does not declare it.
    pub fn crc(&self, symbol: &str) -> Option<u32> {
        let &(start, end) = self.exports.get(symbol)?;
        let mut seen = vec![false; self.defs.len()];
        let mut stream: Vec<u8> = Vec::with_capacity(4096);
        let mut stack: Vec<(u32, u32)> = vec![(start, end)];
        let text = |(b, e): (u32, u32)| &self.text.as_bytes()[b as usize..e as usize];
        while let Some(top) = stack.last_mut() {
            if top.0 == top.1 {
                stack.pop();
                continue;
            }
            let piece = self.pieces[top.0 as usize];
            top.0 += 1;
            match piece {
                Piece::Text(b, e) => stream.extend_from_slice(text((b, e))),
                Piece::Ref(id) => {
                    let id = id as usize;
                    if std::mem::replace(&mut seen[id], true) {
                        stream.extend_from_slice(text(self.short[id]));
                    } else if let Some(def) = self.defs[id] {
                        stack.push(def);
                    } else {
                        stream.extend_from_slice(text(self.undefined[id]));
                    }
                }
            }
        }
        Some(crc32fast::hash(&stream))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
t#u32 typedef unsigned int u32 \n\
s#req struct req { t#u32 id ; s#req * next ; s#hidden * h ; } \n\
gate_submit extern int gate_submit ( s#req * , t#u32 ) \n";

    #[test]
    fn expansion_follows_genksyms() {
        let st = parse(FILE).unwrap();
        assert_eq!(
            st.expanded_text("gate_submit").unwrap(),
            "int gate_submit ( struct req { typedef unsigned int u32 id ; struct req * next ; \
             struct hidden { UNKNOWN } * h ; } * , u32 ) "
        );
        let e = st.expand("gate_submit").unwrap();
        assert_eq!(e.crc, crc32fast::hash(st.expanded_text("gate_submit").unwrap().as_bytes()));
        assert_eq!(e.unknown, vec![TypeKey::parse("s#hidden").unwrap()]);
        assert!(e.missing.is_empty());
        assert_eq!(st.expand("nope"), None);
    }

    #[test]
    fn the_expander_agrees_with_expand() {
        let st = parse(FILE).unwrap();
        let x = Expander::new(FILE).unwrap();
        assert_eq!(x.crc("gate_submit"), Some(st.expand("gate_submit").unwrap().crc));
        assert_eq!(x.crc("nope"), None);
        assert_eq!(x.exports().collect::<Vec<_>>(), ["gate_submit"]);
    }

    #[test]
    fn bad_prefix_names_the_line() {
        let e = parse("t#a typedef int a \nx#b int \n").unwrap_err();
        assert_eq!(e.location, crate::error::Location::Line(2));
    }
}
