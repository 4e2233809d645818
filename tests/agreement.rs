//! `parallax agree` against independent implementations: the
//! `krippendorff` package for nominal α (code points, attributes) and
//! nltk for Cohen's κ, on two coders' versions of the sample that differ
//! as coders do: a missed attribution, a boundary off by a word, another
//! cue stance, a retagged span.

use std::path::{Path, PathBuf};

use parallax::edit::{Edit, History};
use parallax::model::{Project, Span};
use parallax::project_file;

fn sample() -> Project {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    project_file::load(&path).unwrap()
}

/// The second coder: the sample with the differences coders make.
fn second_coder(p: &Project) -> Project {
    let mut q = p.clone();
    let mut h = History::new();
    let spans: Vec<Span> = p.all_spans().cloned().collect();
    let cues: Vec<&Span> = spans.iter().filter(|s| s.tag == "Attribution").collect();
    let claims: Vec<&Span> = spans.iter().filter(|s| s.tag == "Claim").collect();
    let sources: Vec<&Span> = spans.iter().filter(|s| s.tag == "Source").collect();
    // A missed attribution.
    h.apply(&mut q, Edit::RemoveSpan(cues[0].id)).unwrap();
    // Another cue stance.
    h.apply(
        &mut q,
        Edit::SetAttribute {
            span: cues[1].id,
            key: "cue_stance".into(),
            value: Some("distancing".into()),
            annotator: "ben".into(),
        },
    )
    .unwrap();
    // A claim's end one word short.
    let c = claims[1];
    let a = p.article(c.article).unwrap();
    let quote: Vec<char> = c.quote.chars().collect();
    let cut = quote.iter().rposition(|ch| *ch == ' ').unwrap();
    let shorter = Span::new(c.id, a, &c.tag, c.start..c.start + cut, &c.annotator).unwrap();
    h.apply(&mut q, Edit::ReplaceSpan(shorter)).unwrap();
    // A source taken for a claim.
    h.apply(
        &mut q,
        Edit::RetagSpan {
            span: sources[2].id,
            tag: "Claim".into(),
        },
    )
    .unwrap();
    q
}

/// Plain spans for the oracle: no agreement logic, just what is there.
fn dump(coders: &[&Project]) -> serde_json::Value {
    let articles: Vec<serde_json::Value> = coders[0]
        .articles()
        .iter()
        .map(|a| serde_json::json!({"id": a.id.to_string(), "length": a.len_chars()}))
        .collect();
    let coders: Vec<Vec<serde_json::Value>> = coders
        .iter()
        .map(|p| {
            p.all_spans()
                .map(|s| {
                    let attributes: serde_json::Map<String, serde_json::Value> = s
                        .attributes
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone().into()))
                        .collect();
                    serde_json::json!({
                        "article": s.article.to_string(), "start": s.start, "end": s.end,
                        "tag": s.tag, "attributes": attributes,
                    })
                })
                .collect()
        })
        .collect();
    serde_json::json!({"articles": articles, "coders": coders})
}

fn oracle(part: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(part);
    assert!(
        path.exists(),
        "{} is missing: run ./setup.sh (or tests/oracles/fetch.sh) first",
        path.display()
    );
    path
}

fn close(ours: &serde_json::Value, theirs: &serde_json::Value, what: &str) {
    match (ours.as_f64(), theirs.as_f64()) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 5e-4, "{what}: ours {a}, oracle {b}"),
        (None, None) => {}
        _ => panic!("{what}: ours {ours}, oracle {theirs}"),
    }
}

