//! What a reader sees for the report's keys — dimensions, relations, attribute columns, metrics,
//! stages, and the arguments of warnings — in the UI language (from the codebook or the locale
//! files, never the key when a label exists), and how a typed name finds an organization (a
//! part of its name, in any case or width).

use crate::diag::{Arg, UserMessage, Warning};
use crate::i18n::{Lang, has, t};
use crate::report::{ItemStats, Profile, RelationReport, Report, StageSummary};

/// A codebook label in the language: in zh-Hant the Traditional label, else the Simplified
/// one, else the English; in zh the Simplified, else the English. Blank labels are skipped;
/// `None` when every one is blank.
pub fn pick<'a>(
    lang: Lang,
    en: Option<&'a str>,
    zh: Option<&'a str>,
    zh_hant: Option<&'a str>,
) -> Option<&'a str> {
    let given = |x: Option<&'a str>| x.filter(|s| !s.trim().is_empty());
    let hant = given(zh_hant).filter(|_| lang == Lang::ZhHant);
    hant.or(given(zh).filter(|_| lang.is_zh())).or(given(en))
}

/// A capacity dimension's label in the language (see [`named_dimension`]).
pub fn dimension_name(d: &crate::report::DimensionReport, lang: Lang) -> String {
    named_dimension(&d.key, &d.label, &d.label_zh, d.label_zh_hant.as_deref(), lang)
}

/// A dimension's label in the language from its key and codebook labels (see [`pick`]); a
/// dimension the codebook gave no label (the report then holds its key as the label) reads as
/// its key in words, as relations do ([`humanize`]: `governance` → `Governance`).
/// A key of one or two Latin letters (a column prefix such as `k` of `k1`, `k2`) reads as
/// "Dimension K" (`labels.dimension_key`), a single letter alone being no word.
pub fn named_dimension(key: &str, en: &str, zh: &str, zh_hant: Option<&str>, lang: Lang) -> String {
    match pick(lang, Some(en), Some(zh), zh_hant) {
        Some(l) if l != key => l.to_string(),
        _ if key.chars().count() <= 2 && key.chars().all(|c| c.is_ascii_alphabetic()) => {
            crate::i18n::tf(lang, "labels.dimension_key", &[("key", key.to_ascii_uppercase())])
        }
        _ => humanize(key),
    }
}

/// A key without a label as words: underscores as spaces, the first letter capitalized
/// (`knowledge_sharing` → `Knowledge sharing`); a key in Chinese stays as written.
pub fn humanize(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.trim().chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A dimension's label in the language; the capacity index's for `index`; for any other
/// variable (a numeric column correlated with the dimensions) its column label.
pub fn dimension_label(report: &Report, key: &str, lang: Lang) -> String {
    report
        .capacity
        .dimensions
        .iter()
        .find(|d| d.key == key)
        .map(|d| dimension_name(d, lang))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| {
            if key == "index" { t(lang, "capacity.index") } else { column_label(report, key, lang) }
        })
}

/// A relation's name in the language: the combined relation's from the locale files; the
/// report's (from the codebook's `relation_label(_zh, _zh_hant)` or the roster question, chosen
/// by [`pick`]); a relation the locale files name (`relation.<key>`, e.g. `tie`); else the key
/// with spaces for underscores.
///
/// A relation named only by its roster column's Latin header (`partners`, no codebook label)
/// reads as partners in the language (`relation.unnamed`: 合作伙伴, Partners; the sentences
/// around it say network), numbered when the report
/// has several such relations.
pub fn relation_label(report: &Report, key: &str, lang: Lang) -> String {
    let Some(rel) = report.network.relations.iter().find(|r| r.key == key) else {
        return named_relation(key, None, lang);
    };
    if !unnamed(rel) {
        return relation_name(rel, lang);
    }
    let unnamed: Vec<&str> =
        report.network.relations.iter().filter(|r| unnamed(r)).map(|r| r.key.as_str()).collect();
    match unnamed.iter().position(|k| *k == key) {
        Some(i) if unnamed.len() > 1 => {
            crate::i18n::tf(lang, "relation.unnamed_n", &[("n", (i + 1).to_string())])
        }
        _ => t(lang, "relation.unnamed"),
    }
}

/// A relation's name from its report alone (as [`relation_label`], but a relation without a
/// name is not numbered); for code that draws one relation without the whole report.
pub fn relation_name(rel: &RelationReport, lang: Lang) -> String {
    if unnamed(rel) {
        return t(lang, "relation.unnamed");
    }
    let given = pick(lang, rel.label.as_deref(), rel.label_zh.as_deref(), rel.label_zh_hant.as_deref());
    named_relation(&rel.key, given, lang)
}

