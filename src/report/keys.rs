//! Shared short strings for the per-organization rows of the report.
//!
//! A survey of a million organizations repeats a handful of dimension keys, stages and group
//! names a million times each. As `String`s (and a `BTreeMap` of scores per organization) they
//! cost about 600 bytes per organization in the worker and again in the page; as [`Key`]s they
//! are one shared allocation each and a 16-byte pointer per use. The JSON is unchanged: a key
//! is written as a string and the scores as an object in key order.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most distinct keys the interner keeps; further ones are allocated each time (free text
/// typed as a group, for example), so the interner's memory stays bounded.
const INTERN_MAX: usize = 4096;

thread_local! {
    static INTERNED: RefCell<rustc_hash::FxHashSet<Arc<str>>> = RefCell::new(Default::default());
}

/// A short string shared by every row that uses it (see the module documentation).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(Arc<str>);

impl Key {
    /// The shared key for `text` (interned, up to [`INTERN_MAX`] distinct keys per thread).
    pub fn new(text: &str) -> Key {
        INTERNED.with(|set| {
            let mut set = set.borrow_mut();
            if let Some(k) = set.get(text) {
                return Key(k.clone());
            }
            let k: Arc<str> = Arc::from(text);
            if set.len() < INTERN_MAX {
                set.insert(k.clone());
            }
            Key(k)
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new("")
    }
}

impl std::ops::Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        Key::new(text)
    }
}

impl From<String> for Key {
    fn from(text: String) -> Key {
        Key::new(&text)
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Key {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key::new(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// An organization's dimension scores by dimension key, in key order; `None` where the
/// organization answered too few of the dimension's items. Written as a JSON object, as a
/// `BTreeMap<String, Option<f64>>` would be.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores(Vec<(Key, Option<f64>)>);

impl Scores {
    /// No scores yet, with room for `n` (one allocation for an organization's dimensions).
    pub fn with_capacity(n: usize) -> Scores {
        Scores(Vec::with_capacity(n))
    }

    /// The entry for `key`, if the dimension exists (`BTreeMap::get`'s shape).
    pub fn get(&self, key: &str) -> Option<&Option<f64>> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &self.0[i].1)
    }

    /// The entry for `key` as [`Scores::get`] gives it, looked for first at `*hint`, which is
    /// then set to where it was found: the rows of a report list the same dimensions in the
    /// same order, so a pass over a million organizations finds each key at its first try
    /// instead of by a binary search of string keys (90 ms of the task that first showed the
    /// overview of a million organizations, `findings::weak_count`).
    pub fn get_hinted(&self, key: &str, hint: &mut usize) -> Option<&Option<f64>> {
        if let Some((k, v)) = self.0.get(*hint)
            && k.as_str() == key
        {
            return Some(v);
        }
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        *hint = i;
        Some(&self.0[i].1)
    }

    /// Sets the score of `key`, keeping key order.
    pub fn insert(&mut self, key: Key, value: Option<f64>) {
        // Scores are mostly read or built in key order: then the key goes last.
        if self.0.last().is_none_or(|(k, _)| k.as_str() < key.as_str()) {
            return self.0.push((key, value));
        }
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Option<f64>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of dimensions.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True without dimensions.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&str> for Scores {
    type Output = Option<f64>;
    /// The score of a dimension that exists; like `BTreeMap`'s index, panics otherwise (for
    /// tests: code reading user data uses [`Scores::get`]).
    fn index(&self, key: &str) -> &Option<f64> {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no dimension {key:?}"),
        }
    }
}

impl FromIterator<(Key, Option<f64>)> for Scores {
    fn from_iter<I: IntoIterator<Item = (Key, Option<f64>)>>(iter: I) -> Scores {
        let iter = iter.into_iter();
        let mut s = Scores(Vec::with_capacity(iter.size_hint().0));
        for (k, v) in iter {
            s.insert(k, v);
        }
        s
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_str(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scores, D::Error> {
        struct ScoresVisitor;
        impl<'de> Visitor<'de> for ScoresVisitor {
            type Value = Scores;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of dimension scores")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scores, A::Error> {
                let mut s = Scores::default();
                while let Some((k, v)) = map.next_entry::<Key, Option<f64>>()? {
                    s.insert(k, v);
                }
                Ok(s)
            }
        }
        d.deserialize_map(ScoresVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hinted lookup finds what `get` finds from any hint (right, wrong, out of range), and
    /// leaves the hint where the key is.
    #[test]
    fn a_hinted_lookup_equals_get_from_any_hint() {
        let s: Scores = [(Key::new("pro"), Some(2.0)), (Key::new("gov"), None), (Key::new("ks"), Some(3.5))]
            .into_iter()
            .collect();
        for key in ["gov", "ks", "pro", "absent", ""] {
            for start in 0..5 {
                let mut hint = start;
                assert_eq!(s.get_hinted(key, &mut hint), s.get(key), "{key} from {start}");
                if s.get(key).is_some() {
                    assert_eq!(s.iter().nth(hint).map(|(k, _)| k.as_str()), Some(key));
                    let mut again = hint;
                    assert_eq!(s.get_hinted(key, &mut again), s.get(key));
                    assert_eq!(again, hint);
                } else {
                    assert_eq!(hint, start, "a missing key leaves the hint");
                }
            }
        }
    }

    /// Inserting in any order, the same key again included, gives a `BTreeMap`'s entries (the
    /// in-order case appends; the others search).
    #[test]
    fn scores_inserted_in_any_order_are_a_sorted_map() {
        let mut rng = crate::rng::Rng::new(11);
        let keys = ["a", "b", "ks", "pro", "知识"];
        for _ in 0..200 {
            let mut s = Scores::default();
            let mut map = std::collections::BTreeMap::new();
            for _ in 0..rng.below(8) {
                let (k, v) = (keys[rng.below(keys.len())], Some(rng.below(5) as f64));
                s.insert(Key::new(k), v);
                map.insert(k.to_string(), v);
            }
            let entries: Vec<(String, Option<f64>)> = s.iter().map(|(k, v)| (k.to_string(), *v)).collect();
            assert_eq!(entries, map.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn keys_are_shared_and_scores_read_like_a_sorted_map() {
        let a = Key::new("知识分享");
        let b = Key::new(&String::from("知识分享"));
        assert!(Arc::ptr_eq(&a.0, &b.0), "one allocation per distinct key");
        let s: Scores = [(Key::new("pro"), Some(2.0)), (Key::new("gov"), None), (Key::new("ks"), Some(3.5))]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"gov":null,"ks":3.5,"pro":2.0}"#, "key order, as a BTreeMap");
        let back: Scores = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.get("ks"), Some(&Some(3.5)));
        assert_eq!(back.get("gov"), Some(&None));
        assert_eq!(back.get("other"), None);
        assert_eq!(back["pro"], Some(2.0));
        let from_map: std::collections::BTreeMap<String, Option<f64>> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&from_map).unwrap(), json);
        let k: Key = serde_json::from_str("\"成都\\n\"").unwrap();
        assert_eq!(k, "成都\n");
        assert_eq!(serde_json::to_string(&k).unwrap(), "\"成都\\n\"");
    }
}
