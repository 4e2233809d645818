//! The rules that turn what the analyst selected into edits: tag a stretch
//! of text, retag or delete a span, link a claim to its source and cue,
//! start a fact or add a claim to one. The app's keys, menus, palette and
//! buttons all come here, and nothing here knows of the UI: each rule gives
//! either the one edit that does what was asked, or the reason it cannot,
//! in words for the status line. [`confirmation`] says what an edit did.

use std::fmt;
use std::ops::Range;

use crate::edit::Edit;
use crate::model::{Fact, Id, Link, Member, Project, Relation, Span, ATTRIBUTION, CLAIM, SOURCE};

/// Why a rule gives no edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No text is selected.
    NoText,
    NoArticle,
    NoTag(String),
    NoSpan,
    /// The selection already carries this tag (the span is named, to select it).
    AlreadyTagged {
        tag: String,
        span: Id,
    },
    /// Retagging a span with the tag it has.
    SameTag(String),
    /// The rule needs a claim selected.
    NotAClaim,
    /// Linking needs a claim among the selected spans.
    NoClaimToLink,
    /// Linking needs a source or cue besides the claim.
    NothingToLink,
    /// A link from another article.
    OtherArticle,
    AlreadyLinked,
    AlreadyInFact {
        name: String,
    },
    NoFact,
    EmptyName,
    /// An orphan is placed only in its own article.
    NotItsArticle,
    NoConflict,
    /// A conflict's version could not be read back.
    Unreadable(String),
    /// Resolving would delete an article, which Parallax never does.
    KeepsArticles,
    /// Taking the version would drop a tag that spans still carry.
    TagInUse(String),
    /// A version of an orphan made on text that is gone.
    DoesNotFit,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoText => {
                f.write_str("Select some text first (drag across it), then press a tag's key.")
            }
            Reason::NoArticle => f.write_str("That article is no longer in the project."),
            Reason::NoTag(t) => write!(f, "No tag named {t:?}."),
            Reason::NoSpan => f.write_str("That span is no longer in the project."),
            Reason::AlreadyTagged { tag, .. } => {
                write!(f, "That text is already tagged {tag}; selected it.")
            }
            Reason::SameTag(t) => write!(f, "The span is a {t} already."),
            Reason::NotAClaim => f.write_str("Select a claim first (click its highlight)."),
            Reason::NoClaimToLink => f.write_str(
                "To link, select a claim and Ctrl+click its source and/or cue, then press L.",
            ),
            Reason::NothingToLink => {
                f.write_str("Ctrl+click the claim's source and/or cue as well, then press L.")
            }
            Reason::OtherArticle => f.write_str("A claim can only be linked within its article."),
            Reason::AlreadyLinked => f.write_str("These spans are linked already."),
            Reason::AlreadyInFact { name } => {
                write!(f, "The claim is in “{}” already.", short(name, 60))
            }
            Reason::NoFact => f.write_str("That fact is no longer in the project."),
            Reason::EmptyName => f.write_str("A fact needs a name."),
            Reason::NotItsArticle => {
                f.write_str("Open the orphan's article and select the text where it belongs.")
            }
            Reason::NoConflict => f.write_str("That conflict is resolved already."),
            Reason::Unreadable(e) => write!(f, "That version cannot be read: {e}."),
            Reason::KeepsArticles => {
                f.write_str("Articles are not deleted by resolving a conflict; keep the article.")
            }
            Reason::DoesNotFit => f.write_str(
                "That version was made on text that has changed; place the orphan first (File → Orphaned spans…).",
            ),
            Reason::TagInUse(t) => write!(
                f,
                "Spans still carry the tag {t}; retag or delete them first."
            ),
        }
    }
}

/// Up to `n` code points of `s` on one line, with an ellipsis when cut.
pub fn short(s: &str, n: usize) -> String {
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = crate::text::head_chars(&line, n);
    if head.len() < line.len() {
        format!("{head}…")
    } else {
        line
    }
}

