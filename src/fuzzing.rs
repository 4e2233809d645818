//! The bodies of the fuzz targets (`tests/fuzz/`), here so that the
//! regression tests run exactly the same checks on the saved crash inputs
//! (`tests/fixtures/fuzz/`). Each checks more than "no panic" where it can.

use crate::corpus::{decode, html};
use crate::project_file;
use crate::text::TextIndex;

/// Load any bytes as a project; what loads cleanly must round-trip unchanged.
pub fn project_loader(data: &[u8]) {
    if let Ok((project, problems)) = project_file::from_bytes(data) {
        if !problems.is_empty() {
            // Loaded only for `parallax check`; the app refuses it.
            return;
        }
        let text = project_file::to_string(&project);
        let (again, problems) =
            project_file::from_bytes(text.as_bytes()).expect("a saved project loads");
        assert!(
            problems.is_empty(),
            "a saved project has no problems: {problems:?}"
        );
        assert!(again == project, "save and load give back the project");
        assert_eq!(
            project_file::to_string(&again),
            text,
            "saving is deterministic"
        );
    }
}

/// Decode any bytes; decoded text has LF line ends and consistent offsets.
pub fn encoding_detector(data: &[u8]) {
    for hint in [None, decode::html_charset(data)] {
        if let Ok(d) = decode::decode(data, hint) {
            assert!(!d.text.contains('\r'), "line endings are normalised");
            let index = TextIndex::new(&d.text);
            assert_eq!(index.len_chars(), d.text.chars().count());
        }
    }
}

/// Extract text from any HTML; no markup survives as tags.
pub fn html_extractor(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let doc = html::extract(&source);
    let index = TextIndex::new(&doc.text);
    assert_eq!(index.len_chars(), doc.text.chars().count());
    assert_eq!(doc.text.trim(), doc.text, "no whitespace at either end");
}