/// Whether a relation's only name is its roster column's header in Latin letters (the report
/// then holds the header as its English label, and its key is that header): a column key, not
/// a name a reader should see.
fn unnamed(rel: &RelationReport) -> bool {
    let header_only = rel.label_zh.is_none() && rel.label_zh_hant.is_none();
    header_only
        && rel.label.as_deref().is_some_and(|l| {
            let latin = l.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '));
            latin && crate::survey::infer::slug(l) == rel.key
        })
}

/// Which network a relation's communities were found in, said where their numbers appear
/// (a walkthrough read community 2 as 30 organizations in the combined network and 20 in one
/// relation, with nothing saying why): the network of all relations combined, or the one
/// relation's alone. `None` with a single relation, whose communities are the only ones.
pub fn communities_source(report: &Report, key: &str, lang: Lang) -> Option<String> {
    if report.network.relations.len() < 2 {
        return None;
    }
    let combined = report.network.relations.iter().any(|r| r.key == key && r.settings.combined);
    Some(if combined {
        t(lang, "network.communities_from_combined")
    } else {
        crate::i18n::tf(
            lang,
            "network.communities_from_relation",
            &[("relation", relation_label(report, key, lang))],
        )
    })
}

/// A community's name in the language, the one source of it for every view, chart and
/// export: after the member named most often ("X 所在的社群", "X's community"; see
/// [`crate::report::CommunitySummary::hub`]), so the same group reads the same in every
/// relation that finds it, where a number changed from one relation to the next. An
/// organization with no ties (a community of its own) reads as having none. Reads only the
/// relation's summaries (a report saved without them gets them where it is read).
pub fn community_name(rel: &RelationReport, c: usize, lang: Lang) -> String {
    match rel.communities.get(c).and_then(|s| Some((s, rel.nodes.get(s.hub)?))) {
        Some((s, hub)) if s.size == 1 && hub.degree == 0 => t(lang, "network.community_isolate"),
        Some((_, hub)) => crate::i18n::tf(lang, "network.community_named", &[("name", hub.name.clone())]),
        None => format!("{} {}", t(lang, "network.community"), c + 1),
    }
}

fn named_relation(key: &str, given: Option<&str>, lang: Lang) -> String {
    if key == "combined" {
        return t(lang, "relation.combined");
    }
    if let Some(l) = given {
        return l.to_string();
    }
    let locale = format!("relation.{key}");
    if has(lang, &locale) { t(lang, &locale) } else { key.replace('_', " ") }
}

/// Adjusted Rand index at or above which communities count as mostly unchanged, and at or above
/// which as partly changed (Steinley 2004: above 0.90 excellent, 0.80 good, 0.65 moderate
/// agreement; below poor).
pub const ARI_SAME: f64 = 0.8;
/// See [`ARI_SAME`].
pub const ARI_PARTLY: f64 = 0.65;

/// The communities' change between two survey rounds in words (a locale key), from the
/// adjusted Rand index of the two partitions.
pub fn community_change_key(ari: Option<f64>) -> &'static str {
    match ari {
        Some(a) if a >= ARI_SAME => "change.groups_same",
        Some(a) if a >= ARI_PARTLY => "change.groups_partly",
        Some(_) => "change.groups_new",
        None => "change.groups_undefined",
    }
}

/// An item's label (its question) in the language, from the codebook; its column otherwise.
pub fn item_label(item: &ItemStats, lang: Lang) -> String {
    pick(lang, item.label.as_deref(), item.label_zh.as_deref(), item.label_zh_hant.as_deref())
        .map_or_else(|| item.column.clone(), str::to_string)
}

/// What a given codebook leaves without a label in the page's language (Chinese, or English)
/// while it has one in the other: shown in the other language (or as its key), and noted once
/// on the data view with the columns that would hold them.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingLabels {
    /// Codebook rows (questions, columns) and dimensions without a label in the language.
    pub count: usize,
    /// The first few of them, as the page shows them.
    pub examples: Vec<String>,
}

