//! Three-way merge of project files by id: what two coders did to the same
//! project since a common version, as git asks of a merge driver.
//!
//! Rules, per record (article, span, orphan, link, fact, tag, the outlet
//! order):
//! - a change or addition on one side only is taken;
//! - a deletion wins over a record the other side left unchanged;
//! - a deletion against a change keeps the changed record, and records a
//!   conflict;
//! - records changed on both sides are merged field by field: a field
//!   changed on one side is taken, a field changed differently on both keeps
//!   ours and records a conflict with both versions.
//!
//! Then what the records refer to is made whole: a span whose article or
//! tag the other side deleted, or a span a link or fact still needs, is
//! brought back (a conflict says so), and spans placed on text the other
//! side replaced are anchored again on the new text (orphans if they no
//! longer fit). Nothing either side made is lost: it is in the result, or
//! named in a conflict.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{
    Article, ArticleMeta, Attributes, Conflict, ConflictKind, Fact, Id, Link, Member, Project,
    Snapshot, Span, TagDef,
};

/// What a merge made.
pub struct Merged {
    pub project: Project,
    /// The conflicts this merge found (the project also keeps those that
    /// either side had not resolved yet).
    pub new_conflicts: usize,
}

/// Merge `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let (b, o, t) = (base.snapshot(), ours.snapshot(), theirs.snapshot());
    let mut m = Merger {
        conflicts: Vec::new(),
        used: BTreeSet::new(),
    };
    for s in [&b, &o, &t] {
        m.note_ids(s);
    }

    let outlet_order = m.whole(
        ConflictKind::OutletOrder,
        String::new(),
        Some(&b.outlet_order),
        Some(&o.outlet_order),
        Some(&t.outlet_order),
    );
    let tags = m.tags(&b, &o, &t);
    let articles = m.records(
        ConflictKind::Article,
        by_id(&b.articles, |a| a.id),
        by_id(&o.articles, |a| a.id),
        by_id(&t.articles, |a| a.id),
        |b, o, t, clash| Arc::new(merge_article(b, o, t, clash)),
        ArticleVersion::of,
    );
    // Spans and orphans as one collection: a span one side orphaned (its
    // text was replaced) is the same record the other side may have edited.
    let placed = |s: &Snapshot| -> Vec<Placed> {
        s.spans
            .iter()
            .map(|x| Placed {
                span: (**x).clone(),
                orphan: false,
            })
            .chain(s.orphans.iter().map(|x| Placed {
                span: x.clone(),
                orphan: true,
            }))
            .collect()
    };
    let all = m.records(
        ConflictKind::Span,
        by_id(&placed(&b), |r| r.span.id),
        by_id(&placed(&o), |r| r.span.id),
        by_id(&placed(&t), |r| r.span.id),
        |b, o, t, clash| Placed {
            span: merge_span(&b.span, &o.span, &t.span, clash),
            orphan: pick(&b.orphan, &o.orphan, &t.orphan, clash),
        },
        |r| r.span.clone(),
    );
    let (orphaned, kept): (Vec<Placed>, Vec<Placed>) = all.into_iter().partition(|r| r.orphan);
    let spans: Vec<Arc<Span>> = kept.into_iter().map(|r| Arc::new(r.span)).collect();
    let orphans: Vec<Span> = orphaned.into_iter().map(|r| r.span).collect();
    let links = m.records(
        ConflictKind::Link,
        by_id(&b.links, |l| l.id),
        by_id(&o.links, |l| l.id),
        by_id(&t.links, |l| l.id),
        merge_link,
        Clone::clone,
    );
    let facts = m.records(
        ConflictKind::Fact,
        by_id(&b.facts, |f| f.id),
        by_id(&o.facts, |f| f.id),
        by_id(&t.facts, |f| f.id),
        merge_fact,
        Clone::clone,
    );
    let mut result = Snapshot {
        schema: crate::model::Schema { tags },
        outlet_order: outlet_order.unwrap_or_default(),
        articles,
        spans,
        links,
        facts,
        orphans,
        conflicts: Vec::new(),
        rulings: Vec::new(),
    };
    m.make_whole(&mut result, &o, &t);
    let new_conflicts = m.conflicts.len();
    // Conflicts either side still had, then this merge's.
    let mut conflicts = unless_taken_back(&b.conflicts, &o.conflicts, &t.conflicts, |c| c.id);
    conflicts.extend(m.conflicts);
    result.conflicts = conflicts;
    // Rulings are never changed, only made or taken back.
    let mut rulings = unless_taken_back(&b.rulings, &o.rulings, &t.rulings, |r| r.id);
    rulings.retain(|r| result.articles.iter().any(|a| a.id == r.article));
    result.rulings = rulings;
    Merged {
        project: Project::from_snapshot(result.ordered()),
        new_conflicts,
    }
}

