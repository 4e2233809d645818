//! Edits and undo/redo, without a window.

use parallax::edit::{Edit, EditError, History};
use parallax::model::{
    Article, ArticleMeta, Fact, Id, Link, Member, Project, Relation, Schema, Span,
};

const TEXT: &str = "Officials said the talks lasted two hours. قال المتحدث إن 👩‍👩‍👧 東京 e\u{301}";

fn project() -> (Project, Id) {
    let mut p = Project::new(Schema::default());
    let a = Article::new(
        Id::from_u64(1),
        "a.txt".into(),
        "UTF-8".into(),
        String::new(),
        ArticleMeta::default(),
        TEXT.into(),
    );
    p.add_article(a).unwrap();
    let b = Article::new(
        Id::from_u64(2),
        "b.txt".into(),
        "UTF-8".into(),
        String::new(),
        ArticleMeta::default(),
        "Another outlet said the talks lasted two hours.".into(),
    );
    p.add_article(b).unwrap();
    (p, Id::from_u64(1))
}

fn span(p: &Project, article: Id, id: u64, tag: &str, range: std::ops::Range<usize>) -> Span {
    Span::new(
        Id::from_u64(id),
        p.article(article).unwrap(),
        tag,
        range,
        "tester",
    )
    .unwrap()
}

/// Apply edits one step each, then undo all and redo all, checking every state.
fn check_undo_redo(mut p: Project, edits: Vec<Edit>) {
    let mut h = History::new();
    let mut states = vec![p.clone()];
    for e in edits {
        h.apply(&mut p, e).unwrap();
        states.push(p.clone());
    }
    for want in states.iter().rev().skip(1) {
        assert!(h.undo(&mut p).unwrap().is_some());
        assert_eq!(&p, want);
    }
    assert_eq!(h.undo(&mut p).unwrap(), None);
    for want in states.iter().skip(1) {
        assert!(h.redo(&mut p).unwrap().is_some());
        assert_eq!(&p, want);
    }
    assert_eq!(h.redo(&mut p).unwrap(), None);
}

#[test]
fn every_kind_of_edit_undoes_and_redoes() {
    let (p, a) = project();
    let claim = span(&p, a, 10, "Claim", 15..41);
    let source = span(&p, a, 11, "Source", 0..9);
    let cue = span(&p, a, 12, "Attribution", 10..14);
    // Arabic, emoji ZWJ sequence and a combining accent, by code points.
    let arabic = span(&p, a, 13, "Source", 43..55);
    assert_eq!(arabic.quote, "قال المتحدث ");
    let emoji = span(&p, a, 14, "Claim", 58..63);
    assert_eq!(emoji.quote, "👩‍👩‍👧");
    let other = span(&p, Id::from_u64(2), 15, "Claim", 20..47);
    let mut schema = Schema::default();
    schema.tags.push(schema.new_tag("Frame"));
    let edits = vec![
        Edit::AddSpan(claim),
        Edit::AddSpan(source),
        Edit::AddSpan(cue),
        Edit::AddSpan(arabic),
        Edit::AddSpan(emoji),
        Edit::AddSpan(other),
        Edit::RetagSpan {
            span: Id::from_u64(13),
            tag: "Claim".into(),
        },
        Edit::SetNote {
            span: Id::from_u64(10),
            note: "the length is disputed".into(),
        },
        Edit::SetAttribute {
            span: Id::from_u64(11),
            key: "source_type".into(),
            value: Some("role only".into()),
            annotator: "ana".into(),
        },
        Edit::SetAttribute {
            span: Id::from_u64(11),
            key: "source_type".into(),
            value: None,
            annotator: "ana".into(),
        },
        Edit::SetArticleMeta {
            article: a,
            meta: ArticleMeta {
                outlet: "Daily".into(),
                title: "Talks".into(),
                ..Default::default()
            },
        },
        Edit::AddLink(Link {
            id: Id::from_u64(20),
            claim: Id::from_u64(10),
            source: Some(Id::from_u64(11)),
            cue: Some(Id::from_u64(12)),
            note: String::new(),
            annotator: String::new(),
            created: None,
        }),
        Edit::AddFact {
            fact: Fact {
                id: Id::from_u64(30),
                name: "Talks lasted two hours".into(),
                note: String::new(),
                members: vec![],
            },
            index: 0,
        },
        Edit::AddMember {
            fact: Id::from_u64(30),
            member: Member {
                span: Id::from_u64(10),
                relation: Relation::Equivalent,
                annotator: String::new(),
                created: None,
            },
        },
        Edit::AddMember {
            fact: Id::from_u64(30),
            member: Member {
                span: Id::from_u64(15),
                relation: Relation::Partial,
                annotator: String::new(),
                created: None,
            },
        },
        Edit::SetRelation {
            fact: Id::from_u64(30),
            span: Id::from_u64(15),
            relation: Relation::Contradicts,
        },
        Edit::RenameFact {
            fact: Id::from_u64(30),
            name: "Two-hour talks".into(),
        },
        Edit::RemoveMember {
            fact: Id::from_u64(30),
            span: Id::from_u64(15),
        },
        Edit::SetSchema(schema),
        Edit::RenameTag {
            from: "Claim".into(),
            to: "Content".into(),
        },
        Edit::SetOutletOrder(vec!["Daily".into()]),
        Edit::RemoveSpan(Id::from_u64(12)),
        Edit::RemoveSpan(Id::from_u64(10)),
        Edit::RemoveFact(Id::from_u64(30)),
    ];
    check_undo_redo(p, edits);
}

