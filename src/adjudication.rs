//! Adjudication: where the coders of one project (its spans' annotators)
//! differ, and the edits that settle each difference into the curated
//! version, whose spans and links carry the annotator [`CURATOR`].
//!
//! As in INCEpTION's curation, what every coder of an article did alike is
//! taken into the curated version at once ([`premerge`]); what remains is
//! listed as [`Item`]s for a person: only some coders have it, the tag
//! differs, the boundaries differ, an attribute differs, or a link differs.
//! Each decision (accept one coder's version, keep all, drop) is one
//! [`Edit`], so it undoes like any other. A drop is recorded as a
//! [`Ruling`], so that the place counts as settled.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use crate::edit::Edit;
use crate::model::{now, Id, Link, Member, Project, Ruling, Span};

/// The annotator of the curated version.
pub const CURATOR: &str = "curator";

/// How the coders differ at a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Every coder of the article did the same: taken in by [`premerge`].
    Agreed,
    /// Some coders have spans here, others none.
    OnlySome,
    Tag,
    Boundaries,
    Attribute,
    /// The spans agree; the attributions linking the claim here differ.
    Link,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agreed => "agreed",
            Kind::OnlySome => "only some coders",
            Kind::Tag => "tag differs",
            Kind::Boundaries => "boundaries differ",
            Kind::Attribute => "attribute differs",
            Kind::Link => "link differs",
        }
    }
}

/// One coder's version of an item: their spans there (text order), or for
/// a link item their links of the claim there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub coder: String,
    pub spans: Vec<Id>,
    pub links: Vec<Id>,
}

/// A place in an article and what each coder did there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub article: Id,
    /// All the coders' spans there, together (for a link item, the claim's).
    pub range: Range<usize>,
    pub kind: Kind,
    /// About the links of the claims here rather than the spans.
    pub link: bool,
    /// One per coder of the article, in name order.
    pub versions: Vec<Version>,
    /// The curated version has something here, or a ruling left it out.
    pub resolved: bool,
}

impl Item {
    pub fn is_link(&self) -> bool {
        self.link
    }

    /// What differs, for a person: "only ann has it", "tag differs".
    pub fn summary(&self) -> String {
        if self.kind != Kind::OnlySome {
            return self.kind.label().to_owned();
        }
        let who: Vec<&str> = self
            .versions
            .iter()
            .filter(|v| !v.spans.is_empty())
            .map(|v| {
                if v.coder.is_empty() {
                    "(unnamed)"
                } else {
                    v.coder.as_str()
                }
            })
            .collect();
        format!("only {} coded it", who.join(" and "))
    }

    /// Same place and kind of item (how a selection survives edits).
    pub fn key(&self) -> (Id, usize, usize, bool) {
        (
            self.article,
            self.range.start,
            self.range.end,
            self.is_link(),
        )
    }
}

/// The coders of an article: who made spans in it, besides the curator.
pub fn coders_of(p: &Project, article: Id) -> Vec<String> {
    let names: BTreeSet<&str> = p
        .spans_of(article)
        .map(|s| s.annotator.as_str())
        .filter(|a| *a != CURATOR)
        .collect();
    names.into_iter().map(str::to_owned).collect()
}

/// What a span is, for comparing coders: tag, place and the values a
/// coder set (derived attributes are worked out, not coded).
type Shape = (String, usize, usize, Vec<(String, String)>);

