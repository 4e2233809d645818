//! The bodies of the fuzz targets (`tests/fuzz/`), here so that the
//! regression tests run exactly the same checks on the saved crash inputs
//! (`tests/fixtures/fuzz/`). Each checks more than "no panic" where it can.

use crate::corpus::{decode, html};
use crate::import::{self, ImportFormat};
use crate::model::{Article, ArticleMeta, Id, Project, Schema};
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

/// Extract text from any HTML: offsets are consistent, no whitespace is
/// left at the ends, and no markup survives. A `<` reaches the text only
/// from an entity such as `&lt;`, from a `<` the page writes as text (one
/// not followed by a letter, `/`, `!` or `?`, or a `</` the page ends
/// on), or after `<plaintext>`, which makes the rest of a page text; in a
/// page with none of those, every
/// `<` opens a tag or a comment and none may be left in the text.
pub fn html_extractor(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let doc = html::extract(&source);
    let index = TextIndex::new(&doc.text);
    assert_eq!(index.len_chars(), doc.text.chars().count());
    assert_eq!(doc.text.trim(), doc.text, "no whitespace at either end");
    let b = source.as_bytes();
    let every_lt_opens_markup = b.iter().enumerate().all(|(i, &c)| {
        c != b'<'
            || b.get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || b"/!?".contains(n))
    });
    if every_lt_opens_markup
        && !source.contains('&')
        && !source.ends_with("</")
        && !source.to_ascii_lowercase().contains("<plaintext")
    {
        assert!(
            !doc.text.contains('<'),
            "markup survived: {:?}",
            &doc.text[doc.text.find('<').unwrap_or(0)..]
                .chars()
                .take(20)
                .collect::<String>()
        );
    }
}

/// A small project to import into: emoji, combining accents, CJK, Arabic.
fn import_target() -> Project {
    let mut p = Project::new(Schema::default());
    for (i, (path, text)) in [
        (
            "one.txt",
            "Officials said 👩\u{200d}👩\u{200d}👧 the cafe\u{301} reopens.\nA second line.",
        ),
        ("two.txt", "東京の当局者 said so. قال المتحدث إن السد آمن"),
    ]
    .into_iter()
    .enumerate()
    {
        let meta = ArticleMeta {
            outlet: "Fuzz".into(),
            title: path.into(),
            date: None,
            url: String::new(),
            author: String::new(),
            extra: Default::default(),
            direction: None,
        };
        let a = Article::new(
            Id::from_u64(i as u64 + 1),
            path.into(),
            "UTF-8".into(),
            String::new(),
            meta,
            text.into(),
        );
        p.add_article(a).expect("distinct ids");
    }
    p
}

/// Any input to any importer (the first byte picks which; for brat the
/// rest is an `.ann` file for `one.txt`): what is placed applies as one
/// edit and leaves a project that saves and loads without problems.
/// Returns how many spans were placed.
pub fn importers(data: &[u8]) -> usize {
    let Some((&pick, rest)) = data.split_first() else {
        return 0;
    };
    let input = String::from_utf8_lossy(rest);
    let format = ImportFormat::ALL[usize::from(pick) % ImportFormat::ALL.len()];
    let docs = match format {
        ImportFormat::Brat => Ok(vec![import::brat::parse("one.txt", None, &input)]),
        ImportFormat::W3c => import::w3c::parse(&input),
        ImportFormat::Doccano => import::doccano::parse(&input),
        ImportFormat::Labelstudio => import::labelstudio::parse(&input),
        ImportFormat::Qdc => import::qdc::parse(&input).map(|codebook| {
            vec![import::Doc {
                name: "codebook.qdc".into(),
                codebook,
                ..Default::default()
            }]
        }),
    };
    let Ok(docs) = docs else { return 0 };
    let mut project = import_target();
    let (edit, report) = import::plan(&project, &docs, "fuzz");
    edit.apply(&mut project).expect("a planned import applies");
    assert_eq!(
        project.span_count(),
        report.imported,
        "the report counts what landed"
    );
    let saved = project_file::to_string(&project);
    let (_, problems) = project_file::from_bytes(saved.as_bytes()).expect("it loads");
    assert!(problems.is_empty(), "{problems:?}");
    report.imported
}
