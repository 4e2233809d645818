//! Attribution links after PARC: a claim (the content), the source it is
//! credited to, and the cue that ties them ("said", "according to").

use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: Id,
    /// The attributed content; always present.
    pub claim: Id,
    /// Who is credited; `None` when the text names no one (a bare "reportedly").
    #[serde(default)]
    pub source: Option<Id>,
    /// The cue span; `None` for attributions without a cue word.
    #[serde(default)]
    pub cue: Option<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Who made the link, and when (files before version 3: unknown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub annotator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<chrono::DateTime<chrono::Utc>>,
}

impl Link {
    /// Every span the link refers to.
    pub fn spans(&self) -> impl Iterator<Item = Id> {
        [Some(self.claim), self.source, self.cue]
            .into_iter()
            .flatten()
    }

    pub fn mentions(&self, span: Id) -> bool {
        self.spans().any(|s| s == span)
    }
}
