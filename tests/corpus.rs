//! Reading folders of articles: every skip reason, every encoding, metadata.

use std::fs;
use std::path::Path;

use parallax::corpus::{read_folder, ReadError, ReadOptions, SkipReason};
use parallax::model::parse_date;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn reason_for(corpus: &parallax::corpus::Corpus, name: &str) -> SkipReason {
    corpus
        .skipped
        .iter()
        .find(|s| s.path.file_name().unwrap() == name)
        .unwrap_or_else(|| panic!("{name} not skipped: {:?}", corpus.skipped))
        .reason
        .clone()
}

#[test]
fn every_skip_reason_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.txt", b"Title line\n\nBody.");
    write(d, "empty.txt", b"");
    write(d, "blank.md", b"\n  \n");
    write(d, "nul.txt", b"abc\0\x01\x02def\0");
    write(d, ".hidden.txt", b"secret");
    write(d, "photo.jpg", b"\xFF\xD8\xFF");
    write(d, "noext", b"text");
    write(d, "big.txt", &vec![b'a'; 2048]);
    write(d, "bad16.txt", &[0xFF, 0xFE, b'a', 0, 0x00, 0xDC]);
    write(d, ".git/config", b"[core]");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing.txt"), d.join("dangling.txt")).unwrap();

    let corpus = read_folder(
        d,
        &ReadOptions {
            max_file_size: 1024,
        },
    )
    .unwrap();
    assert_eq!(corpus.articles.len(), 1, "{:?}", corpus.skipped);
    assert_eq!(corpus.articles[0].rel, "good.txt");
    assert_eq!(reason_for(&corpus, "empty.txt"), SkipReason::Empty);
    assert_eq!(reason_for(&corpus, "blank.md"), SkipReason::Empty);
    assert!(matches!(
        reason_for(&corpus, "nul.txt"),
        SkipReason::Binary(_)
    ));
    assert_eq!(reason_for(&corpus, ".hidden.txt"), SkipReason::Hidden);
    assert_eq!(reason_for(&corpus, ".git"), SkipReason::Hidden);
    assert_eq!(
        reason_for(&corpus, "photo.jpg"),
        SkipReason::Unsupported("jpg".into())
    );
    assert_eq!(
        reason_for(&corpus, "noext"),
        SkipReason::Unsupported(String::new())
    );
    assert_eq!(
        reason_for(&corpus, "big.txt"),
        SkipReason::TooLarge {
            size: 2048,
            limit: 1024
        }
    );
    assert!(matches!(
        reason_for(&corpus, "bad16.txt"),
        SkipReason::Undecodable(_)
    ));
    #[cfg(unix)]
    assert!(matches!(
        reason_for(&corpus, "dangling.txt"),
        SkipReason::Unreadable(_)
    ));
    // Every reason reads as a sentence.
    for s in &corpus.skipped {
        assert!(!s.reason.to_string().is_empty());
    }
    assert_eq!(
        reason_for(&corpus, "big.txt").to_string(),
        "too large (0.0 MB; the limit is 0.0 MB)"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_with_the_os_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "locked.txt", b"text");
    let p = dir.path().join("locked.txt");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        // Running as root: permissions do not stop reading, nothing to test.
        return;
    }
    let corpus = read_folder(dir.path(), &ReadOptions::default()).unwrap();
    assert!(
        matches!(reason_for(&corpus, "locked.txt"), SkipReason::Unreadable(ref m) if m.contains("ermission"))
    );
}

#[cfg(unix)]
#[test]
fn fifos_are_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return;
    }
    // Opening a FIFO for reading would block forever; this must return.
    let corpus = read_folder(dir.path(), &ReadOptions::default()).unwrap();
    assert_eq!(reason_for(&corpus, "pipe.txt"), SkipReason::NotAFile);
}

