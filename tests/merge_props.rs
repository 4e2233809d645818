//! Properties of the three-way merge over random concurrent edit sequences
//! (seeded, so a failure repeats): nothing either side made is lost, a
//! side merged with an unchanged base gives the other, the merge is
//! symmetric in the records it keeps, and the result is a valid project.

use std::collections::BTreeSet;
use std::path::Path;

use parallax::edit::{Edit, History};
use parallax::merge::merge;
use parallax::model::{Id, Link, Member, Project, Relation, Span};
use parallax::project_file;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

fn sample() -> Project {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    project_file::load(&path).unwrap()
}

/// A word of an article, as a new span (ids from `next_id`).
fn word_span(p: &Project, rng: &mut Rng, id: Id, who: &str) -> Option<Span> {
    let a = rng.pick(p.articles())?.clone();
    let text: Vec<char> = a.text().chars().collect();
    let mut start = rng.below(text.len());
    while start < text.len()
        && !(text[start].is_alphabetic() && (start == 0 || !text[start - 1].is_alphabetic()))
    {
        start += 1;
    }
    let mut end = start;
    while end < text.len() && text[end].is_alphabetic() {
        end += 1;
    }
    if end == start {
        return None;
    }
    let tag = rng.pick(&p.schema.tags)?.name.clone();
    Span::new(id, &a, &tag, start..end, who)
}

/// One random edit a coder might make, or none when it does not apply.
fn random_edit(p: &Project, rng: &mut Rng, next_id: &mut u64, who: &str) -> Option<Edit> {
    let spans: Vec<Span> = p.all_spans().cloned().collect();
    let mut id = || {
        *next_id += 1;
        Id::from_u64(*next_id)
    };
    Some(match rng.below(11) {
        0 | 1 => Edit::AddSpan(word_span(p, rng, id(), who)?),
        2 => Edit::RemoveSpan(rng.pick(&spans)?.id),
        3 => Edit::RetagSpan {
            span: rng.pick(&spans)?.id,
            tag: rng.pick(&p.schema.tags)?.name.clone(),
        },
        4 => Edit::SetNote {
            span: rng.pick(&spans)?.id,
            note: format!("{who} {}", rng.below(3)),
        },
        5 => Edit::SetAttribute {
            span: rng.pick(&spans)?.id,
            key: "checked".into(),
            value: Some(format!("{who}{}", rng.below(2))),
            annotator: who.to_string(),
        },
        6 => {
            let claim = rng.pick(&spans)?.id;
            let source = rng.pick(&spans)?.id;
            if claim == source {
                return None;
            }
            Edit::AddLink(Link {
                id: id(),
                claim,
                source: Some(source),
                cue: None,
                note: String::new(),
                annotator: String::new(),
                created: None,
            })
        }
        7 => {
            let links: Vec<Id> = p.links().map(|l| l.id).collect();
            Edit::RemoveLink(*rng.pick(&links)?)
        }
        8 => Edit::RenameFact {
            fact: rng.pick(p.facts())?.id,
            name: format!("fact named by {who} {}", rng.below(3)),
        },
        9 => {
            let fact = rng.pick(p.facts())?;
            let span = rng.pick(&spans)?.id;
            if fact.member(span).is_some() {
                return None;
            }
            Edit::AddMember {
                fact: fact.id,
                member: Member {
                    span,
                    relation: Relation::Partial,
                    annotator: String::new(),
                    created: None,
                },
            }
        }
        _ => {
            let a = rng.pick(p.articles())?;
            let mut meta = a.meta.clone();
            meta.title = format!("{} ({who} {})", meta.title, rng.below(3));
            Edit::SetArticleMeta {
                article: a.id,
                meta,
            }
        }
    })
}

fn edited(base: &Project, rng: &mut Rng, next_id: &mut u64, who: &str) -> Project {
    let mut p = base.clone();
    let mut h = History::new();
    for _ in 0..rng.below(10) {
        if let Some(e) = random_edit(&p, rng, next_id, who) {
            // Some random edits are refused (a tag the span has already);
            // a refused edit changes nothing.
            let _ = h.apply(&mut p, e);
        }
    }
    p
}

/// Every span, orphan, link, fact and article id.
fn records(p: &Project) -> BTreeSet<(char, Id)> {
    let mut out = BTreeSet::new();
    out.extend(p.articles().iter().map(|a| ('a', a.id)));
    out.extend(p.all_spans().map(|s| ('s', s.id)));
    out.extend(p.orphans().map(|s| ('s', s.id)));
    out.extend(p.links().map(|l| ('l', l.id)));
    out.extend(p.facts().iter().map(|f| ('f', f.id)));
    out
}

fn span_or_orphan(p: &Project, id: Id) -> Option<&Span> {
    p.span(id).or_else(|| p.orphan(id))
}

#[test]
fn random_concurrent_edits_merge_without_losing_anything() {
    let base = sample();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut next_id = 1_000_000u64;
    let (mut conflicts, mut changed) = (0, 0);
    for round in 0..150 {
        let x = edited(&base, &mut rng, &mut next_id, "x");
        let y = edited(&base, &mut rng, &mut next_id, "y");
        let m = merge(&base, &x, &y).project;
        conflicts += m.conflicts().len();
        changed += usize::from(x != base) + usize::from(y != base);

        // A side merged with an unchanged base gives the other.
        assert!(
            merge(&x, &x, &y).project == y,
            "round {round}: merge(x, x, y) != y"
        );
        assert!(
            merge(&base, &x, &base).project == x,
            "round {round}: merge(b, x, b) != x"
        );

        // Symmetric in the records kept and the records in conflict.
        let n = merge(&base, &y, &x).project;
        assert_eq!(records(&m), records(&n), "round {round}");
        let named = |p: &Project| -> BTreeSet<String> {
            p.conflicts().iter().map(|c| c.record.clone()).collect()
        };
        assert_eq!(named(&m), named(&n), "round {round}");

        // Nothing lost: a span of either side is in the result, unless
        // the other side deleted it unchanged, or a conflict names it.
        for (side, other) in [(&x, &y), (&y, &x)] {
            for s in side.all_spans().chain(side.orphans()) {
                if span_or_orphan(&m, s.id).is_some() || named(&m).contains(&s.id.to_string()) {
                    continue;
                }
                let deleted_unchanged =
                    span_or_orphan(other, s.id).is_none() && span_or_orphan(&base, s.id) == Some(s);
                assert!(deleted_unchanged, "round {round}: span {} lost", s.id);
            }
        }

        // The result is a valid project file.
        let text = project_file::to_string(&m);
        let (back, problems) = project_file::from_bytes(text.as_bytes()).unwrap();
        assert!(problems.is_empty(), "round {round}: {problems:?}");
        assert!(
            back == m,
            "round {round}: the merged project reads back the same"
        );
    }
    // The rounds did edit, and clashed now and then.
    assert!(changed > 200, "{changed} edited sides");
    assert!(conflicts > 10, "{conflicts} conflicts");
    eprintln!("{changed} edited sides, {conflicts} conflicts");
}
