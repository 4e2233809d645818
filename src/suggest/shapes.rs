//! The shapes attribution takes in news, found in a text by rules over its
//! words and the lexicon: where quotations run, where sentences end, which
//! words are cues, and for each cue its source and its claim.
//!
//! - `SOURCE CUE (that) CONTENT`, with perfect and progressive forms ("has
//!   urged", "is insisting") and a hearer ("told reporters that");
//! - `CONTENT, SOURCE CUE.` and `CONTENT, CUE SOURCE.` ("“…,” she said";
//!   "…, said the minister");
//! - `According to SOURCE, CONTENT`, `CONTENT, according to SOURCE`, and
//!   `Citing SOURCE, X said CONTENT`;
//! - continuations that share the source: "…, adding that …", "… but
//!   said …", "… and urged …";
//! - passives: "… was confirmed by SOURCE", "… described by SOURCE as …",
//!   and agentless ones: "was widely seen as …", "it is understood that …",
//!   "…, it was reported.";
//! - nesting: a cue inside another's claim is suggested too, and the outer
//!   claim keeps it ("The Ledger reported that the federation had warned …").
//!
//! Words inside quotation marks are never cues: they are what is reported.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Suggestion;
use crate::lexicon::{Cue, Lexicon};
use crate::model::{Article, Id};

/// A word: its code point range and lower-cased text.
#[derive(Clone, Debug)]
struct Word {
    range: Range<usize>,
    lower: String,
    /// Followed by a comma (possibly after a closing quote).
    comma_after: bool,
    /// Inside quotation marks.
    quoted: bool,
    capital: bool,
    /// "the county's", "the engineers'".
    possessive: bool,
}

pub(super) const QUOTES: &[char] = &[
    '"', '“', '”', '„', '‟', '«', '»', '‹', '›', '「', '」', '『', '』', '\'', '‘', '’', '‚',
];

/// The marks that may close a quotation opened by `c`.
fn closers(c: char) -> Option<&'static [char]> {
    Some(match c {
        '"' => &['"'],
        '“' => &['”', '"'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '‹' => &['›'],
        '「' => &['」'],
        '『' => &['』'],
        '‘' => &['’'],
        _ => return None,
    })
}

