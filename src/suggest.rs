//! Suggested attributions, by rules over the text and the lexicon (no
//! network, no model): a claim, its source (or none) and the cue that ties
//! them, with the cue's stance, a guess at the kind of source, a
//! confidence and a reason a person can read. Nothing is put in the
//! project until accepted ([`accept`] gives the edit).
//!
//! Shapes found, sentence by sentence:
//! - `According to SOURCE, CONTENT` and `CONTENT, according to SOURCE`
//!   (and the lexicon's other prepositions);
//! - `SOURCE CUE (that) CONTENT` ("The union said the plant was run
//!   down"; "told reporters that …");
//! - `CONTENT, SOURCE CUE.` and `CONTENT, CUE SOURCE.` ("“…,” she said";
//!   "…, said the minister").
//!
//! Offsets are code points, end-exclusive; quotation marks of any style
//! around the content are left out of the claim.

pub mod facts;
pub mod score;
mod shapes;

use std::ops::Range;

use serde::Serialize;

use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::model::{now, Id, Link, Project, Span, ATTRIBUTION, CLAIM, SOURCE};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub article: Id,
    pub claim: Range<usize>,
    pub source: Option<Range<usize>>,
    pub cue: Range<usize>,
    pub cue_stance: String,
    pub source_type: Option<String>,
    pub confidence: f64,
    pub why: String,
}

pub use shapes::article;
pub(crate) use shapes::sentences;

/// Suggestions for every article (or one) as if nothing were coded,
/// leaving out lines of boilerplate.
fn uncoded(lex: &Lexicon, p: &Project, only: Option<Id>) -> Vec<Suggestion> {
    let furniture = crate::boilerplate::find(p.articles());
    let mut out = Vec::new();
    for a in p
        .articles()
        .iter()
        .filter(|a| only.is_none_or(|o| o == a.id))
    {
        let skip = furniture.get(&a.id).map_or(&[][..], Vec::as_slice);
        out.extend(
            article(lex, a)
                .into_iter()
                .filter(|s| !crate::boilerplate::covers(skip, &s.cue)),
        );
    }
    out
}

/// Suggestions for every article, as if nothing were coded (to measure
/// them against a hand-coded project).
pub fn all(lex: &Lexicon, p: &Project) -> Vec<Suggestion> {
    uncoded(lex, p, None)
}

/// Suggestions for every article (or one), leaving out what is coded: a
/// cue that overlaps an attribution span, a claim that overlaps a claim
/// span, rejected suggestions and lines of boilerplate.
pub fn project(lex: &Lexicon, p: &Project, only: Option<Id>) -> Vec<Suggestion> {
    uncoded(lex, p, only)
        .into_iter()
        .filter(|s| {
            let coded = p
                .spans_overlapping(s.article, s.cue.clone())
                .any(|x| x.tag == ATTRIBUTION)
                || p.spans_overlapping(s.article, s.claim.clone())
                    .any(|x| x.tag == CLAIM);
            let rejected = p.rulings().iter().any(|r| {
                r.suggestion
                    && r.article == s.article
                    && r.start == s.cue.start
                    && r.end == s.cue.end
            });
            !coded && !rejected
        })
        .collect()
}

/// The edit that rejects a suggestion: a ruling at its cue, so that it is
/// not suggested again.
pub fn reject(p: &Project, s: &Suggestion, annotator: &str) -> Edit {
    Edit::AddRuling(crate::model::Ruling {
        id: p.new_id(),
        article: s.article,
        start: s.cue.start,
        end: s.cue.end,
        links: false,
        suggestion: true,
        annotator: annotator.to_owned(),
        created: now(),
    })
}

