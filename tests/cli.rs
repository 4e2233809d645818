//! The command-line contract, run through the built binary. Exports are
//! checked with independent readers (`csv`, `serde_json`) and code-point
//! slicing done here, not by Parallax.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .output()
        .expect("run parallax")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Python's `text[start:end]`.
fn py_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

const EMOJI_ARTICLE: &str = "Family 👨‍👩‍👧‍👦 news: the mayor said 🎉 the dam is safe.\n\nقال المتحدث إن السد آمن، said a spokesman.\n";
const CJK_ARTICLE: &str = "東京の当局者は said 会談が二時間続いたと述べた。Cafe\u{301} owners said so too.\n=HYPERLINK(\"x\") said nobody.";

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    project: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let articles = root.join("articles");
    fs::create_dir_all(&articles).unwrap();
    fs::write(articles.join("emoji.txt"), EMOJI_ARTICLE).unwrap();
    fs::write(
        articles.join("cjk.md"),
        format!("---\ntitle: CJK\noutlet: Tokyo Wire\n---\n{CJK_ARTICLE}"),
    )
    .unwrap();
    // CRLF source: offsets refer to the normalised LF text.
    fs::write(
        articles.join("crlf.txt"),
        "Windows lines\r\nHe said it.\r\n",
    )
    .unwrap();
    fs::write(articles.join("empty.txt"), "").unwrap();
    fs::write(articles.join("image.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let project = root.join("study.ron");
    let o = parallax(&[
        "new",
        project.to_str().unwrap(),
        "--articles",
        articles.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    Fixture {
        _dir: dir,
        root,
        project,
    }
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn new_reports_articles_and_skipped_files() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("a");
    fs::create_dir_all(&articles).unwrap();
    fs::write(articles.join("one.txt"), "One\n\ntext").unwrap();
    fs::write(articles.join("two.html"), "<p>Two</p>").unwrap();
    fs::write(articles.join("empty.txt"), "").unwrap();
    fs::write(articles.join("data.bin"), [0u8, 1, 2]).unwrap();
    let project = dir.path().join("p.ron");
    let o = parallax(&["new", p(&project), "--articles", p(&articles)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("with 2 article(s)"), "{out}");
    assert!(out.contains("Skipped 2 file(s):"), "{out}");
    assert!(out.contains("empty.txt: empty file"), "{out}");
    assert!(
        out.contains("data.bin: unsupported file type .bin"),
        "{out}"
    );
    let text = fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("path: \"a/one.txt\""),
        "paths are relative to the project file"
    );

    // Never overwrite without --force.
    let o = parallax(&["new", p(&project), "--articles", p(&articles)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(fs::read_to_string(&project).unwrap(), text);
    let o = parallax(&["new", p(&project), "--articles", p(&articles), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path().join("p.ron.bak").exists());
}

#[test]
fn autocode_adds_each_match_once() {
    let f = fixture();
    let o = parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "attribution",
        "--text",
        "said",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // emoji: 2, cjk: 3, crlf: 1
    assert_eq!(stdout(&o).trim(), "Added 6 Attribution span(s).");
    let o = parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "Attribution",
        "--text",
        "said",
    ]);
    assert_eq!(stdout(&o).trim(), "Added 0 Attribution span(s).");
    // The same matches under another tag are new spans.
    let o = parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "claim",
        "--regex",
        "(?i)the (mayor|dam)",
        "--whole-word",
    ]);
    assert_eq!(stdout(&o).trim(), "Added 2 Claim span(s).");
    let o = parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "Source",
        "--text",
        "SAID A",
        "--ignore-case",
    ]);
    assert_eq!(stdout(&o).trim(), "Added 1 Source span(s).");
    let o = parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "Source",
        "--text",
        "sai",
        "--whole-word",
    ]);
    assert_eq!(stdout(&o).trim(), "Added 0 Source span(s).");
}

