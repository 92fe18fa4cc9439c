#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::formats::thinlto_index::shard_modules(data);
});