/// The codebook rows and dimensions without a label in `lang` (Traditional Chinese falls back
/// to Simplified, so it counts as Chinese); `None` when every one has one, or when the
/// codebook was inferred (then nothing has a label in any language).
pub fn missing_labels(report: &Report, lang: Lang) -> Option<MissingLabels> {
    let given = |x: &Option<String>| x.as_deref().is_some_and(|s| !s.trim().is_empty());
    let own = |en: &Option<String>, zh: &Option<String>| if lang.is_zh() { given(zh) } else { given(en) };
    let other = |en: &Option<String>, zh: &Option<String>| if lang.is_zh() { given(en) } else { given(zh) };
    let book: Vec<_> = report.input.codebook.iter().filter(|e| !e.inferred).collect();
    let mut examples: Vec<String> = book
        .iter()
        .filter(|e| !own(&e.label, &e.label_zh) && other(&e.label, &e.label_zh))
        .map(|e| e.column.clone())
        .collect();
    // A dimension: by its rows' dimension labels; a key in Chinese reads as Chinese.
    let mut dims: Vec<&str> = book.iter().filter_map(|e| e.dimension.as_deref()).collect();
    dims.sort_unstable();
    dims.dedup();
    for key in dims {
        let rows = book.iter().filter(|e| e.dimension.as_deref() == Some(key));
        let labelled = rows.clone().any(|e| own(&e.dimension_label, &e.dimension_label_zh));
        let chinese_key = key.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if !labelled && chinese_key != lang.is_zh() {
            examples.push(named_dimension(key, "", "", None, lang));
        }
    }
    let count = examples.len();
    examples.truncate(3);
    (count > 0).then_some(MissingLabels { count, examples })
}

/// A node or network metric's name in the language (`metric.<key>` or `network.<key>` in the
/// locale files; the key when neither names it).
pub fn metric_label(key: &str, lang: Lang) -> String {
    crate::diag::metric_name(key, lang)
}

/// A community-of-practice stage's name in the language (`stage.<key>`).
pub fn stage_label(key: &str, lang: Lang) -> String {
    t(lang, &format!("stage.{key}"))
}

/// What a community-of-practice stage means, in a few words (`stage.about.<key>`), for the
/// places a stage's name is shown to a reader who does not know Wenger's stages.
pub fn stage_about(key: &str, lang: Lang) -> String {
    t(lang, &format!("stage.about.{key}"))
}

/// A model variable in words: a dimension, `index`, a column, a level of an attribute
/// (`city[北京]`) or a network position (`in_degree@knowledge_sharing`); the labeller that
/// `models::text` asks for.
pub fn variable_label(report: &Report, name: &str, lang: Lang) -> String {
    if let Some((metric, relation)) = name.split_once('@') {
        let args =
            [("metric", metric_label(metric, lang)), ("relation", relation_label(report, relation, lang))];
        // The positions the model builder offers read as what they count (`model.var.<metric>`).
        let plain = format!("model.var.{metric}");
        return crate::i18n::tf(lang, if has(lang, &plain) { &plain } else { "labels.metric_in" }, &args);
    }
    if let Some((attribute, level)) = name.strip_suffix(']').and_then(|n| n.split_once('[')) {
        let args = [("attribute", column_label(report, attribute, lang)), ("level", level.to_string())];
        return crate::i18n::tf(lang, "labels.level", &args);
    }
    dimension_label(report, name, lang)
}

/// A community detection method's name (`leiden`, `louvain`) in the language.
pub fn community_method(key: &str, lang: Lang) -> String {
    let k = format!("community.{key}");
    if has(lang, &k) { t(lang, &k) } else { key.to_string() }
}

/// The words a message argument stands for in this report: relations, dimensions, columns
/// and metrics by their labels (`None` for plain text, which shows as written).
pub fn arg_label(report: &Report, arg: &Arg, lang: Lang) -> Option<String> {
    match arg {
        Arg::Relation(k) => Some(relation_label(report, k, lang)),
        Arg::Dimension(k) => Some(dimension_label(report, k, lang)),
        Arg::Column(c) => Some(column_label(report, c, lang)),
        Arg::Metric(k) => Some(metric_label(k, lang)),
        _ => None,
    }
}

/// A warning in the language, with its location, its arguments named in words.
pub fn warning(report: &Report, w: &Warning, lang: Lang) -> String {
    w.localized(lang, &|a, l| arg_label(report, a, l))
}

/// A message (an error) in the language, its arguments named in words.
pub fn message(report: &Report, m: &UserMessage, lang: Lang) -> String {
    m.render(lang, &|a, l| arg_label(report, a, l))
}

