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

use std::ops::Range;

use serde::Serialize;

use crate::edit::Edit;
use crate::lexicon::{Cue, Lexicon};
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

/// A word: its code point range and lower-cased text.
#[derive(Clone, Debug)]
struct Word {
    range: Range<usize>,
    lower: String,
    /// Followed by a comma (possibly after a closing quote).
    comma_after: bool,
}

const QUOTES: &[char] = &[
    '"', '“', '”', '„', '‟', '«', '»', '‹', '›', '「', '」', '『', '』', '\'', '‘', '’', '‚',
];

/// Sentences of a text as code point ranges: ended by . ! ? (and closing
/// quotes after them) before whitespace, or by a line break.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut end = None;
        if c == '\n' {
            end = Some(i);
        } else if matches!(c, '.' | '!' | '?') && !(c == '.' && abbreviation(&chars[start..i])) {
            let mut j = i + 1;
            while j < chars.len() && QUOTES.contains(&chars[j]) {
                j += 1;
            }
            if j == chars.len() || chars[j].is_whitespace() {
                end = Some(j);
                i = j.saturating_sub(1);
            }
        }
        if let Some(e) = end {
            if e > start && chars[start..e].iter().any(|c| c.is_alphanumeric()) {
                out.push(start..e);
            }
            start = start.max(e + usize::from(e < chars.len() && chars[e] == '\n'));
        }
        i += 1;
    }
    if chars[start.min(chars.len())..]
        .iter()
        .any(|c| c.is_alphanumeric())
    {
        out.push(start..chars.len());
    }
    out
}

/// Titles and initials whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt",
    "no", "vs", "etc", "jr", "sr", "inc", "ltd", "co", "corp", "u.s", "u.k", "e.g", "i.e",
];

/// Whether the text before a full stop ends in an abbreviation or an
/// initial ("Dr.", "U.S.", "J.").
fn abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| c.is_alphabetic() || **c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(|c| c.to_lowercase())
        .collect();
    let single_initial =
        word.chars().count() == 1 && before.last().is_some_and(|c| c.is_uppercase());
    single_initial || ABBREVIATIONS.contains(&word.as_str())
}

fn words(chars: &[char], range: Range<usize>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < range.end
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '\'' | '’' | '-')
                        && i + 1 < range.end
                        && chars[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
            let mut j = i;
            while j < range.end && QUOTES.contains(&chars[j]) {
                j += 1;
            }
            out.push(Word {
                range: s..i,
                lower: chars[s..i].iter().flat_map(|c| c.to_lowercase()).collect(),
                comma_after: j < range.end && chars[j] == ',',
            });
        } else {
            i += 1;
        }
    }
    out
}

/// The words up to and including the first followed by a comma (all of
/// them when none is).
fn to_comma(ws: &[Word]) -> &[Word] {
    let len = ws
        .iter()
        .position(|w| w.comma_after)
        .map_or(ws.len(), |k| k + 1);
    &ws[..len]
}

/// Where a cue's form matches words at `i`: how many words it takes.
fn matches(cue: &Cue, ws: &[Word], i: usize) -> Option<usize> {
    cue.forms.iter().find_map(|f| {
        let parts: Vec<&str> = f.split(' ').collect();
        (i + parts.len() <= ws.len()
            && parts.iter().enumerate().all(|(k, p)| ws[i + k].lower == *p))
        .then_some(parts.len())
    })
}

/// The content range trimmed of spaces, quotes and end punctuation.
fn content(chars: &[char], mut r: Range<usize>) -> Option<Range<usize>> {
    let junk = |c: char| {
        c.is_whitespace() || QUOTES.contains(&c) || matches!(c, ',' | '.' | ';' | ':' | '—' | '–')
    };
    while r.start < r.end && junk(chars[r.start]) {
        r.start += 1;
    }
    while r.end > r.start && junk(chars[r.end - 1]) {
        r.end -= 1;
    }
    // A dateline ("MARROWBY —", "LONDON (Wire) —") is not the content.
    let head: String = chars[r.clone()].iter().take(40).collect();
    if let Some(at) = head.find(" — ").or_else(|| head.find(" - ")) {
        let before = &head[..at];
        if before.chars().any(char::is_alphabetic) && before.chars().all(|c| !c.is_lowercase()) {
            r.start += before.chars().count() + 3;
        }
    }
    let words = chars[r.clone()]
        .split(|c| c.is_whitespace())
        .filter(|w| w.iter().any(|c| c.is_alphanumeric()))
        .count();
    (words >= 3).then_some(r)
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];
const LEADING: &[&str] = &["and", "but", "while", "as", "so", "yet"];

