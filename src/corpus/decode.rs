//! Turning a file's bytes into text: UTF-8 (BOM stripped), UTF-16 with a
//! BOM (or unmistakably without one), otherwise the legacy encoding that
//! `chardetng` detects. Line endings become LF; nothing else is altered.
//! Binary and undecodable files are refused with a reason.

use encoding_rs::Encoding;

use crate::text::normalize_newlines;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used, e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0})")]
    Binary(String),
    #[error("cannot decode as text: {0}")]
    Undecodable(String),
}

/// Share of control characters above which a "text" is really binary.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// Decode a file. `hint` is an encoding the file declares for itself
/// (an HTML `<meta charset>`), tried before detection.
pub fn decode(bytes: &[u8], hint: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    decode_owned(bytes.to_vec(), hint)
}

/// [`decode`], taking the bytes so that UTF-8 needs no copy.
pub fn decode_owned(
    bytes: Vec<u8>,
    hint: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (text, encoding) = decode_raw(bytes, hint)?;
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    check_not_binary(&text)?;
    Ok(Decoded {
        text: normalize_newlines(text),
        encoding,
    })
}

fn decode_raw(
    bytes: Vec<u8>,
    hint: Option<&'static Encoding>,
) -> Result<(String, &'static str), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_owned(), "UTF-8")),
            Err(e) => Err(DecodeError::Undecodable(format!(
                "invalid UTF-8 at byte {} after a UTF-8 byte order mark",
                e.valid_up_to() + 3
            ))),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, false).map(|s| (s, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, true).map(|s| (s, "UTF-16BE"));
    }
    if bytes.contains(&0) {
        return match utf16_without_bom(&bytes) {
            Some(big_endian) => decode_utf16(&bytes, big_endian)
                .map(|s| (s, if big_endian { "UTF-16BE" } else { "UTF-16LE" })),
            None => Err(DecodeError::Binary("contains NUL bytes".into())),
        };
    }
    // SIMD validation first: several times faster than the standard library's on non-Latin text.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just validated the bytes as UTF-8.
        return Ok((unsafe { String::from_utf8_unchecked(bytes) }, "UTF-8"));
    }
    let bytes = bytes.as_slice();
    let mut candidates = Vec::with_capacity(2);
    candidates.extend(hint.filter(|e| *e != encoding_rs::UTF_8));
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    candidates.push(detector.guess(None, chardetng::Utf8Detection::Deny));
    for enc in candidates {
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((s.into_owned(), enc.name()));
        }
    }
    Err(DecodeError::Undecodable(
        "not UTF-8, and no legacy encoding fits the bytes".into(),
    ))
}

/// Strict UTF-16: a lone surrogate or an odd byte count is an error, not a
/// replacement character, so offsets never point into invented text.
fn decode_utf16(bytes: &[u8], big_endian: bool) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::Undecodable(
            "UTF-16 text with an odd number of bytes".into(),
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut unit = 0usize;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                unit += c.len_utf16();
                out.push(c);
            }
            Err(e) => {
                return Err(DecodeError::Undecodable(format!(
                    "lone UTF-16 surrogate {:#06x} at byte {}",
                    e.unpaired_surrogate(),
                    unit * 2
                )))
            }
        }
    }
    Ok(out)
}

/// UTF-16 without a BOM shows as NULs in every other byte for Latin text.
/// Returns whether it looks big-endian, or `None` when it is not UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for p in bytes.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // Mostly-ASCII UTF-16: one side is NUL most of the time, the other almost never.
    if odd * 10 >= pairs * 6 && even * 50 <= pairs {
        Some(false)
    } else if even * 10 >= pairs * 6 && odd * 50 <= pairs {
        Some(true)
    } else {
        None
    }
}

fn check_not_binary(text: &str) -> Result<(), DecodeError> {
    // Count on bytes, in loops the compiler vectorises: C0 controls and DEL
    // are single bytes, C1 controls are 0xC2 0x80–0x9F, and every
    // non-continuation byte starts a character.
    let b = text.as_bytes();
    let mut control = b
        .iter()
        .filter(|&&x| (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0c)) || x == 0x7f)
        .count();
    control += memchr::memchr_iter(0xC2, b)
        .filter(|&i| {
            b.get(i + 1)
                .is_some_and(|&n| (0x80..0xA0).contains(&n) && n != 0x85)
        })
        .count();
    if control == 0 {
        return Ok(());
    }
    let total = b.len() - b.iter().filter(|&&x| (x & 0xC0) == 0x80).count();
    if control as f64 > total as f64 * MAX_CONTROL_SHARE {
        return Err(DecodeError::Binary(format!(
            "{control} control characters in {total}"
        )));
    }
    Ok(())
}

/// The charset an HTML document declares in its first kilobytes, if any.
pub fn html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for u in s.encode_utf16() {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Café 🎉\r\nnext\rline".as_bytes(), None).unwrap();
        assert_eq!(
            d,
            Decoded {
                text: "Café 🎉\nnext\nline".into(),
                encoding: "UTF-8"
            }
        );
        let d = decode(b"\xEF\xBB\xBFhello", None).unwrap();
        assert_eq!(d.text, "hello");
        assert!(matches!(
            decode(b"\xEF\xBB\xBFhe\xFFllo", None),
            Err(DecodeError::Undecodable(_))
        ));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let s = "Ναι 東京 👩‍👩‍👧\r\nok";
        for be in [false, true] {
            let d = decode(&utf16(s, be, true), None).unwrap();
            assert_eq!(d.text, "Ναι 東京 👩‍👩‍👧\nok");
            assert_eq!(d.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let d = decode(&utf16("plain English text here", false, false), None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("plain English text here", "UTF-16LE")
        );
        let d = decode(&utf16("plain English text here", true, false), None).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn lone_surrogates_and_odd_lengths_are_refused() {
        let mut b = vec![0xFF, 0xFE];
        b.extend([b'a', 0, 0x00, 0xD8, b'b', 0]);
        let e = decode(&b, None).unwrap_err();
        assert!(
            e.to_string()
                .contains("lone UTF-16 surrogate 0xd800 at byte 2"),
            "{e}"
        );
        assert!(matches!(
            decode(&[0xFF, 0xFE, b'a'], None),
            Err(DecodeError::Undecodable(_))
        ));
    }

    #[test]
    fn windows_1252_is_detected() {
        // “Smart quotes” and café in Windows-1252.
        let bytes = b"\x93The minister\x94 said the caf\xE9 would reopen, according to officials who were present.";
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d
            .text
            .starts_with("\u{201c}The minister\u{201d} said the café"));
    }

    #[test]
    fn declared_charset_is_tried_first() {
        let html = b"<meta charset=\"iso-8859-2\"><p>\xB1</p>";
        let enc = html_charset(html).unwrap();
        assert_eq!(enc.name(), "ISO-8859-2");
        assert_eq!(
            decode(html, Some(enc)).unwrap().text,
            "<meta charset=\"iso-8859-2\"><p>ą</p>"
        );
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n\t", None), Err(DecodeError::Empty));
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00binary", None),
            Err(DecodeError::Binary(_))
        ));
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(
            decode(&controls, None),
            Err(DecodeError::Binary(_))
        ));
    }
}
