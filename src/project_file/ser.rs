//! A fast RON writer for project files.
//!
//! Produces exactly what `ron::ser::to_string_pretty` produces with
//! `depth_limit(2)`, two-space indents and `\n` line ends (a test checks
//! this byte for byte), at several times the speed on large projects: plain
//! ASCII runs are copied without per-character escaping.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

/// Containers nested deeper than this are written on one line.
const DEPTH_LIMIT: usize = 2;
const INDENT: &str = "  ";

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// Serialise a value as pretty RON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut s = Serializer {
        out: String::with_capacity(1 << 16),
        depth: 0,
        sink: None,
    };
    value.serialize(&mut s)?;
    Ok(s.out)
}

/// Bytes buffered before they go to the writer.
const CHUNK: usize = 1 << 20;

/// Serialise a value as pretty RON into a writer, a chunk at a time, so a
/// large project never needs a second copy of itself in memory.
pub fn to_writer<T: Serialize + ?Sized>(
    w: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let mut s = Serializer {
        out: String::with_capacity(CHUNK + (CHUNK >> 2)),
        depth: 0,
        sink: Some(w),
    };
    value.serialize(&mut s).map_err(std::io::Error::other)?;
    s.flush()
}

pub struct Serializer<'w> {
    out: String,
    /// Containers currently open.
    depth: usize,
    sink: Option<&'w mut dyn std::io::Write>,
}

/// Bytes copied as they are: printable ASCII except `"`, `\` and `'`.
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        t[b] = !matches!(b as u8, b'"' | b'\\' | b'\'');
        b += 1;
    }
    t
};

/// Whether `escape_debug` leaves `c` as it is. Worked out once for the
/// Basic Multilingual Plane (a 8 KiB bitmap), since calling it for every
/// character of a long non-Latin text is slow.
fn shown_as_is(c: char) -> bool {
    static BMP: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    let n = c as usize;
    if n >= 0x10000 {
        return c.escape_debug().len() == 1;
    }
    let bits = BMP.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        for n in 0..0x10000u32 {
            if char::from_u32(n).is_some_and(|c| c.escape_debug().len() == 1) {
                bits[(n / 64) as usize] |= 1 << (n % 64);
            }
        }
        bits
    });
    bits[n / 64] & (1 << (n % 64)) != 0
}

/// Append `s` as a RON string literal, escaped as `char::escape_debug` does.
pub fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if PLAIN[usize::from(b)] {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        i += c.len_utf8();
        if !b.is_ascii() && shown_as_is(c) {
            continue;
        }
        out.push_str(&s[run..i - c.len_utf8()]);
        out.extend(c.escape_debug());
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

impl<'w> Serializer<'w> {
    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(w) = self.sink.as_mut() {
            w.write_all(self.out.as_bytes())?;
            self.out.clear();
        }
        Ok(())
    }

    fn pretty(&self) -> bool {
        self.depth <= DEPTH_LIMIT
    }

    fn open(&mut self, bracket: char, len: Option<usize>) -> Compound<'_, 'w> {
        self.out.push(bracket);
        self.depth += 1;
        let empty = len == Some(0);
        if self.pretty() && !empty {
            self.out.push('\n');
        }
        Compound {
            ser: self,
            first: true,
            empty,
        }
    }
}

pub struct Compound<'a, 'w> {
    ser: &'a mut Serializer<'w>,
    first: bool,
    empty: bool,
}

impl Compound<'_, '_> {
    fn element_start(&mut self) {
        if self.ser.pretty() {
            for _ in 0..self.ser.depth {
                self.ser.out.push_str(INDENT);
            }
        } else if !self.first {
            self.ser.out.push_str(", ");
        }
        self.first = false;
    }

    fn element_end(&mut self) -> Result<()> {
        if self.ser.pretty() {
            self.ser.out.push_str(",\n");
            if self.ser.out.len() >= CHUNK {
                self.ser.flush().map_err(|e| Error(e.to_string()))?;
            }
        }
        Ok(())
    }

    fn close(self, bracket: char) {
        if self.ser.pretty() && !self.empty {
            for _ in 1..self.ser.depth {
                self.ser.out.push_str(INDENT);
            }
        }
        self.ser.depth -= 1;
        self.ser.out.push(bracket);
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        self.element_start();
        self.ser.out.push_str(key);
        self.ser.out.push_str(": ");
        value.serialize(&mut *self.ser)?;
        self.element_end()
    }
}

macro_rules! display_number {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<()> {
            let _ = write!(self.out, "{v}");
            Ok(())
        }
    )*};
}

impl<'a, 'w> ser::Serializer for &'a mut Serializer<'w> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'w>;
    type SerializeTuple = Compound<'a, 'w>;
    type SerializeTupleStruct = Compound<'a, 'w>;
    type SerializeTupleVariant = Compound<'a, 'w>;
    type SerializeMap = Compound<'a, 'w>;
    type SerializeStruct = Compound<'a, 'w>;
    type SerializeStructVariant = Compound<'a, 'w>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    display_number!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        if v.is_finite() && v.fract() == 0.0 {
            let _ = write!(self.out, "{v:.1}");
        } else {
            let _ = write!(self.out, "{v}");
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.out.push('\'');
        self.out.extend(v.escape_debug());
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        write_escaped(&mut self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        Err(Error("byte strings are not used in project files".into()))
    }

    fn serialize_none(self) -> Result<()> {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.out.push_str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.out.push_str(variant);
        self.serialize_newtype_struct("", value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, 'w>> {
        Ok(self.open('[', len))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'w>> {
        Ok(self.open('(', Some(len)))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'w>> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'w>> {
        self.out.push_str(variant);
        self.serialize_tuple(len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, 'w>> {
        Ok(self.open('{', len))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'w>> {
        Ok(self.open('(', Some(len)))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'w>> {
        self.out.push_str(variant);
        Ok(self.open('(', Some(len)))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element_start();
        value.serialize(&mut *self.ser)?;
        self.element_end()
    }
    fn end(self) -> Result<()> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.element_start();
        key.serialize(&mut *self.ser)?;
        self.ser.out.push_str(": ");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)?;
        self.element_end()
    }
    fn end(self) -> Result<()> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.close(')');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_escape_debug_for_every_character() {
        let mut mismatches = Vec::new();
        let mut out = String::new();
        for n in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(n) else { continue };
            out.clear();
            let s = c.to_string();
            write_escaped(&mut out, &s);
            let want: String = std::iter::once('"')
                .chain(c.escape_debug())
                .chain(std::iter::once('"'))
                .collect();
            if out != want {
                mismatches.push(n);
            }
        }
        assert!(
            mismatches.is_empty(),
            "{:x?}",
            &mismatches[..mismatches.len().min(20)]
        );
    }
}
