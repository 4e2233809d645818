//! Article text from a saved web page: the words of the article and its
//! metadata, nothing else. Scripts, styles, navigation, headers, footers
//! and asides are dropped; entities are decoded; paragraphs become blank
//! lines. Nothing is fetched or executed. The scanner is a single loop with
//! counters (no recursion), so hostile nesting cannot overflow the stack.

/// What a web page yields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlDoc {
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Elements whose whole content is not article text.
const SKIPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "svg", "iframe",
    "object", "form", "button", "select",
];

/// Elements that hold raw text up to their end tag (no tags inside).
const RAW_TEXT: [&str; 5] = ["script", "style", "textarea", "title", "xmp"];

/// Elements that start a new paragraph.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "main",
    "tr",
    "table",
    "pre",
    "hr",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "address",
    "details",
    "summary",
    "caption",
    "body",
    "center",
];

struct Tag<'a> {
    name: String,
    end: bool,
    attrs: &'a str,
}

/// Extract article text and metadata from HTML source (already decoded).
pub fn extract(html: &str) -> HtmlDoc {
    // Prefer the <article> (or <main>) element when the page has one.
    let lower_has = |needle: &str| find_ci(html, needle, 0).is_some();
    let scope = if lower_has("<article") {
        Some("article")
    } else if lower_has("<main") {
        Some("main")
    } else {
        None
    };

    let mut doc = HtmlDoc::default();
    let mut og_title = None;
    let mut out = Output::default();
    let mut skip_stack: Vec<String> = Vec::new();
    let mut scope_depth = 0usize;
    let mut pre_depth = 0usize;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        let Some(lt) = html[i..].find('<').map(|o| i + o) else {
            if skip_stack.is_empty() && (scope.is_none() || scope_depth > 0) {
                out.text(&html[i..], pre_depth > 0);
            }
            break;
        };
        if lt > i && skip_stack.is_empty() && (scope.is_none() || scope_depth > 0) {
            out.text(&html[i..lt], pre_depth > 0);
        }
        i = lt;
        // Comments, doctype, CDATA, processing instructions.
        if html[i..].starts_with("<!--") {
            i = html[i + 4..]
                .find("-->")
                .map_or(html.len(), |o| i + 4 + o + 3);
            continue;
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("<?") {
            i = html[i..].find('>').map_or(html.len(), |o| i + o + 1);
            continue;
        }
        let Some((tag, next)) = parse_tag(html, i) else {
            // A lone '<' is text.
            if skip_stack.is_empty() && (scope.is_none() || scope_depth > 0) {
                out.text("<", pre_depth > 0);
            }
            i += 1;
            continue;
        };
        i = next;
        let name = tag.name.as_str();
        if !tag.end {
            if name == "meta" || name == "link" {
                read_meta(tag.attrs, &mut doc, &mut og_title);
            }
            if RAW_TEXT.contains(&name) {
                // Everything up to the matching end tag is raw text.
                let close = find_ci(html, &format!("</{name}"), i).unwrap_or(html.len());
                if name == "title" && doc.title.is_none() {
                    doc.title = Some(clean_inline(&html[i..close]));
                }
                if name == "textarea"
                    && skip_stack.is_empty()
                    && (scope.is_none() || scope_depth > 0)
                {
                    out.text(&html[i..close], true);
                }
                i = html[close..]
                    .find('>')
                    .map_or(html.len(), |o| close + o + 1);
                continue;
            }
            if SKIPPED.contains(&name) && !self_closing(bytes, next) {
                skip_stack.push(tag.name.clone());
                continue;
            }
            if Some(name) == scope {
                scope_depth += 1;
            }
            if name == "pre" {
                pre_depth += 1;
            }
            if name == "br" {
                out.line_break();
            } else if BLOCKS.contains(&name) {
                out.paragraph();
            }
        } else {
            if let Some(pos) = skip_stack.iter().rposition(|n| n == name) {
                skip_stack.truncate(pos);
                continue;
            }
            if !skip_stack.is_empty() {
                continue;
            }
            if Some(name) == scope {
                scope_depth = scope_depth.saturating_sub(1);
            }
            if name == "pre" {
                pre_depth = pre_depth.saturating_sub(1);
            }
            if BLOCKS.contains(&name) {
                out.paragraph();
            }
        }
    }
    if let Some(t) = og_title {
        doc.title = Some(t);
    }
    doc.title = doc.title.filter(|t| !t.is_empty());
    doc.text = out.finish();
    doc
}

fn self_closing(bytes: &[u8], tag_end: usize) -> bool {
    tag_end >= 2 && bytes[tag_end - 2] == b'/'
}

/// Case-insensitive ASCII search from byte `from`.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let first = *n.first()?;
    if from >= h.len() || n.len() > h.len() {
        return None;
    }
    let last_start = h.len() - n.len();
    let mut i = from;
    while i <= last_start {
        let rel = memchr::memchr2(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            &h[i..=last_start],
        )?;
        i += rel;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Parse `<name attrs>` or `</name>` at `i`; returns the tag and the byte after `>`.
fn parse_tag(html: &str, i: usize) -> Option<(Tag<'_>, usize)> {
    let b = html.as_bytes();
    let mut j = i + 1;
    let end = b.get(j) == Some(&b'/');
    if end {
        j += 1;
    }
    let name_start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    if j == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..j].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values.
    let attrs_start = j;
    let mut quote = None;
    while j < b.len() {
        match (quote, b[j]) {
            (None, b'>') => break,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        j += 1;
    }
    let attrs = &html[attrs_start..j.min(html.len())];
    Some((Tag { name, end, attrs }, (j + 1).min(html.len())))
}

/// Attribute `key`'s value from a tag's attribute text.
fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let k = &attrs[ks..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs + b[vs..].iter().position(|&c| c == q).unwrap_or(b.len() - vs);
                value = &attrs[vs..i];
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[vs..i];
            }
        }
        if k.eq_ignore_ascii_case(key) {
            return Some(value);
        }
        if i == ks {
            i += 1;
        }
    }
    None
}