/// Tag `range` (code points) of an article as a new span. The range is
/// widened so it splits no grapheme cluster.
pub fn tag_text(
    p: &Project,
    article: Id,
    range: Range<usize>,
    tag: &str,
    annotator: &str,
) -> Result<Edit, Reason> {
    let a = p.article(article).ok_or(Reason::NoArticle)?;
    if p.schema.tag(tag).is_none() {
        return Err(Reason::NoTag(tag.to_owned()));
    }
    let range = a
        .widen_to_graphemes(range)
        .filter(|r| !r.is_empty())
        .ok_or(Reason::NoText)?;
    if let Some(existing) = p.find_span(article, tag, range.clone()) {
        return Err(Reason::AlreadyTagged {
            tag: tag.to_owned(),
            span: existing.id,
        });
    }
    let span = Span::new(p.new_id(), a, tag, range, annotator).ok_or(Reason::NoText)?;
    Ok(Edit::AddSpan(span))
}

/// Give a span another tag.
pub fn retag(p: &Project, span: Id, tag: &str) -> Result<Edit, Reason> {
    let s = p.span(span).ok_or(Reason::NoSpan)?;
    if p.schema.tag(tag).is_none() {
        return Err(Reason::NoTag(tag.to_owned()));
    }
    if s.tag == tag {
        return Err(Reason::SameTag(tag.to_owned()));
    }
    Ok(Edit::RetagSpan {
        span,
        tag: tag.to_owned(),
    })
}

/// Put an orphan back in its article at `range` (widened so it splits no
/// grapheme cluster), with its tag, note, attributes and links.
pub fn place_orphan(
    p: &Project,
    orphan: Id,
    article: Id,
    range: Range<usize>,
) -> Result<Edit, Reason> {
    let o = p.orphan(orphan).ok_or(Reason::NoSpan)?;
    if o.article != article {
        return Err(Reason::NotItsArticle);
    }
    let a = p.article(article).ok_or(Reason::NoArticle)?;
    let range = a
        .widen_to_graphemes(range)
        .filter(|r| !r.is_empty())
        .ok_or(Reason::NoText)?;
    let (quote, prefix, suffix) = crate::model::anchor(a, range.clone()).ok_or(Reason::NoText)?;
    Ok(Edit::PlaceOrphan(Span {
        start: range.start,
        end: range.end,
        quote,
        prefix,
        suffix,
        modified: crate::model::now(),
        ..o.clone()
    }))
}

/// Delete a span (its links are repaired or removed with it).
pub fn delete(p: &Project, span: Id) -> Result<Edit, Reason> {
    p.span_or_orphan(span).ok_or(Reason::NoSpan)?;
    Ok(Edit::RemoveSpan(span))
}

/// Link the selected spans as one attribution: the first claim among them
/// with the first source and/or the first cue.
pub fn link(p: &Project, selected: &[Id], annotator: &str) -> Result<Edit, Reason> {
    let spans: Vec<&Span> = selected.iter().filter_map(|id| p.span(*id)).collect();
    let pick = |tag: &str| spans.iter().find(|s| s.tag == tag).copied();
    let claim = pick(CLAIM).ok_or(Reason::NoClaimToLink)?;
    let (source, cue) = (pick(SOURCE), pick(ATTRIBUTION));
    if source.is_none() && cue.is_none() {
        return Err(Reason::NothingToLink);
    }
    if [source, cue]
        .into_iter()
        .flatten()
        .any(|s| s.article != claim.article)
    {
        return Err(Reason::OtherArticle);
    }
    let (source, cue) = (source.map(|s| s.id), cue.map(|s| s.id));
    if p.links()
        .any(|l| l.claim == claim.id && l.source == source && l.cue == cue)
    {
        return Err(Reason::AlreadyLinked);
    }
    Ok(Edit::AddLink(Link {
        id: p.new_id(),
        claim: claim.id,
        source,
        cue,
        note: String::new(),
        annotator: annotator.to_owned(),
        created: Some(crate::model::now()),
    }))
}

fn claim(p: &Project, span: Id) -> Result<&Span, Reason> {
    let s = p.span(span).ok_or(Reason::NoSpan)?;
    if s.tag != CLAIM {
        return Err(Reason::NotAClaim);
    }
    Ok(s)
}

/// Start a fact named after the claim's words, with the claim in it.
pub fn new_fact(p: &Project, claim_id: Id, annotator: &str) -> Result<Edit, Reason> {
    let name = default_fact_name(&claim(p, claim_id)?.quote);
    new_fact_named(p, claim_id, &name, annotator)
}

/// The name a fact started from a claim gets: its wording, on one line,
/// cut at 120 code points.
pub fn default_fact_name(quote: &str) -> String {
    short(quote, 120)
}

