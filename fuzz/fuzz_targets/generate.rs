//! Any bytes, read as a YAML or JSON spec, through the whole pipeline: it may fail, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first byte picks the file name, so both the YAML and the JSON loader are reached.
    let file = if data.first().is_some_and(|b| b % 2 == 0) { "fuzz.yaml" } else { "fuzz.json" };
    let _ = generator::generate(file, &text, &generator::Settings::default());
});
