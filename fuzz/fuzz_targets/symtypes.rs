#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(st) = thinpost::kbuild::symtypes::parse(text) {
        for sym in &st.export_order {
            let _ = st.expand(sym);
        }
    }
});
