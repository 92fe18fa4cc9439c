//! The model of a kbuild tree that every command reads: how kbuild names an object's
//! files ([`naming`]), its `.cmd` files ([`cmd`]), order files ([`order`]), symvers files
//! ([`symvers`]), genksyms' `.symtypes` ([`symtypes`]), the exports of a tree with their
//! CRCs resolved by modpost's rules ([`exports`]), what a tree is and which kernel
//! version it is ([`tree`], [`version`]).

pub mod cmd;
pub mod exports;
pub mod naming;
pub mod order;
pub mod symtypes;
pub mod symvers;
pub mod tree;
pub mod version;
