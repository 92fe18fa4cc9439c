//! Unit tests of the handlers on hand-made tables (the side-by-side tests against the
//! kernel's modpost are in tests/devtable.rs).