#[test]
fn exports_read_back_with_code_point_offsets() {
    let f = fixture();
    for (tag, pattern) in [
        ("Attribution", "said"),
        ("Source", "👨‍👩‍👧‍👦"),
        ("Claim", "السد آمن"),
        ("Claim", "会談が二時間"),
        ("Source", "Cafe\u{301} owners"),
        ("Claim", "=HYPERLINK(\"x\")"),
    ] {
        let o = parallax(&["autocode", p(&f.project), "--tag", tag, "--text", pattern]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stdout(&o).contains("Added 0"), "{pattern}: {}", stdout(&o));
    }

    // JSONL: text[start:end] == span text; UTF-16 offsets slice the same text.
    let jsonl = f.root.join("out.jsonl");
    let o = parallax(&[
        "export",
        p(&f.project),
        "--format",
        "jsonl",
        "--out",
        p(&jsonl),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut texts = std::collections::HashMap::new();
    let mut spans = 0;
    for line in fs::read_to_string(&jsonl).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["offset_unit"], "codepoint");
        let text = v["text"].as_str().unwrap().to_owned();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for s in v["spans"].as_array().unwrap() {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(py_slice(&text, start, end), s["text"].as_str().unwrap());
            let (us, ue) = (
                s["start_utf16"].as_u64().unwrap() as usize,
                s["end_utf16"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                String::from_utf16(&utf16[us..ue]).unwrap(),
                s["text"].as_str().unwrap()
            );
            spans += 1;
        }
        texts.insert(v["path"].as_str().unwrap().to_owned(), text);
    }
    assert_eq!(spans, 11);
    assert!(
        texts["articles/crlf.txt"].contains("lines\nHe"),
        "CRLF normalised"
    );
    let emoji = &texts["articles/emoji.txt"];
    assert_eq!(py_slice(emoji, 7, 14), "👨‍👩‍👧‍👦");

    // CSV: the same spans, offsets slicing the same texts, formulas neutralised.
    let csv_path = f.root.join("out.csv");
    let o = parallax(&[
        "export",
        p(&f.project),
        "--format",
        "csv",
        "--out",
        p(&csv_path),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        headers.join(","),
        "span_id,article,outlet,title,tag,start,end,text,prefix,suffix,note,attributes,annotator,created"
    );
    let mut rows = 0;
    let mut formula_seen = false;
    for rec in r.records() {
        let rec = rec.unwrap();
        let text = &texts[&rec[1]];
        let (start, end): (usize, usize) = (rec[5].parse().unwrap(), rec[6].parse().unwrap());
        let cell = &rec[7];
        let sliced = py_slice(text, start, end);
        if sliced.starts_with('=') {
            assert_eq!(cell, format!("'{sliced}"), "formula neutralised");
            formula_seen = true;
        } else {
            assert_eq!(cell, sliced);
        }
        let attrs: serde_json::Value = serde_json::from_str(&rec[11]).unwrap();
        assert!(attrs.is_object());
        rows += 1;
    }
    assert_eq!(rows, 11);
    assert!(formula_seen);
}

#[test]
fn stats_counts_per_outlet_and_tag() {
    let f = fixture();
    parallax(&[
        "autocode",
        p(&f.project),
        "--tag",
        "Attribution",
        "--text",
        "said",
    ]);
    let o = parallax(&["stats", p(&f.project)]);
    assert!(o.status.success());
    let table = stdout(&o);
    let tokyo = table.lines().find(|l| l.starts_with("Tokyo Wire")).unwrap();
    assert_eq!(
        tokyo.split_whitespace().collect::<Vec<_>>(),
        vec!["Tokyo", "Wire", "1", "0", "0", "3"]
    );
    let o = parallax(&["stats", p(&f.project), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"]["articles"], 3);
    assert_eq!(v["total"]["spans"]["Attribution"], 6);
    let unknown = v["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outlet"] == "unknown")
        .unwrap();
    assert_eq!(unknown["articles"], 2);
}

#[test]
fn errors_are_one_line_with_the_right_exit_code() {
    let f = fixture();
    // Usage errors: 2.
    for args in [
        vec!["autocode", p(&f.project), "--tag", "Claim"],
        vec![
            "autocode",
            p(&f.project),
            "--tag",
            "Claim",
            "--text",
            "a",
            "--regex",
            "b",
        ],
        vec!["export", p(&f.project), "--format", "pdf", "--out", "x"],
        vec!["frobnicate"],
    ] {
        let o = parallax(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // Other failures: 1, one line, no panic.
    let broken = f.root.join("broken.ron");
    let mut text = fs::read_to_string(&f.project).unwrap();
    text.truncate(text.len() / 3);
    fs::write(&broken, &text).unwrap();
    let missing = f.root.join("missing.ron");
    for (args, want) in [
        (vec!["stats", p(&broken)], format!("{}:", p(&broken))),
        (vec!["stats", p(&missing)], "cannot read".to_owned()),
        (
            vec!["autocode", p(&f.project), "--tag", "Nope", "--text", "x"],
            "no tag named \"Nope\"".to_owned(),
        ),
        (
            vec!["autocode", p(&f.project), "--tag", "Claim", "--regex", "("],
            "invalid regular expression".to_owned(),
        ),
        (
            vec![
                "export",
                p(&f.project),
                "--format",
                "csv",
                "--out",
                p(&f.root.join("no/such/dir.csv")),
            ],
            "could not write".to_owned(),
        ),
        (
            vec![
                "new",
                p(&f.root.join("x.ron")),
                "--articles",
                p(&f.root.join("nowhere")),
            ],
            "cannot read folder".to_owned(),
        ),
    ] {
        let o = parallax(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(&want),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    // A malformed project names line and column.
    let o = parallax(&["stats", p(&broken)]);
    let err = stderr(&o);
    let after = err.split(&format!("{}:", p(&broken))).nth(1).unwrap();
    let mut nums = after.split(':').take(2).map(|n| n.trim().parse::<usize>());
    assert!(
        nums.next().unwrap().is_ok() && nums.next().unwrap().is_ok(),
        "{err}"
    );
    // The failed commands left the project untouched.
    assert_eq!(fs::read_to_string(&broken).unwrap(), text);
}

#[test]
fn help_is_written_for_people() {
    let o = parallax(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for cmd in ["new", "autocode", "export", "stats"] {
        assert!(out.contains(cmd), "{out}");
    }
}
