//! Exports read back by each format's own conventions, with independent
//! readers (serde_json, quick-xml, zip, line-by-line brat parsing, code
//! point and UTF-16 slicing), and round trips through every format that can
//! also be imported. The fixtures hold emoji, a ZWJ sequence, combining
//! accents, CJK, Arabic, Hebrew and CRLF line ends.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use parallax::corpus::{self, ReadOptions};
use parallax::edit::Edit;
use parallax::export::{self, Format};
use parallax::import::{self, ImportFormat};
use parallax::model::{Id, Link, Project, Span};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/articles")
}

fn fresh() -> Project {
    let mut c = corpus::read_folder(&fixtures(), &ReadOptions::default()).unwrap();
    let mut p = corpus::new_project(std::mem::take(&mut c.articles), &fixtures());
    // Fixed article ids, so runs compare.
    let arts: Vec<_> = p.articles().to_vec();
    let mut q = Project::new(p.schema.clone());
    for (i, a) in arts.into_iter().enumerate() {
        let mut a = (*a).clone();
        a.id = Id::from_u64(0xa0 + i as u64);
        q.add_article(a).unwrap();
    }
    p = q;
    p
}

/// The annotated project with spans overlapping in every way brat knows
/// (identical ranges of two tags, one inside another of the same tag,
/// crossing), a tag whose name brat would rename, a value brat would choke
/// on, and `東京` inside the word `東京の当局者`.
fn overlapping() -> Project {
    let mut p = annotated();
    let mut schema = p.schema.clone();
    let mut tag = schema.new_tag("Äußerung / quote");
    tag.attributes.push(parallax::model::AttributeDef {
        name: "note kind".into(),
        values: vec!["<odd>".into(), "plain".into()],
        derived: false,
        guide: Default::default(),
        value_guides: Default::default(),
    });
    schema.tags.push(tag);
    Edit::SetSchema(schema).apply(&mut p).unwrap();
    let a = p
        .articles()
        .iter()
        .find(|a| a.path.ends_with("mixed.txt"))
        .unwrap()
        .clone();
    let at = |needle: &str| {
        let s = a.char_at_byte(a.text().find(needle).unwrap());
        s..s + needle.chars().count()
    };
    let mut edits = Vec::new();
    let mut n = 0x700;
    let mut add = |range: std::ops::Range<usize>, tag: &str, attr: Option<(&str, &str)>| {
        n += 1;
        let mut span = Span::new(Id::from_u64(n), &a, tag, range, "tester").unwrap();
        if let Some((k, v)) = attr {
            span.attributes.insert(k.into(), v.into());
        }
        edits.push(Edit::AddSpan(span));
    };
    let said = at("spokesman said the cafe\u{301}");
    add(said.clone(), "Claim", None);
    add(said.clone(), "Source", None);
    add(at("spokesman said"), "Claim", None);
    add(at("said the cafe\u{301} would"), "Attribution", None);
    add(
        at("the cafe\u{301}"),
        "Äußerung / quote",
        Some(("note kind", "<odd>")),
    );
    add(at("東京"), "Source", None);
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

#[test]
fn brat_export_passes_brats_own_checker() {
    let p = overlapping();
    let dir = tempfile::tempdir().unwrap();
    export::export(&p, Format::Brat, dir.path()).unwrap();
    let out = run_oracle(
        Path::new("python3"),
        &[
            script("brat_check.py").as_os_str(),
            oracle("brat").as_os_str(),
            dir.path().as_os_str(),
        ],
    );
    assert!(
        out.status.success(),
        "brat reports:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // And what brat holds comes back whole, renamed tag included.
    let (q, report) = reimport(ImportFormat::Brat, dir.path());
    assert!(report.unplaced.is_empty(), "{report:?}");
    assert_eq!(spans_of(&q), spans_of(&p));
    assert!(q.schema.tag("Äußerung / quote").is_some());
}

#[test]
fn doccano_imports_every_span_and_relation_with_the_readme_settings() {
    let p = overlapping();
    let (_d, path) = export_to(&p, Format::Doccano);
    let out = run_oracle(
        &oracle_python(),
        &[
            script("doccano_check.py").as_os_str(),
            oracle("doccano").as_os_str(),
            path.as_os_str(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["ascii"], true,
        "doccano guesses a file's encoding: ASCII is safe"
    );
    let mut nested = false;
    for (line, a) in v["lines"].as_array().unwrap().iter().zip(p.articles()) {
        let n = line["entities"].as_u64().unwrap();
        assert_eq!(line["rejected"], 0, "doccano accepts every entity");
        // "Allow overlapping spans" on: everything stays, no relation dangles.
        assert_eq!(line["overlap_on"]["kept"].as_u64().unwrap(), n);
        assert_eq!(line["overlap_on"]["dangling"], 0);
        nested |= line["overlap_off"]["kept"].as_u64().unwrap() < n;
        // The texts doccano shows are the spans' own.
        let mut want: Vec<String> = p.spans_of(a.id).map(|s| s.quote.clone()).collect();
        want.sort();
        let got: Vec<String> = line["texts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, want);
    }
    assert!(
        nested,
        "without the setting doccano drops nested spans, as the README says"
    );
}

#[test]
fn spacy_finds_every_span_with_alignment_expand_as_the_readme_says() {
    let p = overlapping();
    let (_d, path) = export_to(&p, Format::Spacy);
    let out = run_oracle(
        &oracle_python(),
        &[script("spacy_check.py").as_os_str(), path.as_os_str()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spans: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(spans.len(), p.span_count());
    let mut inside_a_token = 0;
    for s in &spans {
        let text = s["text"].as_str().unwrap();
        let expand = s["expand"].as_str().unwrap_or_else(|| panic!("{text:?}"));
        assert!(expand.contains(text.trim()), "{text:?} → {expand:?}");
        if s["exact"] == false {
            inside_a_token += 1;
        }
        if text == "東京" {
            assert_eq!(s["exact"], false, "東京 is inside the token 東京の当局者");
            assert_eq!(expand, "東京の当局者");
        }
    }
    assert!(inside_a_token > 0);
}

/// The project with tricky spans: emoji, ZWJ, combining accents, CJK,
/// Arabic, Hebrew, a span across a line break, notes, attributes, links.
fn annotated() -> Project {
    let mut p = fresh();
    let mut edits = Vec::new();
    let mut n = 0x100;
    let mut add = |p: &Project,
                   file: &str,
                   tag: &str,
                   needle: &str,
                   note: &str,
                   attrs: &[(&str, &str)]|
     -> Id {
        let a = p
            .articles()
            .iter()
            .find(|a| a.path.ends_with(file))
            .unwrap();
        let b = a
            .text()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?}"));
        let s = a.char_at_byte(b);
        n += 1;
        let mut span = Span::new(
            Id::from_u64(n),
            a,
            tag,
            s..s + needle.chars().count(),
            "tester",
        )
        .unwrap();
        span.note = note.to_owned();
        for (k, v) in attrs {
            span.attributes.insert((*k).into(), (*v).into());
        }
        edits.push(Edit::AddSpan(span));
        Id::from_u64(n)
    };
    let family = add(
        &p,
        "mixed.txt",
        "Source",
        "Family news 👩\u{200d}👩\u{200d}👧",
        "ZWJ family, \"quoted\"\nsecond line",
        &[("source_type", "vague collective")],
    );
    let said = add(
        &p,
        "mixed.txt",
        "Attribution",
        "said",
        "",
        &[("cue_stance", "neutral"), ("quote", "indirect")],
    );
    let reopen = add(
        &p,
        "mixed.txt",
        "Claim",
        "the cafe\u{301} would reopen 🎉 on Monday,\naccording",
        "crosses a line break",
        &[("factuality", "probable")],
    );
    let _tokyo = add(&p, "mixed.txt", "Source", "東京の当局者", "", &[]);
    let arabic = add(
        &p,
        "mixed.txt",
        "Claim",
        "السد آمن",
        "=cmd|' /C calc'!A0",
        &[],
    );
    let spokes = add(
        &p,
        "mixed.txt",
        "Source",
        "قال المتحدث",
        "",
        &[("source_type", "role only")],
    );
    let _amp = add(
        &p,
        "mixed.txt",
        "Claim",
        "“quoting” the council & its <staff>",
        "<script>alert(1)</script>",
        &[],
    );
    let zurich = add(&p, "second.md", "Source", "Officials in Zürich", "", &[]);
    let ended = add(&p, "second.md", "Claim", "the talks ended", "", &[]);
    let _hebrew = add(&p, "second.md", "Source", "שלום", "", &[]);
    let _cjk = add(&p, "second.md", "Claim", "会談は二時間続いた", "", &[]);
    let said2 = {
        let a = p
            .articles()
            .iter()
            .find(|a| a.path.ends_with("second.md"))
            .unwrap();
        let s = a.char_at_byte(a.text().find("said").unwrap());
        n += 1;
        let span = Span::new(Id::from_u64(n), a, "Attribution", s..s + 4, "tester").unwrap();
        edits.push(Edit::AddSpan(span));
        Id::from_u64(n)
    };
    edits.push(Edit::AddLink(Link {
        id: Id::from_u64(0x900),
        claim: reopen,
        source: Some(family),
        cue: Some(said),
        note: String::new(),
        annotator: String::new(),
        created: None,
    }));
    edits.push(Edit::AddLink(Link {
        id: Id::from_u64(0x901),
        claim: arabic,
        source: Some(spokes),
        cue: None,
        note: String::new(),
        annotator: String::new(),
        created: None,
    }));
    edits.push(Edit::AddLink(Link {
        id: Id::from_u64(0x902),
        claim: ended,
        source: Some(zurich),
        cue: Some(said2),
        note: String::new(),
        annotator: String::new(),
        created: None,
    }));
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

fn py(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn article_text(p: &Project, name: &str) -> String {
    p.articles()
        .iter()
        .find(|a| a.path.ends_with(name))
        .unwrap()
        .text()
        .to_owned()
}

fn export_to(p: &Project, format: Format) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{}", format.extension()));
    export::export(p, format, &path).unwrap();
    (dir, path)
}

/// What a span is, ids aside.
type SpanKey = (String, String, usize, usize, String);

fn spans_of(p: &Project) -> BTreeSet<SpanKey> {
    p.articles()
        .iter()
        .flat_map(|a| {
            p.spans_of(a.id).map(move |s| {
                (
                    a.path.clone(),
                    s.tag.clone(),
                    s.start,
                    s.end,
                    s.quote.clone(),
                )
            })
        })
        .collect()
}

fn notes_of(p: &Project) -> BTreeMap<String, String> {
    p.all_spans()
        .filter(|s| !s.note.is_empty())
        .map(|s| (s.quote.clone(), s.note.clone()))
        .collect()
}

fn attrs_of(p: &Project) -> BTreeMap<String, BTreeMap<String, String>> {
    p.all_spans()
        .filter(|s| !s.attributes.is_empty())
        .map(|s| {
            let attrs = s
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (s.quote.clone(), attrs)
        })
        .collect()
}

fn links_of(p: &Project) -> BTreeSet<(String, Option<String>, Option<String>)> {
    let q = |id: Option<Id>| id.and_then(|i| p.span(i)).map(|s| s.quote.clone());
    p.links()
        .map(|l| (q(Some(l.claim)).unwrap(), q(l.source), q(l.cue)))
        .collect()
}

/// Import `path` into a fresh project of the same articles.
fn reimport(format: ImportFormat, path: &Path) -> (Project, import::ImportReport) {
    let mut p = fresh();
    let (edit, report) = import::import(&p, format, path, "importer").unwrap();
    edit.apply(&mut p).unwrap();
    (p, report)
}

#[test]
fn the_fixtures_are_what_they_claim() {
    let raw = std::fs::read(fixtures().join("mixed.txt")).unwrap();
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "CRLF source");
    let p = annotated();
    let text = article_text(&p, "mixed.txt");
    assert!(!text.contains('\r'), "normalised to LF");
    for needle in ["\u{200d}", "e\u{301}", "🎉", "東京", "قال", "\n"] {
        assert!(
            p.all_spans().any(|s| s.quote.contains(needle)),
            "a span holds {needle:?}"
        );
    }
}

#[test]
fn w3c_web_annotation_reads_back_and_round_trips() {
    let p = annotated();
    let (_d, path) = export_to(&p, Format::W3c);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    let items = v["first"]["items"].as_array().unwrap();
    let annotations: Vec<_> = items
        .iter()
        .filter(|a| a["motivation"] == "tagging")
        .collect();
    assert_eq!(annotations.len(), p.span_count());
    assert_eq!(v["total"].as_u64().unwrap() as usize, items.len());
    for a in &annotations {
        assert_eq!(a["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(a["type"], "Annotation");
        let source = a["target"]["source"].as_str().unwrap();
        let text = article_text(&p, source);
        let sels = a["target"]["selector"].as_array().unwrap();
        let quote = sels
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let pos = sels
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (s, e) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            py(&text, s, e),
            quote["exact"].as_str().unwrap(),
            "code points"
        );
        assert!(py(&text, s.saturating_sub(32), s).ends_with(quote["prefix"].as_str().unwrap()));
        assert!(a["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["purpose"] == "tagging"));
    }
    let (q, report) = reimport(ImportFormat::W3c, &path);
    assert!(report.unplaced.is_empty(), "{report:?}");
    assert_eq!(spans_of(&q), spans_of(&p));
    assert_eq!(notes_of(&q), notes_of(&p));
    assert_eq!(attrs_of(&q), attrs_of(&p));
    assert_eq!(links_of(&q), links_of(&p));
}

#[test]
fn brat_standoff_follows_the_brat_rules_and_round_trips() {
    let p = annotated();
    let (_d, dir) = export_to(&p, Format::Brat);
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap();
    for section in ["[entities]", "[relations]", "[events]", "[attributes]"] {
        assert!(conf.contains(section), "{conf}");
    }
    for t in &p.schema.tags {
        assert!(
            conf.lines().any(|l| l == t.name),
            "entity {} declared",
            t.name
        );
    }
    let mut fragments_seen = 0;
    for name in ["mixed", "second"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
        assert_eq!(
            text,
            article_text(
                &p,
                &format!("{name}.{}", if name == "mixed" { "txt" } else { "md" })
            )
        );
        let ann = std::fs::read_to_string(dir.join(format!("{name}.ann"))).unwrap();
        let mut ids = BTreeSet::new();
        for line in ann.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let id = cols[0];
            ids.insert(id.to_owned());
            match &id[..1] {
                "T" => {
                    assert_eq!(cols.len(), 3, "{line}");
                    let (kind, offsets) = cols[1].split_once(' ').unwrap();
                    assert!(!kind.contains(' '));
                    let mut pieces = Vec::new();
                    for frag in offsets.split(';') {
                        let (s, e) = frag.split_once(' ').unwrap();
                        let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                        let piece = py(&text, s, e);
                        assert!(
                            !piece.contains('\n'),
                            "a fragment never crosses a line break: {line}"
                        );
                        pieces.push(piece);
                    }
                    fragments_seen += usize::from(pieces.len() > 1);
                    assert_eq!(pieces.join(" "), cols[2], "{line}");
                }
                "R" => {
                    let parts: Vec<&str> = cols[1].split(' ').collect();
                    assert_eq!(parts.len(), 3, "{line}");
                    assert!(
                        parts[1].starts_with("Arg1:T") && parts[2].starts_with("Arg2:T"),
                        "{line}"
                    );
                    for arg in &parts[1..] {
                        assert!(
                            ids.contains(arg.split_once(':').unwrap().1),
                            "{line} refers to a T line above"
                        );
                    }
                }
                "A" => {
                    let parts: Vec<&str> = cols[1].split(' ').collect();
                    assert_eq!(parts.len(), 3, "{line}");
                    assert!(ids.contains(parts[1]), "{line}");
                }
                "#" => assert!(cols[1].starts_with("AnnotatorNotes "), "{line}"),
                other => panic!("unexpected line kind {other}: {line}"),
            }
        }
    }
    assert_eq!(
        fragments_seen, 1,
        "the span across a line break is written as fragments"
    );
    let (q, report) = reimport(ImportFormat::Brat, &dir);
    assert!(report.unplaced.is_empty(), "{report:?}");
    assert_eq!(spans_of(&q), spans_of(&p));
    // brat notes are one line: newlines became spaces.
    let mut notes = notes_of(&p);
    for v in notes.values_mut() {
        *v = v.replace('\n', " ");
    }
    assert_eq!(notes_of(&q), notes);
    assert_eq!(
        attrs_of(&q),
        attrs_of(&p),
        "values with spaces survive brat's underscores"
    );
    assert_eq!(links_of(&q), links_of(&p));
}

#[test]
fn doccano_uses_utf16_offsets_and_round_trips() {
    let p = annotated();
    let (_d, path) = export_to(&p, Format::Doccano);
    let mut total = 0;
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(v["offset_unit"], "utf-16");
        let mut by_id = BTreeMap::new();
        for e in v["entities"].as_array().unwrap() {
            let (s, end) = (
                e["start_offset"].as_u64().unwrap() as usize,
                e["end_offset"].as_u64().unwrap() as usize,
            );
            let got = String::from_utf16(&units[s..end]).unwrap();
            let span = p
                .all_spans()
                .find(|x| x.quote == got && x.tag == e["label"])
                .unwrap_or_else(|| panic!("{got:?}"));
            by_id.insert(e["id"].as_u64().unwrap(), span.id);
            total += 1;
        }
        for r in v["relations"].as_array().unwrap() {
            assert!(
                by_id.contains_key(&r["from_id"].as_u64().unwrap())
                    && by_id.contains_key(&r["to_id"].as_u64().unwrap())
            );
            assert!(r["type"] == "source" || r["type"] == "cue");
        }
    }
    assert_eq!(total, p.span_count());
    let (q, report) = reimport(ImportFormat::Doccano, &path);
    assert!(report.unplaced.is_empty(), "{report:?}");
    assert_eq!(spans_of(&q), spans_of(&p));
    assert_eq!(links_of(&q), links_of(&p));
}

#[test]
fn label_studio_uses_code_points_and_round_trips() {
    let p = annotated();
    let (_d, path) = export_to(&p, Format::Labelstudio);
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut regions = 0;
    for t in tasks.as_array().unwrap() {
        let text = t["data"]["text"].as_str().unwrap();
        for r in t["annotations"][0]["result"].as_array().unwrap() {
            if r["type"] == "labels" {
                let v = &r["value"];
                let (s, e) = (
                    v["start"].as_u64().unwrap() as usize,
                    v["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    py(text, s, e),
                    v["text"].as_str().unwrap(),
                    "code points, as Label Studio stores them"
                );
                assert_eq!(r["from_name"], "label");
                assert_eq!(r["to_name"], "text");
                regions += 1;
            } else {
                assert_eq!(r["type"], "relation");
            }
        }
    }
    assert_eq!(regions, p.span_count());
    let (q, report) = reimport(ImportFormat::Labelstudio, &path);
    assert!(report.unplaced.is_empty(), "{report:?}");
    assert_eq!(spans_of(&q), spans_of(&p));
    assert_eq!(notes_of(&q), notes_of(&p));
    assert_eq!(links_of(&q), links_of(&p));
}

#[test]
fn spacy_spans_slice_by_code_points() {
    let p = annotated();
    let (_d, path) = export_to(&p, Format::Spacy);
    let mut n = 0;
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        for s in v["spans"].as_array().unwrap() {
            let got = py(
                text,
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(
                p.all_spans().any(|x| x.quote == got && x.tag == s["label"]),
                "{got:?}"
            );
            n += 1;
        }
    }
    assert_eq!(n, p.span_count());
}

#[test]
fn qdpx_holds_a_valid_refi_qda_project() {
    use quick_xml::events::Event;
    let p = annotated();
    let (_tmp, path) = export_to(&p, Format::Qdpx);
    let qde = qde_of(&path);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if let Some(name) = f.name().unwrap().strip_prefix("sources/") {
            let name = name.to_owned();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            sources.insert(name, s);
        }
    }
    // Parse the XML independently; check the elements and attributes the
    // REFI-QDA schema requires, and the positions against the texts.
    let guid = |g: &str| {
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        parts == [8, 4, 4, 4, 12] && g.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
    };
    let mut reader = quick_xml::Reader::from_str(&qde);
    let mut codes = BTreeSet::new();
    let mut code_refs = Vec::new();
    let mut selections = 0;
    let mut current_source = String::new();
    let mut namespace_ok = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().unwrap().into_owned(),
                        )
                    })
                    .collect();
                match name.as_str() {
                    "Project" => {
                        namespace_ok = attrs.get("xmlns").map(String::as_str)
                            == Some("urn:QDA-XML:project:1.0")
                    }
                    "User" => assert!(guid(&attrs["guid"])),
                    "Code" => {
                        assert!(
                            guid(&attrs["guid"])
                                && attrs.contains_key("name")
                                && attrs.contains_key("isCodable")
                        );
                        codes.insert(attrs["guid"].clone());
                    }
                    "TextSource" => {
                        assert!(guid(&attrs["guid"]));
                        let internal = attrs["plainTextPath"]
                            .strip_prefix("internal://")
                            .unwrap()
                            .to_owned();
                        current_source = sources
                            .get(&internal)
                            .cloned()
                            .expect("the source file is in the archive");
                    }
                    "PlainTextSelection" => {
                        assert!(guid(&attrs["guid"]));
                        let (s, e): (usize, usize) = (
                            attrs["startPosition"].parse().unwrap(),
                            attrs["endPosition"].parse().unwrap(),
                        );
                        let quote = py(&current_source, s, e);
                        assert!(
                            p.all_spans().any(|x| x.quote == quote),
                            "code points: {quote:?}"
                        );
                        selections += 1;
                    }
                    "Coding" => assert!(guid(&attrs["guid"])),
                    "CodeRef" => code_refs.push(attrs["targetGUID"].clone()),
                    "Link" => assert!(
                        guid(&attrs["guid"])
                            && guid(&attrs["originGUID"])
                            && guid(&attrs["targetGUID"])
                    ),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert!(namespace_ok, "REFI-QDA namespace");
    assert_eq!(selections, p.span_count());
    assert!(
        code_refs.iter().all(|r| codes.contains(r)),
        "every coding refers to a code"
    );
    assert!(
        qde.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "notes are escaped"
    );

    schema_check(&qde);
    names_survive_an_xml_reader(&p, &qde);
}

/// Selection names as a conforming XML reader (Python's expat) sees them:
/// attribute values are normalised there, so a line break must be written
/// as a character reference to come back as one.
fn names_survive_an_xml_reader(p: &Project, qde: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, qde).unwrap();
    let script = r#"
import json, sys, xml.etree.ElementTree as ET
ns = {"q": "urn:QDA-XML:project:1.0"}
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps([s.get("name") for s in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")]))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names.len(), p.span_count());
    let want: BTreeSet<String> = p
        .all_spans()
        .map(|s| parallax::text::head_chars(&s.quote, 60).to_owned())
        .collect();
    assert!(
        want.iter().any(|n| n.contains('\n')),
        "a name holds a line break"
    );
    let got: BTreeSet<String> = names.into_iter().collect();
    assert_eq!(got, want);
}

/// Where `tests/oracles/fetch.sh` (run by `./setup.sh`) puts the other
/// tools' own readers the exports are checked with.
fn oracle(part: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/oracles")
        .join(part);
    assert!(
        path.exists(),
        "{} is missing: run ./setup.sh (or tests/oracles/fetch.sh) first",
        path.display()
    );
    path
}

/// The Python with the oracles' packages (pydantic, spaCy).
fn oracle_python() -> PathBuf {
    oracle("venv/bin/python")
}

fn run_oracle(program: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()))
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracles")
        .join(name)
}

/// Validate a `project.qde` against the official REFI-QDA Project.xsd.
fn schema_check(qde: &str) {
    let xsd = oracle("refi-qda/Project.xsd");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, qde).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    assert!(
        out.status.success(),
        "Project.xsd rejects project.qde: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn qde_of(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut qde).unwrap();
    qde
}

#[test]
fn imports_place_spans_by_quote_when_offsets_disagree_and_merge_duplicates() {
    let p = annotated();
    let (_d, path) = export_to(&p, Format::Labelstudio);
    // Another tool's copy of the text gained a line at the top.
    let mut tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for t in tasks.as_array_mut().unwrap() {
        let text = t["data"]["text"].as_str().unwrap().to_owned();
        t["data"]["text"] = serde_json::Value::String(format!("Preface 🎉.\n{text}"));
        for r in t["annotations"][0]["result"].as_array_mut().unwrap() {
            if r["type"] == "labels" {
                let v = &mut r["value"];
                v["start"] = (v["start"].as_u64().unwrap() + 11).into();
                v["end"] = (v["end"].as_u64().unwrap() + 11).into();
            }
        }
    }
    let shifted = path.with_file_name("shifted.json");
    std::fs::write(&shifted, serde_json::to_string(&tasks).unwrap()).unwrap();
    let (q, report) = reimport(ImportFormat::Labelstudio, &shifted);
    assert_eq!(report.reanchored, p.span_count(), "{report}");
    assert!(report.unplaced.is_empty());
    assert_eq!(spans_of(&q), spans_of(&p));
    // Importing the same again merges everything as duplicates.
    let (edit, again) = import::import(&q, ImportFormat::Labelstudio, &path, "x").unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.duplicates, p.span_count());
    let mut q2 = q.clone();
    edit.apply(&mut q2).unwrap();
    assert_eq!(spans_of(&q2), spans_of(&p));
    // A document no article matches is reported, not guessed.
    let other = path.with_file_name("other.json");
    std::fs::write(&other, r#"[{"id": 1, "data": {"text": "Completely different text."}, "annotations": [{"result": [{"id": "a", "type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 0, "end": 10, "text": "Completely", "labels": ["Frame"]}}]}]}]"#).unwrap();
    let (_, r) = import::import(&q, ImportFormat::Labelstudio, &other, "x").unwrap();
    assert_eq!(r.unmatched_documents.len(), 1);
    assert_eq!(r.unplaced.len(), 1);
}

#[test]
fn the_import_command_reports() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "new",
            project.to_str().unwrap(),
            "--articles",
            fixtures().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let p = annotated();
    let w3c = dir.path().join("a.jsonld");
    export::export(&p, Format::W3c, &w3c).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "import",
            project.to_str().unwrap(),
            "--format",
            "w3c",
            w3c.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("{} span(s) imported", p.span_count())),
        "{text}"
    );
    assert!(text.contains("3 link(s)"), "{text}");
    let saved = parallax::project_file::load(&project).unwrap();
    assert_eq!(saved.span_count(), p.span_count());
}

/// Two articles with the same text (syndicated copy), one span on the second.
fn twins() -> (Project, Id) {
    let mut p = Project::new(Default::default());
    for (i, name) in ["wire/outlet-a.txt", "wire/outlet-b.txt"]
        .into_iter()
        .enumerate()
    {
        let meta = parallax::model::ArticleMeta {
            outlet: name.into(),
            title: name.into(),
            date: None,
            url: String::new(),
            author: String::new(),
            extra: Default::default(),
            direction: None,
        };
        let text = "Officials said the dam is safe 🎉.".to_owned();
        let a = parallax::model::Article::new(
            Id::from_u64(i as u64 + 1),
            name.into(),
            "UTF-8".into(),
            String::new(),
            meta,
            text,
        );
        p.add_article(a).unwrap();
    }
    let b = p.articles()[1].clone();
    let span = Span::new(Id::from_u64(0x50), &b, "Claim", 15..30, "tester").unwrap();
    Edit::AddSpan(span).apply(&mut p).unwrap();
    (p, b.id)
}

#[test]
fn identical_texts_are_told_apart_by_name() {
    let (p, b) = twins();
    for (export, import) in [
        (Format::Doccano, ImportFormat::Doccano),
        (Format::Labelstudio, ImportFormat::Labelstudio),
        (Format::Brat, ImportFormat::Brat),
        (Format::W3c, ImportFormat::W3c),
    ] {
        let (_d, path) = export_to(&p, export);
        let mut q = p.clone();
        Edit::RemoveSpan(Id::from_u64(0x50)).apply(&mut q).unwrap();
        let (edit, report) = import::import(&q, import, &path, "importer").unwrap();
        edit.apply(&mut q).unwrap();
        assert_eq!(report.imported, 1, "{import:?}: {report}");
        assert_eq!(
            q.all_spans().next().unwrap().article,
            b,
            "{import:?} chose the named twin"
        );
    }
}

fn import_str(format: ImportFormat, name: &str, content: &str) -> (Project, import::ImportReport) {
    let dir = tempfile::tempdir().unwrap();
    let path = if format == ImportFormat::Brat {
        std::fs::write(dir.path().join("mixed.ann"), content).unwrap();
        dir.path().to_path_buf()
    } else {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    };
    reimport(format, &path)
}

#[test]
fn hostile_offsets_are_reported_never_a_panic() {
    let huge = u64::MAX;
    let w3c = format!(
        r#"{{"type":"Annotation","body":"Claim","target":{{"source":"mixed.txt","selector":[{{"type":"TextQuoteSelector","exact":"said"}},{{"type":"TextPositionSelector","start":5,"end":{huge}}}]}}}}"#
    );
    let (p, report) = import_str(ImportFormat::W3c, "a.jsonld", &w3c);
    // The quote still finds its place.
    assert_eq!(report.imported + report.unplaced.len(), 1, "{report}");
    assert!(p.span_count() <= 1);

    let ls = format!(
        r#"[{{"data":{{"text":"abc","path":"mixed.txt"}},"annotations":[{{"result":[{{"id":"x","type":"labels","value":{{"start":1,"end":{huge},"labels":["Claim"]}}}}]}}]}}]"#
    );
    let (_, report) = import_str(ImportFormat::Labelstudio, "a.json", &ls);
    assert_eq!(report.imported, 0);
    assert_eq!(report.unplaced.len(), 1, "{report}");

    // Bad entities are counted, not dropped in silence.
    let doccano = r#"{"text":"a👍b","path":"mixed.txt","entities":[{"id":1,"label":"Claim","start_offset":2,"end_offset":3},{"id":2,"label":"Claim","start_offset":3,"end_offset":99},{"id":3,"label":"Claim","start_offset":"1","end_offset":2},{"id":4,"label":"Claim","start_offset":3,"end_offset":1}],"relations":[{"id":9,"from_id":1,"to_id":4,"type":"causes"}]}"#;
    let (_, report) = import_str(ImportFormat::Doccano, "a.jsonl", doccano);
    assert_eq!(
        report.skipped.len(),
        5,
        "inside the emoji, past the end, a string, reversed, a foreign relation: {report}"
    );
    assert!(
        report.to_string().contains("5 item(s) unreadable"),
        "{report}"
    );

    let brat = "T1\tClaim 5 x\tsaid\nT2\tClaim 9 3\tno\nT3\tClaim 0\t?\nT4\tSource 0 6\tFamily\nR1\tCauses Arg1:T4 Arg2:T4\n";
    let (p, report) = import_str(ImportFormat::Brat, "", brat);
    assert_eq!(report.skipped.len(), 4, "{report}");
    assert_eq!(p.span_count(), 1);
    assert_eq!(p.link_count(), 0);
}

#[test]
fn w3c_position_selectors_alone_are_placed() {
    let p = fresh();
    let text = article_text(&p, "mixed.txt");
    let s = text.chars().position(|c| c == '東').unwrap();
    let w3c = format!(
        r#"{{"type":"Annotation","body":{{"type":"TextualBody","purpose":"tagging","value":"Source"}},"target":{{"source":"mixed.txt","selector":{{"type":"TextPositionSelector","start":{s},"end":{}}}}}}}"#,
        s + 2
    );
    let (p, report) = import_str(ImportFormat::W3c, "a.jsonld", &w3c);
    assert_eq!(report.imported, 1, "{report}");
    assert_eq!(p.all_spans().next().unwrap().quote, "東京");
}

#[test]
fn brat_keeps_tags_with_underscores_and_skips_line_break_only_spans() {
    let mut p = annotated();
    let mut schema = p.schema.clone();
    schema.tags.push(schema.new_tag("Hedge_cue"));
    Edit::SetSchema(schema).apply(&mut p).unwrap();
    let a = p
        .articles()
        .iter()
        .find(|a| a.path.ends_with("mixed.txt"))
        .unwrap()
        .clone();
    let nl = a.text().chars().position(|c| c == '\n').unwrap();
    let hedge = Span::new(Id::from_u64(0x700), &a, "Hedge_cue", 0..6, "tester").unwrap();
    let breaks = Span::new(Id::from_u64(0x701), &a, "Claim", nl..nl + 1, "tester").unwrap();
    Edit::Batch(vec![Edit::AddSpan(hedge), Edit::AddSpan(breaks)])
        .apply(&mut p)
        .unwrap();

    let (_d, dir) = export_to(&p, Format::Brat);
    let ann = std::fs::read_to_string(dir.join("mixed.ann")).unwrap();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() == 3 && !f[2].is_empty(),
            "a T line with text: {line:?}"
        );
    }
    assert!(ann.contains("\tHedge_cue 0 6\t"));
    // Import into a project that has the tag: it is not renamed or doubled.
    let mut q = fresh();
    let mut schema = q.schema.clone();
    schema.tags.push(schema.new_tag("Hedge_cue"));
    Edit::SetSchema(schema).apply(&mut q).unwrap();
    let (edit, report) = import::import(&q, ImportFormat::Brat, &dir, "importer").unwrap();
    edit.apply(&mut q).unwrap();
    assert!(report.new_tags.is_empty(), "{:?}", report.new_tags);
    assert_eq!(q.all_spans().filter(|s| s.tag == "Hedge_cue").count(), 1);
    assert_eq!(q.span_count(), p.span_count() - 1, "all but the line break");
}

