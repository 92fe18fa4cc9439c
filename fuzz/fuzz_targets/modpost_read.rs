#![no_main]
use thinpost::modpost::read::{read_object, ReadSettings};

const SETTINGS: ReadSettings =
    ReadSettings {
    module_enabled: true,
    extra_warn: true,
    strip_llvm_suffix: true,
    collect_definitions: true,
    behaviour: thinpost::kbuild::version::Behaviour::newest(),
    devtable: None,
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = read_object("fuzz.o", data, SETTINGS);
});
