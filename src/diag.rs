//! Diagnostics: located messages about the input and the analysis, as locale keys with
//! arguments, so every language shows them from `locales/*.json`.
//!
//! Recoverable problems (a ragged row, an unknown answer label, an unmatched partner name)
//! never stop the analysis; they become `Warning`s that the page lists and the report keeps.
//! Fatal problems are `Error`s from the module that found them; those the user can act on
//! implement [`Localize`].
//!
//! An argument is either text shown as written or a reference that the reader sees in words:
//! a relation, dimension, column or metric key becomes its label (`crate::labels` resolves it
//! against the report), a locale key its translation, an organization's name its code when
//! anonymized. Without a report ([`Arg::plain`]) references show their keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, t, tf};

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "ArgRepr", from = "ArgRepr")]
pub enum Arg {
    /// Shown as written: a number, a value or a header from the data.
    Text(String),
    /// An organization's name or id (replaced by its code when anonymized).
    Name(String),
    /// A relation key, shown as the relation's label.
    Relation(String),
    /// A capacity dimension key, shown as its label.
    Dimension(String),
    /// A column header, shown as its codebook label when it has one.
    Column(String),
    /// A node or network metric key, shown as its name.
    Metric(String),
    /// A locale key, shown translated (a table kind, a term).
    Term(String),
    /// Items listed as the language lists them (`a、b` or `a, b`; names in “quotes”).
    List(Vec<Arg>),
    /// Items joined by ` × ` (an attribute pair).
    Cross(Vec<Arg>),
    /// A message of its own (a locale key with arguments) inside this one.
    Message(String, Args),
}

/// The JSON form of an [`Arg`]: text as a plain string, anything else tagged
/// (`{"relation": "knowledge_sharing"}`, `{"list": [...]}`).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ArgRepr {
    Text(String),
    Tagged(Tagged),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tagged {
    Name(String),
    Relation(String),
    Dimension(String),
    Column(String),
    Metric(String),
    Term(String),
    List(Vec<Arg>),
    Cross(Vec<Arg>),
    Message(String, Args),
}

impl From<Arg> for ArgRepr {
    fn from(a: Arg) -> ArgRepr {
        match a {
            Arg::Text(s) => ArgRepr::Text(s),
            Arg::Name(s) => ArgRepr::Tagged(Tagged::Name(s)),
            Arg::Relation(s) => ArgRepr::Tagged(Tagged::Relation(s)),
            Arg::Dimension(s) => ArgRepr::Tagged(Tagged::Dimension(s)),
            Arg::Column(s) => ArgRepr::Tagged(Tagged::Column(s)),
            Arg::Metric(s) => ArgRepr::Tagged(Tagged::Metric(s)),
            Arg::Term(s) => ArgRepr::Tagged(Tagged::Term(s)),
            Arg::List(v) => ArgRepr::Tagged(Tagged::List(v)),
            Arg::Cross(v) => ArgRepr::Tagged(Tagged::Cross(v)),
            Arg::Message(k, a) => ArgRepr::Tagged(Tagged::Message(k, a)),
        }
    }
}

impl From<ArgRepr> for Arg {
    fn from(a: ArgRepr) -> Arg {
        match a {
            ArgRepr::Text(s) => Arg::Text(s),
            ArgRepr::Tagged(Tagged::Name(s)) => Arg::Name(s),
            ArgRepr::Tagged(Tagged::Relation(s)) => Arg::Relation(s),
            ArgRepr::Tagged(Tagged::Dimension(s)) => Arg::Dimension(s),
            ArgRepr::Tagged(Tagged::Column(s)) => Arg::Column(s),
            ArgRepr::Tagged(Tagged::Metric(s)) => Arg::Metric(s),
            ArgRepr::Tagged(Tagged::Term(s)) => Arg::Term(s),
            ArgRepr::Tagged(Tagged::List(v)) => Arg::List(v),
            ArgRepr::Tagged(Tagged::Cross(v)) => Arg::Cross(v),
            ArgRepr::Tagged(Tagged::Message(k, a)) => Arg::Message(k, a),
        }
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! arg_from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Text(n.to_string())
            }
        }
    )*};
}
arg_from_number!(usize, u64, u32, i64);

