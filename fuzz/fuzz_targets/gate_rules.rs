#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = std::path::Path::new("fuzz/severities");
    let _ = thinpost::gate::rules::parse_stablelist(text, path);
    if let Ok(rules) = thinpost::gate::rules::parse_rules(text, path) {
        for r in &rules {
            let _ = r.pattern.matches(text);
        }
    }
});
