//! Any brat, W3C, doccano or Label Studio input to the importers: spans
//! placed consistently, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parallax::fuzzing::importers(data);
});
