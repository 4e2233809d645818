//! Word, OpenDocument and RTF files, and news-database exports, read into
//! articles: text, metadata and splits checked exactly against the text
//! they were made from. The fixtures are our own articles, written by
//! LibreOffice from `tests/fixtures/corpus/src/` (see `make.sh` there) or
//! by hand where a format's corner needs it.

mod support;

use std::path::{Path, PathBuf};
use support::parallax_ok;

use parallax::corpus::{read_file, read_folder, ReadOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("src/{name}")))
        .unwrap()
        .trim_end()
        .to_owned()
}

#[test]
fn word_opendocument_and_rtf_give_the_same_text() {
    let want = expected("harbour.expected.txt");
    for file in ["harbour.docx", "harbour.odt", "harbour.rtf"] {
        let articles = read_file(&fixture(file), &ReadOptions::default()).unwrap();
        assert_eq!(articles.len(), 1, "{file}");
        let a = &articles[0];
        assert_eq!(a.text, want, "{file}");
        assert_eq!(
            a.meta.title, "Marrowby plant to reopen “within days”, minister says",
            "{file}"
        );
        assert_eq!(a.part, None);
    }
}

/// (title, outlet, date, byline, body paragraphs)
type Exported = (
    &'static str,
    &'static str,
    (i32, u32, u32),
    &'static str,
    &'static [&'static str],
);

/// What each export holds.
const EXPORTED: [Exported; 3] = [
    (
        "Harbour talks stall over water plant",
        "The Harbour Ledger",
        (2026, 11, 29),
        "Dana Okafor",
        &[
            "Talks between the city and the plant workers' union stalled on Saturday, officials said.",
            "The union said the Kestrel Point plant had been “run down for years”, a claim the water authority denied.",
        ],
    ),
    (
        "Plant to reopen within days, minister says",
        "Coastline Post",
        (2026, 12, 1),
        "Jonas Weiß",
        &[
            "The minister, Zofia Łukasiewicz, said the plant would reopen within days.",
            "Critics in Марроуби called the promise premature.",
        ],
    ),
    (
        "Boil-water order lifted in Elsen Valley",
        "Elsen Valley Radio",
        (2026, 12, 3),
        "Staff",
        &["The order was lifted on Thursday morning, according to the health department."],
    ),
];

fn check_export(file: &str, extra: &[(&str, &[&str])]) {
    let articles = read_file(&fixture(file), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(articles.len(), 3, "{file}");
    for (i, (a, (title, outlet, (y, m, d), byline, body))) in
        articles.iter().zip(EXPORTED).enumerate()
    {
        assert_eq!(a.part, Some(i + 1), "{file}");
        assert_eq!(a.meta.title, title, "{file}");
        assert_eq!(a.meta.outlet, outlet, "{file}");
        assert_eq!(
            a.meta.date,
            chrono::NaiveDate::from_ymd_opt(y, m, d),
            "{file}"
        );
        assert_eq!(a.meta.author, byline, "{file}");
        let want = std::iter::once(title)
            .chain(body.iter().copied())
            .collect::<Vec<_>>()
            .join("\n\n");
        assert_eq!(a.text, want, "{file} #{}", i + 1);
        for (key, values) in extra {
            assert_eq!(
                a.meta.extra.get(*key).map(String::as_str),
                Some(values[i]),
                "{file} {key}"
            );
        }
    }
}

#[test]
fn nexis_exports_split_into_articles_with_their_fields() {
    let extra: &[(&str, &[&str])] = &[
        ("section", &["NEWS; Pg. 4", "REGION; Pg. 2", "LOCAL"]),
        ("length", &["61 words", "48 words", "30 words"]),
        ("language", &["ENGLISH"; 3]),
    ];
    for file in [
        "nexis.docx",
        "nexis.rtf",
        "nexis.odt",
        "nexis.txt",
        "nexis.pdf",
    ] {
        check_export(file, extra);
    }
}

#[test]
fn factiva_exports_split_into_articles_with_their_fields() {
    let extra: &[(&str, &[&str])] = &[
        ("length", &["61 words", "48 words", "30 words"]),
        ("source code", &["SRC0", "SRC1", "SRC2"]),
        ("language", &["English"; 3]),
        (
            "document",
            &[
                "SRC00020261204ejc40000",
                "SRC10020261204ejc40001",
                "SRC20020261204ejc40002",
            ],
        ),
    ];
    for file in ["factiva.rtf", "factiva.html"] {
        check_export(file, extra);
    }
}

/// A folder of mixed formats: every article with its path (`FILE#N` for
/// an export's), an `articles.csv` row overriding one part's outlet.
#[test]
fn a_folder_of_mixed_formats_reads_every_article() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["harbour.docx", "harbour.rtf", "nexis.docx", "factiva.html"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("notes.pdf.part"), "x").unwrap();
    std::fs::write(
        dir.path().join("articles.csv"),
        "path,outlet\nnexis.docx#2,Coastline Post (print)\n",
    )
    .unwrap();
    let corpus = read_folder(dir.path(), &ReadOptions::default()).unwrap();
    let rels: Vec<&str> = corpus.articles.iter().map(|a| a.rel.as_str()).collect();
    assert_eq!(
        rels,
        [
            "factiva.html#1",
            "factiva.html#2",
            "factiva.html#3",
            "harbour.docx",
            "harbour.rtf",
            "nexis.docx#1",
            "nexis.docx#2",
            "nexis.docx#3"
        ]
    );
    assert_eq!(corpus.articles[6].meta.outlet, "Coastline Post (print)");
    assert_eq!(corpus.skipped.len(), 1);
    assert!(corpus.skipped[0].reason.to_string().contains(".docx"));
}

