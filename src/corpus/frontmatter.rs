//! Markdown front matter: `key: value` lines between `---` fences at the
//! top of a file. Only flat keys are read (title, outlet, date, url,
//! author); anything else in the block is ignored.

use std::collections::BTreeMap;

/// Split a Markdown file into its front matter fields (keys lowercased) and
/// its body. Files without front matter return an empty map and the whole text.
pub fn split(text: &str) -> (BTreeMap<String, String>, &str) {
    let mut fields = BTreeMap::new();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (fields, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            let body = rest[offset..].trim_start_matches('\n');
            return (fields, body);
        }
        if let Some((k, v)) = l.split_once(':') {
            let key = k.trim().to_lowercase();
            if !key.is_empty() && !k.starts_with([' ', '\t', '-']) {
                fields.insert(key, unquote(v.trim()).to_owned());
            }
        }
    }
    // No closing fence: not front matter after all.
    (BTreeMap::new(), text)
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_returns_the_body() {
        let (f, body) = split(
            "---\ntitle: \"Talks: day 2\"\nOutlet: The Daily\ntags:\n  - a\n---\n\n# Heading\nText",
        );
        assert_eq!(f["title"], "Talks: day 2");
        assert_eq!(f["outlet"], "The Daily");
        assert_eq!(body, "# Heading\nText");
    }

    #[test]
    fn without_a_closing_fence_nothing_is_taken() {
        let text = "---\ntitle: x\nno end";
        assert_eq!(split(text), (BTreeMap::new(), text));
        assert_eq!(split("plain").1, "plain");
    }
}
