//! Facts across outlets: the comparison matrix, prominence, per-outlet
//! totals, and the `compare` exports read back by independent readers.

use std::path::Path;
use std::process::Command;

use parallax::compare::{self, Cell, Prominence};
use parallax::edit::Edit;
use parallax::model::{
    Article, ArticleMeta, Fact, Id, Link, Member, Project, Relation, Schema, Span,
};

fn sample() -> Project {
    parallax::project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron"),
    )
    .unwrap()
}

#[test]
fn the_sample_matrix_shows_omissions_and_a_contradiction() {
    let p = sample();
    let m = compare::matrix(&p);
    assert_eq!(
        m.outlets,
        vec![
            "The Harbour Ledger",
            "Coastline Post",
            "Elsen Valley Radio",
            "Northgate Daily"
        ]
    );
    assert_eq!(m.rows.len(), 5);
    let storm = m.rows.iter().find(|r| r.name.contains("storm")).unwrap();
    assert_eq!(
        storm.cells[2],
        Cell::Omitted,
        "Elsen Valley Radio leaves the cause out"
    );
    let Cell::Carried(nd) = &storm.cells[3] else {
        panic!("Northgate carries it")
    };
    assert_eq!(nd[0].relation, Relation::Contradicts);
    assert_eq!(nd[0].credits[0].source_text, "Mariam Haddad (مريم حداد)");
    assert_eq!(nd[0].credits[0].cue_text, "insisted");
    assert_eq!(nd[0].credits[0].cue_stance, "distancing");
    let bottled = m.rows.iter().find(|r| r.name.contains("bottled")).unwrap();
    assert_eq!(bottled.cells[3], Cell::Omitted);
    let Cell::Carried(hl) = &bottled.cells[0] else {
        panic!()
    };
    assert_eq!(hl[0].voice(), "outlet's own");
    assert_eq!(bottled.outlets_carrying(), 3);

    let sums = compare::summaries(&p, &compare::matrix(&p));
    let evr = sums
        .iter()
        .find(|s| s.outlet == "Elsen Valley Radio")
        .unwrap();
    assert_eq!((evr.facts_carried, evr.facts_omitted), (3, 2));
    assert_eq!(evr.claims, evr.attributed + evr.own_voice);
    let nd = sums.iter().find(|s| s.outlet == "Northgate Daily").unwrap();
    assert_eq!(nd.cue_stances.get("distancing"), Some(&2));
}

#[test]
fn prominence_distinguishes_headline_lede_and_body() {
    let text = "Talks end without a deal\n\nFirst paragraph says talks ended.\n\nSecond paragraph.\n\nThird paragraph has the detail.";
    let mut p = Project::new(Schema::default());
    let meta = ArticleMeta {
        title: "Talks end without a deal".into(),
        outlet: "X".into(),
        ..Default::default()
    };
    let a = Article::new(
        Id::from_u64(1),
        "a.txt".into(),
        "UTF-8".into(),
        String::new(),
        meta,
        text.into(),
    );
    p.add_article(a.clone()).unwrap();
    let at = |needle: &str| {
        let b = text.find(needle).unwrap();
        let s = a.char_at_byte(b);
        Span::new(
            Id::from_u64(b as u64 + 10),
            &a,
            "Claim",
            s..s + needle.chars().count(),
            "",
        )
        .unwrap()
    };
    assert_eq!(
        compare::prominence(&a, &at("Talks end")),
        (Prominence::Headline, 0)
    );
    assert_eq!(
        compare::prominence(&a, &at("talks ended")),
        (Prominence::Lede, 1)
    );
    assert_eq!(
        compare::prominence(&a, &at("Second")),
        (Prominence::Lede, 2)
    );
    assert_eq!(
        compare::prominence(&a, &at("the detail")),
        (Prominence::Body, 3)
    );
    // Without a headline in the text, the first paragraph is the lede.
    let mut b = a.clone();
    b.meta.title = "Something else entirely".into();
    assert_eq!(
        compare::prominence(&b, &at("Talks end")),
        (Prominence::Lede, 1)
    );
}

