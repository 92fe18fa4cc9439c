//! The model of a kbuild tree that every command reads: how kbuild names an object's
//! files ([`naming`]), its `.cmd` files ([`cmd`]), order files ([`order`]), symvers files
//! ([`symvers`]), genksyms' `.symtypes` ([`symtypes`]), the exports of a tree with their
//! CRCs resolved by modpost's rules ([`exports`]), what a tree is and which kernel
//! version it is ([`tree`], [`version`]), its configuration ([`config`]), its generated
//! linker scripts ([`linker_script`]) and what the final vmlinux link adds after
//! modpost ([`final_link`]).

pub mod cmd;
pub mod config;
pub mod exports;
pub mod final_link;
pub mod linker_script;
pub mod naming;
pub mod order;
pub mod symtypes;
pub mod symvers;
pub mod tree;
pub mod version;