/// A capacity profile's description in the language (strongest and weakest dimensions).
pub fn profile_label(report: &Report, p: &Profile, lang: Lang) -> String {
    match &p.description {
        Some(m) => message(report, m, lang),
        None if lang.is_zh() => p.label_zh.clone(),
        None => p.label.clone(),
    }
}

/// How the community-of-practice stages were assigned, in the language.
pub fn stage_rule(report: &Report, s: &StageSummary, lang: Lang) -> String {
    match &s.rule_message {
        Some(m) => message(report, m, lang),
        None if lang.is_zh() => s.rule_zh.clone(),
        None => s.rule.clone(),
    }
}

/// Renders the report's messages (warnings, profile descriptions, the stage rule) into their
/// English and Chinese text fields with labels: the JSON keeps both for its readers, while the
/// page renders from the keys in its own language.
pub fn render_messages(report: &mut Report) {
    let mut warnings = std::mem::take(&mut report.input.warnings);
    for w in warnings.iter_mut() {
        w.render_messages(&|a, l| arg_label(report, a, l));
    }
    report.input.warnings = warnings;
    let mut typology = report.capacity.typology.take();
    for p in typology.iter_mut().flat_map(|t| t.profiles.iter_mut()) {
        (p.label, p.label_zh) = (profile_label(report, p, Lang::En), profile_label(report, p, Lang::Zh));
    }
    report.capacity.typology = typology;
    let mut stages = report.capacity.stages.take();
    if let Some(s) = stages.as_mut() {
        (s.rule, s.rule_zh) = (stage_rule(report, s, Lang::En), stage_rule(report, s, Lang::Zh));
    }
    report.capacity.stages = stages;
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
            .and_then(|e| pick(lang, e.label.as_deref(), e.label_zh.as_deref(), e.label_zh_hant.as_deref()))
            .map(str::to_string)
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

/// Items of a table cell listed as the language lists them (`专业化、资金` or `a, b`).
pub fn join_list(items: &[String], lang: Lang) -> String {
    items.join(if lang.is_zh() { "、" } else { ", " })
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
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            // Answered without Unicode's tables (most names): the finder keys every name of a
            // result, a million on the largest surveys.
            'a'..='z' | '0'..='9' | '\u{4e00}'..='\u{9fff}' => key.push(c),
            'A'..='Z' => key.push(c.to_ascii_lowercase()),
            c if c.is_ascii() => {}
            '\u{ff01}'..='\u{ff5e}' => {
                push_lower_alphanumeric(&mut key, char::from_u32(c as u32 - 0xfee0).unwrap_or(c))
            }
            c => push_lower_alphanumeric(&mut key, c),
        }
    }
    key
}

