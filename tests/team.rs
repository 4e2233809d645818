//! Two coders share a project through git, with `parallax merge` as the
//! merge driver: each edits a clone, then pulls the other's work. Every
//! change from both sides is in the result or named in a conflict, and the
//! result is a valid project (never text conflict markers).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parallax::edit::{Edit, History};
use parallax::model::{Id, Link, Member, Project, Relation, Span};
use parallax::project_file;

fn parallax(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Coder")
        .env("GIT_AUTHOR_EMAIL", "coder@example.org")
        .env("GIT_COMMITTER_NAME", "Coder")
        .env("GIT_COMMITTER_EMAIL", "coder@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    o
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A repository holding the sample project, and a clone of it; both with
/// the merge driver registered.
fn two_clones(root: &Path) -> (PathBuf, PathBuf) {
    let a = root.join("a");
    std::fs::create_dir_all(&a).unwrap();
    ok(git(&a, &["init", "-q", "-b", "main"]));
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample");
    std::fs::copy(sample.join("sample.ron"), a.join("sample.ron")).unwrap();
    std::fs::create_dir_all(a.join("articles")).unwrap();
    for e in std::fs::read_dir(sample.join("articles")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), a.join("articles").join(e.file_name())).unwrap();
    }
    ok(parallax(&a, &["team", "init"]));
    let attributes = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    assert!(attributes.contains("*.ron merge=parallax"));
    ok(git(
        &a,
        &["add", "sample.ron", "articles", ".gitattributes"],
    ));
    ok(git(&a, &["commit", "-q", "-m", "the project"]));
    let b = root.join("b");
    ok(git(root, &["clone", "-q", "a", "b"]));
    ok(parallax(&b, &["team", "init"]));
    (a, b)
}

fn load(dir: &Path) -> Project {
    project_file::load(&dir.join("sample.ron")).unwrap()
}

/// Apply `edits` to the clone's project, save it and commit.
fn commit(dir: &Path, edits: Vec<Edit>, what: &str) {
    let mut p = load(dir);
    let mut h = History::new();
    for e in edits {
        h.apply(&mut p, e).unwrap();
    }
    project_file::save_without_backup(&p, &dir.join("sample.ron")).unwrap();
    ok(git(dir, &["commit", "-q", "-am", what]));
}

/// The n-th span of the n-th article, in text order.
fn span_of(p: &Project, article: usize, n: usize) -> Span {
    let a = p.articles()[article].id;
    p.spans_of(a).nth(n).unwrap().clone()
}

fn new_span(p: &Project, article: usize, id: u64, tag: &str, near: usize, who: &str) -> Span {
    let a = &p.articles()[article];
    let text: Vec<char> = a.text().chars().collect();
    // A word from `near` on, not overlapping anything in particular.
    let mut start = near;
    while !text[start].is_alphabetic() || (start > 0 && text[start - 1].is_alphabetic()) {
        start += 1;
    }
    let mut end = start;
    while end < text.len() && text[end].is_alphabetic() {
        end += 1;
    }
    Span::new(Id::from_u64(id), a, tag, start..end, who).unwrap()
}

