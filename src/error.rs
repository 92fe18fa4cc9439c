//! Error types. Parsers report a [`ParseError`] (what went wrong and where inside the
//! input); the layer that knows the file name wraps it into an [`Error`], so every error a
//! user sees names a file.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where inside an input a problem was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A byte offset (binary formats).
    Offset(u64),
    /// A 1-based line number (text formats).
    Line(usize),
    /// The input as a whole.
    Whole,
}

/// A problem found while parsing one input, without the input's name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub location: Location,
    pub message: String,
}

impl ParseError {
    pub fn at(offset: u64, message: impl Into<String>) -> Self {
        ParseError { location: Location::Offset(offset), message: message.into() }
    }

    pub fn line(line: usize, message: impl Into<String>) -> Self {
        ParseError { location: Location::Line(line), message: message.into() }
    }

    pub fn whole(message: impl Into<String>) -> Self {
        ParseError { location: Location::Whole, message: message.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::Offset(o) => write!(f, "offset {o:#x}: {}", self.message),
            Location::Line(l) => write!(f, "line {l}: {}", self.message),
            Location::Whole => f.write_str(&self.message),
        }
    }
}

/// An error tied to a file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Parse { path: PathBuf, source: ParseError },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    pub fn parse(path: impl AsRef<Path>, source: ParseError) -> Self {
        Error::Parse { path: path.as_ref().to_path_buf(), source }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Error::Io { path, .. } | Error::Parse { path, .. } => path,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
