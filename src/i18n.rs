//! Translations: one JSON file per language in `locales/`, editable without touching code.
//!
//! Keys are looked up at run time; a test fails when a key is missing in one language, and a
//! missing key shows the key itself rather than crashing.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Picks a language from a BCP 47 tag such as `zh-CN` or `en-US` (Chinese for any `zh`).
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_lowercase().starts_with("zh") { Lang::Zh } else { Lang::En }
    }

    /// The BCP 47 tag used in the page's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// True for Chinese.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}

/// Raw translation files, embedded at compile time.
pub const SOURCES: [(Lang, &str); 2] =
    [(Lang::En, include_str!("../locales/en.json")), (Lang::Zh, include_str!("../locales/zh.json"))];

fn tables() -> &'static HashMap<Lang, HashMap<String, String>> {
    static TABLES: OnceLock<HashMap<Lang, HashMap<String, String>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        SOURCES.iter().map(|(lang, src)| (*lang, serde_json::from_str(src).unwrap_or_default())).collect()
    })
}

/// The translation of `key`, or the key itself when it is missing.
pub fn t(lang: Lang, key: &str) -> String {
    tables().get(&lang).and_then(|t| t.get(key)).cloned().unwrap_or_else(|| key.to_string())
}

/// [`t`] with `{name}` placeholders replaced by the given values.
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        let en: HashMap<String, String> = serde_json::from_str(SOURCES[0].1).unwrap();
        let zh: HashMap<String, String> = serde_json::from_str(SOURCES[1].1).unwrap();
        let mut missing: Vec<String> =
            en.keys().filter(|k| !zh.contains_key(*k)).map(|k| format!("zh: {k}")).collect();
        missing.extend(zh.keys().filter(|k| !en.contains_key(*k)).map(|k| format!("en: {k}")));
        assert!(missing.is_empty(), "missing translations: {missing:?}");
        assert!(en.values().chain(zh.values()).all(|v| !v.trim().is_empty()));
        assert_eq!(t(Lang::Zh, "action.demo"), "试用演示数据");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
        // Placeholders are the same in both languages, so no value is lost in translation.
        let holes = |s: &str| -> Vec<String> {
            let mut v: Vec<String> =
                s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|x| x.0.to_string())).collect();
            v.sort();
            v
        };
        for (k, v) in &en {
            assert_eq!(holes(v), holes(&zh[k]), "placeholders of {k}");
        }
    }
}