#[test]
fn two_coders_pull_each_others_work_and_nothing_is_lost() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = two_clones(root.path());
    let p = load(&a);
    let fact = p.facts()[0].clone();

    // Coder A: adds a span and a link to it, deletes one span, retags
    // another, renames a fact, retitles an article, adds a tag.
    let a_new = new_span(&p, 0, 900_001, "Claim", 40, "ann");
    let a_deleted = span_of(&p, 1, 0);
    let a_retagged = span_of(&p, 1, 2);
    let mut schema = p.schema.clone();
    schema.tags.push(schema.new_tag("Frame"));
    let mut meta = p.articles()[0].meta.clone();
    meta.title = "A new headline from coder A".into();
    commit(
        &a,
        vec![
            Edit::AddSpan(a_new.clone()),
            Edit::AddLink(Link {
                id: Id::from_u64(900_002),
                claim: a_new.id,
                source: Some(span_of(&p, 0, 1).id),
                cue: None,
                note: String::new(),
                annotator: String::new(),
                created: None,
            }),
            Edit::RemoveSpan(a_deleted.id),
            Edit::RetagSpan {
                span: a_retagged.id,
                tag: "Source".into(),
            },
            Edit::RenameFact {
                fact: fact.id,
                name: "Renamed by A".into(),
            },
            Edit::SetArticleMeta {
                article: p.articles()[0].id,
                meta,
            },
            Edit::SetSchema(schema),
        ],
        "coder A",
    );

    // Coder B: adds spans, moves one (another word), notes one, adds a
    // claim to a fact, changes the outlet order and another article's
    // author.
    let b_new = new_span(&p, 2, 900_011, "Source", 60, "bo");
    let mut b_moved = span_of(&p, 3, 1);
    let moved_to = new_span(&p, 3, 1, &b_moved.tag, b_moved.end + 1, "bo");
    (b_moved.start, b_moved.end, b_moved.quote) = (moved_to.start, moved_to.end, moved_to.quote);
    b_moved.prefix = moved_to.prefix;
    b_moved.suffix = moved_to.suffix;
    let b_noted = span_of(&p, 2, 0);
    let claim_elsewhere = p
        .all_spans()
        .find(|s| s.tag == "Claim" && fact.member(s.id).is_none())
        .unwrap()
        .clone();
    let mut order = p.outlets();
    order.reverse();
    let mut meta = p.articles()[3].meta.clone();
    meta.author = "Coder B's byline".into();
    commit(
        &b,
        vec![
            Edit::AddSpan(b_new.clone()),
            Edit::ReplaceSpan(b_moved.clone()),
            Edit::SetNote {
                span: b_noted.id,
                note: "noted by B".into(),
            },
            Edit::AddMember {
                fact: fact.id,
                member: Member {
                    span: claim_elsewhere.id,
                    relation: Relation::Partial,
                    annotator: String::new(),
                    created: None,
                },
            },
            Edit::SetOutletOrder(order.clone()),
            Edit::SetArticleMeta {
                article: p.articles()[3].id,
                meta,
            },
        ],
        "coder B",
    );

    // B pulls A's work: merged by the driver, cleanly.
    let pulled = git(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert!(pulled.status.success(), "{pulled:?}");
    let m = load(&b);
    assert!(m.conflicts().is_empty(), "{:?}", m.conflicts());
    // Everything from A…
    assert!(m.span(a_new.id).is_some());
    assert!(m.link(Id::from_u64(900_002)).is_some());
    assert!(m.span(a_deleted.id).is_none());
    assert_eq!(m.span(a_retagged.id).unwrap().tag, "Source");
    assert_eq!(m.fact(fact.id).unwrap().name, "Renamed by A");
    assert_eq!(m.articles()[0].meta.title, "A new headline from coder A");
    assert!(m.schema.tag("Frame").is_some());
    // …and from B.
    assert!(m.span(b_new.id).is_some());
    assert_eq!(m.span(b_moved.id).unwrap().start, b_moved.start);
    assert_eq!(m.span(b_noted.id).unwrap().note, "noted by B");
    assert!(m
        .fact(fact.id)
        .unwrap()
        .member(claim_elsewhere.id)
        .is_some());
    assert_eq!(m.outlets(), order);
    assert_eq!(m.articles()[3].meta.author, "Coder B's byline");
    ok(parallax(&b, &["check", "sample.ron"]));
    ok(git(&b, &["log", "-1", "--format=%s"]));
}

