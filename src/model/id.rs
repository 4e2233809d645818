//! Stable identifiers for articles, spans, links and facts.
//!
//! Ids are random 48-bit numbers written as 12 hex digits. Random rather than
//! sequential so that two analysts who annotate copies of one project can
//! merge their files with git without their new ids colliding.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(u64);

const MASK: u64 = (1 << 48) - 1;

impl Id {
    /// A fresh random id. Callers that need uniqueness within a set check it
    /// (see [`crate::model::Project::new_id`]).
    pub fn random() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut h = RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        Id(h.finish() & MASK).nonzero()
    }

    /// An id from a number; for tests and importers that need fixed ids.
    pub fn from_u64(n: u64) -> Self {
        Id(n & MASK).nonzero()
    }

    pub fn as_u64(self) -> u64 {
        self.0
    }

    fn nonzero(self) -> Self {
        if self.0 == 0 {
            Id(1)
        } else {
            self
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012x}", self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

/// Ids are random already, so hashing them again is wasted work: the map
/// and set types below use the id's own bits.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        // Spread the 48 random bits over the whole word for hashbrown's top-bit tags.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdMap<V> = std::collections::HashMap<Id, V, std::hash::BuildHasherDefault<IdHasher>>;
pub type IdSet = std::collections::HashSet<Id, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid id {0:?}: expected 1 to 12 hexadecimal digits")]
pub struct ParseIdError(pub String);

impl FromStr for Id {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ParseIdError(s.to_owned()));
        }
        match u64::from_str_radix(s, 16) {
            Ok(0) | Err(_) => Err(ParseIdError(s.to_owned())),
            Ok(n) => Ok(Id(n)),
        }
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_parse_round_trip() {
        let id = Id::from_u64(0xabc);
        assert_eq!(id.to_string(), "000000000abc");
        assert_eq!("000000000abc".parse::<Id>(), Ok(id));
        assert_eq!("abc".parse::<Id>(), Ok(id));
        assert!("".parse::<Id>().is_err());
        assert!("0".parse::<Id>().is_err());
        assert!("xyz".parse::<Id>().is_err());
        assert!("1234567890abc".parse::<Id>().is_err());
    }

    #[test]
    fn random_ids_differ() {
        let ids: std::collections::HashSet<Id> = (0..10_000).map(|_| Id::random()).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
