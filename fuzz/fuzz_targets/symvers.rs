#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::kbuild::symvers::parse(data);
    if let Ok(text) = std::str::from_utf8(data) {
        for line in text.lines() {
            let _ = thinpost::kbuild::symvers::split_kernel_line(line);
        }
    }
});