#[test]
fn a_field_both_coders_changed_is_a_conflict_in_a_valid_project() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = two_clones(root.path());
    let p = load(&a);
    let span = span_of(&p, 0, 0);
    let deleted_by_a = span_of(&p, 1, 1);
    for (dir, note, who) in [(&a, "A thinks so", "A"), (&b, "B does not", "B")] {
        let mut edits = vec![Edit::SetNote {
            span: span.id,
            note: note.into(),
        }];
        // A deletes a span B changes.
        if who == "A" {
            edits.push(Edit::RemoveSpan(deleted_by_a.id));
        } else {
            edits.push(Edit::RetagSpan {
                span: deleted_by_a.id,
                tag: "Claim".into(),
            });
        }
        commit(dir, edits, who);
    }
    let pulled = git(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert!(!pulled.status.success(), "conflicts stop the pull");
    let text = std::fs::read_to_string(b.join("sample.ron")).unwrap();
    assert!(!text.contains("<<<<<<<"), "no text conflict markers");
    let m = load(&b);
    // Ours kept, theirs recorded; the changed span kept against the deletion.
    assert_eq!(m.span(span.id).unwrap().note, "B does not");
    assert_eq!(m.span(deleted_by_a.id).unwrap().tag, "Claim");
    assert_eq!(m.conflicts().len(), 2);
    let noted = m
        .conflicts()
        .iter()
        .find(|c| c.record == span.id.to_string())
        .unwrap();
    assert!(noted.theirs.as_deref().unwrap().contains("A thinks so"));
    let check = parallax(&b, &["check", "sample.ron"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "check fails while conflicts remain"
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("conflict"));
}

#[test]
fn merge_runs_by_hand_and_refuses_bad_input_without_touching_ours() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    for name in ["base.ron", "ours.ron", "theirs.ron"] {
        std::fs::copy(&sample, dir.join(name)).unwrap();
    }
    ok(parallax(
        dir,
        &["merge", "base.ron", "ours.ron", "theirs.ron"],
    ));
    assert_eq!(load_file(&dir.join("ours.ron")), load_file(&sample));
    // A damaged project: refused, ours untouched.
    let text = std::fs::read_to_string(&sample).unwrap();
    std::fs::write(dir.join("theirs.ron"), &text[..text.len() / 2]).unwrap();
    let before = std::fs::read(dir.join("ours.ron")).unwrap();
    let o = parallax(dir, &["merge", "base.ron", "ours.ron", "theirs.ron"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("theirs.ron"));
    assert_eq!(std::fs::read(dir.join("ours.ron")).unwrap(), before);
    // RON that is no project at all (`*.ron` names it too): git's text merge.
    let ron = |a: u32, b: u32| format!("(\n  a: {a},\n  x: 0,\n  y: 0,\n  z: 0,\n  b: {b},\n)\n");
    std::fs::write(dir.join("b.ron"), ron(1, 2)).unwrap();
    std::fs::write(dir.join("o.ron"), ron(10, 2)).unwrap();
    std::fs::write(dir.join("t.ron"), ron(1, 20)).unwrap();
    ok(parallax(dir, &["merge", "b.ron", "o.ron", "t.ron"]));
    assert_eq!(
        std::fs::read_to_string(dir.join("o.ron")).unwrap(),
        ron(10, 20)
    );

    // No common ancestor: git passes an empty file.
    std::fs::write(dir.join("base.ron"), "").unwrap();
    std::fs::copy(&sample, dir.join("theirs.ron")).unwrap();
    ok(parallax(
        dir,
        &["merge", "base.ron", "ours.ron", "theirs.ron"],
    ));
}

fn load_file(path: &Path) -> Project {
    project_file::load(path).unwrap()
}

/// Picking a version settles the conflict as one undoable edit.
#[test]
fn a_conflict_is_resolved_by_picking_a_version_and_undone() {
    use parallax::coding::{resolve_conflict, Side};
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    let base = load_file(&sample);
    let noted = span_of(&base, 0, 0);
    let gone = span_of(&base, 1, 1);
    let with = |note: &str, delete: bool| {
        let mut p = base.clone();
        let mut h = History::new();
        h.apply(
            &mut p,
            Edit::SetNote {
                span: noted.id,
                note: note.into(),
            },
        )
        .unwrap();
        let e = if delete {
            Edit::RemoveSpan(gone.id)
        } else {
            Edit::SetNote {
                span: gone.id,
                note: "kept by them".into(),
            }
        };
        h.apply(&mut p, e).unwrap();
        p
    };
    let merged = parallax::merge::merge(&base, &with("ours", true), &with("theirs", false));
    let mut p = merged.project;
    assert_eq!(p.conflicts().len(), 2);
    let conflict_of = |p: &Project, id: Id| {
        p.conflicts()
            .iter()
            .find(|c| c.record == id.to_string())
            .unwrap()
            .id
    };
    let mut h = History::new();
    // Theirs for the note.
    let c = conflict_of(&p, noted.id);
    let e = resolve_conflict(&p, c, Side::Theirs).unwrap();
    h.apply(&mut p, e).unwrap();
    assert_eq!(p.span(noted.id).unwrap().note, "theirs");
    // Ours (deleted) for the other: the span goes.
    let c = conflict_of(&p, gone.id);
    let e = resolve_conflict(&p, c, Side::Ours).unwrap();
    h.apply(&mut p, e).unwrap();
    assert!(p.span(gone.id).is_none());
    assert!(p.conflicts().is_empty());
    // Each is one undo step.
    h.undo(&mut p).unwrap();
    assert!(p.span(gone.id).is_some());
    assert_eq!(p.conflicts().len(), 1);
    h.undo(&mut p).unwrap();
    assert_eq!(p.span(noted.id).unwrap().note, "ours");
    assert_eq!(p.conflicts().len(), 2);
    // The file keeps them across a save.
    let text = project_file::to_string(&p);
    let (back, problems) = project_file::from_bytes(text.as_bytes()).unwrap();
    assert!(problems.is_empty());
    assert_eq!(back.conflicts(), p.conflicts());
}
