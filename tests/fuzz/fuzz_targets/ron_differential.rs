//! Any text to Parallax's RON reader and to the `ron` crate: the same
//! verdict, the same value, and Parallax's writer byte-identical to ron's
//! pretty printer. See `../ron_check.rs`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../ron_check.rs"]
mod ron_check;

fuzz_target!(|data: &[u8]| {
    ron_check::run(data);
});