/// The edit that accepts a suggestion: claim, source and cue spans, the
/// link, and the cue's stance and source's type as attributes.
pub fn accept(p: &Project, s: &Suggestion, annotator: &str) -> Option<Edit> {
    let a = p.article(s.article)?;
    let mut ids = std::collections::HashSet::new();
    let mut fresh = || loop {
        let id = p.new_id();
        if ids.insert(id) {
            return id;
        }
    };
    let claim = Span::new(fresh(), a, CLAIM, s.claim.clone(), annotator)?;
    let mut cue = Span::new(fresh(), a, ATTRIBUTION, s.cue.clone(), annotator)?;
    cue.set_attribute("cue_stance".into(), Some(s.cue_stance.clone()), annotator);
    let source = match &s.source {
        Some(r) => {
            let mut src = Span::new(fresh(), a, SOURCE, r.clone(), annotator)?;
            if let Some(t) = &s.source_type {
                src.set_attribute("source_type".into(), Some(t.clone()), annotator);
            }
            Some(src)
        }
        None => None,
    };
    let link = Link {
        id: fresh(),
        claim: claim.id,
        source: source.as_ref().map(|x| x.id),
        cue: Some(cue.id),
        note: String::new(),
        annotator: annotator.to_owned(),
        created: Some(now()),
    };
    let mut edits = vec![Edit::AddSpan(claim), Edit::AddSpan(cue)];
    edits.extend(source.map(Edit::AddSpan));
    edits.push(Edit::AddLink(link));
    Some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    /// (claim, source, cue, stance, source type) as text.
    type Found = (String, Option<String>, String, String, Option<String>);

    fn run(text: &str) -> Vec<Found> {
        let a = Article::of_text(Id::from_u64(1), text);
        let lex = Lexicon::english();
        let chars: Vec<char> = text.chars().collect();
        let t = |r: &Range<usize>| chars[r.clone()].iter().collect::<String>();
        article(&lex, &a)
            .iter()
            .map(|s| {
                (
                    t(&s.claim),
                    s.source.as_ref().map(t),
                    t(&s.cue),
                    s.cue_stance.clone(),
                    s.source_type.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn the_shapes_of_attribution() {
        let got = run("The union said the plant had been run down for years. According to two officials, the filters failed on Monday. “We have heard this before,” said Amélie Durand. The plant will reopen within days, the minister claimed. Mayor Dana Okafor told reporters that the order would stay.");
        let want = [
            (
                "the plant had been run down for years",
                "The union",
                "said",
                "neutral",
                "named organisation",
            ),
            (
                "the filters failed on Monday",
                "two officials",
                "According to",
                "neutral",
                "anonymous",
            ),
            (
                "We have heard this before",
                "Amélie Durand",
                "said",
                "neutral",
                "named person",
            ),
            (
                "The plant will reopen within days",
                "the minister",
                "claimed",
                "distancing",
                "role only",
            ),
            (
                "the order would stay",
                "Mayor Dana Okafor",
                "told",
                "neutral",
                "named person",
            ),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.0, w.0);
            assert_eq!(g.1.as_deref(), Some(w.1));
            assert_eq!(g.2, w.2);
            assert_eq!(g.3, w.3);
            assert_eq!(g.4.as_deref(), Some(w.4), "{g:?}");
        }
    }

    #[test]
    fn sentence_ends_with_quotes_and_line_breaks() {
        let text = "“It is safe,” she said.”\nNext line.\n\n“Done.”\n";
        let s = sentences(text);
        assert!(s
            .iter()
            .all(|r| r.start <= r.end && r.end <= text.chars().count()));
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        let got = run(
            "Dr. Ines Vold cautioned that there is no proof yet. J. Smith said the plant was safe.",
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].1.as_deref(), Some("Dr. Ines Vold"));
        assert_eq!(got[0].3, "directive");
        assert_eq!(got[1].1.as_deref(), Some("J. Smith"));
        // A source "at" somewhere is still anonymous.
        let got = run("The plant will stay shut, a source at the water authority told the Post.");
        assert_eq!(got[0].4.as_deref(), Some("anonymous"));
    }

    #[test]
    fn plain_narration_and_quoted_phrases_are_not_attributions() {
        assert!(
            run("The plant closed on Monday after the storm flooded the filter hall.").is_empty()
        );
        assert!(run("The council called the plan a “bold step” towards recovery.").is_empty());
    }

    #[test]
    fn accepting_adds_the_spans_the_link_and_the_attributes_as_one_edit() {
        let mut p = Project::new(crate::model::Schema::default());
        p.add_article(Article::of_text(
            Id::from_u64(1),
            "The union said the plant had been run down for years.",
        ))
        .unwrap();
        let lex = Lexicon::english();
        let s = project(&lex, &p, None);
        assert_eq!(s.len(), 1);
        let edit = accept(&p, &s[0], "ann").unwrap();
        edit.apply(&mut p).unwrap();
        assert_eq!(p.span_count(), 3);
        assert_eq!(p.link_count(), 1);
        let cue = p.all_spans().find(|x| x.tag == ATTRIBUTION).unwrap();
        assert_eq!(
            cue.attributes.get("cue_stance").map(String::as_str),
            Some("neutral")
        );
        // Coded now: not suggested again.
        assert!(project(&lex, &p, None).is_empty());
    }
}