/// Start a fact with this name, with the claim in it.
pub fn new_fact_named(
    p: &Project,
    claim_id: Id,
    name: &str,
    annotator: &str,
) -> Result<Edit, Reason> {
    claim(p, claim_id)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(Reason::EmptyName);
    }
    Ok(Edit::AddFact {
        fact: Fact {
            id: p.new_id(),
            name: name.to_owned(),
            note: String::new(),
            members: vec![Member {
                span: claim_id,
                relation: Relation::Equivalent,
                annotator: annotator.to_owned(),
                created: Some(crate::model::now()),
            }],
        },
        index: p.facts().len(),
    })
}

/// Add the claim to a fact, as stating it equivalently.
pub fn add_to_fact(p: &Project, fact: Id, claim_id: Id, annotator: &str) -> Result<Edit, Reason> {
    claim(p, claim_id)?;
    let f = p.fact(fact).ok_or(Reason::NoFact)?;
    if f.member(claim_id).is_some() {
        return Err(Reason::AlreadyInFact {
            name: f.name.clone(),
        });
    }
    Ok(Edit::AddMember {
        fact,
        member: Member {
            span: claim_id,
            relation: Relation::Equivalent,
            annotator: annotator.to_owned(),
            created: Some(crate::model::now()),
        },
    })
}

/// The span or fact an edit creates, to select it afterwards.
pub fn created(edit: &Edit) -> Option<Id> {
    match edit {
        Edit::AddSpan(s) => Some(s.id),
        Edit::AddFact { fact, .. } => Some(fact.id),
        Edit::AddLink(l) => Some(l.claim),
        Edit::Batch(edits) if edits.len() == 1 => created(&edits[0]),
        _ => None,
    }
}