#[test]
fn nested_attributions_and_several_credits_are_kept() {
    // "Axios reported that officials said the meeting ended."
    let text = "Axios reported that officials said the meeting ended.";
    let mut p = Project::new(Schema::default());
    let a = Article::new(
        Id::from_u64(1),
        "a.txt".into(),
        "UTF-8".into(),
        String::new(),
        ArticleMeta::default(),
        text.into(),
    );
    p.add_article(a.clone()).unwrap();
    let sp = |id: u64, tag: &str, needle: &str| {
        let s = text.find(needle).unwrap();
        Span::new(Id::from_u64(id), &a, tag, s..s + needle.len(), "").unwrap()
    };
    let edits = vec![
        Edit::AddSpan(sp(10, "Source", "Axios")),
        Edit::AddSpan(sp(11, "Attribution", "reported")),
        Edit::AddSpan(sp(12, "Claim", "officials said the meeting ended")),
        Edit::AddSpan(sp(13, "Source", "officials")),
        Edit::AddSpan(sp(14, "Attribution", "said")),
        Edit::AddSpan(sp(15, "Claim", "the meeting ended")),
        Edit::AddLink(Link {
            id: Id::from_u64(20),
            claim: Id::from_u64(12),
            source: Some(Id::from_u64(10)),
            cue: Some(Id::from_u64(11)),
            note: String::new(),
            annotator: String::new(),
            created: None,
        }),
        Edit::AddLink(Link {
            id: Id::from_u64(21),
            claim: Id::from_u64(15),
            source: Some(Id::from_u64(13)),
            cue: Some(Id::from_u64(14)),
            note: String::new(),
            annotator: String::new(),
            created: None,
        }),
        Edit::AddFact {
            fact: Fact {
                id: Id::from_u64(30),
                name: "meeting ended".into(),
                note: String::new(),
                members: vec![Member {
                    span: Id::from_u64(15),
                    relation: Relation::Equivalent,
                    annotator: String::new(),
                    created: None,
                }],
            },
            index: 0,
        },
    ];
    Edit::Batch(edits).apply(&mut p).unwrap();
    let m = compare::matrix(&p);
    let Cell::Carried(c) = &m.rows[0].cells[0] else {
        panic!()
    };
    assert_eq!(c[0].credits.len(), 1);
    assert_eq!(c[0].credits[0].source_text, "officials");
    // The outer claim contains the inner attribution, and is itself attributed.
    let outer: Vec<_> = p.links().filter(|l| l.claim == Id::from_u64(12)).collect();
    assert_eq!(outer.len(), 1);
}

fn parallax(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn compare_exports_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    let s = sample.to_str().unwrap();

    let csv_path = dir.path().join("c.csv");
    let o = parallax(&[
        "compare",
        s,
        "--format",
        "csv",
        "--out",
        csv_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>().join(","),
        "fact_id,fact,outlet,article,present,span_ids,wording,source,source_type,cue,cue_stance,factuality,prominence,paragraph,match"
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5 * 4, "one row per fact × outlet");
    let omitted = rows.iter().filter(|r| &r[4] == "false").count();
    assert_eq!(omitted, 3);
    let contradicts = rows.iter().find(|r| &r[14] == "contradicts").unwrap();
    assert_eq!(&contradicts[2], "Northgate Daily");
    assert_eq!(&contradicts[9], "insisted");
    assert_eq!(&contradicts[10], "distancing");

    let md_path = dir.path().join("c.md");
    assert!(parallax(&[
        "compare",
        s,
        "--format",
        "md",
        "--out",
        md_path.to_str().unwrap()
    ])
    .status
    .success());
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert_eq!(md.matches("*not reported*").count(), 3);
    let table_lines = md.lines().filter(|l| l.starts_with("| **")).count();
    assert_eq!(table_lines, 5);

    let html_path = dir.path().join("c.html");
    assert!(parallax(&[
        "compare",
        s,
        "--format",
        "html",
        "--out",
        html_path.to_str().unwrap()
    ])
    .status
    .success());
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://")
            && !html.contains("https://")
            && !html.contains("<link")
            && !html.contains("<script"),
        "self-contained, no network"
    );
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert_eq!(html.matches("class=\"omitted\"").count(), 3);
    assert!(html.contains("Mariam Haddad (مريم حداد)"));
    // Text from articles runs in its own direction: claims' wording, fact
    // names and excerpts are `dir="auto"`, sources isolated in <bdi>.
    assert_eq!(
        html.matches("class=\"wording\" dir=\"auto\"").count(),
        html.matches("class=\"wording\"").count()
    );
    assert!(html.contains("<td class=\"fact\"><div dir=\"auto\">"));
    assert!(html.contains("credited to <b><bdi>"));
}