/// Words of a text, whitespace-separated.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The share of the known text's words found exact and in order in the
/// extracted text (the longest common subsequence of words), and the share
/// of the extracted words that are not in it.
fn word_accuracy(known: &str, got: &str) -> (f64, f64) {
    let (k, g) = (words(known), words(got));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &k, &g);
    let same: usize = ops
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    (
        same as f64 / k.len() as f64,
        (g.len() - same) as f64 / g.len().max(1) as f64,
    )
}

/// PDFs made from known text (two columns, running headers, page numbers,
/// hyphenated lines and ligatures by reportlab; accents, Cyrillic and CJK
/// with a running header by LibreOffice): at least 99% of the words come
/// out exact and in order, and at most 1% of what comes out is extra.
/// pdf-extract on the same files, for the README's comparison.
#[test]
fn pdfs_read_in_reading_order_with_furniture_dropped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    for (pdf, known) in [
        ("two-columns.pdf", "known.txt"),
        ("cjk.pdf", "known-cjk.txt"),
    ] {
        let known = std::fs::read_to_string(dir.join(known)).unwrap();
        let ours = read_file(&dir.join(pdf), &ReadOptions::default()).unwrap();
        assert_eq!(ours.len(), 1);
        let (found, extra) = word_accuracy(&known, &ours[0].text);
        let bytes = std::fs::read(dir.join(pdf)).unwrap();
        let theirs = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let (their_found, their_extra) = word_accuracy(&known, &theirs);
        println!(
            "{pdf}: Parallax {:.1}% found, {:.1}% extra; pdf-extract {:.1}% found, {:.1}% extra",
            found * 100.0,
            extra * 100.0,
            their_found * 100.0,
            their_extra * 100.0
        );
        assert!(found >= 0.99, "{pdf}: {found}\n{}", ours[0].text);
        assert!(extra <= 0.01, "{pdf}: {extra}\n{}", ours[0].text);
    }
}

#[test]
fn a_scanned_pdf_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/scan.pdf"),
        dir.path().join("scan.pdf"),
    )
    .unwrap();
    std::fs::copy(fixture("harbour.docx"), dir.path().join("harbour.docx")).unwrap();
    let corpus = read_folder(dir.path(), &ReadOptions::default()).unwrap();
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.skipped.len(), 1);
    assert_eq!(
        corpus.skipped[0].reason.to_string(),
        "no text layer (scanned?)"
    );
}