#[test]
fn deleting_a_span_repairs_or_removes_its_links_and_memberships() {
    let (mut p, a) = project();
    let mut h = History::new();
    for s in [
        span(&p, a, 10, "Claim", 15..41),
        span(&p, a, 11, "Source", 0..9),
        span(&p, a, 12, "Attribution", 10..14),
    ] {
        h.apply(&mut p, Edit::AddSpan(s)).unwrap();
    }
    let link = Link {
        id: Id::from_u64(20),
        claim: Id::from_u64(10),
        source: Some(Id::from_u64(11)),
        cue: Some(Id::from_u64(12)),
        note: String::new(),
        annotator: String::new(),
        created: None,
    };
    h.apply(&mut p, Edit::AddLink(link.clone())).unwrap();
    let fact = Fact {
        id: Id::from_u64(30),
        name: "f".into(),
        note: String::new(),
        members: vec![Member {
            span: Id::from_u64(10),
            relation: Relation::Equivalent,
            annotator: String::new(),
            created: None,
        }],
    };
    h.apply(&mut p, Edit::AddFact { fact, index: 0 }).unwrap();
    let before = p.clone();

    // Losing the cue keeps the link, repaired.
    h.apply(&mut p, Edit::RemoveSpan(Id::from_u64(12))).unwrap();
    assert_eq!(p.link(Id::from_u64(20)).unwrap().cue, None);
    assert_eq!(
        p.link(Id::from_u64(20)).unwrap().source,
        Some(Id::from_u64(11))
    );
    // Losing the claim removes the link and the membership.
    h.apply(&mut p, Edit::RemoveSpan(Id::from_u64(10))).unwrap();
    assert_eq!(p.link_count(), 0);
    assert!(p.fact(Id::from_u64(30)).unwrap().members.is_empty());

    h.undo(&mut p).unwrap();
    h.undo(&mut p).unwrap();
    assert_eq!(p, before);
    assert_eq!(p.link(Id::from_u64(20)), Some(&link));
}

/// Views of facts are keyed on `facts_version`: it moves with every change
/// to a fact (a member deleted with its span included), not with new spans.
#[test]
fn the_facts_version_moves_with_facts_only() {
    let (mut p, a) = project();
    let mut h = History::new();
    let claim = span(&p, a, 10, "Claim", 15..41);
    h.apply(&mut p, Edit::AddSpan(claim)).unwrap();
    let v = p.facts_version();
    let source = span(&p, a, 11, "Source", 0..9);
    h.apply(&mut p, Edit::AddSpan(source)).unwrap();
    assert_eq!(p.facts_version(), v, "a new span leaves facts alone");
    let fact = Fact {
        id: Id::from_u64(30),
        name: "f".into(),
        note: String::new(),
        members: vec![Member {
            span: Id::from_u64(10),
            relation: Relation::Equivalent,
            annotator: String::new(),
            created: None,
        }],
    };
    let steps = [
        Edit::AddFact { fact, index: 0 },
        Edit::RenameFact {
            fact: Id::from_u64(30),
            name: "g".into(),
        },
        Edit::RemoveSpan(Id::from_u64(10)),
    ];
    let mut last = p.facts_version();
    for edit in steps {
        h.apply(&mut p, edit).unwrap();
        assert!(p.facts_version() > last);
        last = p.facts_version();
    }
    h.undo(&mut p).unwrap();
    assert!(p.facts_version() > last, "undo moves it too");
}