/// A span and whether it is an orphan (lost its place in replaced text).
#[derive(Clone, PartialEq)]
struct Placed {
    span: Span,
    orphan: bool,
}

/// An article as a conflict keeps it: its metadata and its text.
#[derive(Serialize, serde::Deserialize)]
pub struct ArticleVersion {
    pub path: String,
    pub encoding: String,
    pub sha256: String,
    pub meta: ArticleMeta,
    pub text: String,
}

impl ArticleVersion {
    fn of(a: &Arc<Article>) -> Self {
        Self {
            path: a.path.clone(),
            encoding: a.encoding.clone(),
            sha256: a.sha256.clone(),
            meta: a.meta.clone(),
            text: a.text().to_owned(),
        }
    }
}

/// Records that are made or taken back but never changed: those either
/// side has, unless one side took back what the base had.
fn unless_taken_back<T: Clone>(b: &[T], o: &[T], t: &[T], id: impl Fn(&T) -> Id) -> Vec<T> {
    let has = |list: &[T], x: Id| list.iter().any(|y| id(y) == x);
    let mut out: Vec<T> = Vec::new();
    for c in o.iter().chain(t) {
        let x = id(c);
        let taken_back = has(b, x) && !(has(o, x) && has(t, x));
        if !taken_back && !has(&out, x) {
            out.push(c.clone());
        }
    }
    out
}

/// Records by id, with the order they came in.
struct Keyed<T> {
    order: Vec<Id>,
    map: BTreeMap<Id, T>,
}

impl<T> Keyed<T> {
    fn get(&self, id: &Id) -> Option<&T> {
        self.map.get(id)
    }
}

fn by_id<T: Clone>(items: &[T], id: impl Fn(&T) -> Id) -> Keyed<T> {
    Keyed {
        order: items.iter().map(&id).collect(),
        map: items.iter().map(|x| (id(x), x.clone())).collect(),
    }
}

/// Ids in our order (theirs if only they reordered what the base had),
/// then the other side's new ones in its order, then the base's others
/// (deleted on a side). Adding or deleting records is not reordering.
fn order<T>(o: &Keyed<T>, t: &Keyed<T>, b: &Keyed<T>) -> Vec<Id> {
    let reordered = |x: &Keyed<T>| {
        let mine = x.order.iter().filter(|id| b.map.contains_key(id));
        let base = b.order.iter().filter(|id| x.map.contains_key(id));
        !mine.eq(base)
    };
    let (first, second) = if !reordered(o) && reordered(t) {
        (&t.order, &o.order)
    } else {
        (&o.order, &t.order)
    };
    let mut seen = BTreeSet::new();
    first
        .iter()
        .chain(second)
        .chain(&b.order)
        .copied()
        .filter(|id| seen.insert(*id))
        .collect()
}

/// One field of a record changed on both sides: ours, noting the clash.
fn pick<T: PartialEq + Clone>(b: &T, o: &T, t: &T, clash: &mut bool) -> T {
    if o == t || b == t {
        o.clone()
    } else if b == o {
        t.clone()
    } else {
        *clash = true;
        o.clone()
    }
}

fn merge_span(b: &Span, o: &Span, t: &Span, clash: &mut bool) -> Span {
    let place = |s: &Span| {
        (
            s.start,
            s.end,
            s.quote.clone(),
            s.prefix.clone(),
            s.suffix.clone(),
        )
    };
    let (start, end, quote, prefix, suffix) = pick(&place(b), &place(o), &place(t), clash);
    let attributes = merge_attributes(&b.attributes, &o.attributes, &t.attributes, clash);
    // Each value keeps the stamp of the side it came from.
    let attribute_stamps = attributes
        .iter()
        .filter_map(|(k, v)| {
            let from = if o.attributes.get(k) == Some(v) { o } else { t };
            Some((k.clone(), from.attribute_stamps.get(k)?.clone()))
        })
        .collect();
    Span {
        id: o.id,
        article: pick(&b.article, &o.article, &t.article, clash),
        tag: pick(&b.tag, &o.tag, &t.tag, clash),
        start,
        end,
        quote,
        prefix,
        suffix,
        note: pick(&b.note, &o.note, &t.note, clash),
        attributes,
        attribute_stamps,
        annotator: pick(&b.annotator, &o.annotator, &t.annotator, clash),
        created: o.created.min(t.created),
        modified: o.modified.max(t.modified),
    }
}