/// What kind of source a phrase names.
fn source_type(lex: &Lexicon, chars: &[char], ws: &[Word]) -> String {
    let lower: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
    let phrase = lower.join(" ");
    if lex.anonymous.iter().any(|a| {
        phrase == *a || phrase.ends_with(&format!(" {a}")) || phrase.starts_with(&format!("{a} "))
    }) {
        return "anonymous".into();
    }
    if lower
        .iter()
        .any(|w| lex.organisations.iter().any(|o| o == w))
    {
        return "named organisation".into();
    }
    let capitalised = ws
        .iter()
        .filter(|w| chars[w.range.start].is_uppercase())
        .count();
    let role = lower.iter().any(|w| lex.roles.iter().any(|r| r == w));
    if capitalised >= 2 || (capitalised >= 1 && !role && !PRONOUNS.contains(&lower[0])) {
        return "named person".into();
    }
    if role || PRONOUNS.contains(&lower[0]) {
        return "role only".into();
    }
    "vague collective".into()
}

fn span_of(ws: &[Word]) -> Option<Range<usize>> {
    Some(ws.first()?.range.start..ws.last()?.range.end)
}

/// Suggestions for one article, in text order.
pub fn article(lex: &Lexicon, a: &Article) -> Vec<Suggestion> {
    let chars: Vec<char> = a.text().chars().collect();
    let mut out = Vec::new();
    for sentence in sentences(a.text()) {
        let ws = words(&chars, sentence.clone());
        let ctx = Ctx {
            lex,
            article: a.id,
            chars: &chars,
        };
        if let Some(s) = in_sentence(&ctx, &ws, sentence) {
            out.push(s);
        }
    }
    out
}

/// What a sentence's rules need besides its words.
struct Ctx<'a> {
    lex: &'a Lexicon,
    article: Id,
    chars: &'a [char],
}

fn suggestion(
    ctx: &Ctx<'_>,
    claim: Range<usize>,
    source: &[Word],
    cue: Range<usize>,
    stance: &str,
    (confidence, shape): (f64, &str),
) -> Suggestion {
    let Ctx {
        lex,
        article,
        chars,
    } = *ctx;
    let source_range = span_of(source);
    let kind = (!source.is_empty()).then(|| source_type(lex, chars, source));
    let cue_text: String = chars[cue.clone()].iter().collect();
    let src_text: String = source_range
        .clone()
        .map(|r| chars[r].iter().collect())
        .unwrap_or_default();
    let why = match &kind {
        Some(k) => format!("cue '{cue_text}' ({stance}) {shape} '{src_text}' ({k})"),
        None => format!("cue '{cue_text}' ({stance}) {shape}"),
    };
    Suggestion {
        article,
        claim,
        source: source_range,
        cue,
        cue_stance: stance.to_owned(),
        source_type: kind,
        confidence,
        why,
    }
}