impl Arg {
    /// The argument in `lang`, with `label` naming the references it can resolve (it
    /// returns `None` for those it cannot; they then show as [`Arg::plain`] shows them).
    pub fn render(&self, lang: Lang, label: &dyn Fn(&Arg, Lang) -> Option<String>) -> String {
        if let Some(s) = label(self, lang) {
            return s;
        }
        match self {
            Arg::Text(s) | Arg::Name(s) | Arg::Relation(s) | Arg::Dimension(s) | Arg::Column(s) => s.clone(),
            Arg::Metric(k) => metric_name(k, lang),
            Arg::Term(k) => t(lang, k),
            Arg::List(items) => {
                // Names in a list are quoted, so one holding a comma still reads as one.
                let sep = if lang.is_zh() { "、" } else { ", " };
                let item = |a: &Arg| match a {
                    Arg::Name(n) => format!("“{n}”"),
                    _ => a.render(lang, label),
                };
                items.iter().map(item).collect::<Vec<_>>().join(sep)
            }
            Arg::Cross(items) => items.iter().map(|a| a.render(lang, label)).collect::<Vec<_>>().join(" × "),
            Arg::Message(key, args) => {
                let values: Vec<(&str, String)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.render(lang, label))).collect();
                tf(lang, key, &values)
            }
        }
    }

    /// The argument without a report: keys as written, terms and metrics translated.
    pub fn plain(&self, lang: Lang) -> String {
        self.render(lang, &|_, _| None)
    }
}

/// A metric's name in `lang` from the locale files (`metric.<key>`, else `network.<key>`),
/// the key when neither exists.
pub fn metric_name(key: &str, lang: Lang) -> String {
    ["metric", "network"]
        .iter()
        .map(|p| format!("{p}.{key}"))
        .find(|k| crate::i18n::has(lang, k))
        .map_or_else(|| key.to_string(), |k| t(lang, &k))
}

/// Named arguments of a message.
pub type Args = BTreeMap<String, Arg>;

/// Builds [`Args`] from `(name, value)` pairs.
pub fn args<const N: usize>(pairs: [(&str, Arg); N]) -> Args {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A message as a locale key with named arguments, rendered in any language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessage {
    /// Locale key of the message (`error.empty`, `warn.ragged_long`, …).
    pub key: String,
    /// Its `{placeholder}` values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: Args,
    /// A technical detail from a library (English only, so shown only in English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl UserMessage {
    /// A message without a technical detail.
    pub fn new(key: &str, args: Args) -> UserMessage {
        UserMessage { key: key.to_string(), args, detail: None }
    }

    /// The message in `lang`, references resolved by `label` (see [`Arg::render`]).
    pub fn render(&self, lang: Lang, label: &dyn Fn(&Arg, Lang) -> Option<String>) -> String {
        let values: Vec<(&str, String)> =
            self.args.iter().map(|(k, v)| (k.as_str(), v.render(lang, label))).collect();
        let text = tf(lang, &self.key, &values);
        match &self.detail {
            Some(d) if lang == Lang::En && !d.is_empty() => format!("{text} ({d})"),
            _ => text,
        }
    }

    /// The message in `lang` without a report.
    pub fn text(&self, lang: Lang) -> String {
        self.render(lang, &|_, _| None)
    }
}

/// One located problem, as a locale key and arguments; `message` and `message_zh` are the
/// rendered English and Simplified Chinese text kept in the report for its readers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// File (or sheet) the problem is in, when it comes from an input table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based row number in the source file (the header is row 1), when known.
    pub row: Option<usize>,
    /// Column header the problem is in, when known.
    pub column: Option<String>,
    /// English message, including what to do about it (rendered from `key` and `args`).
    #[serde(default)]
    pub message: String,
    /// Simplified Chinese message (rendered from `key` and `args`).
    #[serde(default)]
    pub message_zh: String,
    /// Locale key of the message (`warn.*`).
    #[serde(default)]
    pub key: String,
    /// Its `{placeholder}` values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: Args,
}