#[test]
fn agreement_matches_the_krippendorff_package_and_nltk() {
    let a = sample();
    let b = second_coder(&a);
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("ana.ron"), dir.path().join("ben.ron"));
    project_file::save(&a, &pa).unwrap();
    project_file::save(&b, &pb).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "agree",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ours: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(ours["coders"], serde_json::json!(["ana", "ben"]));

    let spans = dir.path().join("spans.json");
    std::fs::write(&spans, dump(&[&a, &b]).to_string()).unwrap();
    let check = std::process::Command::new(oracle("target/oracles/venv/bin/python"))
        .arg(oracle("tests/oracles/agreement_check.py"))
        .arg(&spans)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();

    for (tag, alpha) in theirs["alpha_cp"].as_object().unwrap() {
        close(
            &ours["overall"][tag]["alpha_cp"],
            alpha,
            &format!("alpha_cp {tag}"),
        );
    }
    let attrs = theirs["attributes"].as_object().unwrap();
    assert!(attrs.contains_key("cue_stance"));
    for (name, v) in attrs {
        close(
            &ours["attributes"][name]["alpha"],
            &v["alpha"],
            &format!("attribute {name}"),
        );
        assert_eq!(ours["attributes"][name]["units"], v["units"], "{name}");
    }
    assert_eq!(ours["kappa"]["kind"], "cohen");
    assert_eq!(ours["kappa"]["units"], theirs["kappa_units"]);
    close(&ours["kappa"]["kappa"], &theirs["kappa"], "kappa");
    // The differences show: agreement is high but not perfect.
    let claim = &ours["overall"]["Claim"];
    assert!(claim["f1_exact"].as_f64().unwrap() < 1.0);
    assert!(claim["f1_overlap"].as_f64().unwrap() > claim["f1_exact"].as_f64().unwrap());
    let alpha_u = ours["overall"]["Attribution"]["alpha_u"].as_f64().unwrap();
    assert!(alpha_u > 0.5 && alpha_u < 1.0, "{alpha_u}");
    assert!(ours["triples"]["f1"].as_f64().unwrap() < 1.0);
    assert!(ours["facts"]["f1"].as_f64().unwrap() <= 1.0);
}

#[test]
fn one_project_with_two_annotators_and_the_readable_formats() {
    let a = sample();
    let mut b = second_coder(&a);
    // The second coder's spans under new ids and their name, in one project.
    let mut h = History::new();
    let theirs: Vec<Span> = b.all_spans().cloned().collect();
    let mut next = 7_000_000u64;
    let mut joined = a.clone();
    for mut s in theirs {
        next += 1;
        s.id = parallax::model::Id::from_u64(next);
        s.annotator = "ben".into();
        h.apply(&mut joined, Edit::AddSpan(s)).unwrap();
    }
    b = joined;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("both.ron");
    project_file::save(&b, &path).unwrap();
    for (format, want) in [("md", "| Claim |"), ("csv", "overall,,,\"Claim\"")] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["agree", path.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains(want), "{format}: {text}");
        if format == "md" {
            assert!(text.contains("ben"), "the coders are named: {text}");
        }
    }
    // One coder only: a clear message.
    let single = dir.path().join("one.ron");
    project_file::save(&a, &single).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["agree", single.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("annotator"));
}

/// The sample's second coder (`projects/sample/sample-ben.ron`) is what
/// `second_coder` makes of the sample, so the README's `agree` example and
/// this test cannot drift apart. `PARALLAX_WRITE_SAMPLE=1` writes it anew.
#[test]
fn the_samples_second_coder_is_the_tests() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample-ben.ron");
    let want = second_coder(&sample());
    if std::env::var_os("PARALLAX_WRITE_SAMPLE").is_some() {
        project_file::save_without_backup(&want, &path).unwrap();
    }
    let have = project_file::load(&path).unwrap();
    // Spans, links and facts as made (timestamps of changed spans aside).
    let key = |p: &Project| -> Vec<(String, usize, usize, String)> {
        p.all_spans()
            .map(|s| (s.tag.clone(), s.start, s.end, format!("{:?}", s.attributes)))
            .collect()
    };
    assert_eq!(key(&have), key(&want));
    assert_eq!(have.link_count(), want.link_count());
    assert_eq!(have.facts(), want.facts());
}

/// The sample as a team's project after a git merge of two clones: the
/// first coder's work as "ann", the second's as "ben", in one file.
fn team(a: &Project, b: &Project) -> Project {
    use parallax::model::{Id, Link};
    let mut t = a.clone();
    let mut h = History::new();
    for s in a.all_spans() {
        let mut s = s.clone();
        s.annotator = "ann".into();
        h.apply(&mut t, Edit::ReplaceSpan(s)).unwrap();
    }
    for l in a.links() {
        let mut l = l.clone();
        l.annotator = "ann".into();
        h.apply(&mut t, Edit::ReplaceLink(l)).unwrap();
    }
    let mut ids = std::collections::HashMap::new();
    for (i, s) in b.all_spans().enumerate() {
        let mut s = s.clone();
        let id = Id::from_u64(9_000_000 + i as u64);
        ids.insert(s.id, id);
        s.id = id;
        s.annotator = "ben".into();
        h.apply(&mut t, Edit::AddSpan(s)).unwrap();
    }
    for (i, l) in b.links().enumerate() {
        let map = |x: Option<Id>| x.and_then(|x| ids.get(&x).copied());
        let (Some(claim), source, cue) = (map(Some(l.claim)), map(l.source), map(l.cue)) else {
            continue;
        };
        if source.is_none() && cue.is_none() {
            continue;
        }
        let link = Link {
            id: Id::from_u64(9_500_000 + i as u64),
            claim,
            source,
            cue,
            note: l.note.clone(),
            annotator: "ben".into(),
            created: l.created,
        };
        h.apply(&mut t, Edit::AddLink(link)).unwrap();
    }
    // Ben grouped his claims into the same facts.
    for f in b.facts() {
        for m in &f.members {
            let Some(&span) = ids.get(&m.span) else {
                continue;
            };
            let mut m = m.clone();
            m.span = span;
            m.annotator = "ben".into();
            h.apply(
                &mut t,
                Edit::AddMember {
                    fact: f.id,
                    member: m,
                },
            )
            .unwrap();
        }
    }
    t
}

