//! A fast RON reader for project files.
//!
//! Reads the RON that people and the `ron` crate write: structs with or
//! without names, fields in any order, `Some(..)`/`None`, lists, maps,
//! escaped and raw strings, `//` and nested `/* */` comments. It is a
//! serde `Deserializer`, so the project structs keep one definition, and it
//! reports errors at a byte offset that becomes a line and column. A test
//! checks that it reads whatever `ron` writes to the same values.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    /// Byte offset in the input, when known.
    pub offset: Option<usize>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            offset: None,
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

/// Deserialise a value from RON text.
pub fn from_str<'a, T: de::Deserialize<'a>>(text: &'a str) -> Result<T> {
    from_str_reporting(text, None)
}

/// [`from_str`], storing how many bytes have been read into `progress`
/// now and then (for a progress bar while a large project opens).
pub fn from_str_reporting<'a, T: de::Deserialize<'a>>(
    text: &'a str,
    progress: Option<&'a std::sync::atomic::AtomicU64>,
) -> Result<T> {
    let mut d = Deserializer {
        src: text,
        pos: 0,
        depth: 0,
        progress,
        elements: 0,
    };
    let value = T::deserialize(&mut d).map_err(|e| d.locate(e))?;
    d.skip_ws()?;
    if d.pos < d.src.len() {
        return Err(d.error("unexpected text after the end of the project"));
    }
    Ok(value)
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

pub struct Deserializer<'de> {
    src: &'de str,
    pos: usize,
    depth: usize,
    progress: Option<&'de std::sync::atomic::AtomicU64>,
    /// List elements read, to report progress every so many.
    elements: u32,
}

/// The length in bytes of the whitespace character at `i`, or 0. RON's
/// whitespace (as the ron crate has it): ASCII blanks with vertical tab and
/// form feed, NEL, the left-to-right and right-to-left marks, and the line
/// and paragraph separators.
fn ws_len(b: &[u8], i: usize) -> usize {
    match b.get(i..) {
        Some([b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..]) => 1,
        Some([0xc2, 0x85, ..]) => 2,
        Some([0xe2, 0x80, 0x8e | 0x8f | 0xa8 | 0xa9, ..]) => 3,
        _ => 0,
    }
}

/// Two hex digits at `i` as a byte.
fn hex2(b: &[u8], i: usize) -> Option<u8> {
    let d = b.get(i..i + 2)?;
    if !d.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    Some(digit(d[0]) * 16 + digit(d[1]))
}

