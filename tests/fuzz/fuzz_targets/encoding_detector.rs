//! Any bytes given to the decoder, as a plain file and as an HTML file
//! declaring a charset: text or a reason, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::encoding_detector(data);
});
