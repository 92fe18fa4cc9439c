#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = thinpost::formats::asm_exports::parse_module_asm(text);
    }
});