/// After a line continuation's line break at `i - 1`: past the whitespace.
fn skip_continuation(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Deserializer<'de> {
    fn error(&self, message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            offset: Some(self.pos),
        }
    }

    /// Give an error without a place the current one.
    fn locate(&self, mut e: Error) -> Error {
        if e.offset.is_none() {
            e.offset = Some(self.pos);
        }
        e
    }

    fn bytes(&self) -> &'de [u8] {
        self.src.as_bytes()
    }

    fn skip_ws(&mut self) -> Result<()> {
        let b = self.bytes();
        // Most calls find a token straight away.
        match b.get(self.pos) {
            Some(&c) if ws_len(b, self.pos) == 0 && c != b'/' && c < 0x80 => return Ok(()),
            None => return Ok(()),
            _ => {}
        }
        loop {
            loop {
                let n = ws_len(b, self.pos);
                if n == 0 {
                    break;
                }
                self.pos += n;
            }
            if b[self.pos..].starts_with(b"//") {
                self.pos =
                    memchr::memchr(b'\n', &b[self.pos..]).map_or(b.len(), |i| self.pos + i + 1);
            } else if b[self.pos..].starts_with(b"/*") {
                let start = self.pos;
                self.pos += 2;
                let mut level = 1;
                while level > 0 {
                    if self.pos >= b.len() {
                        self.pos = start;
                        return Err(self.error("unclosed /* comment"));
                    }
                    if b[self.pos..].starts_with(b"*/") {
                        level -= 1;
                        self.pos += 2;
                    } else if b[self.pos..].starts_with(b"/*") {
                        level += 1;
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                }
            } else if self.pos < b.len() && b[self.pos] >= 0x80 {
                // Unicode whitespace (e.g. a no-break space pasted by an editor).
                match self.src[self.pos..].chars().next() {
                    Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                    _ => return Ok(()),
                }
            } else {
                return Ok(());
            }
        }
    }

    fn peek(&mut self) -> Result<u8> {
        self.skip_ws()?;
        self.bytes()
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.error("unexpected end of file (is the file truncated?)"))
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.peek()? == b {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!(
                "expected `{}`, found {}",
                b as char,
                self.describe()
            )))
        }
    }

    /// Consume `b` if it is next.
    fn eat(&mut self, b: u8) -> Result<bool> {
        self.skip_ws()?;
        if self.bytes().get(self.pos) == Some(&b) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// What is at the current position, for messages.
    fn describe(&self) -> String {
        match self.src[self.pos.min(self.src.len())..].chars().next() {
            None => "the end of the file".into(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// An identifier (`name`, `Some`, `r#type`) if one is next, without consuming it.
    fn peek_ident(&mut self) -> Result<Option<&'de str>> {
        self.skip_ws()?;
        let b = self.bytes();
        let mut start = self.pos;
        if b[start..].starts_with(b"r#") && b.get(start + 2).is_some_and(|&c| is_ident_start(c)) {
            start += 2;
        } else if !b.get(start).is_some_and(|&c| is_ident_start(c)) {
            return Ok(None);
        }
        let mut end = start + 1;
        while end < b.len() && is_ident_char(b[end]) {
            end += 1;
        }
        Ok(Some(&self.src[start..end]))
    }

    fn ident(&mut self) -> Result<&'de str> {
        match self.peek_ident()? {
            Some(id) => {
                // A raw identifier (`r#type`) is two bytes longer than its name.
                let start = id.as_ptr() as usize - self.src.as_ptr() as usize;
                self.pos = start + id.len();
                Ok(id)
            }
            None => Err(self.error(format!("expected a name, found {}", self.describe()))),
        }
    }

    fn string(&mut self) -> Result<Cow<'de, str>> {
        match self.peek()? {
            b'"' => self.quoted(),
            b'r' => self.raw_string(),
            _ => Err(self.error(format!("expected a string, found {}", self.describe()))),
        }
    }

    fn quoted(&mut self) -> Result<Cow<'de, str>> {
        let b = self.bytes();
        let start = self.pos + 1;
        let mut i = start;
        // Fast path: no escapes.
        match memchr::memchr2(b'"', b'\\', &b[i..]) {
            None => return Err(self.error("unterminated string (is the file truncated?)")),
            Some(n) if b[i + n] == b'"' => {
                self.pos = i + n + 1;
                return Ok(Cow::Borrowed(&self.src[start..i + n]));
            }
            Some(n) => i += n,
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.src[start..i]);
        loop {
            // At a backslash or a quote.
            if b[i] == b'"' {
                self.pos = i + 1;
                return Ok(Cow::Owned(out));
            }
            i += 1;
            let Some(&e) = b.get(i) else {
                self.pos = i;
                return Err(self.error("unterminated string"));
            };
            i += 1;
            match e {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'\'' => out.push('\''),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'0' => out.push('\0'),
                // A line continuation: the line break and the whitespace
                // after it are left out (as in Rust and the ron crate).
                b'\n' => i = skip_continuation(b, i),
                b'\r' if b.get(i) == Some(&b'\n') => i = skip_continuation(b, i + 1),
                b'x' => {
                    // One byte, or the bytes of one UTF-8 character, each `\xHH`.
                    let mut bytes = [0u8; 4];
                    let mut n = 0;
                    let c = loop {
                        let Some(v) = hex2(b, i) else {
                            self.pos = i;
                            return Err(self.error("invalid \\x escape (expected two hex digits)"));
                        };
                        bytes[n] = v;
                        n += 1;
                        i += 2;
                        if let Some(c) = std::str::from_utf8(&bytes[..n])
                            .ok()
                            .and_then(|s| s.chars().next())
                        {
                            break c;
                        }
                        if n == 4 || b.get(i..i + 2) != Some(b"\\x") {
                            self.pos = i;
                            return Err(self.error("\\x escapes that are not a UTF-8 character"));
                        }
                        i += 2;
                    };
                    out.push(c);
                }
                b'u' => {
                    let close = if b.get(i) == Some(&b'{') {
                        b[i..].iter().position(|&c| c == b'}')
                    } else {
                        None
                    };
                    let c = close
                        .filter(|&n| (2..=7).contains(&n))
                        .filter(|&n| b[i + 1..i + n].iter().all(u8::is_ascii_hexdigit))
                        .and_then(|n| u32::from_str_radix(&self.src[i + 1..i + n], 16).ok())
                        .and_then(char::from_u32);
                    match (c, close) {
                        (Some(c), Some(n)) => {
                            out.push(c);
                            i += n + 1;
                        }
                        _ => {
                            self.pos = i;
                            return Err(self.error("invalid \\u{…} escape"));
                        }
                    }
                }
                _ => {
                    self.pos = i - 2;
                    return Err(self.error(format!("unknown escape `\\{}`", e as char)));
                }
            }
            match memchr::memchr2(b'"', b'\\', &b[i..]) {
                None => {
                    self.pos = b.len();
                    return Err(self.error("unterminated string (is the file truncated?)"));
                }
                Some(n) => {
                    out.push_str(&self.src[i..i + n]);
                    i += n;
                }
            }
        }
    }

    fn raw_string(&mut self) -> Result<Cow<'de, str>> {
        let b = self.bytes();
        let mut i = self.pos + 1;
        let mut hashes = 0;
        while b.get(i) == Some(&b'#') {
            hashes += 1;
            i += 1;
        }
        if b.get(i) != Some(&b'"') {
            return Err(self.error(format!("expected a string, found {}", self.describe())));
        }
        let start = i + 1;
        let mut closing = String::from("\"");
        closing.push_str(&"#".repeat(hashes));
        match self.src[start..].find(&closing) {
            Some(n) => {
                self.pos = start + n + closing.len();
                Ok(Cow::Borrowed(&self.src[start..start + n]))
            }
            None => Err(self.error("unterminated raw string")),
        }
    }

    fn number_text(&mut self) -> Result<&'de str> {
        self.skip_ws()?;
        let b = self.bytes();
        let start = self.pos;
        let mut end = start;
        if matches!(b.get(end), Some(b'-' | b'+')) {
            end += 1;
        }
        while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'.' | b'_')) {
            end += 1;
        }
        if end == start {
            return Err(self.error(format!("expected a number, found {}", self.describe())));
        }
        self.pos = end;
        Ok(&self.src[start..end])
    }

    fn unsigned(&mut self) -> Result<u64> {
        let start = self.pos;
        let t = self.number_text()?;
        t.replace('_', "")
            .trim_start_matches('+')
            .parse()
            .map_err(|_| {
                self.pos = start;
                self.error(format!("expected a whole number ≥ 0, found `{t}`"))
            })
    }

    fn signed(&mut self) -> Result<i64> {
        let start = self.pos;
        let t = self.number_text()?;
        t.replace('_', "")
            .trim_start_matches('+')
            .parse()
            .map_err(|_| {
                self.pos = start;
                self.error(format!("expected a whole number, found `{t}`"))
            })
    }

    fn float(&mut self) -> Result<f64> {
        let start = self.pos;
        let t = self.number_text()?;
        t.replace('_', "").parse().map_err(|_| {
            self.pos = start;
            self.error(format!("expected a number, found `{t}`"))
        })
    }

    /// Skip an optional struct name before `(`.
    /// A struct's name before its `(`, if one is written: it must be the
    /// struct's own (as the ron crate has it).
    fn struct_name(&mut self, expected: &str) -> Result<()> {
        let Some(found) = self.peek_ident()? else {
            return Ok(());
        };
        if found != expected || expected.is_empty() {
            return Err(self.error(format!(
                "expected {} `(`, found `{found}`",
                if expected.is_empty() {
                    "a".to_owned()
                } else {
                    format!("`{expected}` or")
                }
            )));
        }
        self.ident()?;
        Ok(())
    }

    /// Whether `(` opens a struct with named fields (`(name: …`) rather than a tuple.
    fn named_fields_follow(&mut self) -> Result<bool> {
        let save = self.pos;
        self.pos += 1;
        let named = match self.peek_ident()? {
            Some(id) => {
                self.ident()?;
                let colon = self.peek().is_ok_and(|b| b == b':');
                colon && id != "Some"
            }
            None => false,
        };
        self.pos = save;
        Ok(named)
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'"' => self.deserialize_string(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            b'(' => {
                if self.named_fields_follow()? {
                    self.deserialize_struct("", &[], visitor)
                } else {
                    self.deserialize_tuple(0, visitor)
                }
            }
            b'\'' => self.deserialize_char(visitor),
            b'-' | b'+' | b'0'..=b'9' | b'.' => {
                let start = self.pos;
                let t = self.number_text()?;
                self.pos = start;
                if t.contains(['.', 'e', 'E']) && !t.starts_with("0x") {
                    visitor.visit_f64(self.float()?)
                } else if t.starts_with('-') {
                    visitor.visit_i64(self.signed()?)
                } else {
                    visitor.visit_u64(self.unsigned()?)
                }
            }
            _ => match self.peek_ident()? {
                Some("true") | Some("false") => self.deserialize_bool(visitor),
                Some("None") | Some("Some") => self.deserialize_option(visitor),
                Some(_)
                    if self.bytes()[self.pos] == b'r'
                        && matches!(self.bytes().get(self.pos + 1), Some(b'"' | b'#')) =>
                {
                    self.deserialize_string(visitor)
                }
                Some(_) => {
                    let save = self.pos;
                    self.ident()?;
                    if self.peek().is_ok_and(|b| b == b'(') {
                        // A named struct or tuple.
                        self.deserialize_any(visitor)
                    } else {
                        self.pos = save;
                        let id = self.ident()?;
                        visitor.visit_borrowed_str(id)
                    }
                }
                None => Err(self.error(format!("expected a value, found {}", self.describe()))),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(self.error(format!("expected true or false, found `{other}`"))),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_u64(self.unsigned()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_u64(self.unsigned()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_u64(self.unsigned()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_u64(self.unsigned()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_f64(self.float()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        v.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'\'')?;
        let rest = &self.src[self.pos..];
        let mut chars = rest.chars();
        let c = match chars.next() {
            Some('\\') => {
                // Reuse the string escape rules on a one-character string.
                let end = rest
                    .find('\'')
                    .ok_or_else(|| self.error("unterminated character"))?;
                let quoted = format!("\"{}\"", &rest[..end]);
                let mut inner = Deserializer {
                    src: &quoted,
                    pos: 0,
                    depth: 0,
                    progress: None,
                    elements: 0,
                };
                let s = inner.quoted().map_err(|e| Error {
                    offset: Some(self.pos),
                    ..e
                })?;
                self.pos += end;
                s.chars().next().unwrap_or('\0')
            }
            Some(c) => {
                self.pos += c.len_utf8();
                c
            }
            None => return Err(self.error("unterminated character")),
        };
        if self.bytes().get(self.pos) != Some(&b'\'') {
            return Err(self.error("expected `'` after a character"));
        }
        self.pos += 1;
        visitor.visit_char(c)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.error("byte strings are not used in project files"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // `r#Some` is a name like any other, not the option (as in ron).
        self.skip_ws()?;
        let raw = self.src[self.pos..].starts_with("r#");
        match self.peek_ident()?.filter(|_| !raw) {
            Some("None") => {
                self.ident()?;
                visitor.visit_none()
            }
            Some("Some") => {
                self.ident()?;
                self.expect(b'(')?;
                self.enter()?;
                let v = visitor.visit_some(&mut *self)?;
                self.leave();
                self.eat(b',')?;
                self.expect(b')')?;
                Ok(v)
            }
            _ => Err(self.error(format!(
                "expected Some(…) or None, found {}",
                self.describe()
            ))),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if self.peek_ident()?.is_some() {
            self.struct_name(name)?;
            return visitor.visit_unit();
        }
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.struct_name(name)?;
        self.expect(b'(')?;
        self.enter()?;
        let v = visitor.visit_newtype_struct(&mut *self)?;
        self.leave();
        self.eat(b',')?;
        self.expect(b')')?;
        Ok(v)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.enter()?;
        let v = visitor.visit_seq(Elements {
            de: &mut *self,
            close: b']',
            first: true,
        })?;
        self.leave();
        self.expect(b']')?;
        Ok(v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.enter()?;
        let v = visitor.visit_seq(Elements {
            de: &mut *self,
            close: b')',
            first: true,
        })?;
        self.leave();
        self.expect(b')')?;
        Ok(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.struct_name(name)?;
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        self.enter()?;
        let v = visitor.visit_map(Entries {
            de: &mut *self,
            close: b'}',
            first: true,
            fields: false,
        })?;
        self.leave();
        self.expect(b'}')?;
        Ok(v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.struct_name(name)?;
        self.expect(b'(')?;
        self.enter()?;
        let v = visitor.visit_map(Entries {
            de: &mut *self,
            close: b')',
            first: true,
            fields: true,
        })?;
        self.leave();
        self.expect(b')')?;
        Ok(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(Variant { de: self })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let id = self.ident()?;
        visitor.visit_borrowed_str(id)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }
}

/// Elements of a list or tuple, separated by commas, trailing comma allowed.
struct Elements<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    close: u8,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.first && !self.de.eat(b',')? && self.de.peek()? != self.close {
            return Err(self.de.error(format!(
                "expected `,` or `{}`, found {}",
                self.close as char,
                self.de.describe()
            )));
        }
        self.first = false;
        if self.de.peek()? == self.close {
            return Ok(None);
        }
        let start = self.de.pos;
        if let Some(p) = self.de.progress {
            self.de.elements = self.de.elements.wrapping_add(1);
            if self.de.elements.is_multiple_of(512) {
                p.store(start as u64, std::sync::atomic::Ordering::Relaxed);
            }
        }
        seed.deserialize(&mut *self.de)
            .map(Some)
            .map_err(|e| located(e, start))
    }
}

/// Fields of a struct (`name: value`) or entries of a map (`key: value`).
struct Entries<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    close: u8,
    first: bool,
    fields: bool,
}

fn located(mut e: Error, at: usize) -> Error {
    if e.offset.is_none() {
        e.offset = Some(at);
    }
    e
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.first && !self.de.eat(b',')? && self.de.peek()? != self.close {
            return Err(self.de.error(format!(
                "expected `,` or `{}`, found {}",
                self.close as char,
                self.de.describe()
            )));
        }
        self.first = false;
        if self.de.peek()? == self.close {
            return Ok(None);
        }
        let start = self.de.pos;
        let key = if self.fields {
            let name = self.de.ident()?;
            seed.deserialize(name.into_deserializer())
        } else {
            seed.deserialize(&mut *self.de)
        };
        let key = key.map_err(|e: Error| located(e, start))?;
        self.de.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.skip_ws()?;
        let start = self.de.pos;
        seed.deserialize(&mut *self.de)
            .map_err(|e| located(e, start))
    }
}

struct Variant<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let start = self.de.pos;
        let name = self.de.ident()?;
        let v = seed
            .deserialize(name.into_deserializer())
            .map_err(|e: Error| located(e, start))?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.de.expect(b'(')?;
        self.de.enter()?;
        let v = seed.deserialize(&mut *self.de)?;
        self.de.leave();
        self.de.eat(b',')?;
        self.de.expect(b')')?;
        Ok(v)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_tuple(self.de, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self.de, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct S {
        name: String,
        n: u32,
        opt: Option<u8>,
        #[serde(default)]
        list: Vec<String>,
        #[serde(default)]
        map: BTreeMap<String, String>,
        e: E,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum E {
        A,
        B,
    }

    #[test]
    fn reads_what_people_write() {
        let text = r##"// a comment
            S( /* nested /* comment */ */
                n: 1_000, name: "tab\there \u{1F389} \"q\" \'s\' \\", opt: Some(3,),
                list: ["a", r#"raw "x""#,], map: {"k": "v"}, e: B,
            )"##;
        let s: S = from_str(text).unwrap();
        assert_eq!(s.name, "tab\there 🎉 \"q\" 's' \\");
        assert_eq!(s.n, 1000);
        assert_eq!(s.opt, Some(3));
        assert_eq!(s.list, vec!["a", "raw \"x\""]);
        assert_eq!(s.map["k"], "v");
        assert_eq!(s.e, E::B);
    }

    #[test]
    fn raw_identifiers_and_raw_strings() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct T {
            r#type: u8,
        }
        assert_eq!(from_str::<T>("(r#type: 3)").unwrap(), T { r#type: 3 });
        // Found by fuzzing: `r#` before a non-ASCII letter is neither.
        assert!(from_str::<T>("r#ç").is_err());
        assert!(from_str::<String>("r#\"a\"b\"#").unwrap() == "a\"b");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let text = "(name: \"x\", n: 1, opt: None, colour: 2, e: A)";
        let e = from_str::<S>(text).unwrap_err();
        assert!(e.message.contains("unknown field `colour`"), "{e}");
        assert_eq!(e.offset, Some(text.find("colour").unwrap()));
        let e = from_str::<S>("(name: \"x\", n: -1, opt: None, e: A)").unwrap_err();
        assert!(e.message.contains("≥ 0"), "{e}");
        let e = from_str::<S>("(name: \"x\", n: 1, opt: None, e: C)").unwrap_err();
        assert!(e.message.contains("unknown variant `C`"), "{e}");
        let e = from_str::<S>("(name: \"unterminated").unwrap_err();
        assert!(e.message.contains("unterminated"), "{e}");
        let e = from_str::<S>("(name: \"x\", n: 1, opt: None, e: A) trailing").unwrap_err();
        assert!(e.message.contains("after the end"), "{e}");
        let e = from_str::<S>("(name: \"x\" n: 1)").unwrap_err();
        assert!(e.message.contains("expected `,`"), "{e}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_str::<Vec<serde::de::IgnoredAny>>(&deep)
            .unwrap_err()
            .message
            .contains("deeply"));
    }
}