/// Appends `c` in lower case, without what is not a letter or digit.
fn push_lower_alphanumeric(key: &mut String, c: char) {
    key.extend(c.to_lowercase().filter(|c| c.is_alphanumeric()));
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

/// A tie dimension's name: the codebook's label in the language (see [`pick`]), else the
/// page's word for PARTNER's usual dimensions (`trust`, `value`, `intensity`, `frequency`), else
/// its key as in the data.
pub fn tie_dimension_label(d: &crate::report::TieDimensionSummary, l: Lang) -> String {
    if let Some(label) = pick(l, d.label.as_deref(), d.label_zh.as_deref(), d.label_zh_hant.as_deref()) {
        return label.to_string();
    }
    let key = format!("tie.{}", d.key);
    if has(l, &key) { t(l, &key) } else { d.key.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communities_are_named_by_their_most_named_member_alike_in_every_relation() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let rels = &a.report.network.relations;
        for rel in rels {
            assert_eq!(rel.communities, crate::report::community_summaries(&rel.nodes));
            let names: Vec<String> =
                (0..rel.communities.len()).map(|c| community_name(rel, c, Lang::Zh)).collect();
            for (c, s) in rel.communities.iter().enumerate() {
                // Counted independently: the members, and none named more often than the hub.
                let members: Vec<_> = rel.nodes.iter().filter(|n| n.community == c).collect();
                assert_eq!(s.size, members.len());
                let hub = &rel.nodes[s.hub];
                assert!(hub.community == c && members.iter().all(|n| n.in_degree <= hub.in_degree));
                let alone = members.len() == 1 && hub.degree == 0;
                let want = if alone {
                    "无（没有任何联系）".to_string()
                } else {
                    format!("{}所在的社群", hub.name)
                };
                assert_eq!(names[c], want);
            }
            // Largest first, and no two communities with ties share a name.
            assert!(rel.communities.windows(2).all(|w| w[0].size >= w[1].size));
            let tied: std::collections::BTreeSet<&String> =
                names.iter().filter(|n| n.ends_with("所在的社群")).collect();
            assert_eq!(tied.len(), names.iter().filter(|n| n.ends_with("所在的社群")).count());
        }
        // The demo's 北京绿色之家助残服务中心 leads the first community in both relations: one
        // name in both, though its number would be the same only by chance.
        let hub = |r: usize, c: usize| rels[r].nodes[rels[r].communities[c].hub].name.clone();
        assert_eq!(hub(0, 0), "北京绿色之家助残服务中心");
        assert_eq!(community_name(&rels[0], 0, Lang::Zh), community_name(&rels[1], 0, Lang::Zh));
        // 昆明新芽驿站助残服务中心's community is the 4th in one relation and 2nd in the other.
        assert_eq!(
            (hub(0, 3), hub(1, 1)),
            ("昆明新芽驿站助残服务中心".to_string(), "昆明新芽驿站助残服务中心".to_string())
        );
        assert_eq!(community_name(&rels[0], 3, Lang::En), "昆明新芽驿站助残服务中心's community");
        assert_eq!(community_name(&rels[0], 3, Lang::En), community_name(&rels[1], 1, Lang::En));
        // A report saved before the summaries gets them where it is read, and names its
        // communities the same way.
        let mut json = serde_json::to_value(&a.report).unwrap();
        for rel in json["network"]["relations"].as_array_mut().unwrap() {
            rel.as_object_mut().unwrap().remove("communities");
        }
        let old: crate::report::Report = serde_json::from_value(json).unwrap();
        for (o, r) in old.network.relations.iter().zip(rels) {
            assert_eq!(o.communities, r.communities, "{}", r.key);
        }
        assert_eq!(
            community_name(&old.network.relations[0], 3, Lang::Zh),
            community_name(&rels[0], 3, Lang::Zh)
        );
        // The name only reads the summaries: without them, a community is named by its number.
        let mut bare = rels[0].clone();
        bare.communities.clear();
        assert_eq!(community_name(&bare, 3, Lang::En), "Community 4");
    }

    #[test]
    fn search_keys_follow_their_definition() {
        // The definition: full-width forms as half-width, lower case, letters and digits only.
        let plain = |name: &str| -> String {
            name.chars()
                .map(|c| match c {
                    '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                    c => c,
                })
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        let names = [
            "Ｇreen-Sprout 中心",
            "北京青禾之家",
            "ＡＢＣ１２３（总部）",
            "İstanbul Ünited",
            "Ωmega ΣΑΣ",
            "Café #5, St. John's",
            "𠀀字 Ext-B",
            "①② ㈱",
            "  ",
            "",
            "MiXeD_case-99",
            "ﬁne ß",
        ];
        for name in names {
            assert_eq!(search_key(name), plain(name), "{name}");
        }
        assert_eq!(search_key("Ｇreen-Sprout 中心"), "greensprout中心");
    }

    fn analysed(csv: &str) -> crate::pipeline::Analysis {
        let file = crate::pipeline::InputFile {
            name: "long.csv".into(),
            bytes: csv.as_bytes().to_vec(),
            kind: None,
        };
        crate::pipeline::run(&[file], &Default::default(), &|| 0.0).expect("analysis")
    }

    /// A file without a codebook: the walkthrough read "网络（partners）" (the roster column's
    /// key) and dimensions "K" and "G" (the items' column prefixes).
    #[test]
    fn a_survey_without_a_codebook_names_its_network_and_dimensions_in_words() {
        let a = analysed(
            "org_name,k1,k2,g1,g2,partners\nA,3,4,2,3,B;C\nB,2,3,4,4,A\nC,4,4,3,2,A;B\nD,1,2,2,2,A\n",
        );
        let r = &a.report;
        assert_eq!(
            r.network.relations[0].label.as_deref(),
            Some("partners"),
            "the header, as the report keeps it"
        );
        for (lang, network, k) in [
            (Lang::Zh, "合作伙伴", "维度 K"),
            (Lang::ZhHant, "合作夥伴", "維度 K"),
            (Lang::En, "Partners", "Dimension K"),
        ] {
            assert_eq!(relation_label(r, "partners", lang), network, "{lang:?}");
            assert_eq!(relation_name(&r.network.relations[0], lang), network, "{lang:?}");
            assert_eq!(dimension_label(r, "k", lang), k, "{lang:?}");
            let said: Vec<String> = crate::findings::findings(r).iter().map(|f| f.text(r, lang)).collect();
            let said = said.join(" ");
            let raw = ["（partners）", "(partners)", "partners："];
            assert!(!raw.iter().any(|x| said.contains(x)) && said.contains(network), "{lang:?}: {said}");
        }
        // A longer prefix reads as a word; a Chinese header stays the relation's name.
        let a = analysed("org_name,skill1,skill2,合作伙伴\nA,3,4,B\nB,2,3,A\nC,4,4,A;B\n");
        assert_eq!(dimension_label(&a.report, "skill", Lang::Zh), "Skill");
        assert_eq!(relation_label(&a.report, "合作伙伴", Lang::Zh), "合作伙伴");
        // Several unnamed networks are numbered in the report's order.
        let a =
            analysed("org_name,k1,k2,partners,funders\nA,3,4,B;C,B;D\nB,2,3,A,C\nC,4,4,A;B,A\nD,1,2,A,B\n");
        let keys: Vec<&str> = a.report.network.relations.iter().map(|r| r.key.as_str()).collect();
        let names: Vec<String> = keys.iter().map(|k| relation_label(&a.report, k, Lang::Zh)).collect();
        assert!(keys.contains(&"partners") && keys.contains(&"funders"), "{keys:?}");
        for (k, n) in keys.iter().zip(&names) {
            if *k != "combined" {
                assert!(n.starts_with("合作伙伴 ") && n.len() > "合作伙伴 ".len(), "{k}: {n}");
            }
        }
        assert_eq!(relation_label(&a.report, "combined", Lang::Zh), t(Lang::Zh, "relation.combined"));
    }

    #[test]
    fn communities_say_which_network_they_come_from() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let r = &a.report;
        let keys: Vec<&str> = r.network.relations.iter().map(|x| x.key.as_str()).collect();
        assert!(keys.len() > 2 && keys.contains(&"combined"), "{keys:?}");
        assert_eq!(
            communities_source(r, "combined", Lang::Zh).as_deref(),
            Some("社群按全部关系合并后的网络划分，所以与单一关系的社群数目和大小不同。")
        );
        let one = keys[0];
        let said = communities_source(r, one, Lang::Zh).unwrap();
        assert!(said.starts_with(&format!("社群按“{}”关系划分", relation_label(r, one, Lang::Zh))), "{said}");
        for lang in [Lang::En, Lang::ZhHant] {
            let (c, o) =
                (communities_source(r, "combined", lang).unwrap(), communities_source(r, one, lang).unwrap());
            assert!(c != o && o.contains(&relation_label(r, one, lang)), "{lang:?}: {c} / {o}");
        }
        // One relation: its communities are the only ones, nothing to tell apart.
        let single = analysed("org_name,k1,k2,partners\nA,3,4,B\nB,2,3,A\nC,4,4,A;B\n");
        let keys: Vec<String> = single.report.network.relations.iter().map(|x| x.key.clone()).collect();
        assert_eq!(keys.len(), 1, "{keys:?}");
        assert_eq!(communities_source(&single.report, &keys[0], Lang::Zh), None);
    }

    #[test]
    fn traditional_labels_fall_back_to_simplified_then_english() {
        let (en, zh, hant) = (Some("Funding"), Some("资金"), Some("資金"));
        assert_eq!(pick(Lang::ZhHant, en, zh, hant), Some("資金"));
        assert_eq!(pick(Lang::Zh, en, zh, hant), Some("资金"));
        assert_eq!(pick(Lang::En, en, zh, hant), Some("Funding"));
        assert_eq!(pick(Lang::ZhHant, en, zh, None), Some("资金"));
        assert_eq!(pick(Lang::ZhHant, en, zh, Some("  ")), Some("资金"), "a blank label is no label");
        assert_eq!(pick(Lang::ZhHant, en, None, None), Some("Funding"));
        assert_eq!(pick(Lang::En, None, zh, hant), None);
    }

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
        assert_eq!(variable_label(r, "in_degree@joint_projects", Lang::Zh), "合作项目网络中的被提名次数");
        assert_eq!(variable_label(r, "closeness@joint_projects", Lang::Zh), "接近中心性（合作项目）");
        assert_eq!(variable_label(r, "city[北京]", Lang::Zh), "城市：北京");
        assert_eq!(variable_label(r, "founded", Lang::En), "Founding year");
        assert_eq!(variable_label(r, "index", Lang::Zh), t(Lang::Zh, "capacity.index"));
    }
}