#[cfg(unix)]
#[test]
fn symlink_loops_neither_hang_nor_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sub/a.txt", b"Article A\n\ntext");
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(d.join("sub/a.txt"), d.join("alias.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("sub"), d.join("sub2")).unwrap();
    let corpus = read_folder(d, &ReadOptions::default()).unwrap();
    assert_eq!(
        corpus.articles.len(),
        1,
        "{:?}",
        corpus.articles.iter().map(|a| &a.rel).collect::<Vec<_>>()
    );
    assert_eq!(
        corpus.articles[0].rel, "sub/a.txt",
        "the real file, not the link"
    );
    assert_eq!(reason_for(&corpus, "loop"), SkipReason::SymlinkLoop);
    assert_eq!(reason_for(&corpus, "sub2"), SkipReason::SymlinkLoop);
    assert!(
        matches!(reason_for(&corpus, "alias.txt"), SkipReason::Duplicate(ref p) if p.ends_with("sub/a.txt"))
    );
    assert_eq!(corpus.skipped.len(), 3, "{:?}", corpus.skipped);
}

#[test]
fn encodings_are_detected_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Ναι 東京 👩‍👩‍👧\r\nsaid".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write(d, "utf16.txt", &utf16);
    write(d, "bom.txt", "\u{feff}BOM title\r\nline".as_bytes());
    write(d, "cp1252.txt", b"Caf\xE9 owner \x93Ana\x94 said the caf\xE9 had reopened after the storm, according to the council.\r\n");
    write(d, "mac.txt", b"Old Mac\rline endings\rhere");
    let corpus = read_folder(d, &ReadOptions::default()).unwrap();
    let get = |rel: &str| corpus.articles.iter().find(|a| a.rel == rel).unwrap();
    assert_eq!(get("utf16.txt").encoding, "UTF-16LE");
    assert_eq!(get("utf16.txt").text, "Ναι 東京 👩‍👩‍👧\nsaid");
    assert_eq!(get("bom.txt").encoding, "UTF-8");
    assert_eq!(get("bom.txt").text, "BOM title\nline");
    assert_eq!(get("bom.txt").meta.title, "BOM title");
    assert_eq!(get("cp1252.txt").encoding, "windows-1252");
    assert!(get("cp1252.txt").text.starts_with("Café owner “Ana” said"));
    assert_eq!(get("mac.txt").text, "Old Mac\nline endings\nhere");
    // The hash is of the source bytes, not the decoded text.
    assert_eq!(
        get("utf16.txt").sha256,
        parallax::corpus::sha256_hex(&utf16)
    );
}

#[test]
fn metadata_comes_from_front_matter_html_and_the_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.md",
        b"---\ntitle: Front title\noutlet: Front Outlet\ndate: 2024-04-01\nurl: https://x.example/a\nauthor: Ana\n---\n\nBody text.",
    );
    write(
        d,
        "web/b.html",
        br#"<html><head><title>Page title</title><meta property="og:site_name" content="Web Outlet"><meta name="date" content="April 2, 2024"></head><body><p>Para one.</p><p>Para two.</p></body></html>"#,
    );
    write(d, "c.txt", b"\n\n  First line title  \nbody");
    write(d, "articles.csv", b"path,outlet,title,date\nc.txt,Sidecar Outlet,,2024-04-03\nweb/b.html,,Sidecar title,\nmissing.txt,X,Y,\n");
    let corpus = read_folder(d, &ReadOptions::default()).unwrap();
    let get = |rel: &str| corpus.articles.iter().find(|a| a.rel == rel).unwrap();
    let a = get("a.md");
    assert_eq!(
        (a.meta.title.as_str(), a.meta.outlet.as_str()),
        ("Front title", "Front Outlet")
    );
    assert_eq!(a.meta.date, parse_date("2024-04-01"));
    assert_eq!(
        (a.meta.url.as_str(), a.meta.author.as_str()),
        ("https://x.example/a", "Ana")
    );
    assert_eq!(a.text, "Body text.");
    let b = get("web/b.html");
    assert_eq!(b.text, "Para one.\n\nPara two.");
    assert_eq!(b.meta.title, "Sidecar title", "the sidecar overrides");
    assert_eq!(b.meta.outlet, "Web Outlet", "empty sidecar cells do not");
    assert_eq!(b.meta.date, parse_date("2024-04-02"));
    let c = get("c.txt");
    assert_eq!(c.meta.title, "First line title");
    assert_eq!(c.meta.outlet, "Sidecar Outlet");
    assert_eq!(c.meta.date, parse_date("2024-04-03"));
    assert_eq!(
        corpus.articles.len(),
        3,
        "articles.csv itself is not an article"
    );
    // Articles come in path order.
    let order: Vec<&str> = corpus.articles.iter().map(|a| a.rel.as_str()).collect();
    assert_eq!(order, vec!["a.md", "c.txt", "web/b.html"]);
}

#[test]
fn unknown_outlet_and_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.txt", b"Only text");
    let corpus = read_folder(dir.path(), &ReadOptions::default()).unwrap();
    assert_eq!(corpus.articles[0].meta.outlet, "unknown");
    assert!(matches!(
        read_folder(&dir.path().join("nope"), &ReadOptions::default()),
        Err(ReadError::Folder { .. })
    ));
    // One article file is read as a folder of one; another file is not a folder.
    let one = read_folder(&dir.path().join("x.txt"), &ReadOptions::default()).unwrap();
    assert_eq!(one.articles.len(), 1);
    assert_eq!(one.articles[0].rel, "x.txt");
    write(dir.path(), "x.bin", b"\x00\x01");
    assert!(matches!(
        read_folder(&dir.path().join("x.bin"), &ReadOptions::default()),
        Err(ReadError::NotAFolder(_))
    ));
}

#[test]
fn cancelling_stops_reading() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        write(dir.path(), &format!("{i}.txt"), b"text");
    }
    let progress = parallax::corpus::Progress::default();
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let r = parallax::corpus::read_folder_with(dir.path(), &ReadOptions::default(), &progress);
    assert!(matches!(r, Err(ReadError::Cancelled)));
}