#[test]
fn invalid_edits_are_refused_and_leave_the_project_alone() {
    let (mut p, a) = project();
    let s = span(&p, a, 10, "Claim", 0..9);
    Edit::AddSpan(s.clone()).apply(&mut p).unwrap();
    let before = p.clone();
    assert_eq!(
        Edit::AddSpan(s.clone()).apply(&mut p),
        Err(EditError::DuplicateId(Id::from_u64(10)))
    );
    let mut bad = s.clone();
    bad.id = Id::from_u64(11);
    bad.end = 10_000;
    assert!(matches!(
        Edit::AddSpan(bad.clone()).apply(&mut p),
        Err(EditError::OutOfRange { .. })
    ));
    bad.end = 9;
    bad.quote = "something else".into();
    assert_eq!(
        Edit::AddSpan(bad.clone()).apply(&mut p),
        Err(EditError::QuoteMismatch(Id::from_u64(11)))
    );
    bad.quote = s.quote.clone();
    bad.tag = "Nope".into();
    assert_eq!(
        Edit::AddSpan(bad).apply(&mut p),
        Err(EditError::NoTag("Nope".into()))
    );
    assert_eq!(
        Edit::RetagSpan {
            span: Id::from_u64(10),
            tag: "Nope".into()
        }
        .apply(&mut p),
        Err(EditError::NoTag("Nope".into()))
    );
    // A link across articles.
    let other = span(&p, Id::from_u64(2), 12, "Source", 0..7);
    Edit::AddSpan(other).apply(&mut p).unwrap();
    let before_link = p.clone();
    let cross = Link {
        id: Id::from_u64(20),
        claim: Id::from_u64(10),
        source: Some(Id::from_u64(12)),
        cue: None,
        note: String::new(),
        annotator: String::new(),
        created: None,
    };
    assert_eq!(
        Edit::AddLink(cross).apply(&mut p),
        Err(EditError::CrossArticleLink(Id::from_u64(20)))
    );
    assert_eq!(p, before_link);
    // Dropping a tag that spans use.
    assert!(matches!(
        Edit::SetSchema(Schema { tags: vec![] }).apply(&mut p),
        Err(EditError::TagInUse { .. })
    ));
    Edit::RemoveSpan(Id::from_u64(12)).apply(&mut p).unwrap();
    assert_eq!(p, before);
}

#[test]
fn a_failing_batch_is_rolled_back_whole() {
    let (mut p, a) = project();
    let before = p.clone();
    let good = span(&p, a, 10, "Claim", 0..9);
    let dup = good.clone();
    let batch = Edit::Batch(vec![Edit::AddSpan(good), Edit::AddSpan(dup)]);
    assert!(batch.apply(&mut p).is_err());
    assert_eq!(p, before);
}

#[test]
fn undo_works_across_articles_and_tracks_the_revision() {
    let (mut p, a) = project();
    let mut h = History::new();
    let start = h.revision();
    let first = span(&p, a, 10, "Claim", 0..9);
    let second = span(&p, Id::from_u64(2), 11, "Source", 0..7);
    h.apply(&mut p, Edit::AddSpan(first)).unwrap();
    h.apply(&mut p, Edit::AddSpan(second)).unwrap();
    let two = h.revision();
    assert_eq!(h.undo_label(), Some("add span"));
    h.undo(&mut p).unwrap();
    h.undo(&mut p).unwrap();
    assert_eq!(h.revision(), start, "back at the saved state");
    assert_eq!(p.span_count(), 0);
    h.redo(&mut p).unwrap();
    h.redo(&mut p).unwrap();
    assert_eq!(h.revision(), two);
    // A new edit after undo drops the redo stack.
    h.undo(&mut p).unwrap();
    h.apply(
        &mut p,
        Edit::SetNote {
            span: Id::from_u64(10),
            note: "n".into(),
        },
    )
    .unwrap();
    assert!(!h.can_redo());
    assert_ne!(
        h.revision(),
        two,
        "a different state gets a different revision"
    );
}

/// An attribute's value records who set it and when; clearing it clears
/// that too; undo brings back the earlier value with its stamp; the stamp
/// survives saving (format version 4).
#[test]
fn attribute_values_record_who_set_them() {
    let (mut p, a) = project();
    let mut h = History::new();
    let source = span(&p, a, 11, "Source", 0..9);
    h.apply(&mut p, Edit::AddSpan(source)).unwrap();
    let set = |value: Option<&str>, who: &str| Edit::SetAttribute {
        span: Id::from_u64(11),
        key: "source_type".into(),
        value: value.map(str::to_owned),
        annotator: who.into(),
    };
    h.apply(&mut p, set(Some("anonymous"), "ana")).unwrap();
    let stamp = p.span(Id::from_u64(11)).unwrap().attribute_stamps["source_type"].clone();
    assert_eq!(stamp.annotator, "ana");
    h.apply(&mut p, set(Some("role only"), "ben")).unwrap();
    let s = p.span(Id::from_u64(11)).unwrap();
    assert_eq!(s.attribute_stamps["source_type"].annotator, "ben");
    let text = parallax::project_file::to_string(&p);
    assert!(
        text.contains("attribute_stamps: {\"source_type\": (annotator: \"ben\""),
        "{text}"
    );
    let (q, _) = parallax::project_file::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(q, p);
    h.undo(&mut p).unwrap();
    assert_eq!(
        p.span(Id::from_u64(11)).unwrap().attribute_stamps["source_type"],
        stamp
    );
    h.apply(&mut p, set(None, "ben")).unwrap();
    assert!(p
        .span(Id::from_u64(11))
        .unwrap()
        .attribute_stamps
        .is_empty());
}