fn in_sentence(ctx: &Ctx<'_>, ws: &[Word], sentence: Range<usize>) -> Option<Suggestion> {
    let (lex, chars) = (ctx.lex, ctx.chars);
    // Prepositions: "According to SOURCE, CONTENT" / "CONTENT, according to SOURCE".
    for i in 0..ws.len() {
        for cue in &lex.prepositions {
            let Some(n) = matches(cue, ws, i) else {
                continue;
            };
            let cue_range = ws[i].range.start..ws[i + n - 1].range.end;
            let after = &ws[i + n..];
            if i == 0 || ws[i - 1].comma_after {
                // Source up to the next comma.
                let source = to_comma(after);
                let source = &source[..source.len().min(8)];
                if source.is_empty() {
                    continue;
                }
                let claim = if i == 0 {
                    let from = source.last()?.range.end;
                    content(chars, from..sentence.end)
                } else {
                    content(chars, sentence.start..ws[i - 1].range.end)
                };
                let Some(claim) = claim else { continue };
                let shape = if i == 0 {
                    "before the source"
                } else {
                    "after the claim, then the source"
                };
                return Some(suggestion(
                    ctx,
                    claim,
                    source,
                    cue_range,
                    &cue.stance,
                    (0.85, shape),
                ));
            }
        }
    }
    // Verbs.
    for i in 0..ws.len() {
        for cue in &lex.verbs {
            let Some(n) = matches(cue, ws, i) else {
                continue;
            };
            let cue_range = ws[i].range.start..ws[i + n - 1].range.end;
            // CONTENT, CUE SOURCE. ("…, said the minister.")
            if i > 0 && ws[i - 1].comma_after {
                let source = to_comma(&ws[i + n..]);
                if (1..=8).contains(&source.len()) {
                    if let Some(claim) = content(chars, sentence.start..ws[i - 1].range.end) {
                        return Some(suggestion(
                            ctx,
                            claim,
                            source,
                            cue_range,
                            &cue.stance,
                            (0.8, "after the claim, before the source"),
                        ));
                    }
                }
            }
            // Subject: back to the clause's start.
            let clause = (0..i)
                .rev()
                .find(|&k| ws[k].comma_after)
                .map_or(0, |k| k + 1);
            let mut subject = &ws[clause..i];
            while subject
                .first()
                .is_some_and(|w| LEADING.contains(&w.lower.as_str()))
            {
                subject = &subject[1..];
            }
            // "were admitted to hospital": a verb of saying in another sense.
            const BE: &[&str] = &["was", "were", "is", "are", "be", "been", "being"];
            if subject.is_empty()
                || subject.len() > 8
                || subject
                    .last()
                    .is_some_and(|w| BE.contains(&w.lower.as_str()))
            {
                continue;
            }
            // CONTENT, SOURCE CUE (HEARER). ("“…,” she said."; "…, a
            // source told the Post, speaking on condition of anonymity.")
            let rest = &ws[i + n..];
            let hearer = rest
                .iter()
                .position(|w| w.comma_after)
                .is_some_and(|k| k < 4);
            if clause > 0 && (rest.len() <= 3 || hearer) {
                if let Some(claim) = content(chars, sentence.start..ws[clause - 1].range.end) {
                    return Some(suggestion(
                        ctx,
                        claim,
                        subject,
                        cue_range,
                        &cue.stance,
                        (0.85, "after the claim and its source"),
                    ));
                }
            }
            // SOURCE CUE (that) CONTENT; "told X (that)" skips the hearer.
            let mut k = i + n;
            if cue
                .forms
                .iter()
                .any(|f| f == "told" || f == "tells" || f == "tell")
            {
                let that = rest.iter().take(5).position(|w| w.lower == "that");
                k += that.map_or(1, |t| t + 1);
            } else if rest.first().is_some_and(|w| w.lower == "that") {
                k += 1;
            }
            let Some(from) = ws.get(k).map(|w| w.range.start) else {
                continue;
            };
            if let Some(claim) = content(chars, from..sentence.end) {
                return Some(suggestion(
                    ctx,
                    claim,
                    subject,
                    cue_range,
                    &cue.stance,
                    (0.75, "after the subject"),
                ));
            }
        }
    }
    None
}

/// Suggestions for every article (or one), leaving out what is coded: a
/// cue that overlaps an attribution span, a claim that overlaps a claim
/// span, and lines of boilerplate.
pub fn project(lex: &Lexicon, p: &Project, only: Option<Id>) -> Vec<Suggestion> {
    let furniture = crate::boilerplate::find(p.articles());
    let mut out = Vec::new();
    for a in p
        .articles()
        .iter()
        .filter(|a| only.is_none_or(|o| o == a.id))
    {
        let skip = furniture.get(&a.id).map_or(&[][..], Vec::as_slice);
        for s in article(lex, a) {
            let coded = p
                .spans_overlapping(a.id, s.cue.clone())
                .any(|x| x.tag == ATTRIBUTION)
                || p.spans_overlapping(a.id, s.claim.clone())
                    .any(|x| x.tag == CLAIM);
            let rejected = p.rulings().iter().any(|r| {
                r.suggestion && r.article == a.id && r.start == s.cue.start && r.end == s.cue.end
            });
            if !coded && !rejected && !crate::boilerplate::covers(skip, &s.cue) {
                out.push(s);
            }
        }
    }
    out
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