/// Where quotations run, marks included. A quotation left open at the end
/// of a paragraph goes on if the next paragraph opens with the same mark
/// (news style for a quote of several paragraphs); otherwise it ends there.
fn quotations(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match open {
            None => {
                if closers(c).is_some() {
                    open = Some((i, c));
                }
            }
            Some((start, opener)) => {
                let closes = closers(opener).is_some_and(|cl| cl.contains(&c))
                    // A closing single quote only before a non-letter
                    // (else it is an apostrophe).
                    && (opener != '‘' || !chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()));
                if closes {
                    out.push(start..i + 1);
                    open = None;
                } else if c == '\n' {
                    let next = chars[i..]
                        .iter()
                        .position(|c| !c.is_whitespace())
                        .map(|k| i + k);
                    match next {
                        Some(k) if chars[k] == opener && chars[i..k].contains(&'\n') => {
                            // Reopened: the quotation goes on past the mark.
                            i = k;
                        }
                        _ => {
                            out.push(start..i);
                            open = None;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    // A mark still open at the end of the text is a stray one (an inch
    // mark, a typo): it quotes nothing.
    let _ = open;
    out
}

fn inside(quotes: &[Range<usize>], at: usize) -> Option<&Range<usize>> {
    let k = quotes.partition_point(|q| q.end <= at);
    quotes.get(k).filter(|q| q.start <= at)
}

/// Sentences of a text as code point ranges: ended by . ! ? (and closing
/// quotes after them) before whitespace, or by a line break; never inside
/// a quotation, unless the stop is the quotation's last word.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    sentences_in(&chars, &quotations(&chars))
}

fn sentences_in(chars: &[char], quotes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let quoted = inside(quotes, i);
        let mut end = None;
        if c == '\n' && quoted.is_none_or(|q| q.start == i || q.end <= i + 1) {
            end = Some(i);
        } else if matches!(c, '.' | '!' | '?') && !(c == '.' && abbreviation(&chars[start..i])) {
            let mut j = i + 1;
            while j < chars.len() && QUOTES.contains(&chars[j]) {
                j += 1;
            }
            let ends_quote = quoted.is_none_or(|q| q.end <= j);
            if ends_quote && (j == chars.len() || chars[j].is_whitespace()) {
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
    "no", "vs", "etc", "jr", "sr", "inc", "ltd", "co", "corp", "u.s", "u.k", "e.g", "i.e", "a.m",
    "p.m",
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

fn words(chars: &[char], range: Range<usize>, quotes: &[Range<usize>]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < range.end
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '\'' | '’' | '-' | '.')
                        && i + 1 < range.end
                        && chars[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
            let mut j = i;
            while j < range.end && (QUOTES.contains(&chars[j]) || chars[j] == ' ') {
                j += 1;
            }
            out.push(Word {
                range: s..i,
                lower: chars[s..i].iter().flat_map(|c| c.to_lowercase()).collect(),
                comma_after: j < range.end && chars[j] == ',',
                quoted: inside(quotes, s).is_some(),
                capital: chars[s].is_uppercase(),
                possessive: chars[s..i].ends_with(&['\'', 's'])
                    || chars[s..i].ends_with(&['’', 's'])
                    || matches!(chars.get(i), Some('\'' | '’')),
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

/// A list of cues, its forms split into words once and found by their
/// first word.
struct Forms<'l> {
    by_first: HashMap<&'l str, Vec<(&'l Cue, Vec<&'l str>)>>,
}

impl<'l> Forms<'l> {
    fn new(cues: &'l [Cue]) -> Self {
        let mut by_first: HashMap<&str, Vec<(&Cue, Vec<&str>)>> = HashMap::new();
        for c in cues {
            for f in &c.forms {
                let parts: Vec<&str> = f.split(' ').filter(|p| !p.is_empty()).collect();
                if let Some(first) = parts.first() {
                    by_first.entry(first).or_default().push((c, parts));
                }
            }
        }
        Self { by_first }
    }

    /// The cue whose form takes the most words at `i`, and how many.
    fn longest(&self, ws: &[Word], i: usize) -> Option<(&'l Cue, usize)> {
        self.by_first
            .get(ws.get(i)?.lower.as_str())?
            .iter()
            .filter(|(_, parts)| {
                i + parts.len() <= ws.len()
                    && parts.iter().enumerate().all(|(k, p)| ws[i + k].lower == *p)
                    && ws[i..i + parts.len() - 1].iter().all(|w| !w.comma_after)
            })
            .map(|(c, parts)| (*c, parts.len()))
            .max_by_key(|(_, n)| *n)
    }
}

/// The lexicon made ready for matching, once per text.
struct Prepared<'l> {
    verbs: Forms<'l>,
    prepositions: Forms<'l>,
    agentless: Forms<'l>,
    /// Every one-word verb form ("said", "warned").
    verb_words: HashSet<&'l str>,
}

impl<'l> Prepared<'l> {
    fn new(lex: &'l Lexicon) -> Self {
        Self {
            verbs: Forms::new(&lex.verbs),
            prepositions: Forms::new(&lex.prepositions),
            agentless: Forms::new(&lex.agentless),
            verb_words: lex
                .verbs
                .iter()
                .flat_map(|c| c.forms.iter())
                .filter(|f| !f.contains(' '))
                .map(String::as_str)
                .collect(),
        }
    }
}

/// The content range trimmed of spaces, quotes and end punctuation, if it
/// has three words or more.
fn content(ctx: &Ctx<'_>, r: Range<usize>) -> Option<Range<usize>> {
    trimmed(ctx, r, 3)
}

fn trimmed(ctx: &Ctx<'_>, mut r: Range<usize>, min_words: usize) -> Option<Range<usize>> {
    let chars = ctx.chars;
    let junk = |c: char| {
        c.is_whitespace() || QUOTES.contains(&c) || matches!(c, ',' | '.' | ';' | ':' | '—' | '–')
    };
    // An abbreviation's full stop at the end stays ("3 a.m.").
    let keep_stop = |r: &Range<usize>| {
        r.end > r.start + 1
            && chars[r.end - 1] == '.'
            && chars[r.end - 2].is_alphabetic()
            && chars[r.start..r.end - 1]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .any(|c| *c == '.')
    };
    while r.start < r.end && junk(chars[r.start]) {
        r.start += 1;
    }
    while r.end > r.start && junk(chars[r.end - 1]) && !keep_stop(&r) {
        r.end -= 1;
    }
    // A dateline ("MARROWBY —", "LONDON (Wire) —") at a paragraph's start
    // is not the content.
    let head: String = chars[r.clone()].iter().take(60).collect();
    let paragraph_start = r.start == 0 || chars[r.start - 1] == '\n';
    if let Some(at) = head
        .find(" — ")
        .or_else(|| head.find(" - "))
        .filter(|_| paragraph_start)
    {
        let before = &head[..at];
        let outside: String = before.split('(').next().unwrap_or("").to_owned();
        if outside.chars().any(char::is_alphabetic) && outside.chars().all(|c| !c.is_lowercase()) {
            r.start += before.chars().count() + 3;
        }
    }
    // A quotation that starts or ends inside keeps its marks: “a fault”
    // had allowed …; the pay offer was “fair and final”.
    let from = ctx.quotes.partition_point(|q| q.end <= r.start);
    let end = r.end;
    for q in ctx.quotes[from..].iter().take_while(|q| q.start < end) {
        let only_junk = |a: usize, b: usize| chars[a.min(b)..b].iter().all(|c| junk(*c));
        if q.start < r.start && q.end > r.start && q.end <= r.end && only_junk(q.start, r.start) {
            r.start = q.start;
        }
        if q.start >= r.start && q.start < r.end && q.end > r.end && only_junk(r.end, q.end) {
            r.end = q.end;
        }
    }
    let words = chars[r.clone()]
        .split(|c| c.is_whitespace())
        .filter(|w| w.iter().any(|c| c.is_alphanumeric()))
        .count();
    (words >= min_words).then_some(r)
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];
const LEADING: &[&str] = &[
    "and", "but", "while", "as", "so", "yet", "although", "though",
];
const CONJUNCTIONS: &[&str] = &["and", "but"];
/// Words before a verb that make it a noun or an adjective ("the said
/// property", "no confirmed link", "a report").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "no", "any", "its", "their", "his", "her", "our", "this", "these", "those",
    "every", "each", "some",
];
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
const HAVE: &[&str] = &["has", "have", "had"];
/// Adverbs that may sit between an auxiliary and its verb.
const ADVERBS: &[&str] = &[
    "widely",
    "also",
    "generally",
    "repeatedly",
    "previously",
    "already",
    "publicly",
    "privately",
    "since",
    "now",
    "long",
    "still",
    "again",
];
/// Words between a cue and its content that belong to neither (with
/// the weekdays).
const TIME: &[&str] = &["yesterday", "today", "tonight"];
/// Days and months, for datelines and times here and dates in facts.
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Participles that say something only with "that" or a quotation after
/// them ("adding that …", not "adding 25 minutes to journeys").
const AMBIGUOUS: &[&str] = &[
    "adding",
    "noting",
    "showing",
    "reporting",
    "recording",
    "finding",
    "writing",
    "stating",
    "explaining",
    "describing",
    "promising",
    "confirming",
];
pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Verbs that say something only with "that" or a quotation after them
/// ("the company added 200 jobs", "police found the body").
const AMBIGUOUS_VERBS: &[&str] = &[
    "add",
    "adds",
    "added",
    "find",
    "finds",
    "found",
    "write",
    "writes",
    "wrote",
    "record",
    "records",
    "recorded",
    "note",
    "notes",
    "noted",
    "describe",
    "describes",
    "described",
    "promise",
    "promises",
    "promised",
    "state",
    "states",
    "stated",
];
const DAYPARTS: &[&str] = &["morning", "afternoon", "evening", "night"];

/// What kind of source a phrase names.
fn source_type(lex: &Lexicon, chars: &[char], ws: &[Word]) -> String {
    let lower: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
    let phrase = lower.join(" ");
    let has = |list: &[String]| lower.iter().any(|w| list.iter().any(|o| o == w));
    if lex.anonymous.iter().any(|a| {
        phrase == *a || phrase.contains(&format!(" {a}")) || phrase.starts_with(&format!("{a} "))
    }) {
        return "anonymous".into();
    }
    // The head noun: before "of", "at", "from" or a comma.
    let head_end = ws
        .iter()
        .position(|w| {
            w.comma_after
                || matches!(
                    w.lower.as_str(),
                    "of" | "at" | "from" | "for" | "seen" | "published"
                )
        })
        .map_or(ws.len(), |k| if ws[k].comma_after { k + 1 } else { k });
    let head = &lower[..head_end.max(1).min(lower.len())];
    if head.iter().any(|w| lex.documents.iter().any(|d| d == w)) {
        return "document".into();
    }
    if has(&lex.organisations) {
        return "named organisation".into();
    }
    if head.iter().any(|w| lex.collectives.iter().any(|c| c == w)) {
        return "vague collective".into();
    }
    let capitalised = ws
        .iter()
        .filter(|w| chars[w.range.start].is_uppercase() && !DETERMINERS.contains(&w.lower.as_str()))
        .count();
    let role = has(&lex.roles);
    if matches!(lower[0], "he" | "she" | "i") && lower.len() == 1 {
        return "named person".into();
    }
    if matches!(lower[0], "it") && lower.len() == 1 {
        return "named organisation".into();
    }
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

/// What a sentence's rules need besides its words.
struct Ctx<'a> {
    lex: &'a Lexicon,
    article: Id,
    chars: &'a [char],
    quotes: &'a [Range<usize>],
    prepared: &'a Prepared<'a>,
}

/// A source, a cue, a claim and how they were found.
struct Found {
    claim: Range<usize>,
    source: Option<Range<usize>>,
    source_words: (usize, usize),
    cue: Range<usize>,
    stance: String,
    confidence: f64,
    shape: &'static str,
}

fn suggestion(ctx: &Ctx<'_>, ws: &[Word], f: Found) -> Suggestion {
    let Ctx {
        lex,
        article,
        chars,
        ..
    } = *ctx;
    let source = &ws[f.source_words.0..f.source_words.1];
    let kind = f.source.as_ref().map(|_| source_type(lex, chars, source));
    let cue_text: String = chars[f.cue.clone()].iter().collect();
    let src_text: String = f
        .source
        .clone()
        .map(|r| chars[r].iter().collect())
        .unwrap_or_default();
    let why = match &kind {
        Some(k) => format!(
            "cue '{cue_text}' ({}) {} '{src_text}' ({k})",
            f.stance, f.shape
        ),
        None => format!("cue '{cue_text}' ({}) {}", f.stance, f.shape),
    };
    Suggestion {
        article,
        claim: f.claim,
        source: f.source,
        cue: f.cue,
        cue_stance: f.stance,
        source_type: kind,
        confidence: f.confidence,
        why,
    }
}

/// Suggestions for one article, in text order.
pub fn article(lex: &Lexicon, a: &Article) -> Vec<Suggestion> {
    let chars: Vec<char> = a.text().chars().collect();
    let quotes = quotations(&chars);
    let prepared = Prepared::new(lex);
    let ctx = Ctx {
        lex,
        article: a.id,
        chars: &chars,
        quotes: &quotes,
        prepared: &prepared,
    };
    let mut out = Vec::new();
    for sentence in sentences_in(&chars, &quotes) {
        let ws = words(&chars, sentence.clone(), &quotes);
        out.extend(
            in_sentence(&ctx, &ws, sentence)
                .into_iter()
                .map(|f| suggestion(&ctx, &ws, f)),
        );
    }
    out
}

/// A cue found in a sentence: its words (auxiliaries included) and the
/// verb's own.
#[derive(Clone, Copy)]
enum Kind {
    Preposition,
    Verb,
    /// "was confirmed by", "described by".
    Passive,
    /// "was widely seen as", "is understood".
    Agentless,
}

struct Candidate<'l> {
    kind: Kind,
    cue: &'l Cue,
    /// First word of the cue (an auxiliary, if any) and one past its last.
    start: usize,
    end: usize,
}

fn candidates<'l>(lex: &Prepared<'l>, ws: &[Word]) -> Vec<Candidate<'l>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if ws[i].quoted {
            i += 1;
            continue;
        }
        if let Some((cue, n)) = lex.prepositions.longest(ws, i) {
            out.push(Candidate {
                kind: Kind::Preposition,
                cue,
                start: i,
                end: i + n,
            });
            i += n;
            continue;
        }
        // Auxiliaries and adverbs just before: "has urged", "was widely
        // seen as", "is insisting".
        let mut s = i;
        while s > 0
            && !ws[s - 1].quoted
            && !ws[s - 1].comma_after
            && (BE.contains(&ws[s - 1].lower.as_str())
                || HAVE.contains(&ws[s - 1].lower.as_str())
                || ADVERBS.contains(&ws[s - 1].lower.as_str()))
        {
            s -= 1;
        }
        while s < i && ADVERBS.contains(&ws[s].lower.as_str()) {
            s += 1;
        }
        let aux = &ws[s..i];
        let passive = aux.iter().any(|w| BE.contains(&w.lower.as_str()))
            && !aux.last().is_some_and(|w| w.lower == "being" && i == s + 1);
        let found = if passive {
            if let Some((cue, n)) = lex.agentless.longest(ws, i) {
                Some((Kind::Agentless, cue, n))
            } else if let Some((cue, n)) = lex.verbs.longest(ws, i) {
                if ws.get(i + n).is_some_and(|w| w.lower == "by") {
                    Some((Kind::Passive, cue, n + 1))
                } else if ws[i].lower.ends_with("ing") {
                    Some((Kind::Verb, cue, n))
                } else {
                    None
                }
            } else {
                None
            }
        } else {
            lex.verbs.longest(ws, i).map(|(cue, n)| {
                // "described by X as": a passive without "be".
                if ws.get(i + n).is_some_and(|w| w.lower == "by") && ws[i].lower.ends_with("ed") {
                    (Kind::Passive, cue, n + 1)
                } else {
                    (Kind::Verb, cue, n)
                }
            })
        };
        let Some((kind, cue, n)) = found else {
            i += 1;
            continue;
        };
        // A noun or an adjective, not a verb: "the said scheme", "no
        // confirmed link", "a report"; "showed up".
        let noun = s == i && noun_use(ws, i, n, cue);
        let phrasal = ws
            .get(i + n)
            .is_some_and(|w| w.lower == "up" || w.lower == "out");
        // "homes told to boil water": told what to do, not told something.
        let ordered = (cue.hearer && ws.get(i + n).is_some_and(|w| w.lower == "to"))
            || (s == i && i > 0 && matches!(ws[i - 1].lower.as_str(), "until" | "unless" | "once"));
        if noun || phrasal || ordered {
            i += n;
            continue;
        }
        // A passive with its agent is coded from the verb ("confirmed
        // by"); perfect, progressive and agentless forms with their
        // auxiliaries ("has urged", "was widely seen as").
        let start = match kind {
            Kind::Passive => i,
            Kind::Verb if aux.is_empty() => i,
            _ => s,
        };
        out.push(Candidate {
            kind,
            cue,
            start,
            end: i + n,
        });
        i += n;
    }
    out
}

/// Prepositions after which a verb's form is a noun ("a report on", "the
/// report by").
const NOUN_AFTER: &[&str] = &["on", "by", "of", "into", "from", "for", "in", "at", "about"];

/// Whether a verb's form at word `i` is used as a noun or an adjective:
/// after a determiner ("the said scheme", "no confirmed link"), after a
/// possessive ("the engineers' report"), or a base form before a
/// preposition or a comma ("every inspection report on the bridge").
fn noun_use(ws: &[Word], i: usize, n: usize, cue: &Cue) -> bool {
    let before = i.checked_sub(1).map(|p| &ws[p]);
    if before.is_some_and(|w| DETERMINERS.contains(&w.lower.as_str()) || w.possessive) {
        return true;
    }
    let base = cue.forms.first().is_some_and(|f| *f == ws[i].lower);
    let last = &ws[i + n - 1];
    base && (last.comma_after
        || ws
            .get(i + n)
            .is_some_and(|w| NOUN_AFTER.contains(&w.lower.as_str())))
}

/// The first word of the content after a cue ending at `k`: past a time
/// ("on Tuesday evening", "yesterday"), "in a statement", and "that".
fn content_start(ws: &[Word], mut k: usize) -> usize {
    let at = |k: usize| ws.get(k).map_or("", |w| w.lower.as_str());
    // "warned of shortages", "complained about delays".
    if matches!(at(k), "of" | "about") {
        return k + 1;
    }
    loop {
        let time = |w: &str| TIME.contains(&w) || WEEKDAYS.contains(&w);
        if at(k) == "on" && time(at(k + 1)) {
            k += 2;
        } else if time(at(k)) || DAYPARTS.contains(&at(k)) {
            k += 1;
        } else if at(k) == "on" && MONTHS.contains(&at(k + 1)) {
            k += 2 + usize::from(at(k + 2).parse::<u32>().is_ok());
        } else if at(k) == "in" && at(k + 1) == "a" && at(k + 2) == "statement" {
            k += 3;
        } else if at(k) == "last" && (at(k + 1) == "week" || at(k + 1) == "night") {
            k += 2;
        } else if at(k) == "according" && at(k + 1) == "to" {
            // Nested: "revealed according to Axios that …".
            match (k + 2..(k + 10).min(ws.len())).find(|&j| at(j) == "that") {
                Some(j) => k = j,
                None => break,
            }
        } else {
            break;
        }
    }
    if at(k) == "that" {
        k += 1;
    }
    k
}

/// A source's noun phrase from word `from`: up to a comma, with an
/// apposition after it ("Dr Ines Vold, the county's health officer"); in
/// a sentence's first clause the apposition must itself end in a comma.
fn source_np(lex: &Lexicon, ws: &[Word], from: usize, initial: bool) -> Option<(usize, usize)> {
    let mut first = to_comma(ws.get(from..)?);
    // "according to Axios that …": the source ends before "that".
    if let Some(k) = first.iter().position(|w| w.lower == "that") {
        first = &first[..k];
    }
    if first.is_empty() || first.len() > 8 {
        return None;
    }
    let mut end = from + first.len();
    if first.last().is_some_and(|w| w.comma_after) {
        let second = to_comma(&ws[end..]);
        let apposition = second.first().is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "the" | "a" | "an" | "who" | "his" | "her" | "its" | "their"
            ) || lex.roles.contains(&w.lower)
        });
        let closed = second.last().is_some_and(|w| w.comma_after) && end + second.len() < ws.len();
        if apposition && second.len() <= 8 && (closed || !initial) {
            end += second.len();
        }
    }
    Some((from, end))
}

