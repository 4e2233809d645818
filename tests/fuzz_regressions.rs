//! Inputs that once broke a fuzz target, run through the same checks on
//! every `cargo test` (the fuzzing itself stays out of CI). Targets and how
//! to run them: `tests/fuzz/` and the README.

use std::path::Path;

#[path = "fuzz/ron_check.rs"]
mod ron_check;

fn cases(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn html_extractor_regressions() {
    let cases = cases("html_extractor");
    assert!(!cases.is_empty(), "the crashes found are kept");
    for (name, bytes) in cases {
        let r = std::panic::catch_unwind(|| parallax::fuzzing::html_extractor(&bytes));
        assert!(r.is_ok(), "{name}");
    }
}

#[test]
fn project_loader_regressions() {
    for (name, bytes) in cases("project_loader") {
        let r = std::panic::catch_unwind(|| parallax::fuzzing::project_loader(&bytes));
        assert!(r.is_ok(), "{name}");
    }
}

#[test]
fn encoding_detector_regressions() {
    let cases = cases("encoding_detector");
    assert!(!cases.is_empty(), "the seeds are kept");
    for (name, bytes) in cases {
        let r = std::panic::catch_unwind(|| parallax::fuzzing::encoding_detector(&bytes));
        assert!(r.is_ok(), "{name}");
    }
}

#[test]
fn importers_regressions() {
    let cases = cases("importers");
    assert!(!cases.is_empty(), "the seeds are kept");
    for (name, bytes) in cases {
        let r = std::panic::catch_unwind(|| parallax::fuzzing::importers(&bytes));
        assert!(r.is_ok(), "{name}");
        // The seeds exercise placing spans, not just parsing.
        if name.ends_with("-seed") {
            assert!(r.is_ok_and(|n| n > 0), "{name} places spans");
        }
    }
}

#[test]
fn ron_differential_regressions() {
    let cases = cases("ron_differential");
    assert!(!cases.is_empty(), "the seeds are kept");
    let mut valid = 0;
    for (name, bytes) in cases {
        let r = std::panic::catch_unwind(|| ron_check::run(&bytes));
        assert!(r.is_ok(), "{name}");
        valid += usize::from(r.unwrap_or(false));
    }
    assert!(
        valid > 0,
        "some seeds are valid RON, so values and writers are compared"
    );
}
