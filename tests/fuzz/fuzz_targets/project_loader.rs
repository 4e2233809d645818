//! Any bytes given to the project loader: an error or a project, never a
//! panic; and a project that loads saves and loads back to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::project_loader(data);
});
