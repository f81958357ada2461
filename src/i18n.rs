//! Translations: one JSON file per language in `locales/`, editable without touching code.
//!
//! Keys are looked up at run time; a test fails when a key is missing in one language, and a
//! missing key shows the key itself rather than crashing.
//!
//! The page and the analysis worker are built with the `one-locale` feature: they carry
//! Simplified Chinese only and receive another language's file from their own origin before
//! using it ([`load`], called by `ui::lang` and `worker::locale`); the file worker and the
//! command line carry all three. The page (feature `first-words`) leaves out even the Chinese
//! words only its download files use ([`LATER_PREFIXES`]) and takes them after its first result
//! ([`load_later`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
    /// Traditional Chinese (generated from Simplified by `tools/zh_hant.py`, correctable by hand).
    ZhHant,
}

impl Lang {
    /// Every language, in declaration order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::ZhHant];

    /// Picks a language from a BCP 47 tag: Traditional for `zh-Hant`, `zh-TW`, `zh-HK` and
    /// `zh-MO`, Simplified for any other `zh`, English otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        let t = tag.to_lowercase();
        if !t.starts_with("zh") {
            Lang::En
        } else if ["hant", "-tw", "-hk", "-mo"].iter().any(|m| t.contains(m)) {
            Lang::ZhHant
        } else {
            Lang::Zh
        }
    }

    /// The BCP 47 tag used in the page's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::ZhHant => "zh-Hant",
        }
    }

    /// The language the switch leads to: English ↔ Chinese (of the current script).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh | Lang::ZhHant => Lang::En,
        }
    }

    /// Simplified ↔ Traditional Chinese (English stays English).
    pub fn other_script(self) -> Lang {
        match self {
            Lang::En => Lang::En,
            Lang::Zh => Lang::ZhHant,
            Lang::ZhHant => Lang::Zh,
        }
    }

    /// True for Chinese in either script (chooses Chinese labels from the data).
    pub fn is_zh(self) -> bool {
        self != Lang::En
    }
}

/// Raw translation files, embedded at compile time (made compact by `build.rs`).
#[cfg(not(any(feature = "one-locale", feature = "page-locale", feature = "first-words")))]
pub const SOURCES: [(Lang, &str); 3] = [
    (Lang::En, include_str!(concat!(env!("OUT_DIR"), "/en.json"))),
    (Lang::Zh, include_str!(concat!(env!("OUT_DIR"), "/zh.json"))),
    (Lang::ZhHant, include_str!(concat!(env!("OUT_DIR"), "/zh-Hant.json"))),
];

/// The analysis worker's one embedded language (see the module's documentation).
#[cfg(all(feature = "one-locale", not(any(feature = "page-locale", feature = "first-words"))))]
pub const SOURCES: [(Lang, &str); 1] = [(Lang::Zh, include_str!(concat!(env!("OUT_DIR"), "/zh.json")))];

/// The page's one embedded language, without the download files' words ([`LATER_PREFIXES`]).
#[cfg(all(feature = "first-words", not(feature = "page-locale")))]
pub const SOURCES: [(Lang, &str); 1] = [(Lang::Zh, include_str!(concat!(env!("OUT_DIR"), "/zh-first.json")))];

pub use crate::later_words::LATER_PREFIXES;

/// None: the quick analysis worker takes even Simplified Chinese from the page, which sends
/// its own embedded copy before any job (`ToWorker::Words`; 28 KB less to download first).
#[cfg(feature = "page-locale")]
pub const SOURCES: [(Lang, &str); 0] = [];

/// The embedded translation file of `lang`, if this build embeds it.
pub fn embedded(lang: Lang) -> Option<&'static str> {
    SOURCES.iter().find(|(l, _)| *l == lang).map(|(_, src)| *src)
}

type Table = HashMap<String, String>;

/// One table per language, in the order of [`Lang`]; filled from [`SOURCES`] on first use or
/// by [`load`].
static TABLES: [OnceLock<Table>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// The whole Simplified Chinese file, taken after the first result by a build that embeds it
/// without the download files' words ([`load_later`]).
static LATER: OnceLock<Table> = OnceLock::new();

fn slot(lang: Lang) -> &'static OnceLock<Table> {
    &TABLES[lang as usize]
}

fn table(lang: Lang) -> Option<&'static Table> {
    match embedded(lang) {
        Some(src) => Some(slot(lang).get_or_init(|| serde_json::from_str(src).unwrap_or_default())),
        None => slot(lang).get(),
    }
}

/// The file name of a language's translations in `locales/` (and in the built page's).
pub fn file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en.json",
        Lang::Zh => "zh.json",
        Lang::ZhHant => "zh-Hant.json",
    }
}

