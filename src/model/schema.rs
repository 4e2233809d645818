//! The tag schema: which tags exist, their colours and hotkeys, and the
//! attributes each tag's spans may carry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An sRGB colour, written `#rrggbb` in project files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 3]);

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl FromStr for Color {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("invalid colour {s:?}: expected #rrggbb"))?;
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string());
        Ok(Color([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The codebook's entry for a tag, an attribute or a value: what it means
/// and how coders tell it apart, for training and for checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Guide {
    pub definition: String,
    /// When to code it.
    pub include: String,
    /// When not to, however alike it looks.
    pub exclude: String,
    pub examples: Vec<String>,
}

impl Guide {
    pub fn is_empty(&self) -> bool {
        self.definition.is_empty()
            && self.include.is_empty()
            && self.exclude.is_empty()
            && self.examples.is_empty()
    }

    /// The entry as a few lines of text (tooltips).
    pub fn text(&self) -> String {
        let mut out = self.definition.clone();
        for (label, v) in [
            ("Code when: ", &self.include),
            ("Not when: ", &self.exclude),
        ] {
            if !v.is_empty() {
                out.push_str(&format!("\n{label}{v}"));
            }
        }
        for e in &self.examples {
            out.push_str(&format!("\nExample: “{e}”"));
        }
        out.trim().to_owned()
    }
}

/// An attribute a tag's spans may carry, with the values offered in menus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub name: String,
    /// Allowed values; empty means free text.
    #[serde(default)]
    pub values: Vec<String>,
    /// Computed by Parallax from other data (e.g. a claim's voice from its
    /// links); shown but not typed by hand.
    #[serde(default)]
    pub derived: bool,
    #[serde(default, skip_serializing_if = "Guide::is_empty")]
    pub guide: Guide,
    /// The codebook's entries for the values, by value.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub value_guides: std::collections::BTreeMap<String, Guide>,
}

impl AttributeDef {
    fn choice(name: &str, values: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            derived: false,
            guide: Guide::default(),
            value_guides: std::collections::BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagDef {
    /// Unique; spans refer to their tag by this name.
    pub name: String,
    pub color: Color,
    /// Digit key 1–9 that applies this tag in the app.
    #[serde(default)]
    pub hotkey: Option<u8>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    #[serde(default, skip_serializing_if = "Guide::is_empty")]
    pub guide: Guide,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub tags: Vec<TagDef>,
}

pub const CLAIM: &str = "Claim";
pub const SOURCE: &str = "Source";
pub const ATTRIBUTION: &str = "Attribution";

impl Default for Schema {
    /// Claim, Source and Attribution (the cue), with the attributes of PARC-style
    /// attribution analysis.
    fn default() -> Self {
        let mut schema = Schema {
            tags: vec![
                TagDef {
                    name: CLAIM.into(),
                    color: Color([0x2f, 0x80, 0xed]),
                    hotkey: Some(1),
                    attributes: vec![
                        AttributeDef::choice(
                            "factuality",
                            &[
                                "certain",
                                "probable",
                                "possible",
                                "certainly not",
                                "probably not",
                                "possibly not",
                                "uncommitted",
                            ],
                        ),
                        AttributeDef {
                            derived: true,
                            ..AttributeDef::choice("voice", &["attributed", "outlet's own"])
                        },
                    ],
                    guide: Guide::default(),
                },
                TagDef {
                    name: SOURCE.into(),
                    color: Color([0xe0, 0x7a, 0x10]),
                    hotkey: Some(2),
                    attributes: vec![
                        AttributeDef::choice(
                            "source_type",
                            &[
                                "named person",
                                "named organisation",
                                "role only",
                                "anonymous",
                                "document",
                                "outlet's own voice",
                                "vague collective",
                            ],
                        ),
                        AttributeDef::choice(
                            "role",
                            &[
                                "government",
                                "spokesperson",
                                "politician",
                                "military/police",
                                "expert",
                                "witness",
                                "NGO",
                                "media",
                                "other",
                            ],
                        ),
                    ],
                    guide: Guide::default(),
                },
                TagDef {
                    name: ATTRIBUTION.into(),
                    color: Color([0x2a, 0x9d, 0x5c]),
                    hotkey: Some(3),
                    attributes: vec![
                        AttributeDef::choice(
                            "cue_stance",
                            &[
                                "neutral",
                                "endorsing",
                                "distancing",
                                "concessive",
                                "tentative",
                                "emotive",
                                "directive",
                            ],
                        ),
                        AttributeDef::choice("quote", &["direct", "indirect", "mixed"]),
                    ],
                    guide: Guide::default(),
                },
            ],
        };
        schema.add_default_guides();
        schema
    }
}

/// Colours handed to tags the user adds, in order.
const PALETTE: [[u8; 3]; 6] = [
    [0xb0, 0x3a, 0x9e],
    [0xc9, 0x3c, 0x3c],
    [0x7a, 0x5c, 0xd6],
    [0x1f, 0x9e, 0xa8],
    [0x8a, 0x8a, 0x20],
    [0x70, 0x70, 0x70],
];

impl Schema {
    pub fn tag(&self, name: &str) -> Option<&TagDef> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// Look a tag up ignoring case, as the command line does.
    pub fn find_tag(&self, name: &str) -> Option<&TagDef> {
        self.tag(name).or_else(|| {
            self.tags
                .iter()
                .find(|t| t.name.to_lowercase() == name.to_lowercase())
        })
    }

    pub fn tag_for_hotkey(&self, digit: u8) -> Option<&TagDef> {
        self.tags.iter().find(|t| t.hotkey == Some(digit))
    }

    /// The codebook entries of the default tags (PARC-style attribution).
    fn add_default_guides(&mut self) {
        let g = |definition: &str, include: &str, exclude: &str, examples: &[&str]| Guide {
            definition: definition.into(),
            include: include.into(),
            exclude: exclude.into(),
            examples: examples.iter().map(|e| (*e).to_owned()).collect(),
        };
        for tag in &mut self.tags {
            tag.guide = match tag.name.as_str() {
                CLAIM => g(
                    "What is asserted about the event: the content of an attribution, or a statement in the outlet's own voice.",
                    "The proposition itself, from its first to its last word, without the cue and the source.",
                    "Questions, headlines' labels and quotations of slogans that assert nothing checkable.",
                    &["the plant would reopen within two weeks"],
                ),
                SOURCE => g(
                    "Who the claim is credited to: a person, an organisation, a document, or an anonymous or collective voice.",
                    "The whole name with its role (\"Mayor Dana Okafor\"), or the description given (\"officials\", \"a person familiar with the talks\").",
                    "Pronouns when the name is given nearby in the same sentence: code the name.",
                    &["the Marrowby Water Authority", "two officials"],
                ),
                ATTRIBUTION => g(
                    "The cue that ties a claim to its source: a verb of saying, a preposition, a reporting phrase.",
                    "\"said\", \"according to\", \"told reporters\", \"sources told Axios\" (the cue without its source).",
                    "Verbs that report an action rather than speech (\"the authority closed the plant\").",
                    &["said", "according to"],
                ),
                _ => continue,
            };
        }
        let stances = [
            (
                "neutral",
                "The cue reports speech without judging it.",
                &["said", "told", "according to", "stated"][..],
            ),
            (
                "endorsing",
                "The cue presents the claim as true or established.",
                &["confirmed", "revealed", "showed"][..],
            ),
            (
                "distancing",
                "The cue casts doubt on the claim or keeps the outlet apart from it.",
                &["claimed", "alleged", "insisted"][..],
            ),
            (
                "concessive",
                "The source grants something against its interest.",
                &["admitted", "acknowledged", "conceded"][..],
            ),
            (
                "tentative",
                "The claim is offered as possible, not asserted.",
                &["suggested", "hinted"][..],
            ),
            (
                "emotive",
                "The cue colours how the source spoke.",
                &["slammed", "blasted"][..],
            ),
            (
                "directive",
                "The source calls for something to be done, or warns of it.",
                &["urged", "warned", "called on"][..],
            ),
        ];
        if let Some(a) = self
            .tags
            .iter_mut()
            .find(|t| t.name == ATTRIBUTION)
            .and_then(|t| t.attributes.iter_mut().find(|a| a.name == "cue_stance"))
        {
            a.guide = g(
                "How the reporting verb or phrase positions the outlet towards the claim.",
                "Judge the cue alone, as a reader meets it, not what you know of the source.",
                "Stance in the claim's own words: that is the claim, not the cue.",
                &[],
            );
            for (value, definition, examples) in stances {
                a.value_guides
                    .insert(value.to_owned(), g(definition, "", "", examples));
            }
        }
    }

    /// A new tag with the next free colour and hotkey.
    pub fn new_tag(&self, name: &str) -> TagDef {
        let used: Vec<u8> = self.tags.iter().filter_map(|t| t.hotkey).collect();
        TagDef {
            name: name.to_owned(),
            color: Color(PALETTE[self.tags.len() % PALETTE.len()]),
            hotkey: (1..=9).find(|d| !used.contains(d)),
            attributes: Vec::new(),
            guide: Guide::default(),
        }
    }

    /// Problems that make the schema unusable: duplicate names or hotkeys,
    /// hotkeys outside 1–9, empty names.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, t) in self.tags.iter().enumerate() {
            if t.name.trim().is_empty() {
                out.push(format!("tag #{} has an empty name", i + 1));
            }
            if self.tags[..i].iter().any(|o| o.name == t.name) {
                out.push(format!("tag {:?} is defined twice", t.name));
            }
            if let Some(k) = t.hotkey {
                if !(1..=9).contains(&k) {
                    out.push(format!("tag {:?} has hotkey {k}, expected 1–9", t.name));
                } else if self.tags[..i].iter().any(|o| o.hotkey == Some(k)) {
                    out.push(format!("hotkey {k} is used by more than one tag"));
                }
            }
            for (j, a) in t.attributes.iter().enumerate() {
                if t.attributes[..j].iter().any(|o| o.name == a.name) {
                    out.push(format!(
                        "tag {:?} defines attribute {:?} twice",
                        t.name, a.name
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_has_the_three_tags_on_1_2_3() {
        let s = Schema::default();
        assert_eq!(s.tag_for_hotkey(1).unwrap().name, CLAIM);
        assert_eq!(s.tag_for_hotkey(2).unwrap().name, SOURCE);
        assert_eq!(s.tag_for_hotkey(3).unwrap().name, ATTRIBUTION);
        assert!(s.problems().is_empty());
        assert_eq!(s.find_tag("claim").unwrap().name, CLAIM);
    }

    #[test]
    fn new_tags_take_the_next_hotkey_and_problems_are_found() {
        let mut s = Schema::default();
        let t = s.new_tag("Frame");
        assert_eq!(t.hotkey, Some(4));
        s.tags.push(t);
        assert!(s.problems().is_empty());
        s.tags.push(s.new_tag("Frame"));
        s.tags[4].hotkey = Some(1);
        let problems = s.problems();
        assert!(problems.iter().any(|p| p.contains("defined twice")));
        assert!(problems.iter().any(|p| p.contains("hotkey 1")));
    }

    #[test]
    fn colours_parse_and_print() {
        let c: Color = "#2f80ED".parse().unwrap();
        assert_eq!(c, Color([0x2f, 0x80, 0xed]));
        assert_eq!(c.to_string(), "#2f80ed");
        assert!("2f80ed".parse::<Color>().is_err());
        assert!("#2f80e".parse::<Color>().is_err());
    }
}