fn read_meta(attrs: &str, doc: &mut HtmlDoc, og_title: &mut Option<String>) {
    if let (Some(rel), Some(href)) = (attr(attrs, "rel"), attr(attrs, "href")) {
        if rel.eq_ignore_ascii_case("canonical") && doc.url.is_none() {
            doc.url = Some(clean_inline(href));
        }
        return;
    }
    let key = attr(attrs, "property")
        .or_else(|| attr(attrs, "name"))
        .or_else(|| attr(attrs, "itemprop"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let Some(content) = attr(attrs, "content")
        .map(clean_inline)
        .filter(|c| !c.is_empty())
    else {
        return;
    };
    let slot = match key.as_str() {
        "og:site_name" | "application-name" | "publisher" | "dc.publisher" => &mut doc.outlet,
        "author" | "article:author" | "dc.creator" | "byl" => &mut doc.author,
        "article:published_time"
        | "date"
        | "pubdate"
        | "publishdate"
        | "dc.date"
        | "datepublished"
        | "og:published_time" => &mut doc.date,
        "og:url" => &mut doc.url,
        "og:title" => og_title,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(content);
    }
}

/// Decode entities and collapse whitespace of an inline value.
fn clean_inline(s: &str) -> String {
    let decoded = html_escape::decode_html_entities(s);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the text: collapses whitespace, places paragraph breaks.
#[derive(Default)]
struct Output {
    text: String,
    /// Breaks owed before the next text: 0, 1 (line) or 2 (paragraph).
    pending: u8,
    /// Whether a space is owed before the next word on this line.
    space: bool,
}

impl Output {
    fn text(&mut self, raw: &str, preformatted: bool) {
        let decoded = html_escape::decode_html_entities(raw);
        if preformatted {
            self.flush_breaks();
            self.text.push_str(&decoded);
            return;
        }
        // HTML whitespace is ASCII only (a no-break space is text), so runs
        // of it collapse to one space by scanning bytes.
        let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
        let bytes = decoded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_ws(bytes[i]) {
                self.space = true;
                i += 1;
                continue;
            }
            let end = bytes[i..]
                .iter()
                .position(|&b| is_ws(b))
                .map_or(bytes.len(), |n| i + n);
            self.flush_breaks();
            if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push_str(&decoded[i..end]);
            i = end;
        }
    }

    fn flush_breaks(&mut self) {
        if self.pending > 0 && !self.text.is_empty() {
            for _ in 0..self.pending {
                self.text.push('\n');
            }
        }
        self.pending = 0;
    }

    fn paragraph(&mut self) {
        self.pending = 2;
        self.space = false;
    }

    fn line_break(&mut self) {
        if self.pending == 0 {
            self.pending = 1;
        }
        self.space = false;
    }

    /// The text without whitespace at either end (a `<pre>` may start or
    /// end the page with blank lines that mean nothing there).
    fn finish(self) -> String {
        let t = self.text.trim();
        if t.len() == self.text.len() {
            self.text
        } else {
            t.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_text_and_paragraphs_only() {
        let html = r#"<!DOCTYPE html><html><head><title>Talks end &ndash; Daily</title>
            <meta property="og:site_name" content="The Daily">
            <meta name="author" content="A. Writer">
            <meta property="article:published_time" content="2024-04-01T10:00:00Z">
            <link rel="canonical" href="https://example.org/talks">
            <style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
            <body><nav><a href="/">Home</a></nav><header><h1>Site name</h1></header>
            <p>Officials   said the talks
            lasted <b>two</b> hours&nbsp;&amp; more.</p>
            <!-- a comment <p>hidden</p> -->
            <div>Second<br>line</div><aside>Related stories</aside>
            <footer>© 2024</footer></body></html>"#;
        let doc = extract(html);
        assert_eq!(
            doc.text,
            "Officials said the talks lasted two hours\u{a0}& more.\n\nSecond\nline"
        );
        assert_eq!(doc.title.as_deref(), Some("Talks end – Daily"));
        assert_eq!(doc.outlet.as_deref(), Some("The Daily"));
        assert_eq!(doc.author.as_deref(), Some("A. Writer"));
        assert_eq!(doc.date.as_deref(), Some("2024-04-01T10:00:00Z"));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/talks"));
    }

    #[test]
    fn prefers_the_article_element() {
        let html = "<body><p>Menu</p><article><h2>Head</h2><p>Body 東京 &#x1F389; &#233;</p></article><p>Comments</p></body>";
        assert_eq!(extract(html).text, "Head\n\nBody 東京 🎉 é");
    }

    #[test]
    fn hostile_nesting_and_broken_markup_do_not_hurt() {
        let deep = format!(
            "{}text{}",
            "<div><span>".repeat(100_000),
            "</span></div>".repeat(100_000)
        );
        assert_eq!(extract(&deep).text, "text");
        let unclosed = "<p>a < b and <nav>menu";
        assert_eq!(extract(unclosed).text, "a < b and");
        assert_eq!(extract("<p>x<script>never closed").text, "x");
        assert_eq!(extract("<a href='x>y'>link</a> after").text, "link after");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        assert_eq!(extract("<pre>a\n  b</pre><p>c</p>").text, "a\n  b\n\nc");
    }
}