fn range_of(ws: &[Word], (a, b): (usize, usize)) -> Option<Range<usize>> {
    span_of(ws.get(a..b)?)
}

/// The subject before a verb cue starting at word `s`, back to the
/// clause's start (over an apposition: "The union, the largest at the
/// plant, said"); with where its clause starts.
fn subject(ws: &[Word], s: usize, verbs: &HashSet<&str>) -> Option<(usize, usize, usize)> {
    let clause_of = |at: usize| {
        (0..at)
            .rev()
            .find(|&k| ws[k].comma_after)
            .map_or(0, |k| k + 1)
    };
    let mut clause = clause_of(s);
    let mut from = clause;
    while from < s && LEADING.contains(&ws[from].lower.as_str()) {
        from += 1;
    }
    if from == s && s > 0 && ws[s - 1].comma_after {
        // "NAME, APPOSITION, said": the apposition and the name before.
        let inner = clause_of(s - 1);
        let before = clause_of(inner.saturating_sub(1));
        if inner > 0 && s - before <= 16 {
            clause = before;
            from = before;
            while from < s && LEADING.contains(&ws[from].lower.as_str()) {
                from += 1;
            }
        }
    }
    // Nested: "The Ledger reported that the federation had warned".
    if let Some(k) = (from..s).rev().find(|&k| ws[k].lower == "that") {
        from = k + 1;
    }
    let mut s = s;
    while s > from && ADVERBS.contains(&ws[s - 1].lower.as_str()) {
        s -= 1;
    }
    let apposition = s > from && ws[from..s - 1].iter().any(|w| w.comma_after);
    let subject = &ws[from..s];
    let relative = subject
        .iter()
        .any(|w| matches!(w.lower.as_str(), "who" | "which"));
    let bad = subject.is_empty()
        || subject.len() > 16
        || (subject.len() > 10 && !relative && !apposition)
        || subject.iter().any(|w| w.quoted)
        || (!relative
            && (from..s).any(|k| {
                let w = ws[k].lower.as_str();
                let noun = k > 0 && DETERMINERS.contains(&ws[k - 1].lower.as_str());
                BE.contains(&w) || HAVE.contains(&w) || (verbs.contains(&w) && !noun)
            }))
        || subject
            .last()
            .is_some_and(|w| DETERMINERS.contains(&w.lower.as_str()));
    (!bad).then_some((from, s, clause))
}