/// Attributes key by key, as records are merged.
fn merge_attributes(
    b: &Attributes,
    o: &Attributes,
    t: &Attributes,
    clash: &mut bool,
) -> Attributes {
    let keys: BTreeSet<&String> = b
        .iter()
        .chain(o.iter())
        .chain(t.iter())
        .map(|(k, _)| k)
        .collect();
    let mut out = Attributes::new();
    for k in keys {
        let v = pick(&b.get(k), &o.get(k), &t.get(k), clash);
        if let Some(v) = v {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn merge_link(b: &Link, o: &Link, t: &Link, clash: &mut bool) -> Link {
    Link {
        id: o.id,
        claim: pick(&b.claim, &o.claim, &t.claim, clash),
        source: pick(&b.source, &o.source, &t.source, clash),
        cue: pick(&b.cue, &o.cue, &t.cue, clash),
        note: pick(&b.note, &o.note, &t.note, clash),
        annotator: pick(&b.annotator, &o.annotator, &t.annotator, clash),
        created: o.created.or(t.created),
    }
}

fn merge_fact(b: &Fact, o: &Fact, t: &Fact, clash: &mut bool) -> Fact {
    // Members by span, in our order, then theirs' new ones.
    let relation = |f: &Fact, s: Id| f.member(s).map(|m| m.relation);
    let mut order: Vec<Id> = o.members.iter().map(|m| m.span).collect();
    for m in t.members.iter().chain(&b.members) {
        if !order.contains(&m.span) {
            order.push(m.span);
        }
    }
    let members = order
        .into_iter()
        .filter_map(|s| {
            let (rb, ro, rt) = (relation(b, s), relation(o, s), relation(t, s));
            let kept = match (rb, ro, rt) {
                // Deleted on one side, changed on the other: kept, a clash.
                (Some(rb), None, Some(rt)) if rb != rt => {
                    *clash = true;
                    Some(rt)
                }
                (Some(rb), Some(ro), None) if rb != ro => {
                    *clash = true;
                    Some(ro)
                }
                _ => pick(&rb, &ro, &rt, clash),
            };
            // Who put the claim in: from the side whose membership is kept.
            let made = o.member(s).or(t.member(s)).or(b.member(s));
            kept.map(|relation| Member {
                span: s,
                relation,
                annotator: made.map(|m| m.annotator.clone()).unwrap_or_default(),
                created: made.and_then(|m| m.created),
            })
        })
        .collect();
    Fact {
        id: o.id,
        name: pick(&b.name, &o.name, &t.name, clash),
        note: pick(&b.note, &o.note, &t.note, clash),
        members,
    }
}

fn merge_article(
    b: &Arc<Article>,
    o: &Arc<Article>,
    t: &Arc<Article>,
    clash: &mut bool,
) -> Article {
    // Where the file is (a moved folder) apart from what it holds (an update).
    let path = pick(&b.path, &o.path, &t.path, clash);
    let content = |a: &Arc<Article>| (a.encoding.clone(), a.sha256.clone(), a.text().to_owned());
    let (encoding, sha256, text) = pick(&content(b), &content(o), &content(t), clash);
    let (mb, mo, mt) = (&b.meta, &o.meta, &t.meta);
    let meta = ArticleMeta {
        outlet: pick(&mb.outlet, &mo.outlet, &mt.outlet, clash),
        title: pick(&mb.title, &mo.title, &mt.title, clash),
        date: pick(&mb.date, &mo.date, &mt.date, clash),
        url: pick(&mb.url, &mo.url, &mt.url, clash),
        author: pick(&mb.author, &mo.author, &mt.author, clash),
        extra: pick(&mb.extra, &mo.extra, &mt.extra, clash),
        direction: pick(&mb.direction, &mo.direction, &mt.direction, clash),
    };
    Article::new(o.id, path, encoding, sha256, meta, text)
}

fn merge_tag(b: &TagDef, o: &TagDef, t: &TagDef, clash: &mut bool) -> TagDef {
    TagDef {
        name: o.name.clone(),
        color: pick(&b.color, &o.color, &t.color, clash),
        hotkey: pick(&b.hotkey, &o.hotkey, &t.hotkey, clash),
        attributes: pick(&b.attributes, &o.attributes, &t.attributes, clash),
        guide: pick(&b.guide, &o.guide, &t.guide, clash),
    }
}

struct Merger {
    conflicts: Vec<Conflict>,
    /// Every id in the three versions, so a conflict's id is new to all.
    used: BTreeSet<Id>,
}

impl Merger {
    fn note_ids(&mut self, s: &Snapshot) {
        self.used.extend(s.articles.iter().map(|a| a.id));
        self.used.extend(s.spans.iter().map(|x| x.id));
        self.used.extend(s.orphans.iter().map(|x| x.id));
        self.used.extend(s.links.iter().map(|x| x.id));
        self.used.extend(s.facts.iter().map(|x| x.id));
        self.used.extend(s.conflicts.iter().map(|x| x.id));
    }

    fn conflict<V: Serialize>(
        &mut self,
        kind: ConflictKind,
        record: String,
        reason: &str,
        ours: Option<&V>,
        theirs: Option<&V>,
    ) {
        let text = |v: &V| crate::project_file::pretty(v).unwrap_or_else(|e| format!("({e})"));
        let mut id = Id::random();
        while !self.used.insert(id) {
            id = Id::random();
        }
        self.conflicts.push(Conflict {
            id,
            kind,
            record,
            reason: reason.to_owned(),
            ours: ours.map(text),
            theirs: theirs.map(text),
        });
    }

    /// A record one side deleted and the other still needs: the side that
    /// has it keeps its version in the conflict, the other none.
    fn brought_back<V: Serialize>(
        &mut self,
        kind: ConflictKind,
        record: String,
        reason: &str,
        v: &V,
        ours_has: bool,
    ) {
        let (mine, other) = if ours_has {
            (Some(v), None)
        } else {
            (None, Some(v))
        };
        self.conflict(kind, record, reason, mine, other);
    }

    /// One record by the rules at the top of this module; `fields` merges
    /// a record changed on both sides.
    #[allow(clippy::too_many_arguments)]
    fn one<T: PartialEq + Clone, V: Serialize>(
        &mut self,
        kind: ConflictKind,
        record: String,
        b: Option<&T>,
        o: Option<&T>,
        t: Option<&T>,
        fields: impl Fn(&T, &T, &T, &mut bool) -> T,
        shown: impl Fn(&T) -> V,
    ) -> Option<T> {
        let shown_pair = |o: Option<&T>, t: Option<&T>| (o.map(&shown), t.map(&shown));
        match (b, o, t) {
            (_, None, None) => None,
            (_, Some(o), Some(t)) if o == t => Some(o.clone()),
            (None, Some(x), None) | (None, None, Some(x)) => Some(x.clone()),
            (Some(b), Some(o), None) => {
                if b == o {
                    None
                } else {
                    let (so, st) = shown_pair(Some(o), None);
                    self.conflict(
                        kind,
                        record,
                        "changed by us, deleted by them; kept",
                        so.as_ref(),
                        st.as_ref(),
                    );
                    Some(o.clone())
                }
            }
            (Some(b), None, Some(t)) => {
                if b == t {
                    None
                } else {
                    let (so, st) = shown_pair(None, Some(t));
                    self.conflict(
                        kind,
                        record,
                        "deleted by us, changed by them; kept",
                        so.as_ref(),
                        st.as_ref(),
                    );
                    Some(t.clone())
                }
            }
            (None, Some(o), Some(t)) => {
                let (so, st) = shown_pair(Some(o), Some(t));
                self.conflict(
                    kind,
                    record,
                    "added on both sides differently; ours kept",
                    so.as_ref(),
                    st.as_ref(),
                );
                Some(o.clone())
            }
            (Some(b), Some(o), Some(t)) => {
                if b == o {
                    return Some(t.clone());
                }
                if b == t {
                    return Some(o.clone());
                }
                let mut clash = false;
                let merged = fields(b, o, t, &mut clash);
                if clash {
                    // The versions to choose from hold both sides' clean
                    // changes; they differ only where the sides clash.
                    let theirs_first = fields(b, t, o, &mut false);
                    let (so, st) = shown_pair(Some(&merged), Some(&theirs_first));
                    self.conflict(
                        kind,
                        record,
                        "changed differently on both sides; ours kept where they clash",
                        so.as_ref(),
                        st.as_ref(),
                    );
                }
                Some(merged)
            }
        }
    }

    /// A collection of records by id: ours in our order, then theirs' new.
    fn records<T: PartialEq + Clone, V: Serialize>(
        &mut self,
        kind: ConflictKind,
        b: Keyed<T>,
        o: Keyed<T>,
        t: Keyed<T>,
        fields: impl Fn(&T, &T, &T, &mut bool) -> T + Copy,
        shown: impl Fn(&T) -> V + Copy,
    ) -> Vec<T> {
        let ids: Vec<Id> = order(&o, &t, &b);
        ids.into_iter()
            .filter_map(|id| {
                self.one(
                    kind,
                    id.to_string(),
                    b.get(&id),
                    o.get(&id),
                    t.get(&id),
                    fields,
                    shown,
                )
            })
            .collect()
    }

    /// A value merged whole (the outlet order).
    fn whole<T: PartialEq + Clone + Serialize>(
        &mut self,
        kind: ConflictKind,
        record: String,
        b: Option<&T>,
        o: Option<&T>,
        t: Option<&T>,
    ) -> Option<T> {
        self.one(
            kind,
            record,
            b,
            o,
            t,
            |_, o, _, clash| {
                *clash = true;
                o.clone()
            },
            Clone::clone,
        )
    }

    /// Tags by name, in our order, then theirs' new ones.
    fn tags(&mut self, b: &Snapshot, o: &Snapshot, t: &Snapshot) -> Vec<TagDef> {
        let find = |s: &Snapshot, n: &str| s.schema.tags.iter().find(|x| x.name == n).cloned();
        let names_of = |s: &Snapshot| -> Vec<String> {
            s.schema.tags.iter().map(|x| x.name.clone()).collect()
        };
        let (first, second) = if names_of(o) == names_of(b) {
            (t, o)
        } else {
            (o, t)
        };
        let mut names: Vec<String> = Vec::new();
        for tag in first
            .schema
            .tags
            .iter()
            .chain(&second.schema.tags)
            .chain(&b.schema.tags)
        {
            if !names.contains(&tag.name) {
                names.push(tag.name.clone());
            }
        }
        names
            .into_iter()
            .filter_map(|n| {
                let (tb, to, tt) = (find(b, &n), find(o, &n), find(t, &n));
                self.one(
                    ConflictKind::Tag,
                    n,
                    tb.as_ref(),
                    to.as_ref(),
                    tt.as_ref(),
                    merge_tag,
                    Clone::clone,
                )
            })
            .collect()
    }

    /// Bring back what kept records still need, and place spans on the
    /// merged texts.
    fn make_whole(&mut self, r: &mut Snapshot, o: &Snapshot, t: &Snapshot) {
        let from_either = |id: Id| {
            o.spans
                .iter()
                .chain(&t.spans)
                .find(|s| s.id == id)
                .map(|s| (**s).clone())
                .or_else(|| {
                    o.orphans
                        .iter()
                        .chain(&t.orphans)
                        .find(|s| s.id == id)
                        .cloned()
                })
        };
        // Spans that links and facts still name.
        let mut present: BTreeSet<Id> = r.spans.iter().map(|s| s.id).collect();
        present.extend(r.orphans.iter().map(|s| s.id));
        let mut needed: Vec<Id> = Vec::new();
        for l in &r.links {
            needed.extend(l.spans());
        }
        for f in &r.facts {
            needed.extend(f.members.iter().map(|m| m.span));
        }
        for id in needed {
            if present.contains(&id) {
                continue;
            }
            if let Some(s) = from_either(id) {
                let ours_has =
                    o.spans.iter().any(|x| x.id == id) || o.orphans.iter().any(|x| x.id == id);
                self.brought_back(
                    ConflictKind::Span,
                    id.to_string(),
                    "deleted on one side, but a link or fact of the other needs it; brought back",
                    &s,
                    ours_has,
                );
                present.insert(id);
                r.spans.push(Arc::new(s));
            }
        }
        // References to spans that no side has any more go.
        for l in &mut r.links {
            if l.source.is_some_and(|s| !present.contains(&s)) {
                l.source = None;
            }
            if l.cue.is_some_and(|s| !present.contains(&s)) {
                l.cue = None;
            }
        }
        // A link needs its claim and a source or a cue (each side may have
        // deleted one of the two).
        r.links
            .retain(|l| present.contains(&l.claim) && (l.source.is_some() || l.cue.is_some()));
        for f in &mut r.facts {
            f.members.retain(|m| present.contains(&m.span));
        }
        // Articles and tags that kept spans need.
        let mut articles: BTreeSet<Id> = r.articles.iter().map(|a| a.id).collect();
        for s in r
            .spans
            .iter()
            .map(|s| &**s)
            .chain(&r.orphans)
            .cloned()
            .collect::<Vec<_>>()
        {
            if !articles.contains(&s.article) {
                let back = o
                    .articles
                    .iter()
                    .chain(&t.articles)
                    .find(|a| a.id == s.article)
                    .cloned();
                if let Some(a) = back {
                    let ours_has = o.articles.iter().any(|x| x.id == a.id);
                    self.brought_back(
                        ConflictKind::Article,
                        a.id.to_string(),
                        "deleted on one side, but the other coded in it; brought back",
                        &ArticleVersion::of(&a),
                        ours_has,
                    );
                    articles.insert(a.id);
                    r.articles.push(a);
                }
            }
            if !r.schema.tags.iter().any(|x| x.name == s.tag) {
                let back = o
                    .schema
                    .tags
                    .iter()
                    .chain(&t.schema.tags)
                    .find(|x| x.name == s.tag)
                    .cloned();
                if let Some(tag) = back {
                    let ours_has = o.schema.tags.iter().any(|x| x.name == tag.name);
                    self.brought_back(
                        ConflictKind::Tag,
                        tag.name.clone(),
                        "deleted on one side, but the other tagged spans with it; brought back",
                        &tag,
                        ours_has,
                    );
                    r.schema.tags.push(tag);
                }
            }
        }
        // Two tags added on two sides take the same free hotkey: the later
        // one gives it up (a schema with a key twice does not load).
        let mut keys = BTreeSet::new();
        for tag in &mut r.schema.tags {
            if let Some(k) = tag.hotkey {
                if !keys.insert(k) {
                    tag.hotkey = None;
                }
            }
        }
        // Spans on text that changed: anchored again on the merged text.
        let texts: BTreeMap<Id, Arc<Article>> =
            r.articles.iter().map(|a| (a.id, a.clone())).collect();
        let mut kept: Vec<Arc<Span>> = Vec::with_capacity(r.spans.len());
        let mut misplaced: BTreeMap<Id, Vec<Span>> = BTreeMap::new();
        for s in std::mem::take(&mut r.spans) {
            let fits = texts
                .get(&s.article)
                .is_some_and(|a| a.slice(s.range()) == Some(s.quote.as_str()));
            if fits {
                kept.push(s);
            } else {
                misplaced.entry(s.article).or_default().push((*s).clone());
            }
        }
        for (article, spans) in misplaced {
            let Some(a) = texts.get(&article) else {
                continue;
            };
            let placed = crate::reanchor::reanchor(spans.iter(), a);
            kept.extend(placed.spans.into_iter().map(Arc::new));
            r.orphans.extend(placed.orphans);
        }
        r.spans = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Relation, Schema};

    fn article(id: u64, text: &str) -> Article {
        Article::new(
            Id::from_u64(id),
            format!("a{id}.txt"),
            "UTF-8".into(),
            String::new(),
            ArticleMeta {
                outlet: "Outlet".into(),
                title: format!("Article {id}"),
                ..ArticleMeta::default()
            },
            text.into(),
        )
    }

    const TEXT: &str = "Officials said the talks lasted two hours on Monday.";

    fn base() -> Project {
        let mut p = Project::new(Schema::default());
        p.add_article(article(1, TEXT)).unwrap();
        let a = p.article(Id::from_u64(1)).unwrap().clone();
        let mut spans = Vec::new();
        for (id, tag, r) in [
            (10, "Claim", 15..41),
            (11, "Source", 0..9),
            (12, "Attribution", 10..14),
        ] {
            spans.push(Arc::new(
                Span::new(Id::from_u64(id), &a, tag, r, "base").unwrap(),
            ));
        }
        p.insert_spans(spans);
        p
    }

    /// Link 20 from claim 10 to these spans.
    fn link_20(source: Option<u64>, cue: Option<u64>) -> Link {
        Link {
            id: Id::from_u64(20),
            claim: Id::from_u64(10),
            source: source.map(Id::from_u64),
            cue: cue.map(Id::from_u64),
            note: String::new(),
            annotator: String::new(),
            created: None,
        }
    }

    fn edit(p: &Project, f: impl FnOnce(&mut Snapshot)) -> Project {
        let mut s = p.snapshot();
        f(&mut s);
        Project::from_snapshot(s.ordered())
    }

    fn span_mut(s: &mut Snapshot, id: u64) -> &mut Span {
        let i = s
            .spans
            .iter()
            .position(|x| x.id == Id::from_u64(id))
            .unwrap();
        Arc::make_mut(&mut s.spans[i])
    }

    #[test]
    fn changes_on_different_fields_merge_cleanly() {
        let b = base();
        let o = edit(&b, |s| span_mut(s, 10).note = "ours".into());
        let t = edit(&b, |s| span_mut(s, 10).tag = "Source".into());
        let m = merge(&b, &o, &t);
        assert_eq!(m.new_conflicts, 0);
        let s = m.project.span(Id::from_u64(10)).unwrap();
        assert_eq!((s.note.as_str(), s.tag.as_str()), ("ours", "Source"));
    }

    #[test]
    fn a_field_changed_differently_keeps_ours_and_records_theirs() {
        let b = base();
        let o = edit(&b, |s| span_mut(s, 10).note = "ours".into());
        let t = edit(&b, |s| span_mut(s, 10).note = "theirs".into());
        let m = merge(&b, &o, &t);
        assert_eq!(m.new_conflicts, 1);
        assert_eq!(m.project.span(Id::from_u64(10)).unwrap().note, "ours");
        let c = &m.project.conflicts()[0];
        assert_eq!(c.kind, ConflictKind::Span);
        assert!(c.theirs.as_deref().unwrap().contains("theirs"));
    }

    #[test]
    fn a_deletion_wins_over_an_unchanged_record_but_not_over_a_change() {
        let b = base();
        let o = edit(&b, |s| s.spans.retain(|x| x.id != Id::from_u64(11)));
        let m = merge(&b, &o, &b);
        assert!(m.project.span(Id::from_u64(11)).is_none());
        assert_eq!(m.new_conflicts, 0);
        let t = edit(&b, |s| span_mut(s, 11).note = "changed".into());
        let m = merge(&b, &o, &t);
        assert_eq!(m.project.span(Id::from_u64(11)).unwrap().note, "changed");
        assert_eq!(m.new_conflicts, 1);
    }

    #[test]
    fn a_link_to_a_span_deleted_by_the_other_side_brings_it_back() {
        let b = base();
        let o = edit(&b, |s| s.spans.retain(|x| x.id != Id::from_u64(12)));
        let t = edit(&b, |s| {
            s.links.push(link_20(Some(11), Some(12)));
            s.facts.push(Fact {
                id: Id::from_u64(30),
                name: "talks".into(),
                note: String::new(),
                members: vec![Member {
                    span: Id::from_u64(10),
                    relation: Relation::Equivalent,
                    annotator: String::new(),
                    created: None,
                }],
            });
        });
        let m = merge(&b, &o, &t);
        assert!(m.project.span(Id::from_u64(12)).is_some());
        assert_eq!(
            m.project.link(Id::from_u64(20)).unwrap().cue,
            Some(Id::from_u64(12))
        );
        assert_eq!(m.project.facts().len(), 1);
        assert_eq!(m.new_conflicts, 1);
    }

    #[test]
    fn spans_on_text_the_other_side_replaced_are_anchored_again() {
        let b = base();
        let new_text = format!("Update: {TEXT}");
        let o = edit(&b, |s| {
            let a = article(1, &new_text);
            s.articles = vec![Arc::new(a)];
            // Our spans moved with the text (as updating from source does).
            for x in &mut s.spans {
                let x = Arc::make_mut(x);
                x.start += 8;
                x.end += 8;
            }
        });
        let t = edit(&b, |s| {
            let a = s.articles[0].clone();
            let extra = Span::new(Id::from_u64(13), &a, "Claim", 32..41, "them").unwrap();
            s.spans.push(Arc::new(extra));
        });
        let m = merge(&b, &o, &t);
        let s = m.project.span(Id::from_u64(13)).expect("theirs kept");
        assert_eq!(s.start, 40);
        assert_eq!(s.quote, "two hours");
        assert_eq!(m.new_conflicts, 0);
    }

    /// One side adds a fact, the other reorders the facts: both stand.
    #[test]
    fn a_reorder_on_one_side_survives_an_addition_on_the_other() {
        let fact = |id: u64| Fact {
            id: Id::from_u64(id),
            name: format!("fact {id}"),
            note: String::new(),
            members: Vec::new(),
        };
        let b = edit(&base(), |s| s.facts = vec![fact(30), fact(31), fact(32)]);
        let o = edit(&b, |s| s.facts.push(fact(33)));
        let t = edit(&b, |s| s.facts.rotate_right(1));
        let order =
            |p: &Project| -> Vec<String> { p.facts().iter().map(|f| f.name.clone()).collect() };
        let want = ["fact 32", "fact 30", "fact 31", "fact 33"];
        assert_eq!(order(&merge(&b, &o, &t).project), want);
        assert_eq!(order(&merge(&b, &t, &o).project), want);
    }

    #[test]
    fn tags_added_on_both_sides_do_not_share_a_hotkey() {
        let b = base();
        let add = |name: &str| {
            edit(&b, |s| {
                let tag = s.schema.new_tag(name);
                s.schema.tags.push(tag);
            })
        };
        let m = merge(&b, &add("Frame"), &add("Actor"));
        assert_eq!(m.new_conflicts, 0);
        let schema = &m.project.schema;
        assert!(schema.tag("Frame").is_some() && schema.tag("Actor").is_some());
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
    }

    #[test]
    fn a_link_that_lost_its_source_on_one_side_and_its_cue_on_the_other_goes() {
        let b = edit(&base(), |s| s.links.push(link_20(Some(11), Some(12))));
        let drop = |span: u64| {
            let mut p = b.clone();
            crate::edit::Edit::RemoveSpan(Id::from_u64(span))
                .apply(&mut p)
                .unwrap();
            p
        };
        let m = merge(&b, &drop(11), &drop(12));
        assert!(m.project.link(Id::from_u64(20)).is_none());
        assert!(m.project.span(Id::from_u64(10)).is_some());
    }

    #[test]
    fn a_brought_back_span_is_recorded_as_deleted_by_the_side_that_deleted_it() {
        let b = base();
        let with_link = edit(&b, |s| s.links.push(link_20(Some(11), None)));
        let without = edit(&b, |s| s.spans.retain(|x| x.id != Id::from_u64(11)));
        // Theirs deleted the source ours linked: ours has it.
        let m = merge(&b, &with_link, &without).project;
        let c = m
            .conflicts()
            .iter()
            .find(|c| c.record == Id::from_u64(11).to_string())
            .unwrap();
        assert!(c.ours.is_some() && c.theirs.is_none());
        // Ours deleted it, theirs linked it: theirs has it.
        let m = merge(&b, &without, &with_link).project;
        let c = m
            .conflicts()
            .iter()
            .find(|c| c.record == Id::from_u64(11).to_string())
            .unwrap();
        assert!(c.ours.is_none() && c.theirs.is_some());
    }

    #[test]
    fn a_moved_file_and_an_updated_text_merge_cleanly() {
        let b = base();
        let moved = edit(&b, |s| {
            let mut a = (*s.articles[0]).clone();
            a.path = "elsewhere/a1.txt".into();
            s.articles[0] = Arc::new(a);
        });
        let updated = edit(&b, |s| {
            let a = &s.articles[0];
            let text = format!("{TEXT} More.");
            s.articles[0] = Arc::new(Article::new(
                a.id,
                a.path.clone(),
                a.encoding.clone(),
                "new".into(),
                a.meta.clone(),
                text,
            ));
        });
        let m = merge(&b, &moved, &updated);
        assert_eq!(m.new_conflicts, 0);
        let a = &m.project.articles()[0];
        assert_eq!(a.path, "elsewhere/a1.txt");
        assert!(a.text().ends_with("More."));
    }

    #[test]
    fn taking_a_version_made_on_replaced_text_keeps_the_spans_new_place() {
        use crate::coding::{resolve_conflict, Side};
        let b = base();
        let new_text = format!("Update: {TEXT}");
        let o = edit(&b, |s| {
            s.articles = vec![Arc::new(article(1, &new_text))];
            for x in &mut s.spans {
                let x = Arc::make_mut(x);
                x.start += 8;
                x.end += 8;
            }
            span_mut(s, 10).note = "ours".into();
        });
        let t = edit(&b, |s| span_mut(s, 10).note = "theirs".into());
        let mut p = merge(&b, &o, &t).project;
        let c = p.conflicts()[0].id;
        let e = resolve_conflict(&p, c, Side::Theirs).unwrap();
        e.apply(&mut p).unwrap();
        let s = p.span(Id::from_u64(10)).unwrap();
        assert_eq!((s.note.as_str(), s.start), ("theirs", 23));
        assert!(p.conflicts().is_empty());
    }

    #[test]
    fn a_span_one_side_orphaned_keeps_the_others_edits() {
        let b = base();
        let o = edit(&b, |s| {
            let i = s
                .spans
                .iter()
                .position(|x| x.id == Id::from_u64(10))
                .unwrap();
            let span = (*s.spans.remove(i)).clone();
            s.orphans.push(span);
        });
        let t = edit(&b, |s| span_mut(s, 10).note = "theirs".into());
        let m = merge(&b, &o, &t);
        assert_eq!(m.new_conflicts, 0);
        assert!(m.project.span(Id::from_u64(10)).is_none());
        assert_eq!(m.project.orphan(Id::from_u64(10)).unwrap().note, "theirs");
    }

    #[test]
    fn both_versions_of_a_conflict_keep_the_clean_changes() {
        let b = base();
        let o = edit(&b, |s| {
            let x = span_mut(s, 10);
            x.tag = "Source".into();
            x.note = "ours".into();
        });
        let t = edit(&b, |s| span_mut(s, 10).note = "theirs".into());
        let m = merge(&b, &o, &t);
        let c = &m.project.conflicts()[0];
        let theirs: Span = crate::project_file::parse(c.theirs.as_deref().unwrap()).unwrap();
        assert_eq!(
            (theirs.tag.as_str(), theirs.note.as_str()),
            ("Source", "theirs")
        );
    }

    #[test]
    fn merging_with_itself_gives_the_other() {
        let b = base();
        let t = edit(&b, |s| {
            span_mut(s, 10).note = "n".into();
            s.spans.retain(|x| x.id != Id::from_u64(11));
        });
        assert_eq!(merge(&b, &b, &t).project, t);
        assert_eq!(merge(&b, &t, &b).project, t);
    }
}
