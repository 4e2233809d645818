//! Differential check of Parallax's own RON reader and writer against the
//! `ron` crate, the reference: given any text, both readers must agree on
//! whether it is valid and on the value read, and Parallax's writer must
//! write that value byte for byte as `ron`'s pretty printer does (with the
//! settings project files use). Shared by the fuzz target
//! (`fuzz_targets/ron_differential.rs`) and the regression test
//! (`tests/fuzz_regressions.rs`), which replays what the fuzzer found.

use parallax::model::{ArticleMeta, Attributes, Fact, Link, Span, TagDef};
use parallax::project_file::{self, FileData};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .new_line("\n".to_owned())
        .indentor("  ".to_owned())
}

/// Check one text as a `T`. Returns whether it was valid RON for `T`.
fn check<T: DeserializeOwned + Serialize>(text: &str) -> bool {
    let ours: Result<T, String> = project_file::parse(text);
    let theirs: Result<T, ron::error::SpannedError> = ron::from_str(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            let (a_text, b_text) = (ron::to_string(&a), ron::to_string(&b));
            assert_eq!(
                a_text.as_ref().ok(),
                b_text.as_ref().ok(),
                "both read {text:?}, to different values"
            );
            let ours = project_file::pretty(&a).expect("our writer writes what was read");
            let theirs = ron::ser::to_string_pretty(&a, config()).expect("ron writes it");
            assert_eq!(ours, theirs, "the writers differ on {text:?}");
            // And what was written reads back to the same value.
            let again: T = project_file::parse(&ours).expect("our output reads back");
            assert_eq!(
                ron::to_string(&again).ok(),
                a_text.ok(),
                "round trip of {text:?}"
            );
            true
        }
        (Err(_), Err(_)) => false,
        (Ok(_), Err(e)) => panic!("only Parallax reads {text:?} (ron: {e})"),
        (Err(e), Ok(_)) => panic!("only ron reads {text:?} (Parallax: {e})"),
    }
}

/// Give any bytes to both readers: the first byte picks the type (the whole
/// project file, or one of the records it holds), the rest is the text.
pub fn run(data: &[u8]) -> bool {
    let Some((&pick, rest)) = data.split_first() else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return false;
    };
    match pick % 8 {
        0 => check::<FileData>(text),
        1 => check::<Vec<Span>>(text),
        2 => check::<Vec<TagDef>>(text),
        3 => check::<ArticleMeta>(text),
        4 => check::<Vec<Fact>>(text),
        5 => check::<Vec<Link>>(text),
        6 => check::<Attributes>(text),
        _ => check::<Vec<Option<String>>>(text),
    }
}