/// Whether the text before word `k` ends with a closing quotation mark
/// and a comma: "“…,” she said".
fn after_quote(ctx: &Ctx<'_>, ws: &[Word], k: usize) -> bool {
    let Some(prev) = k.checked_sub(1).and_then(|p| ws.get(p)) else {
        return false;
    };
    let between = &ctx.chars[prev.range.end..ws[k].range.start];
    between
        .iter()
        .any(|c| QUOTES.contains(c) && *c != '\'' && *c != '’')
}

fn in_sentence(ctx: &Ctx<'_>, ws: &[Word], sentence: Range<usize>) -> Vec<Found> {
    let (lex, chars) = (ctx.lex, ctx.chars);
    let cands = candidates(ctx.prepared, ws);
    let verbs = &ctx.prepared.verb_words;
    let mut out: Vec<Found> = Vec::new();
    // Where a continuation begins: earlier claims end there.
    let mut cuts: Vec<usize> = Vec::new();
    let cue_range = |c: &Candidate<'_>| ws[c.start].range.start..ws[c.end - 1].range.end;
    let found =
        |claim, source: Option<(usize, usize)>, c: &Candidate<'_>, confidence, shape| Found {
            claim,
            source: source.and_then(|s| range_of(ws, s)),
            source_words: source.unwrap_or((0, 0)),
            cue: cue_range(c),
            stance: c.cue.stance.clone(),
            confidence,
            shape,
        };
    for (ci, c) in cands.iter().enumerate() {
        let (s, e) = (c.start, c.end);
        match c.kind {
            Kind::Preposition => {
                let Some(src) = source_np(lex, ws, e, s == 0) else {
                    continue;
                };
                let claim = if s == 0 {
                    if c.cue.main_clause {
                        // The main clause's own claim, once found.
                        let main = cands[ci + 1..]
                            .iter()
                            .find(|m| matches!(m.kind, Kind::Verb) && m.start >= src.1);
                        main.and_then(|m| {
                            let from = ws.get(content_start(ws, m.end))?.range.start;
                            content(ctx, from..sentence.end)
                        })
                    } else {
                        let from = ws.get(src.1).map_or(sentence.end, |w| w.range.start);
                        content(ctx, from..sentence.end)
                    }
                } else if ws[s - 1].comma_after {
                    content(ctx, sentence.start..ws[s - 1].range.end)
                } else {
                    // Inside a clause: "a senior official revealed
                    // according to Axios that …": what follows is the claim.
                    let from = content_start(ws, src.1);
                    (from > src.1 && ws[from - 1].lower == "that")
                        .then(|| ws.get(from))
                        .flatten()
                        .and_then(|w| content(ctx, w.range.start..sentence.end))
                };
                let Some(claim) = claim else { continue };
                let shape = if s == 0 {
                    "before the source"
                } else {
                    "after the claim, then the source"
                };
                out.push(found(claim, Some(src), c, 0.85, shape));
            }
            Kind::Agentless => {
                let it = s > 0 && ws[s - 1].lower == "it";
                let after = content_start(ws, e);
                let as_form = ws[e - 1].lower == "as";
                let claim = if it && after >= ws.len() {
                    // "…, it was reported."
                    let before = s - 1;
                    (before > 0)
                        .then(|| content(ctx, sentence.start..ws[before - 1].range.end))
                        .flatten()
                } else if it || as_form {
                    // "It is understood that …"; "… was widely seen as …".
                    ws.get(after)
                        .and_then(|w| content(ctx, w.range.start..sentence.end))
                } else {
                    // "Three deaths were reported": what was reported is
                    // the subject.
                    subject(ws, s, verbs).and_then(|(f, t, _)| {
                        trimmed(ctx, ws[f].range.start..ws[t - 1].range.end, 1)
                    })
                };
                if let Some(claim) = claim {
                    out.push(found(claim, None, c, 0.7, "with no source (passive)"));
                }
            }
            Kind::Passive => {
                // "X was confirmed by SOURCE" / "described by SOURCE as Y".
                let a = e;
                let mut b = a;
                while b < ws.len()
                    && b - a < 8
                    && ws[b].lower != "as"
                    && !(ws[b].lower == "on"
                        && ws
                            .get(b + 1)
                            .is_some_and(|w| WEEKDAYS.contains(&w.lower.as_str())))
                {
                    b += 1;
                    if ws[b - 1].comma_after {
                        break;
                    }
                }
                let claim = if ws.get(b).is_some_and(|w| w.lower == "as") {
                    let from = ws.get(b + 1).map_or(sentence.end, |w| w.range.start);
                    content(ctx, from..sentence.end)
                } else {
                    let mut aux = s;
                    while aux > 0
                        && [BE, HAVE, ADVERBS]
                            .iter()
                            .any(|l| l.contains(&ws[aux - 1].lower.as_str()))
                    {
                        aux -= 1;
                    }
                    subject(ws, aux, verbs).and_then(|(f, t, _)| {
                        trimmed(ctx, ws[f].range.start..ws[t - 1].range.end, 1)
                    })
                };
                if let (Some(claim), true) = (claim, b > a) {
                    out.push(found(claim, Some((a, b)), c, 0.75, "passive, by"));
                }
            }
            Kind::Verb => {
                // Continuation: "…, adding that", "… but said", "… and she
                // urged".
                let prev = |k: usize| s.checked_sub(k).map(|p| ws[p].lower.as_str());
                let conj = prev(1).is_some_and(|w| CONJUNCTIONS.contains(&w));
                let pron_conj = prev(1).is_some_and(|w| PRONOUNS.contains(&w))
                    && prev(2).is_some_and(|w| CONJUNCTIONS.contains(&w));
                let participle = s > 0
                    && ws[s - 1].comma_after
                    && ws[s].lower.ends_with("ing")
                    && (!AMBIGUOUS.contains(&ws[s].lower.as_str())
                        || ws.get(e).is_some_and(|w| w.lower == "that" || w.quoted));
                if conj || pron_conj || participle {
                    let source = if pron_conj {
                        Some((s - 1, s))
                    } else {
                        out.last()
                            .filter(|f| f.source.is_some())
                            .map(|f| f.source_words)
                            .or_else(|| leading_name(ws))
                    };
                    let from = content_start(ws, after_hearer(c, ws, e));
                    let claim = ws
                        .get(from)
                        .and_then(|w| content(ctx, w.range.start..sentence.end));
                    // With no source to go on from, no suggestion: the
                    // subject is a clause's ("The company cut jobs and said").
                    let (Some(src), Some(claim)) = (source, claim) else {
                        continue;
                    };
                    {
                        let cut = if participle {
                            ws[s - 1].range.end
                        } else {
                            ws[s - 1 - usize::from(pron_conj)].range.start
                        };
                        cuts.push(cut);
                        out.push(found(claim, Some(src), c, 0.75, "going on from"));
                        continue;
                    }
                }
                // CONTENT, CUE SOURCE. ("…, said the minister.")
                if s > 0 && ws[s - 1].comma_after {
                    if let Some(src) = source_np(lex, ws, e, false) {
                        let ends = src.1 == ws.len() || ws[src.1 - 1].comma_after;
                        let words = &ws[src.0..src.1];
                        let names = words.iter().any(|w| chars[w.range.start].is_uppercase())
                            || words.iter().any(|w| lex.roles.contains(&w.lower));
                        if ends && (names || after_quote(ctx, ws, s)) {
                            if let Some(claim) = content(ctx, sentence.start..ws[s - 1].range.end) {
                                out.push(found(
                                    claim,
                                    Some(src),
                                    c,
                                    0.8,
                                    "after the claim, before the source",
                                ));
                                continue;
                            }
                        }
                    }
                }
                let Some((from, to, clause)) = subject(ws, s, verbs) else {
                    continue;
                };
                // CONTENT, SOURCE CUE (HEARER). ("“…,” she said.")
                let rest = &ws[e..];
                let hearer = rest
                    .iter()
                    .position(|w| w.comma_after)
                    .is_some_and(|k| k < 4);
                let short = rest.len() <= 1 || (rest.len() <= 6 && after_quote(ctx, ws, from));
                let closed = ws[e - 1].comma_after;
                let no_that = !rest.iter().take(6).any(|w| w.lower == "that");
                let before = (clause > 0)
                    .then(|| content(ctx, sentence.start..ws[clause - 1].range.end))
                    .flatten();
                if let Some(claim) = before
                    .clone()
                    .filter(|_| (short || hearer || closed) && (no_that || closed))
                {
                    out.push(found(
                        claim,
                        Some((from, to)),
                        c,
                        0.85,
                        "after the claim and its source",
                    ));
                    continue;
                }
                // SOURCE CUE (that) CONTENT; with nothing after the cue but
                // a time or a hearer, the claim is before ("…, the
                // minister said on Tuesday.").
                let k = content_start(ws, after_hearer(c, ws, e));
                let that = ws.get(k.wrapping_sub(1)).is_some_and(|w| w.lower == "that");
                let quoted = ws.get(k).is_some_and(|w| w.quoted);
                if AMBIGUOUS_VERBS.contains(&ws[c.end - 1].lower.as_str()) && !that && !quoted {
                    // "The company added 200 jobs": not speech.
                    continue;
                }
                let claim = ws
                    .get(k)
                    .and_then(|w| content(ctx, w.range.start..sentence.end));
                match (claim, before) {
                    (Some(claim), _) => {
                        out.push(found(claim, Some((from, to)), c, 0.75, "after the subject"))
                    }
                    (None, Some(claim)) if k >= ws.len() => out.push(found(
                        claim,
                        Some((from, to)),
                        c,
                        0.8,
                        "after the claim and its source",
                    )),
                    _ => {}
                }
            }
        }
    }
    // Claims end where a continuation begins.
    for f in &mut out {
        if let Some(&cut) = cuts.iter().find(|&&p| p > f.claim.start && p < f.claim.end) {
            if let Some(r) = content(ctx, f.claim.start..cut) {
                f.claim = r;
            }
        }
    }
    out
}

