//! The lexicon of reporting verbs and phrases that suggested attributions
//! look for: data, in `assets/lexicon/LANG.ron` (English built in), each
//! cue with its stance class, and the words that tell what kind of source
//! a phrase names.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct Cue {
    /// Forms as they appear in text, lower-case; a form may be two words.
    pub forms: Vec<String>,
    pub stance: String,
    /// The cue takes a hearer before the content ("told reporters that").
    #[serde(default)]
    pub hearer: bool,
    /// The claim is what the sentence's main clause says ("Citing SOURCE,
    /// X said CLAIM").
    #[serde(default)]
    pub main_clause: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub language: String,
    /// Verbs of saying: the source is their subject, or follows them.
    pub verbs: Vec<Cue>,
    /// Phrases the source follows: "according to SOURCE".
    pub prepositions: Vec<Cue>,
    /// Passive forms with no source, after a form of "be" ("was widely
    /// seen as", "it is understood that").
    pub agentless: Vec<Cue>,
    pub anonymous: Vec<String>,
    pub collectives: Vec<String>,
    pub documents: Vec<String>,
    pub organisations: Vec<String>,
    pub roles: Vec<String>,
}

const ENGLISH: &str = include_str!("../assets/lexicon/en.ron");

impl Lexicon {
    /// The English lexicon shipped with Parallax.
    pub fn english() -> Self {
        Self::parse(ENGLISH).unwrap_or_else(|e| panic!("assets/lexicon/en.ron: {e}"))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        crate::project_file::de::from_str(text).map_err(|e| format!("not a lexicon: {e}"))
    }

    /// A lexicon file (another language, or an edited copy).
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_lexicon_reads_and_covers_every_stance() {
        let l = Lexicon::english();
        assert_eq!(l.language, "en");
        for stance in [
            "neutral",
            "endorsing",
            "distancing",
            "concessive",
            "tentative",
            "emotive",
            "directive",
        ] {
            assert!(l.verbs.iter().any(|c| c.stance == stance), "{stance}");
        }
        assert!(Lexicon::parse("(language: \"x\")").is_err());
    }
}