/// A Media Cloud-style CSV: `parallax new --articles corpus.csv` with the
/// columns named, each row an article `corpus.csv#N`; quoted cells with
/// line breaks and commas kept; a row without text left out.
#[test]
fn a_csv_corpus_becomes_a_project_with_the_columns_named() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("corpus.csv");
    std::fs::write(
        &csv,
        "stories_id,publish_date,headline,url,media_name,body\n\
         1,2026-11-29 08:15:00,Harbour talks stall,https://ledger.example/1,The Harbour Ledger,\"Talks stalled, officials said.\n\nA second paragraph with \"\"quotes\"\".\"\n\
         2,2026-12-01,Plant reopens,https://post.example/2,Coastline Post,The plant reopened on Tuesday.\n\
         3,2026-12-02,Empty,https://x.example/3,Nobody,\n",
    )
    .unwrap();
    let project = dir.path().join("study.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("new")
        .arg(&project)
        .arg("--articles")
        .arg(&csv)
        .args(["--text-column", "body", "--title-column", "headline"])
        .args([
            "--outlet-column",
            "media_name",
            "--date-column",
            "publish_date",
        ])
        .args(["--url-column", "url"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = parallax::project_file::load(&project).unwrap();
    assert_eq!(p.articles().len(), 2);
    let a = &p.articles()[0];
    assert_eq!(a.path, "corpus.csv#1");
    assert_eq!(a.meta.title, "Harbour talks stall");
    assert_eq!(a.meta.outlet, "The Harbour Ledger");
    assert_eq!(a.meta.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 29));
    assert_eq!(a.meta.url, "https://ledger.example/1");
    assert_eq!(
        a.text(),
        "Talks stalled, officials said.\n\nA second paragraph with \"quotes\"."
    );
    assert_eq!(p.articles()[1].path, "corpus.csv#2");
    // A text column that is not there is named in the error.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("new")
        .arg(dir.path().join("other.ron"))
        .arg("--articles")
        .arg(&csv)
        .args(["--text-column", "content"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no column \"content\""), "{err}");
}

/// An outlet's repeated lines are boilerplate: auto-coding leaves them out
/// unless asked, and the text keeps them (offsets unchanged).
#[test]
fn autocode_leaves_an_outlets_boilerplate_out() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for (i, story) in ["The plant shut.", "Talks stalled.", "The water is safe."]
        .iter()
        .enumerate()
    {
        std::fs::write(
            articles.join(format!("{i}.md")),
            format!(
                "---\noutlet: The Harbour Ledger\ntitle: Story {i}\n---\n{story} The newsletter said so.\n\nSign up for our newsletter\n\nAdvertisement\n"
            ),
        )
        .unwrap();
    }
    let project = dir.path().join("p.ron");
    let run = |args: &[&str]| {
        parallax_ok(args);
    };
    let p = project.to_str().unwrap();
    run(&["new", p, "--articles", articles.to_str().unwrap()]);
    run(&["autocode", p, "--tag", "Claim", "--text", "newsletter"]);
    let count = || parallax::project_file::load(&project).unwrap().span_count();
    assert_eq!(count(), 3, "only the story's own mentions");
    run(&[
        "autocode",
        p,
        "--tag",
        "Claim",
        "--text",
        "newsletter",
        "--include-boilerplate",
    ]);
    assert_eq!(count(), 6);
}

/// Drift and re-anchoring work for every format: an RTF article and the
/// second article of a Nexis export change at the source; `reanchor`
/// takes the new text and moves the spans with it.
#[test]
fn changed_sources_of_any_format_are_reanchored() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::copy(fixture("harbour.rtf"), articles.join("harbour.rtf")).unwrap();
    std::fs::copy(fixture("nexis.txt"), articles.join("nexis.txt")).unwrap();
    let project = dir.path().join("p.ron");
    let p = project.to_str().unwrap();
    let run = |args: &[&str]| parallax_ok(args);
    run(&["new", p, "--articles", articles.to_str().unwrap()]);
    run(&["autocode", p, "--tag", "Claim", "--text", "sceptical"]);
    run(&["autocode", p, "--tag", "Claim", "--text", "premature"]);
    let before = parallax::project_file::load(&project).unwrap();
    assert_eq!(before.span_count(), 2);
    // Words added before each span, at the source.
    let rtf = std::fs::read_to_string(articles.join("harbour.rtf")).unwrap();
    assert!(rtf.contains("Residents remained sceptical"));
    std::fs::write(
        articles.join("harbour.rtf"),
        rtf.replace(
            "Residents remained sceptical",
            "Residents, many of them, remained sceptical",
        ),
    )
    .unwrap();
    let txt = std::fs::read_to_string(articles.join("nexis.txt")).unwrap();
    std::fs::write(
        articles.join("nexis.txt"),
        txt.replace("Critics in", "Several critics in"),
    )
    .unwrap();
    run(&["reanchor", p]);
    let after = parallax::project_file::load(&project).unwrap();
    assert_eq!(after.orphan_count(), 0);
    for s in after.all_spans() {
        let a = after.article(s.article).unwrap();
        let at: String = a
            .text()
            .chars()
            .skip(s.start)
            .take(s.end - s.start)
            .collect();
        assert_eq!(at, s.quote);
        assert!(s.quote == "sceptical" || s.quote == "premature");
    }
    let moved: Vec<(usize, usize)> = before
        .all_spans()
        .zip(after.all_spans())
        .map(|(x, y)| (x.start, y.start))
        .collect();
    assert!(moved.iter().all(|(x, y)| y > x), "{moved:?}");
    assert!(after
        .articles()
        .iter()
        .any(|a| a.path == "articles/nexis.txt#2" && a.text().contains("Several critics")));
}
