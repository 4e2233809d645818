//! Guessing an article's title from its text when nothing names it: the
//! headline, not the site furniture above it. Pages saved from news sites
//! start with section labels ("World News"), banners ("Advertisement",
//! "Live Story") and reading times ("2 min read", "Reading Time: 2
//! minutes"); the headline is the first line after those that reads like
//! one.

/// Lines looked at for a headline.
const LOOK_AT: usize = 12;

/// Site furniture, in lower case: whole lines that are never a headline.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advert",
    "ad",
    "sponsored",
    "sponsored content",
    "live",
    "live story",
    "live updates",
    "live blog",
    "breaking",
    "breaking news",
    "exclusive",
    "opinion",
    "analysis",
    "listen",
    "listen to this article",
    "share",
    "share this article",
    "subscribe",
    "skip to content",
    "skip to main content",
    "menu",
    "home",
    "news",
];

/// Whether a line is site furniture rather than a headline.
pub fn is_furniture(line: &str) -> bool {
    let l = line
        .trim()
        .trim_end_matches([':', '.', '|'])
        .trim()
        .to_lowercase();
    if l.is_empty() || FURNITURE.contains(&l.as_str()) {
        return true;
    }
    let words: Vec<&str> = l.split_whitespace().collect();
    // "Reading Time: 2 minutes", "2 min read", "5 minute read".
    if l.starts_with("reading time") || l.starts_with("why you can trust") {
        return true;
    }
    let is_num = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    if words.len() <= 3
        && words.first().is_some_and(|w| is_num(w))
        && words.iter().any(|w| w.starts_with("min"))
    {
        return true;
    }
    // A date alone ("01 April, 2024", "2024-04-01").
    if words.len() <= 4 && crate::model::parse_date(line).is_some() {
        return true;
    }
    false
}

/// Whether a line is a section label: a few capitalised words ("World
/// News", "Middle East", "POLITICS"), no sentence to it. "A long report"
/// or "Talks collapse" are short headlines, not labels.
fn is_label(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() <= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        && !line.trim_end().ends_with(['.', '?', '!', '"', '”', '\''])
}

/// The title of an article from its text: the first line among the first
/// few that is neither furniture nor a short section label; failing that,
/// the first line that is not furniture; failing that, the first line.
pub fn guess(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(LOOK_AT)
        .collect();
    let pick = lines
        .iter()
        .find(|l| !is_furniture(l) && !is_label(l))
        .or_else(|| lines.iter().find(|l| !is_furniture(l)))
        .or_else(|| lines.first())
        .copied()
        .unwrap_or("");
    crate::text::head_chars(pick.trim_start_matches('#').trim(), 200).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_not_furniture() {
        let cases = [
            ("World News\n\nTalks on the dam end without a deal\n\nBody.", "Talks on the dam end without a deal"),
            ("Advertisement\n\nMinisters meet on the water plan\n\n  • point\n\nReading Time:2 minutes\n", "Ministers meet on the water plan"),
            ("Live Story\nBreaking\nCouncil votes to reopen the plant\n", "Council votes to reopen the plant"),
            ("2 min read\n01 April, 2024\nHeadline of the day here\n", "Headline of the day here"),
            ("# A markdown headline\n\nText.", "A markdown headline"),
            ("Politics\n\nShort.", "Short."),
            ("A long report\n\nParagraph one: the council said so.", "A long report"),
            ("Middle East\nTalks collapse\n", "Talks collapse"),
            ("Advertisement\n", "Advertisement"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(guess(text), want, "{text:?}");
        }
        assert!(is_furniture("Reading Time: 2 minutes"));
        assert!(is_furniture("5 minute read"));
        assert!(!is_furniture("Officials said the talks ended"));
    }
}
