//! What a reader sees for the report's keys — dimensions, relations, attribute columns — in the
//! UI language (from the codebook or the locale files, never the key when a label exists), and
//! how a typed name finds an organization (a part of its name, in any case or width).

use crate::i18n::{Lang, has, t};
use crate::report::Report;

/// A dimension's label in the language (the key when the report has none).
pub fn dimension_label(report: &Report, key: &str, lang: Lang) -> String {
    report
        .capacity
        .dimensions
        .iter()
        .find(|d| d.key == key)
        .map(|d| if lang.is_zh() && !d.label_zh.is_empty() { d.label_zh.clone() } else { d.label.clone() })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| if key == "index" { t(lang, "capacity.index") } else { key.to_string() })
}

/// A relation's name in the language: the combined relation's from the locale files; a
/// relation the locale files name (`relation.<key>`); a capacity dimension of the same key
/// (knowledge sharing is both); the codebook label of the roster question that asks for it;
/// else the key with spaces for underscores.
pub fn relation_label(report: &Report, key: &str, lang: Lang) -> String {
    let own = format!("relation.{key}");
    if has(lang, &own) {
        return t(lang, &own);
    }
    if report.capacity.dimensions.iter().any(|d| d.key == key) {
        return dimension_label(report, key, lang);
    }
    let question = report
        .input
        .codebook
        .iter()
        .find(|e| e.role == "roster" && e.relation.as_deref() == Some(key))
        .and_then(|e| if lang.is_zh() { e.label_zh.clone().or(e.label.clone()) } else { e.label.clone() })
        .filter(|l| !l.trim().is_empty());
    question.unwrap_or_else(|| key.replace('_', " "))
}

/// An attribute column's label in the language, from the codebook; a banded numeric column
/// (`staff (band)`) keeps its band marker.
pub fn column_label(report: &Report, column: &str, lang: Lang) -> String {
    let of = |c: &str| {
        report
            .input
            .codebook
            .iter()
            .find(|e| e.column == c)
            .and_then(|e| if lang.is_zh() { e.label_zh.clone().or(e.label.clone()) } else { e.label.clone() })
            .filter(|l| !l.trim().is_empty())
    };
    if let Some(l) = of(column) {
        return l;
    }
    if let Some(stem) = column.strip_suffix(" (band)")
        && let Some(l) = of(stem)
    {
        return format!("{l}{}", t(lang, "labels.band"));
    }
    column.to_string()
}

/// Organization names joined as a sentence lists them (`A、B、C` or `A, B and C`).
pub fn join_names(names: &[String], lang: Lang) -> String {
    match (names, lang.is_zh()) {
        ([], _) => String::new(),
        ([one], _) => one.clone(),
        (_, true) => names.join("、"),
        ([init @ .., last], false) => format!("{} {} {last}", init.join(", "), t(lang, "labels.and")),
    }
}

/// A name as a search compares it: full-width letters and digits as half-width, lower case,
/// letters and digits only (`Ｇreen-Sprout 中心` → `greensprout中心`).
///
/// Lighter than the matching of partner names (`ingest::names::normalize`, full NFKC): the
/// page searches names it already shows, and NFKC's tables would add a tenth to its first load.
pub fn search_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A typed query, prepared once for matching many names (see [`NameQuery::matches`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery(String);

impl NameQuery {
    /// The query as typed; `None` when it holds no letter or digit.
    pub fn new(typed: &str) -> Option<NameQuery> {
        Some(NameQuery(search_key(typed))).filter(|q| !q.0.is_empty())
    }

    /// Whether a name's [`search_key`] contains the query.
    pub fn matches_key(&self, key: &str) -> bool {
        key.contains(&self.0)
    }

    /// Whether `name` contains the query (or `id` is it), compared by [`search_key`]: full-width
    /// as half-width, any case, spaces and punctuation ignored (`绿芽` finds `北京绿芽社区发展中心`,
    /// `green sprout` finds `Green-Sprout Centre`).
    pub fn matches(&self, name: &str, id: &str) -> bool {
        self.matches_key(&search_key(name)) || search_key(id) == self.0
    }
}

/// The index of the name `typed` picks out of `names` (with their ids): an exact name or id
/// first, else the first name that contains it ([`NameQuery::matches`]).
pub fn find_name<'a>(typed: &str, names: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Option<usize> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Some(i) = names.clone().position(|(n, id)| n == typed || id == typed) {
        return Some(i);
    }
    let q = NameQuery::new(typed)?;
    names.clone().position(|(n, id)| q.matches(n, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_name_finds_it_in_any_width_or_case() {
        let names =
            [("北京绿芽社区发展中心", "ORG001"), ("Green-Sprout Centre", "ORG002"), ("绿芽", "ORG003")];
        let find = |q: &str| find_name(q, names.iter().map(|(n, i)| (*n, *i)));
        assert_eq!(find("绿芽"), Some(2), "an exact name wins over a longer one containing it");
        assert_eq!(find("绿芽社区"), Some(0));
        assert_eq!(find("ＧＲＥＥＮ sprout"), Some(1));
        assert_eq!(find("sprout"), Some(1));
        assert_eq!(find("ORG002"), Some(1));
        assert_eq!(find("org001"), Some(0), "an id in any case");
        assert_eq!(find("nowhere"), None);
        assert_eq!(find("  "), None);
        assert_eq!(find("，"), None, "punctuation alone matches nothing");
    }

    #[test]
    fn names_are_listed_as_a_sentence_lists_them() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&v(&["A", "B", "C"]), Lang::En), "A, B and C");
        assert_eq!(join_names(&v(&["A", "B"]), Lang::En), "A and B");
        assert_eq!(join_names(&v(&["甲", "乙", "丙"]), Lang::Zh), "甲、乙、丙");
        assert_eq!(join_names(&v(&["A"]), Lang::Zh), "A");
        assert_eq!(join_names(&[], Lang::En), "");
    }

    #[test]
    fn keys_read_as_labels_from_the_codebook_and_locales() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        assert_eq!(dimension_label(r, "funding", Lang::Zh), "资金来源多样性");
        assert_eq!(relation_label(r, "knowledge_sharing", Lang::Zh), "知识分享");
        assert_eq!(relation_label(r, "joint_projects", Lang::En), "Joint projects");
        assert_eq!(relation_label(r, "combined", Lang::Zh), t(Lang::Zh, "relation.combined"));
        assert_eq!(relation_label(r, "some_tie", Lang::En), "some tie");
        assert_eq!(column_label(r, "budget_band", Lang::Zh), "年度预算区间（元）");
        assert_eq!(column_label(r, "staff (band)", Lang::En), "Full-time staff (banded)");
        assert_eq!(column_label(r, "unknown", Lang::En), "unknown");
    }
}