fn shape(p: &Project, s: &Span) -> Shape {
    let derived = |k: &str| {
        p.schema
            .tag(&s.tag)
            .and_then(|t| t.attributes.iter().find(|a| a.name == k))
            .is_some_and(|a| a.derived)
    };
    (
        s.tag.clone(),
        s.start,
        s.end,
        s.attributes
            .iter()
            .filter(|(k, _)| !derived(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// The items of an article with two or more coders: the spans' in text
/// order, then the links' (a link can only be settled once its spans
/// are). An article with one coder has nothing to compare: all its spans
/// are agreed.
pub fn items(p: &Project, article: Id) -> Vec<Item> {
    let coders = coders_of(p, article);
    let coder_spans: Vec<&Span> = p
        .spans_of(article)
        .filter(|s| s.annotator != CURATOR)
        .collect();
    // Places: runs of overlapping spans, whoever made them.
    let mut places: Vec<(Range<usize>, Vec<&Span>)> = Vec::new();
    for s in coder_spans {
        match places.last_mut() {
            Some((r, members)) if s.start < r.end => {
                r.end = r.end.max(s.end);
                members.push(s);
            }
            _ => places.push((s.start..s.end, vec![s])),
        }
    }
    let curated: Vec<&Span> = p
        .spans_of(article)
        .filter(|s| s.annotator == CURATOR)
        .collect();
    let rulings: Vec<&Ruling> = p
        .rulings()
        .iter()
        .filter(|r| r.article == article && !r.suggestion)
        .collect();
    let ruled = |r: &Range<usize>, links: bool| {
        rulings
            .iter()
            .any(|x| x.start == r.start && x.end == r.end && x.links == links)
    };
    let place_of: BTreeMap<Id, usize> = places
        .iter()
        .enumerate()
        .flat_map(|(i, (_, spans))| spans.iter().map(move |s| (s.id, i)))
        .collect();
    let mut out = Vec::new();
    let mut links = Vec::new();
    for (i, (range, spans)) in places.iter().enumerate() {
        let versions: Vec<Version> = coders
            .iter()
            .map(|c| Version {
                coder: c.clone(),
                spans: spans
                    .iter()
                    .filter(|s| &s.annotator == c)
                    .map(|s| s.id)
                    .collect(),
                links: Vec::new(),
            })
            .collect();
        let shapes: Vec<Vec<Shape>> = versions
            .iter()
            .map(|v| {
                let mut x: Vec<Shape> = v
                    .spans
                    .iter()
                    .filter_map(|id| p.span(*id))
                    .map(|s| shape(p, s))
                    .collect();
                x.sort();
                x
            })
            .collect();
        let kind = span_kind(&shapes);
        let resolved = curated.iter().any(|s| s.overlaps(range)) || ruled(range, false);
        out.push(Item {
            article,
            range: range.clone(),
            kind,
            link: false,
            versions,
            resolved,
        });
        links.extend(link_item(
            p, article, &coders, range, i, &place_of, &curated, ruled,
        ));
    }
    out.extend(links);
    out
}

fn span_kind(shapes: &[Vec<Shape>]) -> Kind {
    let all_same = shapes.windows(2).all(|w| w[0] == w[1]);
    if all_same {
        return Kind::Agreed;
    }
    if shapes.iter().any(Vec::is_empty) {
        return Kind::OnlySome;
    }
    let project = |f: &dyn Fn(&Shape) -> String| -> Vec<Vec<String>> {
        shapes
            .iter()
            .map(|x| {
                let mut v: Vec<String> = x.iter().map(f).collect();
                v.sort();
                v
            })
            .collect()
    };
    let tags = project(&|s| s.0.clone());
    if tags.windows(2).any(|w| w[0] != w[1]) {
        return Kind::Tag;
    }
    let places = project(&|s| format!("{} {} {}", s.0, s.1, s.2));
    if places.windows(2).any(|w| w[0] != w[1]) {
        return Kind::Boundaries;
    }
    Kind::Attribute
}

/// What a link is, for comparing coders: the places of its claim, source
/// and cue.
type LinkShape = (usize, Option<usize>, Option<usize>);

/// The link item of the claim place `at`, if any coder linked a claim
/// there: agreed when every coder made the same links.
#[allow(clippy::too_many_arguments)]
fn link_item(
    p: &Project,
    article: Id,
    coders: &[String],
    range: &Range<usize>,
    at: usize,
    place_of: &BTreeMap<Id, usize>,
    curated: &[&Span],
    ruled: impl Fn(&Range<usize>, bool) -> bool,
) -> Option<Item> {
    let mut versions = Vec::new();
    let mut shapes: Vec<BTreeSet<LinkShape>> = Vec::new();
    for c in coders {
        let links: Vec<&Link> = p
            .spans_overlapping(article, range.clone())
            .filter(|s| &s.annotator == c && place_of.get(&s.id) == Some(&at))
            .flat_map(|s| p.links_of(s.id).filter(move |l| l.claim == s.id))
            .collect();
        let place = |id: Option<Id>| id.and_then(|id| place_of.get(&id).copied());
        shapes.push(
            links
                .iter()
                .map(|l| (at, place(l.source), place(l.cue)))
                .collect(),
        );
        versions.push(Version {
            coder: c.clone(),
            spans: Vec::new(),
            links: links.iter().map(|l| l.id).collect(),
        });
    }
    if shapes.iter().all(BTreeSet::is_empty) {
        return None;
    }
    let agreed = shapes.windows(2).all(|w| w[0] == w[1]);
    let resolved = curated
        .iter()
        .filter(|s| s.overlaps(range))
        .any(|s| p.links_of(s.id).any(|l| l.claim == s.id))
        || ruled(range, true);
    Some(Item {
        article,
        range: range.clone(),
        kind: if agreed { Kind::Agreed } else { Kind::Link },
        link: true,
        versions,
        resolved,
    })
}

/// Why a decision cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    #[error("no coder of that name here")]
    NoSuchCoder,
    #[error("that version's link names spans the curated version does not have: settle the spans first, or take another version")]
    SpansFirst,
    #[error("nothing is left to take in: all coders agree and it is already in")]
    NothingToDo,
}

/// Builds one batch of edits into the curated version, keeping track of
/// the curated spans it adds so that links can name them.
struct Curation<'a> {
    p: &'a Project,
    who: String,
    edits: Vec<Edit>,
    /// Curated spans by (tag, start, end): those already there, those added.
    curated: BTreeMap<(String, usize, usize), Id>,
    /// Curated spans this batch removes.
    removed: HashSet<Id>,
    used: HashSet<Id>,
}

impl<'a> Curation<'a> {
    fn new(p: &'a Project, article: Id, who: &str) -> Self {
        Self {
            p,
            who: who.to_owned(),
            edits: Vec::new(),
            curated: p
                .spans_of(article)
                .filter(|s| s.annotator == CURATOR)
                .map(|s| ((s.tag.clone(), s.start, s.end), s.id))
                .collect(),
            removed: HashSet::new(),
            used: HashSet::new(),
        }
    }

    fn fresh(&mut self) -> Id {
        loop {
            let id = self.p.new_id();
            if self.used.insert(id) {
                return id;
            }
        }
    }

    fn counterpart(&self, coder_span: Id) -> Option<Id> {
        let s = self.p.span(coder_span)?;
        self.curated.get(&(s.tag.clone(), s.start, s.end)).copied()
    }

    /// Take out the curated spans at a place (their links go with them).
    fn clear_spans(&mut self, article: Id, range: &Range<usize>) {
        let ids: Vec<Id> = self
            .p
            .spans_overlapping(article, range.clone())
            .filter(|s| s.annotator == CURATOR && !self.removed.contains(&s.id))
            .map(|s| s.id)
            .collect();
        for id in ids {
            self.removed.insert(id);
            self.curated.retain(|_, v| *v != id);
            self.edits.push(Edit::RemoveSpan(id));
        }
    }

    /// Take out the curated links of the claims at a place.
    fn clear_links(&mut self, article: Id, range: &Range<usize>) {
        let links: Vec<Id> = self
            .p
            .spans_overlapping(article, range.clone())
            .filter(|s| s.annotator == CURATOR)
            .flat_map(|s| self.p.links_of(s.id).filter(move |l| l.claim == s.id))
            .map(|l| l.id)
            .collect();
        for id in links {
            self.edits.push(Edit::RemoveLink(id));
        }
    }

    /// A curated copy of a coder's span, in the same facts as the original.
    fn copy_span(&mut self, id: Id) {
        let Some(s) = self.p.span(id) else { return };
        let key = (s.tag.clone(), s.start, s.end);
        if self.curated.contains_key(&key) {
            return;
        }
        let new = self.fresh();
        let mut copy = s.clone();
        copy.id = new;
        copy.annotator = CURATOR.to_owned();
        copy.created = now();
        copy.modified = copy.created;
        copy.note.clone_from(&s.note);
        self.curated.insert(key, new);
        self.edits.push(Edit::AddSpan(copy));
        for f in self.p.facts_of(id) {
            if let Some(m) = f.member(id) {
                self.edits.push(Edit::AddMember {
                    fact: f.id,
                    member: Member {
                        span: new,
                        relation: m.relation,
                        annotator: self.who.clone(),
                        created: Some(now()),
                    },
                });
            }
        }
    }

    /// A curated copy of a coder's link, between the curated copies of its
    /// spans; `false` when one of them is not in the curated version.
    fn copy_link(&mut self, id: Id) -> bool {
        let Some(l) = self.p.link(id) else {
            return false;
        };
        let map = |x: Option<Id>| -> Option<Option<Id>> {
            match x {
                None => Some(None),
                Some(id) => self.counterpart(id).map(Some),
            }
        };
        let (Some(Some(claim)), Some(source), Some(cue)) =
            (map(Some(l.claim)), map(l.source), map(l.cue))
        else {
            return false;
        };
        let exists = |c: Id| {
            self.p
                .links_of(c)
                .any(|x| x.claim == c && x.source == source && x.cue == cue)
                || self.edits.iter().any(|e| {
                    matches!(e, Edit::AddLink(x) if x.claim == c && x.source == source && x.cue == cue)
                })
        };
        if !exists(claim) {
            let new = self.fresh();
            self.edits.push(Edit::AddLink(Link {
                id: new,
                claim,
                source,
                cue,
                note: l.note.clone(),
                annotator: self.who.clone(),
                created: Some(now()),
            }));
        }
        true
    }

    /// Copy the links of these coder spans whose spans all have curated
    /// copies now (so that accepting spans brings their attributions).
    fn copy_links_of(&mut self, spans: &[Id]) {
        let links: BTreeSet<Id> = spans
            .iter()
            .flat_map(|s| self.p.links_of(*s).map(|l| l.id))
            .collect();
        for l in links {
            self.copy_link(l);
        }
    }

    fn forget_ruling(&mut self, item: &Item) {
        for r in self.p.rulings() {
            if r.article == item.article
                && !r.suggestion
                && r.start == item.range.start
                && r.end == item.range.end
                && r.links == item.is_link()
            {
                self.edits.push(Edit::RemoveRuling(r.id));
            }
        }
    }

    fn finish(self) -> Result<Edit, Reason> {
        if self.edits.is_empty() {
            return Err(Reason::NothingToDo);
        }
        Ok(Edit::Batch(self.edits))
    }
}

/// Take the versions of `coders` (one for "accept", all for "keep all")
/// into the curated version at the item, in place of what it had there.
pub fn accept(p: &Project, item: &Item, coders: &[&str], who: &str) -> Result<Edit, Reason> {
    let chosen: Vec<&Version> = item
        .versions
        .iter()
        .filter(|v| coders.contains(&v.coder.as_str()))
        .collect();
    if chosen.is_empty() {
        return Err(Reason::NoSuchCoder);
    }
    let mut c = Curation::new(p, item.article, who);
    c.forget_ruling(item);
    if item.is_link() {
        c.clear_links(item.article, &item.range);
        for v in &chosen {
            for l in &v.links {
                if !c.copy_link(*l) {
                    return Err(Reason::SpansFirst);
                }
            }
        }
    } else {
        c.clear_spans(item.article, &item.range);
        let spans: Vec<Id> = chosen.iter().flat_map(|v| v.spans.clone()).collect();
        for s in &spans {
            c.copy_span(*s);
        }
        c.copy_links_of(&spans);
    }
    c.finish()
}

/// Leave the item out of the curated version, and record that ruling.
pub fn drop(p: &Project, item: &Item, who: &str) -> Result<Edit, Reason> {
    let mut c = Curation::new(p, item.article, who);
    c.forget_ruling(item);
    if item.is_link() {
        c.clear_links(item.article, &item.range);
    } else {
        c.clear_spans(item.article, &item.range);
    }
    let id = c.fresh();
    c.edits.push(Edit::AddRuling(Ruling {
        id,
        article: item.article,
        start: item.range.start,
        end: item.range.end,
        links: item.is_link(),
        suggestion: false,
        annotator: who.to_owned(),
        created: now(),
    }));
    c.finish()
}

/// Take everything the coders of the article agree on into the curated
/// version, where it has nothing yet; `None` when nothing is to be taken.
pub fn premerge(p: &Project, article: Id, who: &str) -> Option<(Edit, usize)> {
    let items = items(p, article);
    let mut c = Curation::new(p, article, who);
    let mut taken = 0;
    for item in items
        .iter()
        .filter(|i| i.kind == Kind::Agreed && !i.resolved)
    {
        if item.is_link() {
            continue;
        }
        let Some(first) = item.versions.first() else {
            continue;
        };
        for s in &first.spans {
            c.copy_span(*s);
        }
        taken += 1;
    }
    // Links all coders made alike, once their spans are in.
    for item in items
        .iter()
        .filter(|i| i.kind == Kind::Agreed && !i.resolved)
    {
        if let (true, Some(first)) = (item.is_link(), item.versions.first()) {
            let before = c.edits.len();
            for l in &first.links {
                c.copy_link(*l);
            }
            taken += usize::from(c.edits.len() > before);
        }
    }
    c.finish().ok().map(|e| (e, taken))
}

/// How many of an article's items need a person, and how many of those
/// are settled: ("12 of 57 resolved").
pub fn progress(items: &[Item]) -> (usize, usize) {
    let open: Vec<&Item> = items.iter().filter(|i| i.kind != Kind::Agreed).collect();
    (open.iter().filter(|i| i.resolved).count(), open.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Schema};

    const TEXT: &str = "Officials said the plant would reopen on Monday. Residents doubted it.";

    fn project() -> (Project, Id) {
        let mut p = Project::new(Schema::default());
        let a = Article::of_text(Id::from_u64(1), TEXT);
        p.add_article(a).unwrap();
        (p, Id::from_u64(1))
    }

    fn find(needle: &str) -> Range<usize> {
        let b = TEXT.find(needle).unwrap();
        let s = TEXT[..b].chars().count();
        s..s + needle.chars().count()
    }

    fn add(p: &mut Project, id: u64, tag: &str, needle: &str, who: &str) -> Id {
        let a = p.article(Id::from_u64(1)).unwrap().clone();
        let s = Span::new(Id::from_u64(id), &a, tag, find(needle), who).unwrap();
        Edit::AddSpan(s).apply(p).unwrap();
        Id::from_u64(id)
    }

    fn link(p: &mut Project, id: u64, claim: Id, source: Id, who: &str) {
        Edit::AddLink(Link {
            id: Id::from_u64(id),
            claim,
            source: Some(source),
            cue: None,
            note: String::new(),
            annotator: who.into(),
            created: None,
        })
        .apply(p)
        .unwrap();
    }

    /// Two coders: both coded the source alike and linked it; ann's claim
    /// is a word longer; only ben coded the residents' doubt.
    fn two_coders() -> (Project, Id) {
        let (mut p, a) = project();
        let s1 = add(&mut p, 10, "Source", "Officials", "ann");
        let c1 = add(
            &mut p,
            11,
            "Claim",
            "the plant would reopen on Monday",
            "ann",
        );
        link(&mut p, 12, c1, s1, "ann");
        let s2 = add(&mut p, 20, "Source", "Officials", "ben");
        let c2 = add(&mut p, 21, "Claim", "the plant would reopen", "ben");
        link(&mut p, 22, c2, s2, "ben");
        add(&mut p, 23, "Claim", "Residents doubted it", "ben");
        (p, a)
    }

    #[test]
    fn items_say_how_the_coders_differ() {
        let (p, a) = two_coders();
        let items = items(&p, a);
        let kinds: Vec<Kind> = items.iter().map(|i| i.kind).collect();
        // Source agreed; claim boundaries differ (and its link, whose
        // claim and source are at the same places, is agreed); the doubt
        // only ben has.
        assert_eq!(
            kinds,
            vec![Kind::Agreed, Kind::Boundaries, Kind::OnlySome, Kind::Agreed]
        );
        assert!(items[3].is_link());
        assert_eq!(items[1].range, find("the plant would reopen on Monday"));
        assert_eq!(items[1].versions[0].coder, "ann");
        assert_eq!(items[1].versions[1].spans, vec![Id::from_u64(21)]);
        assert_eq!(progress(&items), (0, 2));
    }

    #[test]
    fn premerge_takes_what_all_agree_on_and_accept_settles_the_rest() {
        let (mut p, a) = two_coders();
        let (edit, n) = premerge(&p, a, "judge").unwrap();
        assert_eq!(n, 1, "the source; the link waits for its claim");
        edit.apply(&mut p).unwrap();
        assert!(premerge(&p, a, "judge").is_none(), "nothing twice");
        let items = items(&p, a);
        let claim = items.iter().find(|i| i.kind == Kind::Boundaries).unwrap();
        accept(&p, claim, &["ben"], "judge")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        let curated: Vec<(String, String)> = p
            .spans_of(a)
            .filter(|s| s.annotator == CURATOR)
            .map(|s| (s.tag.clone(), s.quote.clone()))
            .collect();
        assert_eq!(
            curated,
            vec![
                ("Source".into(), "Officials".into()),
                ("Claim".into(), "the plant would reopen".into())
            ]
        );
        // Ben's link came along with his claim.
        let c = p
            .spans_of(a)
            .find(|s| s.annotator == CURATOR && s.tag == "Claim")
            .unwrap();
        assert_eq!(p.links_of(c.id).count(), 1);
        let after = super::items(&p, a);
        assert_eq!(progress(&after), (1, 2));
        assert!(after.iter().filter(|i| i.is_link()).all(|i| i.resolved));
        // Accepting ann instead replaces ben's claim.
        let claim = after.iter().find(|i| i.kind == Kind::Boundaries).unwrap();
        accept(&p, claim, &["ann"], "judge")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        let quotes: Vec<String> = p
            .spans_of(a)
            .filter(|s| s.annotator == CURATOR && s.tag == "Claim")
            .map(|s| s.quote.clone())
            .collect();
        assert_eq!(quotes, vec!["the plant would reopen on Monday"]);
    }

    #[test]
    fn drop_is_recorded_and_undone() {
        let (mut p, a) = two_coders();
        let items = items(&p, a);
        let only = items.iter().find(|i| i.kind == Kind::OnlySome).unwrap();
        let undo = drop(&p, only, "judge").unwrap().apply(&mut p).unwrap();
        assert_eq!(p.rulings().len(), 1);
        assert!(
            super::items(&p, a)
                .iter()
                .find(|i| i.kind == Kind::OnlySome)
                .unwrap()
                .resolved
        );
        undo.apply(&mut p).unwrap();
        assert!(p.rulings().is_empty());
        // Keep all: both coders' claims where they differ.
        let claim = items.iter().find(|i| i.kind == Kind::Boundaries).unwrap();
        accept(&p, claim, &["ann", "ben"], "judge")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.spans_of(a).filter(|s| s.annotator == CURATOR).count(), 2);
    }

    #[test]
    fn a_link_needs_its_spans_in_the_curated_version() {
        let (mut p, a) = project();
        let s1 = add(&mut p, 10, "Source", "Officials", "ann");
        let c1 = add(&mut p, 11, "Claim", "the plant would reopen", "ann");
        link(&mut p, 12, c1, s1, "ann");
        add(&mut p, 20, "Source", "Officials", "ben");
        add(&mut p, 21, "Claim", "the plant would reopen", "ben");
        let items = items(&p, a);
        let l = items.iter().find(|i| i.is_link()).unwrap();
        assert_eq!(l.kind, Kind::Link);
        assert_eq!(accept(&p, l, &["ann"], "judge"), Err(Reason::SpansFirst));
        premerge(&p, a, "judge").unwrap().0.apply(&mut p).unwrap();
        let items = super::items(&p, a);
        let l = items.iter().find(|i| i.is_link()).unwrap();
        assert!(!l.resolved);
        accept(&p, l, &["ann"], "judge")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert!(super::items(&p, a)
            .iter()
            .all(|i| i.resolved || i.kind == Kind::Agreed));
    }
}
