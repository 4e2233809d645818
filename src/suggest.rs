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

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::model::{now, Article, Id, Link, Project, Span, ATTRIBUTION, CLAIM, SOURCE};

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

/// An article's suggestions as if nothing were coded, leaving out those
/// whose cue is in a line of boilerplate.
pub fn in_article(lex: &Lexicon, a: &Article, boilerplate: &[Range<usize>]) -> Vec<Suggestion> {
    // A word ends before a combining mark the rules do not count as a
    // letter ("José" as e + U+0301): every range is widened to whole
    // grapheme clusters.
    let whole = |r: Range<usize>| a.widen_to_graphemes(r.clone()).unwrap_or(r);
    article(lex, a)
        .into_iter()
        .filter(|s| !crate::boilerplate::covers(boilerplate, &s.cue))
        .map(|mut s| {
            s.claim = whole(s.claim);
            s.cue = whole(s.cue);
            s.source = s.source.map(whole);
            s
        })
        .collect()
}

/// Suggestions for every article (or one) as if nothing were coded,
/// leaving out lines of boilerplate (found among the outlet's articles).
fn uncoded(lex: &Lexicon, p: &Project, only: Option<Id>) -> Vec<Suggestion> {
    let furniture = match only.and_then(|o| p.article(o)) {
        Some(a) => {
            let outlet: Vec<_> = p
                .articles()
                .iter()
                .filter(|x| x.meta.outlet == a.meta.outlet)
                .cloned()
                .collect();
            crate::boilerplate::find(&outlet)
        }
        None => crate::boilerplate::find(p.articles()),
    };
    let mut out = Vec::new();
    for a in p
        .articles()
        .iter()
        .filter(|a| only.is_none_or(|o| o == a.id))
    {
        let skip = furniture.get(&a.id).map_or(&[][..], Vec::as_slice);
        out.extend(in_article(lex, a, skip));
    }
    out
}

/// Suggestions for every article, as if nothing were coded (to measure
/// them against a hand-coded project).
pub fn all(lex: &Lexicon, p: &Project) -> Vec<Suggestion> {
    uncoded(lex, p, None)
}

/// The places where suggestions were rejected: (article, cue start, end).
pub fn rejected(p: &Project) -> HashSet<(Id, usize, usize)> {
    p.rulings()
        .iter()
        .filter(|r| r.suggestion)
        .map(|r| (r.article, r.start, r.end))
        .collect()
}

/// Whether a suggestion is still open: its cue overlaps no attribution
/// span and it was not rejected. (A coded claim does not close it: the
/// inner attribution of a nested one, or the second of "Citing X, Y
/// said …", shares or sits in another's claim.)
pub fn is_open(p: &Project, rejected: &HashSet<(Id, usize, usize)>, s: &Suggestion) -> bool {
    let coded = p
        .spans_overlapping(s.article, s.cue.clone())
        .any(|x| x.tag == ATTRIBUTION);
    !coded && !rejected.contains(&(s.article, s.cue.start, s.cue.end))
}

