//! Article text from a saved web page: the words of the article and its
//! metadata, nothing else. Scripts, styles, navigation, site headers,
//! footers and asides are dropped; entities are decoded; paragraphs become
//! blank lines. Nothing is fetched or executed.
//!
//! The page is read by html5ever's tokenizer (the WHATWG algorithm, as
//! browsers read it), so comments, scripts, attribute values and custom
//! elements such as `<article-card>` are told apart from real tags. The
//! article is the `<article>` element when the page has one, else `<main>`,
//! else the whole body; a scope that yields no text falls back to the body.
//! Inside the article its `<header>` (where the headline sits) is kept. The
//! tokenizer works in a loop and the extractor keeps counters, not a tree,
//! so hostile nesting cannot exhaust the stack.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;

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
const SKIPPED: [&str; 19] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "svg", "iframe",
    "object", "form", "button", "select", "textarea", "title", "xmp", "noembed", "noframes",
];

/// Elements whose content the tokenizer must read as raw text (no tags).
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "title" | "textarea" => Some(RawKind::Rcdata),
        _ => None,
    }
}

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

/// A token, as the extractor needs it.
enum Piece<'a> {
    Start {
        name: &'a str,
        self_closing: bool,
        attrs: &'a [html5ever::Attribute],
    },
    End(&'a str),
    Text(&'a str),
}

/// Hands the tokenizer's output to a callback, switching the tokenizer to
/// raw text where HTML says. Nothing is kept: a page of a million tags
/// costs no more memory than a short one.
struct Sink<F> {
    on: RefCell<F>,
}

impl<F: FnMut(Piece<'_>)> TokenSink for Sink<F> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut on = self.on.borrow_mut();
        match token {
            Token::TagToken(Tag {
                kind,
                name,
                self_closing,
                attrs,
                ..
            }) => match kind {
                TagKind::StartTag => {
                    on(Piece::Start {
                        name: &name,
                        self_closing,
                        attrs: &attrs,
                    });
                    if &*name == "plaintext" {
                        return TokenSinkResult::Plaintext;
                    }
                    if let Some(kind) = (!self_closing).then(|| raw_kind(&name)).flatten() {
                        return TokenSinkResult::RawData(kind);
                    }
                }
                TagKind::EndTag => on(Piece::End(&name)),
            },
            Token::CharacterTokens(t) => on(Piece::Text(&t)),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Read the page, giving each start tag, end tag and run of decoded text
/// to `on`.
fn tokenize(html: &str, on: impl FnMut(Piece<'_>)) {
    let tokenizer = Tokenizer::new(
        Sink {
            on: RefCell::new(on),
        },
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks to run a script, so feeding ends in one go.
    while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
}

fn attr<'a>(attrs: &'a [html5ever::Attribute], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| (*a.name.local).eq_ignore_ascii_case(key))
        .map(|a| &*a.value)
}

/// Extract article text and metadata from HTML source (already decoded).
pub fn extract(html: &str) -> HtmlDoc {
    // First reading: metadata, and where the article is.
    let mut doc = HtmlDoc::default();
    let mut og_title = None;
    let mut in_title = false;
    let mut title = String::new();
    let (mut article, mut main) = (false, false);
    tokenize(html, |p| match p {
        Piece::Start { name, attrs, .. } => match name {
            "meta" | "link" => read_meta(attrs, &mut doc, &mut og_title),
            "title" => in_title = doc.title.is_none(),
            "article" => article = true,
            "main" => main = true,
            _ => {}
        },
        Piece::End("title") => {
            if in_title {
                doc.title = Some(clean_inline(&title));
            }
            in_title = false;
        }
        Piece::Text(t) if in_title => title.push_str(t),
        _ => {}
    });
    if let Some(t) = og_title {
        doc.title = Some(t);
    }
    doc.title = doc.title.filter(|t| !t.is_empty());
    let scope = if article {
        Some("article")
    } else if main {
        Some("main")
    } else {
        None
    };
    // Second reading: the words.
    doc.text = text_of(html, scope);
    if doc.text.is_empty() && scope.is_some() {
        // An article element with no words (a teaser card, say): the body.
        doc.text = text_of(html, None);
    }
    doc
}

/// The text within `scope` (an element name), or of the whole page.
fn text_of(html: &str, scope: Option<&str>) -> String {
    let mut out = Output::default();
    let mut skip_stack: Vec<String> = Vec::new();
    let mut scope_depth = 0usize;
    let mut pre_depth = 0usize;
    tokenize(html, |p| {
        let in_scope = scope.is_none() || scope_depth > 0;
        match p {
            Piece::Text(t) => {
                if skip_stack.is_empty() && in_scope {
                    out.text(t, pre_depth > 0);
                }
            }
            Piece::Start {
                name, self_closing, ..
            } => {
                // The article's own header holds its headline: keep it.
                let skipped = SKIPPED.contains(&name) && !(name == "header" && scope_depth > 0);
                if !skip_stack.is_empty() || skipped {
                    if !self_closing && (skipped || skip_stack.last().is_some_and(|n| n == name)) {
                        skip_stack.push(name.to_owned());
                    }
                    return;
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
            }
            Piece::End(name) => {
                if let Some(pos) = skip_stack.iter().rposition(|n| n == name) {
                    skip_stack.truncate(pos);
                    return;
                }
                if !skip_stack.is_empty() {
                    return;
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
    });
    out.finish()
}

fn read_meta(attrs: &[html5ever::Attribute], doc: &mut HtmlDoc, og_title: &mut Option<String>) {
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

/// Collapse the whitespace of an inline value (entities are decoded already).
fn clean_inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    /// Add text (entities already decoded by the tokenizer).
    fn text(&mut self, decoded: &str, preformatted: bool) {
        if preformatted {
            self.flush_breaks();
            self.text.push_str(decoded);
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
    fn the_article_is_found_from_real_tags_only() {
        // The word in a comment or a script, or a custom element, is not an
        // article element: the body is read.
        for page in [
            "<body><!-- <article> --><p>Real text.</p></body>",
            "<body><script>var s = '<article>';</script><p>Real text.</p></body>",
            "<body><article-card><p>Real text.</p></article-card></body>",
            "<body><p title='<article>'>Real text.</p></body>",
        ] {
            assert_eq!(extract(page).text, "Real text.", "{page}");
        }
        // An article element without words falls back to the body.
        assert_eq!(
            extract("<body><article><img src=x></article><p>Body text.</p></body>").text,
            "Body text."
        );
    }

    #[test]
    fn the_headline_in_the_articles_header_is_kept() {
        let html = "<body><header>Site menu</header><article><header><h1>Talks end</h1>\
                    <p class=byline>By A. Writer</p></header><p>Officials said so.</p>\
                    <footer>Share this</footer></article></body>";
        assert_eq!(
            extract(html).text,
            "Talks end\n\nBy A. Writer\n\nOfficials said so."
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        assert_eq!(extract("<pre>a\n  b</pre><p>c</p>").text, "a\n  b\n\nc");
    }
}