/// Past the hearer of "told": up to "that" within five words, or past
/// the hearer's name ("told the BBC the …") or one word ("told reporters
/// the …").
fn after_hearer(c: &Candidate<'_>, ws: &[Word], e: usize) -> usize {
    if !c.cue.hearer {
        return e;
    }
    if let Some(t) = ws[e..].iter().take(6).position(|w| w.lower == "that") {
        return e + t;
    }
    // The hearer: "reporters", "the BBC", "the Daily Ledger".
    let mut k = e;
    if ws
        .get(k)
        .is_some_and(|w| DETERMINERS.contains(&w.lower.as_str()))
    {
        k += 1;
    }
    let names = ws[k.min(ws.len())..]
        .iter()
        .take_while(|w| w.capital && !w.quoted)
        .count();
    (k + names.max(1)).min(ws.len())
}

/// The capitalised words a sentence opens with ("Ms Haverkamp rejected
/// the figure, saying …"): the subject a participle goes on from.
fn leading_name(ws: &[Word]) -> Option<(usize, usize)> {
    let n = ws.iter().take_while(|w| w.capital && !w.quoted).count();
    let determiner = ws
        .first()
        .is_some_and(|w| DETERMINERS.contains(&w.lower.as_str()));
    (n > 0 && n <= 5 && !determiner).then_some((0, n))
}