impl Warning {
    /// A warning not tied to a row or column.
    pub fn general(key: &str, args: Args) -> Self {
        Warning::located(None, None, None, key, args)
    }

    /// A warning located at a cell (or a whole row/column when one side is `None`).
    pub fn at(file: &str, row: Option<usize>, column: Option<&str>, key: &str, args: Args) -> Self {
        Warning::located(Some(file.to_string()), row, column.map(str::to_string), key, args)
    }

    fn located(
        file: Option<String>,
        row: Option<usize>,
        column: Option<String>,
        key: &str,
        args: Args,
    ) -> Self {
        let mut w = Warning {
            file,
            row,
            column,
            message: String::new(),
            message_zh: String::new(),
            key: key.to_string(),
            args,
        };
        w.render_messages(&|_, _| None);
        w
    }

    /// The message (without its location) in `lang`, references resolved by `label`.
    pub fn text(&self, lang: Lang, label: &dyn Fn(&Arg, Lang) -> Option<String>) -> String {
        let values: Vec<(&str, String)> =
            self.args.iter().map(|(k, v)| (k.as_str(), v.render(lang, label))).collect();
        tf(lang, &self.key, &values)
    }

    /// Sets `message` and `message_zh` from the key and arguments.
    pub fn render_messages(&mut self, label: &dyn Fn(&Arg, Lang) -> Option<String>) {
        self.message = self.text(Lang::En, label);
        self.message_zh = self.text(Lang::Zh, label);
    }

    /// The message in `lang` prefixed with its location (file, row, column).
    pub fn localized(&self, lang: Lang, label: &dyn Fn(&Arg, Lang) -> Option<String>) -> String {
        let mut loc = Vec::new();
        if let Some(f) = &self.file {
            loc.push(f.clone());
        }
        if let Some(r) = self.row {
            loc.push(tf(lang, "warn.at_row", &[("row", r.to_string())]));
        }
        if let Some(c) = &self.column {
            loc.push(tf(lang, "warn.at_column", &[("column", c.clone())]));
        }
        let msg = self.text(lang, label);
        if loc.is_empty() {
            msg
        } else {
            let sep = if lang.is_zh() { "，" } else { ", " };
            tf(lang, "warn.located", &[("place", loc.join(sep)), ("message", msg)])
        }
    }
}

/// Errors that have a message for the user in every language.
pub trait Localize {
    /// The message as a locale key with arguments: what is wrong, where, and what to do.
    fn user_message(&self) -> UserMessage;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_text_plain_and_references_tagged_in_json() {
        let a = args([
            ("n", 2usize.into()),
            ("relation", Arg::Relation("knowledge_sharing".into())),
            ("names", Arg::List(vec![Arg::Name("甲".into()), "x".into()])),
        ]);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"n":"2","names":{"list":[{"name":"甲"},"x"]},"relation":{"relation":"knowledge_sharing"}}"#
        );
        assert_eq!(serde_json::from_str::<Args>(&json).unwrap(), a);
        assert_eq!(a["names"].plain(Lang::Zh), "“甲”、x");
        assert_eq!(a["names"].plain(Lang::En), "“甲”, x");
    }

    #[test]
    fn warnings_render_in_every_language_with_their_location() {
        let w = Warning::at("a.csv", Some(3), Some("q1"), "warn.weight", args([("value", "x".into())]));
        assert!(w.message.contains("“x”"), "{}", w.message);
        assert!(w.message_zh.contains("“x”"), "{}", w.message_zh);
        let hant = w.localized(Lang::ZhHant, &|_, _| None);
        // A row is 列 in Taiwan (行 on the mainland).
        assert!(hant.starts_with("a.csv，第 3 列，"), "{hant}");
        assert!(hant.contains("權重"), "{hant}");
        let back: Warning = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
    }
}