#[test]
fn the_html_report_escapes_article_text_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("a");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("x.txt"),
        "Evil <script>alert('x')</script> claim & \"quote\" here.",
    )
    .unwrap();
    let project = dir.path().join("p.ron");
    assert!(parallax(&[
        "new",
        project.to_str().unwrap(),
        "--articles",
        articles.to_str().unwrap()
    ])
    .status
    .success());
    assert!(parallax(&[
        "autocode",
        project.to_str().unwrap(),
        "--tag",
        "Claim",
        "--text",
        "<script>alert('x')</script> claim"
    ])
    .status
    .success());
    let mut p = parallax::project_file::load(&project).unwrap();
    let span = p.all_spans().next().unwrap().id;
    let fact = Fact {
        id: Id::from_u64(99),
        name: "<b>bold</b> fact".into(),
        note: String::new(),
        members: vec![Member {
            span,
            relation: Relation::Equivalent,
            annotator: String::new(),
            created: None,
        }],
    };
    Edit::Batch(vec![
        Edit::SetNote {
            span,
            note: "<img src=x onerror=alert(1)>".into(),
        },
        Edit::AddFact { fact, index: 0 },
    ])
    .apply(&mut p)
    .unwrap();
    parallax::project_file::save(&p, &project).unwrap();
    let out = dir.path().join("r.html");
    assert!(parallax(&[
        "compare",
        project.to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let html = std::fs::read_to_string(out).unwrap();
    assert!(!html.contains("<script>"), "article text is escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!html.contains("<b>bold</b>"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; fact"));
}

#[test]
fn jsonl_spans_carry_fact_memberships_and_facts_export_lists_members() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    let jsonl = dir.path().join("s.jsonl");
    assert!(parallax(&[
        "export",
        sample.to_str().unwrap(),
        "--format",
        "jsonl",
        "--out",
        jsonl.to_str().unwrap()
    ])
    .status
    .success());
    let mut memberships = 0;
    let mut links = 0;
    for line in std::fs::read_to_string(&jsonl).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        links += v["links"].as_array().unwrap().len();
        for s in v["spans"].as_array().unwrap() {
            for f in s["facts"].as_array().unwrap() {
                assert!(f["fact"].is_string() && f["relation"].is_string());
                memberships += 1;
            }
        }
    }
    assert_eq!(links, 18);
    assert_eq!(memberships, 17);

    let facts = dir.path().join("f.jsonl");
    assert!(parallax(&[
        "export",
        sample.to_str().unwrap(),
        "--format",
        "facts",
        "--out",
        facts.to_str().unwrap()
    ])
    .status
    .success());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&facts)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    let storm = lines
        .iter()
        .find(|f| f["name"].as_str().unwrap().contains("storm"))
        .unwrap();
    let members = storm["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert!(members
        .iter()
        .any(|m| m["relation"] == "contradicts" && m["outlet"] == "Northgate Daily"));
    assert_eq!(storm["offset_unit"], "codepoint");
}