/// True when the translations of `lang` are at hand ([`t`] would otherwise fall back to
/// Simplified Chinese).
pub fn loaded(lang: Lang) -> bool {
    table(lang).is_some()
}

/// Takes a language's translation file received at run time; false when it is not a JSON
/// object of strings (the language is then not switched to).
pub fn load(lang: Lang, json: &str) -> bool {
    match serde_json::from_str::<Table>(json) {
        Ok(t) if !t.is_empty() => slot(lang).set(t).is_ok() || loaded(lang),
        _ => false,
    }
}

/// True when every word of Simplified Chinese is at hand: always, except in the page's build
/// before [`load_later`] (its download files wait for it).
pub fn later_loaded() -> bool {
    !cfg!(feature = "first-words") || LATER.get().is_some()
}

/// Takes the whole Simplified Chinese file after the first result (the page's build embeds it
/// without the download files' words); false when it is not a JSON object of strings.
pub fn load_later(json: &str) -> bool {
    match serde_json::from_str::<Table>(json) {
        Ok(t) if !t.is_empty() => LATER.set(t).is_ok() || later_loaded(),
        _ => false,
    }
}

/// The translation of `key` in `lang`, or in Simplified Chinese while `lang`'s file has not
/// arrived (see [`loaded`]), or among the words taken later ([`load_later`]).
fn lookup(lang: Lang, key: &str) -> Option<&'static String> {
    [table(lang).or_else(|| table(Lang::Zh)), LATER.get()].into_iter().flatten().find_map(|t| t.get(key))
}

/// The translation of `key`, or the key itself when it is missing. A language whose file has
/// not arrived (see [`loaded`]) reads as Simplified Chinese.
pub fn t(lang: Lang, key: &str) -> String {
    lookup(lang, key).cloned().unwrap_or_else(|| key.to_string())
}

/// True when `key` has a translation.
pub fn has(lang: Lang, key: &str) -> bool {
    lookup(lang, key).is_some()
}

/// [`t`] with `{name}` placeholders replaced by the given values.
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// `text` with `note` in brackets after it, as the language writes them: full-width in
/// Chinese ("社群（19）"), a space and ASCII brackets in English ("community (19)").
pub fn aside(lang: Lang, text: &str, note: &str) -> String {
    if lang.is_zh() { format!("{text}（{note}）") } else { format!("{text} ({note})") }
}

/// `label` and `value` joined by the language's colon ("关系：知识分享", "Relation: advice").
pub fn labelled(lang: Lang, label: &str, value: &str) -> String {
    format!("{label}{}{value}", colon(lang))
}

/// The language's colon after a label: full-width in Chinese, a colon and a space in English.
pub fn colon(lang: Lang) -> &'static str {
    if lang.is_zh() { "：" } else { ": " }
}

/// What goes between two sentences: nothing in Chinese (its full stop is wide), a space in English.
pub fn space(lang: Lang) -> &'static str {
    if lang.is_zh() { "" } else { " " }
}

/// `first` and `second` as two sentences, with the language's full stop between them
/// ("知识分享网络图。每个点是一个机构", "Advice network. Each dot is an organization").
pub fn sentences(lang: Lang, first: &str, second: &str) -> String {
    if lang.is_zh() { format!("{first}。{second}") } else { format!("{first}. {second}") }
}

/// The page's build: one language embedded, the others taken when they arrive
/// (`cargo test --lib --features one-locale one_locale`: the other tests need all three).
#[cfg(all(test, feature = "one-locale"))]
mod one_locale_tests {
    use super::*;

    #[test]
    fn other_languages_arrive_at_run_time() {
        assert!(loaded(Lang::Zh) && !loaded(Lang::En));
        // Before its file arrives, English reads as Simplified Chinese, never as keys.
        assert_eq!(t(Lang::En, "action.demo"), "试用演示数据");
        assert!(!load(Lang::En, "not json"));
        assert!(!loaded(Lang::En));
        assert!(load(Lang::En, include_str!("../locales/en.json")));
        assert_eq!(t(Lang::En, "action.demo"), "Try the demo");
        assert!(!loaded(Lang::ZhHant));
    }
}

/// The page's build leaves out the download files' words until they arrive
/// (`cargo test --lib --no-default-features --features first-words i18n`, run by
/// `scripts/test.sh`).
#[cfg(all(test, feature = "first-words"))]
mod first_words_tests {
    use super::*;