#[test]
fn the_sample_team_project_is_both_coders() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/team.ron");
    let ben = project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample-ben.ron"),
    )
    .unwrap();
    let want = team(&sample(), &ben);
    if std::env::var_os("PARALLAX_WRITE_SAMPLE").is_some() {
        project_file::save_without_backup(&want, &path).unwrap();
    }
    let have = project_file::load(&path).unwrap();
    let key = |p: &Project| -> Vec<(String, String, usize, usize, String)> {
        p.all_spans()
            .map(|s| {
                (
                    s.annotator.clone(),
                    s.tag.clone(),
                    s.start,
                    s.end,
                    format!("{:?}", s.attributes),
                )
            })
            .collect()
    };
    assert_eq!(key(&have), key(&want));
    assert_eq!(have.link_count(), want.link_count());
    assert_eq!(have.facts(), want.facts());
    // Agreement is worked out between the two, and the curated version
    // starts empty.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("agree")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("# Agreement between ann, ben"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["agree", "--curated"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no curated version yet"));
}

/// After adjudication, `agree --curated` reports each coder against the
/// curated version: the coder whose versions were taken agrees perfectly.
#[test]
fn agree_reports_each_coder_against_the_curated_version() {
    use parallax::adjudication;
    let ben = project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample-ben.ron"),
    )
    .unwrap();
    let mut p = team(&sample(), &ben);
    let articles: Vec<_> = p.articles().iter().map(|a| a.id).collect();
    for a in articles {
        if let Some((edit, _)) = adjudication::premerge(&p, a, "judge") {
            edit.apply(&mut p).unwrap();
        }
        // Take ann's version wherever the coders differ.
        loop {
            let items = adjudication::items(&p, a);
            let Some(item) = items
                .iter()
                .find(|i| i.kind != adjudication::Kind::Agreed && !i.resolved)
            else {
                break;
            };
            let edit = if item.versions[0].spans.is_empty() && item.versions[0].links.is_empty() {
                adjudication::drop(&p, item, "judge")
            } else {
                adjudication::accept(&p, item, &["ann"], "judge")
            }
            .unwrap();
            edit.apply(&mut p).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("curated.ron");
    project_file::save(&p, &path).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["agree", "--format", "json", "--curated"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = v["against_curated"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["coders"], serde_json::json!(["ann", "curator"]));
    for tag in ["Claim", "Source", "Attribution"] {
        assert_eq!(reports[0]["overall"][tag]["f1_exact"], 1.0, "{tag}");
        assert_eq!(reports[0]["overall"][tag]["alpha_u"], 1.0, "{tag}");
    }
    assert_eq!(reports[0]["triples"]["f1"], 1.0);
    assert!(reports[1]["overall"]["Claim"]["f1_exact"].as_f64().unwrap() < 1.0);
}

/// One coder's view of a team's project: each fact's cells hold that
/// coder's claims only, exactly as in the coder's own file.
#[test]
fn one_annotators_coding_compares_as_their_own_file() {
    use parallax::compare::{matrix, Cell};
    let ben = project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample-ben.ron"),
    )
    .unwrap();
    let a = sample();
    let t = team(&a, &ben);
    let words = |m: &parallax::compare::Matrix| -> Vec<Vec<Vec<String>>> {
        m.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match c {
                        Cell::Omitted => vec![],
                        Cell::Carried(claims) => claims.iter().map(|c| c.wording.clone()).collect(),
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(words(&matrix(&t.of_annotator("ann"))), words(&matrix(&a)));
    assert_eq!(words(&matrix(&t.of_annotator("ben"))), words(&matrix(&ben)));
    let both: usize = words(&matrix(&t)).iter().flatten().map(Vec::len).sum();
    let one: usize = words(&matrix(&a)).iter().flatten().map(Vec::len).sum();
    let other: usize = words(&matrix(&ben)).iter().flatten().map(Vec::len).sum();
    assert_eq!(both, one + other);
}