#[test]
fn separate_links_on_one_claim_stay_separate_in_w3c() {
    let mut p = annotated();
    let claim = p.all_spans().find(|s| s.quote == "السد آمن").unwrap();
    let cue = p
        .all_spans()
        .find(|s| s.quote == "said" && s.article == claim.article)
        .unwrap()
        .id;
    let claim = claim.id;
    Edit::AddLink(Link {
        id: Id::from_u64(0x950),
        claim,
        source: None,
        cue: Some(cue),
        note: String::new(),
        annotator: String::new(),
        created: None,
    })
    .apply(&mut p)
    .unwrap();
    let (_d, path) = export_to(&p, Format::W3c);
    let (q, _) = reimport(ImportFormat::W3c, &path);
    assert_eq!(links_of(&q), links_of(&p));
    assert_eq!(q.link_count(), p.link_count());
}

#[test]
fn links_to_orphaned_spans_are_not_exported() {
    let mut p = annotated();
    let source = p
        .all_spans()
        .find(|s| s.quote == "قال المتحدث")
        .unwrap()
        .clone();
    Edit::MakeOrphan(source.clone()).apply(&mut p).unwrap();
    let orphan = source.id.to_string();
    for format in [Format::Labelstudio, Format::W3c, Format::Doccano] {
        let (_d, path) = export_to(&p, format);
        let out = std::fs::read_to_string(&path).unwrap();
        assert!(!out.contains(&orphan), "{format:?} names the orphan");
    }
    let (_d, path) = export_to(&p, Format::Qdpx);
    let qde = qde_of(&path);
    let selections: BTreeSet<&str> = qde
        .split("<PlainTextSelection guid=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for target in qde
        .split("targetGUID=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if qde.contains(&format!("<Code guid=\"{target}\"")) {
            continue;
        }
        assert!(
            selections.contains(target),
            "a link to a selection that is not there"
        );
    }
}