    #[test]
    fn the_download_files_words_arrive_after_the_first_result() {
        assert!(loaded(Lang::Zh) && !later_loaded());
        assert_eq!(t(Lang::Zh, "action.demo"), "试用演示数据");
        assert!(!has(Lang::Zh, "report.title"));
        assert!(!load_later("{}") && !later_loaded());
        assert!(load_later(include_str!("../locales/zh.json")));
        assert!(later_loaded());
        assert_eq!(t(Lang::Zh, "report.title"), "同行分析报告：机构能力与合作网络");
        // A language switched to before then reads its own file, not the later Chinese words.
        assert!(load(Lang::En, include_str!("../locales/en.json")));
        assert!(t(Lang::En, "report.title").starts_with("tongxing report"));
    }
}

#[cfg(all(test, not(feature = "one-locale")))]
mod tests {
    use super::*;

    #[test]
    fn the_pages_first_words_leave_out_only_the_download_files_words() {
        let full: Table = serde_json::from_str(SOURCES[1].1).unwrap();
        let first: Table =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/zh-first.json"))).unwrap();
        let later = |k: &str| LATER_PREFIXES.iter().any(|p| k.starts_with(p));
        assert!(
            full.keys().filter(|k| later(k)).count() > 100,
            "the prefixes name the download files' words"
        );
        for (key, text) in &full {
            assert_eq!(first.get(key), (!later(key)).then_some(text), "{key}");
        }
    }

    #[test]
    fn brackets_and_colons_are_the_languages_own() {
        assert_eq!(aside(Lang::Zh, "社群", "19"), "社群（19）");
        assert_eq!(aside(Lang::ZhHant, "社群", "19"), "社群（19）");
        assert_eq!(aside(Lang::En, "community", "19"), "community (19)");
        assert_eq!(labelled(Lang::Zh, "关系", "知识分享"), "关系：知识分享");
        assert_eq!(labelled(Lang::En, "Relation", "advice"), "Relation: advice");
        assert_eq!(sentences(Lang::ZhHant, "網絡圖", "每個點"), "網絡圖。每個點");
        assert_eq!(sentences(Lang::En, "Network", "Each dot"), "Network. Each dot");
    }

    #[test]
    fn every_key_exists_in_every_language() {
        let tables: Vec<(Lang, HashMap<String, String>)> =
            SOURCES.iter().map(|(l, src)| (*l, serde_json::from_str(src).unwrap())).collect();
        let en = &tables[0].1;
        // Placeholders are the same in every language, so no value is lost in translation.
        let holes = |s: &str| -> Vec<String> {
            let mut v: Vec<String> =
                s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|x| x.0.to_string())).collect();
            v.sort();
            v
        };
        for (lang, table) in &tables[1..] {
            let mut missing: Vec<String> =
                en.keys().filter(|k| !table.contains_key(*k)).map(|k| format!("{lang:?}: {k}")).collect();
            missing.extend(
                table.keys().filter(|k| !en.contains_key(*k)).map(|k| format!("en (from {lang:?}): {k}")),
            );
            assert!(missing.is_empty(), "missing translations: {missing:?}");
            assert!(table.values().all(|v| !v.trim().is_empty()));
            for (k, v) in en {
                assert_eq!(holes(v), holes(&table[k]), "placeholders of {k} in {lang:?}");
            }
        }
        assert!(en.values().all(|v| !v.trim().is_empty()));
        assert_eq!(t(Lang::Zh, "action.demo"), "试用演示数据");
        assert_eq!(t(Lang::ZhHant, "action.demo"), "試用演示資料");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
        assert!(Lang::ALL.iter().all(|l| loaded(*l)));
        // A file that is not a table of strings is refused; one already at hand stays.
        assert!(!load(Lang::En, "[1, 2]"));
        assert!(!load(Lang::En, "{}"));
        assert!(load(Lang::En, SOURCES[0].1));
        assert_eq!(t(Lang::En, "action.demo"), tables[0].1["action.demo"]);
    }

    /// A key written twice in a locale file silently takes its last value (two branches that
    /// both add a key merge without a conflict).
    #[test]
    fn no_key_is_written_twice() {
        for (lang, src) in SOURCES.iter() {
            let mut seen = std::collections::HashSet::new();
            for line in src.lines() {
                if let Some((key, _)) = line.trim().strip_prefix('"').and_then(|l| l.split_once("\":")) {
                    assert!(seen.insert(key), "{lang:?}: {key} is written twice");
                }
            }
        }
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh-TW"), Lang::ZhHant);
        assert_eq!(Lang::from_tag("zh-Hant-HK"), Lang::ZhHant);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag(Lang::ZhHant.tag()), Lang::ZhHant);
        assert_eq!(Lang::ZhHant.other(), Lang::En);
        assert_eq!(Lang::Zh.other_script(), Lang::ZhHant);
    }
}