/// Suggestions for every article (or one), leaving out what is coded,
/// what was rejected and lines of boilerplate.
pub fn project(lex: &Lexicon, p: &Project, only: Option<Id>) -> Vec<Suggestion> {
    let rejected = rejected(p);
    uncoded(lex, p, only)
        .into_iter()
        .filter(|s| is_open(p, &rejected, s))
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
    let mut edits = Vec::new();
    // A span already coded at the same place is used, not made twice (the
    // claim "Citing X, Y said …" shares; the source a continuation shares).
    let mut place = |tag: &str, r: &Range<usize>, edits: &mut Vec<Edit>| -> Option<Id> {
        if let Some(x) = p.find_span(s.article, tag, r.clone()) {
            return Some(x.id);
        }
        let mut span = Span::new(fresh(), a, tag, r.clone(), annotator)?;
        match tag {
            ATTRIBUTION => {
                span.set_attribute("cue_stance".into(), Some(s.cue_stance.clone()), annotator)
            }
            SOURCE => {
                if let Some(t) = &s.source_type {
                    span.set_attribute("source_type".into(), Some(t.clone()), annotator);
                }
            }
            _ => {}
        }
        let id = span.id;
        edits.push(Edit::AddSpan(span));
        Some(id)
    };
    let claim = place(CLAIM, &s.claim, &mut edits)?;
    let cue = place(ATTRIBUTION, &s.cue, &mut edits)?;
    let source = match &s.source {
        Some(r) => Some(place(SOURCE, r, &mut edits)?),
        None => None,
    };
    let link = Link {
        id: fresh(),
        claim,
        source,
        cue: Some(cue),
        note: String::new(),
        annotator: annotator.to_owned(),
        created: Some(now()),
    };
    edits.push(Edit::AddLink(link));
    Some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// (claim, source, cue) of each suggestion, as text.
    fn triples(text: &str) -> Vec<(String, Option<String>, String)> {
        run(text).into_iter().map(|f| (f.0, f.1, f.2)).collect()
    }

    fn t(claim: &str, source: Option<&str>, cue: &str) -> (String, Option<String>, String) {
        (claim.into(), source.map(Into::into), cue.into())
    }

    #[test]
    fn perfect_and_progressive_forms_keep_their_auxiliaries() {
        assert_eq!(
            triples("The council has urged residents to conserve water. The union is insisting that no jobs go."),
            [
                t("residents to conserve water", Some("The council"), "has urged"),
                t("no jobs go", Some("The union"), "is insisting"),
            ]
        );
    }

    #[test]
    fn continuations_share_the_source_and_end_the_first_claim() {
        assert_eq!(
            triples("Ms Reye told the Herald that engineers had raised the problem, adding that the board ignored it."),
            [
                t("engineers had raised the problem", Some("Ms Reye"), "told"),
                t("the board ignored it", Some("Ms Reye"), "adding"),
            ]
        );
        assert_eq!(
            triples("Marsh acknowledged that a replacement had been delayed but said it was not yet due."),
            [
                t("a replacement had been delayed", Some("Marsh"), "acknowledged"),
                t("it was not yet due", Some("Marsh"), "said"),
            ]
        );
        // "adding" without "that" is not speech.
        assert_eq!(
            triples("Buses said services would be diverted, adding 25 minutes to journeys."),
            [t(
                "services would be diverted, adding 25 minutes to journeys",
                Some("Buses"),
                "said"
            )]
        );
    }

    #[test]
    fn nested_attributions_are_both_suggested() {
        assert_eq!(
            triples(
                "According to the Herald, a leaked memo warned that the filter beds were at risk."
            ),
            [
                t(
                    "a leaked memo warned that the filter beds were at risk",
                    Some("the Herald"),
                    "According to"
                ),
                t(
                    "the filter beds were at risk",
                    Some("a leaked memo"),
                    "warned"
                ),
            ]
        );
        assert_eq!(
            triples("The Ledger reported that the retail federation had warned of shortages within a week."),
            [
                t(
                    "the retail federation had warned of shortages within a week",
                    Some("The Ledger"),
                    "reported"
                ),
                t("shortages within a week", Some("the retail federation"), "had warned"),
            ]
        );
    }

    #[test]
    fn a_source_inside_a_clause_nests() {
        assert_eq!(
            triples("A senior official revealed according to Axios that the talks had failed."),
            [
                t(
                    "the talks had failed",
                    Some("A senior official"),
                    "revealed"
                ),
                t("the talks had failed", Some("Axios"), "according to"),
            ]
        );
    }

    #[test]
    fn citing_takes_the_main_clauses_claim() {
        assert_eq!(
            triples("Citing figures from the standards office, Dr Vold said no cases had been linked to the supply."),
            [
                t(
                    "no cases had been linked to the supply",
                    Some("figures from the standards office"),
                    "Citing"
                ),
                t("no cases had been linked to the supply", Some("Dr Vold"), "said"),
            ]
        );
    }

    #[test]
    fn passives_with_and_without_an_agent() {
        assert_eq!(
            triples("The closure was confirmed by the highways department on Monday evening. The strike was described by port users as the worst in a decade."),
            [
                t("The closure", Some("the highways department"), "confirmed by"),
                t("the worst in a decade", Some("port users"), "described by"),
            ]
        );
        assert_eq!(
            triples("The decision was widely seen as a gamble that failed. It is understood that talks could resume on Thursday. The works failed an inspection in 2022, it was reported."),
            [
                t("a gamble that failed", None, "was widely seen as"),
                t("talks could resume on Thursday", None, "is understood"),
                t("The works failed an inspection in 2022", None, "was reported"),
            ]
        );
        // Passives of other verbs are not speech.
        assert!(triples("Three people were admitted to hospital on Tuesday night.").is_empty());
        assert!(triples("A footbridge is being considered by engineers for the river.").is_empty());
    }

    #[test]
    fn quotations_across_sentences_and_paragraphs_stay_one_claim() {
        assert_eq!(
            triples("“The filters failed. We warned them twice,” said Tamsin Reye, the branch secretary."),
            [t(
                "The filters failed. We warned them twice",
                Some("Tamsin Reye, the branch secretary"),
                "said"
            )]
        );
        // A quote of two paragraphs: the first left open, the second reopened.
        let got = triples("Mr Holt said: “We have waited three years for this.\n\n“Nobody told us anything about the cranes.”\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with("We have waited"), "{got:?}");
        assert!(got[0].0.ends_with("about the cranes"), "{got:?}");
        // Words inside quotation marks are never cues: « » and „ “ too.
        assert_eq!(
            triples("« Nobody tells us anything », he told the Herald by radio."),
            [t("Nobody tells us anything", Some("he"), "told")]
        );
        assert_eq!(
            triples("„Wir haben gewarnt, sagten wir“, said the engineer."),
            [t(
                "Wir haben gewarnt, sagten wir",
                Some("the engineer"),
                "said"
            )]
        );
    }

    #[test]
    fn verbs_used_as_nouns_and_adjectives_are_not_cues() {
        for text in [
            "Under the said programme, the works were due new filters in 2027.",
            "Dr Vold stressed there was no confirmed link to the water supply.",
            "She called for every inspection report on the bridge since 2015 to be published.",
            "Dozens of residents showed up at the town hall on Tuesday night.",
            "Customers should boil water until told otherwise by the board.",
            "Homes were told to boil their drinking water until Friday.",
        ] {
            let got = triples(text);
            assert!(
                got.iter()
                    .all(|x| !["said", "confirmed", "report", "showed", "told"]
                        .contains(&x.2.as_str())),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn appositions_belong_to_their_source() {
        assert_eq!(
            triples("The Utility Workers' Guild, the union for staff at the plant, said two filters had been running too long."),
            [t(
                "two filters had been running too long",
                Some("The Utility Workers' Guild, the union for staff at the plant"),
                "said"
            )]
        );
        assert_eq!(
            triples("According to Dr Ines Vold, the county's health officer, the notice will last a week."),
            [t(
                "the notice will last a week",
                Some("Dr Ines Vold, the county's health officer"),
                "According to"
            )]
        );
    }

    #[test]
    fn documents_collectives_and_pronouns_get_their_source_type() {
        let kinds: Vec<Option<String>> = run("A leaked memo warned that the beds could fail. Residents complained that nobody told them. She said the plant was safe.")
            .into_iter()
            .map(|f| f.4)
            .collect();
        assert_eq!(
            kinds,
            [
                Some("document".to_owned()),
                Some("vague collective".to_owned()),
                Some("named person".to_owned())
            ]
        );
    }

    #[test]
    fn ordinary_sentences_that_once_went_wrong() {
        assert_eq!(
            triples("In a statement, the ministry said it would appeal the ruling."),
            [t(
                "it would appeal the ruling",
                Some("the ministry"),
                "said"
            )]
        );
        assert_eq!(
            triples("The minister told the BBC the plan was dead."),
            [t("the plan was dead", Some("The minister"), "told")]
        );
        assert_eq!(
            triples("Three deaths were reported in the city on Monday."),
            [t("Three deaths", None, "were reported")]
        );
        assert!(triples("The company added 200 jobs last year.").is_empty());
        assert!(triples("Police found the body of a man in the river.").is_empty());
        // No subject to go on from: no suggestion rather than a wrong one.
        assert!(
            triples("The company cut 500 jobs and said profits would fall.")
                .iter()
                .all(|x| x.1.as_deref() != Some("The company cut 500 jobs and"))
        );
        // A dash inside a quotation is not a dateline.
        assert_eq!(
            triples("“I — like everyone — was shocked,” she said."),
            [t("I — like everyone — was shocked", Some("she"), "said")]
        );
        // A stray inch mark quotes nothing.
        assert_eq!(
            triples("The beam is only 12\" thick and it cracked, engineers said."),
            [t(
                "The beam is only 12\" thick and it cracked",
                Some("engineers"),
                "said"
            )]
        );
    }

    #[test]
    fn offsets_never_split_a_grapheme() {
        // "José" with a combining acute; an emoji with a skin tone.
        let text = "The plant is safe and open again, said Jose\u{301}. Sources told the Post that 👍🏽 was the mood.";
        let a = Article::of_text(Id::from_u64(1), text);
        let got = in_article(&Lexicon::english(), &a, &[]);
        assert!(!got.is_empty());
        for s in &got {
            for r in [Some(&s.claim), s.source.as_ref(), Some(&s.cue)]
                .into_iter()
                .flatten()
            {
                assert!(a.on_graphemes(r.clone()), "{r:?} splits a grapheme");
            }
        }
        let source = got[0].source.clone().unwrap();
        assert_eq!(a.slice(source).unwrap(), "Jose\u{301}");
    }

    #[test]
    fn accepting_one_of_two_that_share_a_claim_keeps_the_other_and_one_claim_span() {
        let mut p = Project::new(crate::model::Schema::default());
        p.add_article(Article::of_text(
            Id::from_u64(1),
            "Citing figures from the standards office, Dr Vold said no cases had been linked to the supply.",
        ))
        .unwrap();
        let lex = Lexicon::english();
        for _ in 0..2 {
            let open = project(&lex, &p, None);
            accept(&p, &open[0], "ann").unwrap().apply(&mut p).unwrap();
        }
        assert!(project(&lex, &p, None).is_empty());
        assert_eq!(p.link_count(), 2);
        // One claim span, two cues, two sources.
        assert_eq!(p.all_spans().filter(|x| x.tag == CLAIM).count(), 1);
        assert_eq!(p.span_count(), 5);
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