#[test]
fn an_empty_project_exports_a_valid_qdpx() {
    let p = Project::new(Default::default());
    let (_d, path) = export_to(&p, Format::Qdpx);
    let qde = qde_of(&path);
    assert!(!qde.contains("<Sources>"), "no empty list");
    schema_check(&qde);
}

#[test]
fn csv_for_excel_starts_with_a_byte_order_mark_and_reads_the_same() {
    let p = annotated();
    let (_a, plain) = export_to(&p, Format::Csv);
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("excel.csv");
    export::export(&p, Format::CsvBom, &bom).unwrap();
    let bytes = std::fs::read(&bom).unwrap();
    assert!(
        bytes.starts_with(&[0xef, 0xbb, 0xbf]),
        "UTF-8 byte-order mark"
    );
    assert_eq!(&bytes[3..], std::fs::read(&plain).unwrap().as_slice());
    // Python's csv module reads it with the encoding Excel's files use.
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))",
        ])
        .arg(&bom)
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0][0], "span_id", "the header is read without the mark");
    assert_eq!(rows.len(), p.span_count() + 1);
}

/// The codebook as REFI-QDA `.qdc`, valid by the standard's Codebook.xsd,
/// with each code's definition, rules and examples as its description and
/// the same GUIDs as the `.qdpx` export; and as a page to print.
#[test]
fn the_codebook_exports_as_valid_qdc_and_as_a_page() {
    let mut p = annotated();
    let mut schema = p.schema.clone();
    schema.tags[0].guide.definition = "A claim <checked> & \"quoted\"\nover two lines".into();
    schema.tags[0].guide.examples = vec!["talks lasted two hours".into()];
    let attr = &mut schema.tags[0].attributes[0];
    let value = attr.values[0].clone();
    attr.value_guides.insert(
        value.clone(),
        parallax::model::Guide {
            definition: "Stated as fact, without hedging".into(),
            ..Default::default()
        },
    );
    Edit::SetSchema(schema).apply(&mut p).unwrap();

    let (_d, path) = export_to(&p, Format::Qdc);
    let qdc = std::fs::read_to_string(&path).unwrap();
    let xsd = oracle("refi-qda/Codebook.xsd");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&path)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    assert!(
        out.status.success(),
        "Codebook.xsd rejects the codebook: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Read back with an XML reader: the description is the text as written.
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(&qdc);
    let mut descriptions: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"Description" => current = Some(String::new()),
            Event::End(e) if e.name().as_ref() == b"Description" => {
                descriptions.extend(current.take());
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.decode().unwrap());
                }
            }
            // Entities come apart from the text around them.
            Event::GeneralRef(r) => {
                if let Some(c) = current.as_mut() {
                    let name = r.decode().unwrap();
                    match r.resolve_char_ref().unwrap() {
                        Some(ch) => c.push(ch),
                        None => {
                            c.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap())
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(descriptions
        .iter()
        .any(|d| d.contains("A claim <checked> & \"quoted\"\nover two lines")));
    assert!(descriptions
        .iter()
        .any(|d| d.contains("Example: “talks lasted two hours”")));
    assert!(descriptions
        .iter()
        .any(|d| d.contains("Stated as fact, without hedging")));
    // The same code GUIDs as the project export.
    let (_d2, qdpx) = export_to(&p, Format::Qdpx);
    let qde = qde_of(&qdpx);
    let claim = parallax::export::qdpx::guid("code", &p.schema.tags[0].name);
    assert!(qdc.contains(&claim) && qde.contains(&claim));

    // Imported into a project without those entries, it gives them all back.
    let mut q = annotated();
    let mut bare = q.schema.clone();
    for t in &mut bare.tags {
        t.guide = Default::default();
        for a in &mut t.attributes {
            a.guide = Default::default();
            a.value_guides.clear();
        }
    }
    Edit::SetSchema(bare).apply(&mut q).unwrap();
    let (edit, report) =
        parallax::import::import(&q, parallax::import::ImportFormat::Qdc, &path, "x").unwrap();
    edit.apply(&mut q).unwrap();
    assert_eq!(q.schema, p.schema, "{report}");
    assert!(report.new_tags.is_empty() && report.new_codes.is_empty());

    let (_d3, page) = export_to(&p, Format::Codebook);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("A claim &lt;checked&gt; &amp; &quot;quoted&quot;"));
    assert!(html.contains(&format!(
        "<td>{value}</td><td>Stated as fact, without hedging</td>"
    )));
    for t in &p.schema.tags {
        assert!(html.contains(&format!(">{}", t.name)) || html.contains(&t.name));
    }
}