/// What an edit does, for the status line, in the terms of the project
/// before it is applied ("Linked the claim to its source and cue.").
pub fn confirmation(p: &Project, edit: &Edit) -> String {
    let quote = |id: Id| {
        p.span_or_orphan(id)
            .map(|s| format!("“{}”", short(&s.quote, 40)))
            .unwrap_or_else(|| "the span".into())
    };
    let fact_name = |id: Id| {
        p.fact(id)
            .map(|f| format!("“{}”", short(&f.name, 50)))
            .unwrap_or_else(|| "the fact".into())
    };
    match edit {
        Edit::AddSpan(s) => format!("Tagged “{}” as {}.", short(&s.quote, 40), s.tag),
        Edit::RemoveSpan(id) => format!("Deleted {}.", quote(*id)),
        Edit::RetagSpan { span, tag } => format!("Retagged {} as {tag}.", quote(*span)),
        Edit::SetNote { note, .. } if note.is_empty() => "Removed the note.".into(),
        Edit::SetNote { .. } => "Saved the note.".into(),
        Edit::SetAttribute {
            key,
            value: Some(v),
            ..
        } => format!("Set {key} to {v}."),
        Edit::SetAttribute {
            key, value: None, ..
        } => format!("Cleared {key}."),
        Edit::SetArticleMeta { .. } => "Saved the article's details.".into(),
        Edit::AddLink(l) => format!(
            "Linked the claim to its {}.",
            match (l.source, l.cue) {
                (Some(_), Some(_)) => "source and cue",
                (Some(_), None) => "source",
                _ => "cue",
            }
        ),
        Edit::RemoveLink(_) => "Removed the link.".into(),
        Edit::AddFact { fact, .. } => format!("Started the fact “{}”.", short(&fact.name, 50)),
        Edit::RemoveFact(id) => format!("Deleted the fact {}.", fact_name(*id)),
        Edit::RenameFact { name, .. } => format!("Renamed the fact to “{}”.", short(name, 50)),
        Edit::SetFactNote { .. } => "Saved the fact's note.".into(),
        Edit::AddMember { fact, .. } => format!("Added the claim to {}.", fact_name(*fact)),
        Edit::RemoveMember { fact, .. } => format!("Took the claim out of {}.", fact_name(*fact)),
        Edit::SetRelation { relation, .. } => {
            format!("The claim now matches the fact as {}.", relation.label())
        }
        Edit::MoveFact { fact, .. } => format!("Moved {}.", fact_name(*fact)),
        Edit::SetSchema(_) => "Saved the tags and attributes.".into(),
        Edit::RenameTag { from, to } => format!("Renamed the tag {from} to {to}."),
        Edit::SetOutletOrder(_) => "Reordered the outlets.".into(),
        Edit::ReplaceArticle { .. } => "Updated the article from its source.".into(),
        Edit::PlaceOrphan(s) => format!("Placed the orphan “{}”.", short(&s.quote, 40)),
        Edit::Batch(edits) if edits.len() == 1 => confirmation(p, &edits[0]),
        other => {
            let label = other.label();
            let mut c = label.chars();
            match c.next() {
                Some(first) => format!("{}{}.", first.to_uppercase(), c.as_str()),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Schema};

    fn project() -> (Project, Id) {
        let mut p = Project::new(Schema::default());
        let a = Article::of_text(
            Id::from_u64(1),
            "Officials said the cafe\u{301} reopens. 👩\u{200d}👩\u{200d}👧 left.",
        );
        p.add_article(a).unwrap();
        (p, Id::from_u64(1))
    }

    fn add(p: &mut Project, a: Id, range: Range<usize>, tag: &str) -> Id {
        let e = tag_text(p, a, range, tag, "ana").unwrap();
        let id = created(&e).unwrap();
        e.apply(p).unwrap();
        id
    }

    #[test]
    fn an_orphan_is_placed_on_whole_characters_in_its_own_article() {
        let (mut p, a) = project();
        let id = add(&mut p, a, 0..9, CLAIM);
        let span = p.span(id).unwrap().clone();
        Edit::MakeOrphan(span).apply(&mut p).unwrap();
        assert!(p.orphan(id).is_some());
        let mut other = Article::of_text(Id::from_u64(2), "Elsewhere.");
        other.meta.outlet = "B".into();
        p.add_article(other).unwrap();
        assert_eq!(
            place_orphan(&p, id, Id::from_u64(2), 0..4),
            Err(Reason::NotItsArticle)
        );
        assert_eq!(place_orphan(&p, id, a, 5..5), Err(Reason::NoText));
        // 19..23 leaves the combining accent out; the placed span takes it.
        let e = place_orphan(&p, id, a, 19..23).unwrap();
        e.apply(&mut p).unwrap();
        let placed = p.span(id).unwrap();
        assert_eq!((placed.start, placed.end), (19, 24));
        assert_eq!(placed.quote, "cafe\u{301}");
        assert_eq!(p.orphan_count(), 0);
        assert_eq!(place_orphan(&p, id, a, 0..4), Err(Reason::NoSpan));
    }

    #[test]
    fn tagging_widens_to_whole_characters_and_refuses_twins() {
        let (mut p, a) = project();
        // 19..23 is "cafe" without its accent; the span takes the accent.
        let id = add(&mut p, a, 19..23, CLAIM);
        assert_eq!(p.span(id).unwrap().quote, "cafe\u{301}");
        let fam = p
            .article(a)
            .unwrap()
            .text()
            .chars()
            .position(|c| c == '👩')
            .unwrap();
        let id = add(&mut p, a, fam + 2..fam + 3, SOURCE);
        assert_eq!(p.span(id).unwrap().quote, "👩\u{200d}👩\u{200d}👧");
        assert_eq!(
            tag_text(&p, a, 19..24, CLAIM, "ana"),
            Err(Reason::AlreadyTagged {
                tag: CLAIM.into(),
                span: p.find_span(a, CLAIM, 19..24).unwrap().id
            })
        );
        assert_eq!(tag_text(&p, a, 3..3, CLAIM, "ana"), Err(Reason::NoText));
        assert_eq!(
            tag_text(&p, a, 0..3, "Nope", "ana"),
            Err(Reason::NoTag("Nope".into()))
        );
        assert_eq!(
            tag_text(&p, Id::from_u64(9), 0..3, CLAIM, "a"),
            Err(Reason::NoArticle)
        );
    }

    #[test]
    fn linking_needs_a_claim_and_a_partner_and_is_not_doubled() {
        let (mut p, a) = project();
        let source = add(&mut p, a, 0..9, SOURCE);
        let cue = add(&mut p, a, 10..14, ATTRIBUTION);
        let claim = add(&mut p, a, 15..33, CLAIM);
        assert_eq!(link(&p, &[source, cue], "ana"), Err(Reason::NoClaimToLink));
        assert_eq!(link(&p, &[claim], "ana"), Err(Reason::NothingToLink));
        let e = link(&p, &[cue, claim, source], "ana").unwrap();
        assert_eq!(
            confirmation(&p, &e),
            "Linked the claim to its source and cue."
        );
        let Edit::AddLink(l) = &e else { panic!() };
        assert_eq!((l.claim, l.source, l.cue), (claim, Some(source), Some(cue)));
        e.apply(&mut p).unwrap();
        assert_eq!(
            link(&p, &[claim, source, cue], "ana"),
            Err(Reason::AlreadyLinked)
        );
        let e = link(&p, &[claim, cue], "ana").unwrap();
        assert_eq!(confirmation(&p, &e), "Linked the claim to its cue.");
    }

    #[test]
    fn facts_start_from_a_claim_and_take_each_claim_once() {
        let (mut p, a) = project();
        let claim = add(&mut p, a, 15..32, CLAIM);
        let source = add(&mut p, a, 0..9, SOURCE);
        assert_eq!(new_fact(&p, source, "ana"), Err(Reason::NotAClaim));
        let e = new_fact(&p, claim, "ana").unwrap();
        let fact = created(&e).unwrap();
        assert!(confirmation(&p, &e).starts_with("Started the fact “the cafe"));
        e.apply(&mut p).unwrap();
        assert_eq!(p.fact(fact).unwrap().name, "the cafe\u{301} reopens");
        assert_eq!(
            add_to_fact(&p, fact, claim, "ana"),
            Err(Reason::AlreadyInFact {
                name: "the cafe\u{301} reopens".into()
            })
        );
        let other = add(&mut p, a, 0..14, CLAIM);
        let e = add_to_fact(&p, fact, other, "ana").unwrap();
        assert!(confirmation(&p, &e).starts_with("Added the claim to “the cafe"));
        assert_eq!(
            new_fact_named(&p, claim, "  ", "ana"),
            Err(Reason::EmptyName)
        );
    }

    #[test]
    fn retagging_and_deleting() {
        let (mut p, a) = project();
        let id = add(&mut p, a, 0..9, SOURCE);
        assert_eq!(retag(&p, id, SOURCE), Err(Reason::SameTag(SOURCE.into())));
        let e = retag(&p, id, CLAIM).unwrap();
        assert_eq!(confirmation(&p, &e), "Retagged “Officials” as Claim.");
        let e = delete(&p, id).unwrap();
        assert_eq!(confirmation(&p, &e), "Deleted “Officials”.");
        assert_eq!(delete(&p, Id::from_u64(77)), Err(Reason::NoSpan));
    }
}

/// `chosen` with the place (article, offsets, quote, context) of `current`.
fn keep_place(current: Option<&Span>, chosen: Span) -> Span {
    match current {
        Some(c) => Span {
            article: c.article,
            start: c.start,
            end: c.end,
            quote: c.quote.clone(),
            prefix: c.prefix.clone(),
            suffix: c.suffix.clone(),
            ..chosen
        },
        None => chosen,
    }
}

/// Which version of a conflicted record to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Settle a merge conflict with one side's version of its record: the
/// record becomes that version (or goes, where that side deleted it) and
/// the conflict leaves the list, as one undoable edit.
pub fn resolve_conflict(p: &Project, conflict: Id, side: Side) -> Result<Edit, Reason> {
    use crate::model::ConflictKind as K;
    let c = p.conflict(conflict).ok_or(Reason::NoConflict)?;
    let chosen = match side {
        Side::Ours => c.ours.as_deref(),
        Side::Theirs => c.theirs.as_deref(),
    };
    fn read<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T, Reason> {
        crate::project_file::parse(text).map_err(Reason::Unreadable)
    }
    let id: Option<Id> = c.record.parse().ok();
    let mut edits = Vec::new();
    match c.kind {
        K::Span => {
            let id = id.ok_or_else(|| Reason::Unreadable(c.record.clone()))?;
            // A version made on text since replaced keeps the place the
            // merge found for the span.
            let fits = |s: &Span| {
                p.article(s.article)
                    .is_some_and(|a| a.slice(s.range()) == Some(s.quote.as_str()))
            };
            match chosen.map(read::<Span>).transpose()? {
                Some(s) if p.span(id).is_some() => {
                    let s = if fits(&s) {
                        s
                    } else {
                        keep_place(p.span(id), s)
                    };
                    edits.push(Edit::ReplaceSpan(s));
                }
                Some(s) if p.orphan(id).is_some() => {
                    if !fits(&s) {
                        return Err(Reason::DoesNotFit);
                    }
                    edits.push(Edit::PlaceOrphan(s));
                }
                Some(s) if fits(&s) => edits.push(Edit::AddSpan(s)),
                Some(s) => edits.push(Edit::AddOrphan(s)),
                None if p.span_or_orphan(id).is_some() => edits.push(Edit::RemoveSpan(id)),
                None => {}
            }
        }
        K::Link => {
            let id = id.ok_or_else(|| Reason::Unreadable(c.record.clone()))?;
            // Parts of the version whose spans are gone since are left out.
            let live = |l: Link| -> Result<Link, Reason> {
                let here = |s: Option<Id>| s.filter(|s| p.span_or_orphan(*s).is_some());
                let l = Link {
                    source: here(l.source),
                    cue: here(l.cue),
                    ..l
                };
                if p.span(l.claim).is_none() || (l.source.is_none() && l.cue.is_none()) {
                    return Err(Reason::NoSpan);
                }
                Ok(l)
            };
            let chosen = chosen
                .map(read::<Link>)
                .transpose()?
                .map(live)
                .transpose()?;
            match (chosen, p.link(id).is_some()) {
                (Some(l), true) => edits.push(Edit::ReplaceLink(l)),
                (Some(l), false) => edits.push(Edit::AddLink(l)),
                (None, true) => edits.push(Edit::RemoveLink(id)),
                (None, false) => {}
            }
        }
        K::Fact => {
            let id = id.ok_or_else(|| Reason::Unreadable(c.record.clone()))?;
            let chosen = chosen.map(read::<Fact>).transpose()?.map(|mut f| {
                f.members.retain(|m| p.span_or_orphan(m.span).is_some());
                f
            });
            match (chosen, p.fact(id).is_some()) {
                (Some(f), true) => edits.push(Edit::ReplaceFact(f)),
                (Some(f), false) => edits.push(Edit::AddFact {
                    fact: f,
                    index: p.facts().len(),
                }),
                (None, true) => edits.push(Edit::RemoveFact(id)),
                (None, false) => {}
            }
        }
        K::Article => {
            let id = id.ok_or_else(|| Reason::Unreadable(c.record.clone()))?;
            let Some(v) = chosen
                .map(read::<crate::merge::ArticleVersion>)
                .transpose()?
            else {
                return Err(Reason::KeepsArticles);
            };
            let a = p.article(id).ok_or(Reason::NoArticle)?;
            if a.meta != v.meta {
                edits.push(Edit::SetArticleMeta {
                    article: id,
                    meta: v.meta.clone(),
                });
            }
            if a.text() != v.text {
                let new =
                    crate::model::Article::new(id, v.path, v.encoding, v.sha256, v.meta, v.text);
                let spans: Vec<&Span> = p
                    .spans_of(id)
                    .chain(p.orphans().filter(|o| o.article == id))
                    .collect();
                let placed = crate::reanchor::reanchor(spans, &new);
                edits.push(Edit::ReplaceArticle {
                    article: Box::new(new),
                    spans: placed.spans,
                    orphans: placed.orphans,
                });
            }
        }
        K::Tag => {
            let mut schema = p.schema.clone();
            let at = schema.tags.iter().position(|t| t.name == c.record);
            match (chosen.map(read::<crate::model::TagDef>).transpose()?, at) {
                (Some(t), Some(i)) => schema.tags[i] = t,
                (Some(t), None) => schema.tags.push(t),
                (None, Some(i)) => {
                    if p.all_spans().chain(p.orphans()).any(|s| s.tag == c.record) {
                        return Err(Reason::TagInUse(c.record.clone()));
                    }
                    schema.tags.remove(i);
                }
                (None, None) => {}
            }
            if schema != p.schema {
                edits.push(Edit::SetSchema(schema));
            }
        }
        K::OutletOrder => {
            if let Some(order) = chosen.map(read::<Vec<String>>).transpose()? {
                if order != p.outlet_order {
                    edits.push(Edit::SetOutletOrder(order));
                }
            }
        }
    }
    edits.push(Edit::RemoveConflict(conflict));
    Ok(Edit::Batch(edits))
}
