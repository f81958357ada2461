//! Who answered for whom: the rows of the responses table grouped into organizations.
//!
//! Rows with the same organization id are respondents of one organization; without an id
//! column (or where a row's id is empty), rows with the same name after normalization (and
//! after the aliases tables: see [`crate::ingest::names::alias_keys`]) are. Rows with the same
//! id but different names are combined and reported; rows with the same name but different
//! ids stay separate organizations and are reported.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Arg, Warning, args};
use crate::ingest::Table;
use crate::ingest::names::{AliasTarget, normalize};
use crate::survey::Org;

/// How the answers of several respondents to one item are combined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Combine {
    /// The mean of the answered values.
    #[default]
    Mean,
    /// The median of the answered values.
    Median,
}

impl Combine {
    /// The word used in the settings, the report and the locale keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Combine::Mean => "mean",
            Combine::Median => "median",
        }
    }

    /// The value of a word.
    pub fn parse(text: &str) -> Option<Combine> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mean" => Some(Combine::Mean),
            "median" => Some(Combine::Median),
            _ => None,
        }
    }

    /// The combined value of the answered values (`None` when none is answered).
    pub fn apply(self, values: &mut [f64]) -> Option<f64> {
        match self {
            Combine::Mean => crate::stats::mean(values),
            Combine::Median => crate::stats::median(values),
        }
    }
}

/// A row's identity as read: its id (`None` when the id column is absent or the cell empty),
/// its display name and its name key (aliases applied to both: an alias spelling reads as the
/// name the aliases table gives). The id and name borrow the table's text where they can: a
/// row of an organization already seen needs no copies (a million rows made seven strings each).
struct RowIdentity<'t> {
    id: Option<&'t str>,
    name: Cow<'t, str>,
    key: String,
}

/// Reads a row's id and name; a blank name is reported and becomes `org <id>`.
fn identity<'t>(
    table: &'t Table,
    r: usize,
    (id_col, name_col): (Option<usize>, Option<usize>),
    aliases: &HashMap<String, AliasTarget>,
    warnings: &mut Vec<Warning>,
) -> RowIdentity<'t> {
    let id = id_col.map(|c| table.cell(r, c).trim()).filter(|s| !s.is_empty());
    let raw_name = name_col.map(|c| table.cell(r, c).trim()).unwrap_or_default();
    let name = if raw_name.is_empty() {
        let shown_id = id.map_or_else(|| (r + 1).to_string(), str::to_string);
        if name_col.is_some() {
            warnings.push(Warning::at(
                &table.name,
                Some(table.source_row(r)),
                name_col.map(|c| table.headers[c].as_str()),
                "warn.name_empty",
                args([("name", Arg::Name(format!("org {shown_id}")))]),
            ));
        }
        Cow::Owned(format!("org {shown_id}"))
    } else {
        Cow::Borrowed(raw_name)
    };
    let key = normalize(&name);
    // A row spelled as an alias is the organization the aliases table names, under that name.
    match aliases.get(&key) {
        Some(target) => RowIdentity { id, name: Cow::Owned(target.name.clone()), key: target.key.clone() },
        None => RowIdentity { id, name, key },
    }
}

/// Organizations by name key, without a copy of each key: the key's hash leads to the first
/// organization with that hash, and `next` chains the others (the keys are compared in
/// `orgs`). A map of `String` keys cloned every name and hashed it twice per row.
struct KeyIndex {
    first: HashMap<u64, u32>,
    /// Per organization: the next one indexed with the same hash (`u32::MAX`: none).
    next: Vec<u32>,
}

impl KeyIndex {
    fn with_capacity(n: usize) -> KeyIndex {
        let mut first = HashMap::default();
        first.reserve(n);
        KeyIndex { first, next: Vec::with_capacity(n) }
    }

    fn hash(key: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, key)
    }

    /// The indexed organization whose key is `key`, if any (`hash` is `KeyIndex::hash(key)`).
    fn find(&self, orgs: &[Org], key: &str, hash: u64) -> Option<usize> {
        let mut at = self.first.get(&hash).copied();
        while let Some(o) = at.map(|o| o as usize) {
            if orgs[o].key == key {
                return Some(o);
            }
            at = self.next.get(o).copied().filter(|n| *n != u32::MAX);
        }
        None
    }

    /// Indexes organization `o` (the last pushed to `orgs`, not yet indexed) under `hash`.
    fn insert(&mut self, o: usize, hash: u64) {
        self.next.resize(o + 1, u32::MAX);
        if let Some(previous) = self.first.insert(hash, o as u32) {
            self.next[o] = previous;
        }
    }
}

/// Groups the rows of `table` into organizations (in order of each one's first row).
pub fn identify(
    table: &Table,
    id_col: Option<usize>,
    name_col: Option<usize>,
    aliases: &HashMap<String, AliasTarget>,
    warnings: &mut Vec<Warning>,
) -> Vec<Org> {
    let mut orgs: Vec<Org> = Vec::with_capacity(table.n_rows());
    // Sized once: growing a million-entry map rehashes it about twenty times.
    let mut by_key = KeyIndex::with_capacity(table.n_rows());
    // Ids borrowed from the table (a row without one is known by its row number).
    let mut by_id: HashMap<Cow<str>, usize> = HashMap::default();
    if id_col.is_some() {
        by_id.reserve(table.n_rows());
    }
    let id_header = id_col.map(|c| table.headers[c].as_str());
    let name_header = name_col.map(|c| table.headers[c].as_str());
    for r in 0..table.n_rows() {
        let row = identity(table, r, (id_col, name_col), aliases, warnings);
        let at = |o: &Org| table.source_row(o.row);
        let hash = KeyIndex::hash(&row.key);
        let found = match row.id {
            Some(id) => by_id.get(id).copied(),
            None => by_key.find(&orgs, &row.key, hash),
        };
        if let Some(o) = found {
            if row.id.is_some() && orgs[o].key != row.key {
                warnings.push(Warning::at(
                    &table.name,
                    Some(table.source_row(r)),
                    id_header,
                    "warn.id_name_conflict",
                    args([
                        ("id", Arg::Name(orgs[o].id.clone())),
                        ("name", Arg::Name(row.name.into_owned())),
                        ("first", Arg::Name(orgs[o].name.clone())),
                        ("row", at(&orgs[o]).into()),
                    ]),
                ));
            }
            orgs[o].rows.push(r);
            continue;
        }
        let o = orgs.len();
        let same_name = if row.id.is_some() { by_key.find(&orgs, &row.key, hash) } else { None };
        if let Some(first) = same_name {
            // Same name, another id: two organizations (matching partners to the first).
            warnings.push(Warning::at(
                &table.name,
                Some(table.source_row(r)),
                name_header,
                "warn.name_duplicate",
                args([("name", Arg::Name(row.name.to_string())), ("row", at(&orgs[first]).into())]),
            ));
        }
        let id = row.id.map_or_else(|| (r + 1).to_string(), str::to_string);
        if id_col.is_some() {
            by_id.insert(row.id.map_or_else(|| Cow::Owned(id.clone()), Cow::Borrowed), o);
        }
        orgs.push(Org { id, name: row.name.into_owned(), key: row.key, row: r, rows: vec![r] });
        if same_name.is_none() {
            by_key.insert(o, hash);
        }
    }
    summarize(table, &orgs, warnings);
    orgs
}

/// One note when some organizations have several respondents: how many, over how many rows.
fn summarize(table: &Table, orgs: &[Org], warnings: &mut Vec<Warning>) {
    let several = orgs.iter().filter(|o| o.rows.len() > 1).count();
    if several == 0 {
        return;
    }
    warnings.push(Warning::at(
        &table.name,
        None,
        None,
        "warn.respondents_combined",
        args([("n", several.into()), ("rows", table.n_rows().into()), ("orgs", orgs.len().into())]),
    ));
}

/// The organizations whose respondents gave different answers to column `col` (missing
/// answers aside).
pub fn differing(survey: &super::Survey, col: usize) -> impl Iterator<Item = &Org> {
    let spec = &survey.codebook.columns[col];
    survey.orgs.iter().filter(move |o| {
        let mut answers = o
            .rows
            .iter()
            .map(|r| survey.table.cell(*r, col).trim())
            .filter(|t| !super::values::is_missing(t, Some(spec)));
        answers.next().is_some_and(|first| answers.any(|t| t != first))
    })
}

/// A note for every categorical attribute that differs among one organization's respondents:
/// it is read as the respondents' own (e.g. a job title), not used to group organizations.
pub fn attribute_notes(survey: &super::Survey) -> Vec<Warning> {
    survey
        .respondent_attributes()
        .into_iter()
        .map(|c| {
            let orgs: Vec<&Org> = differing(survey, c).collect();
            let header = &survey.table.headers[c];
            Warning::at(
                &survey.table.name,
                None,
                Some(header),
                "warn.respondent_attribute",
                args([
                    ("column", Arg::Column(header.clone())),
                    ("n", orgs.len().into()),
                    ("name", Arg::Name(orgs.first().map(|o| o.name.clone()).unwrap_or_default())),
                ]),
            )
        })
        .collect()
}

/// Organizations answered by fewer respondents than `min`, as a note (none when `min` ≤ 1 or
/// every organization has enough).
pub fn below_minimum(orgs: &[Org], min: usize) -> Option<Warning> {
    let below = orgs.iter().filter(|o| o.rows.len() < min).count();
    (min > 1 && below > 0).then(|| {
        Warning::general("warn.respondents_below_min", args([("n", below.into()), ("min", min.into())]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 2]]) -> Table {
        Table::new(
            "r.csv",
            &["org_id", "org_name"],
            rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
        )
    }

    // The grouping as first written (maps of cloned `String` keys), for the test below.
    struct RowIdentityRef {
        id: Option<String>,
        name: String,
        key: String,
    }

    /// Reads a row's id and name; a blank name is reported and becomes `org <id>`.
    fn identity_ref(
        table: &Table,
        r: usize,
        (id_col, name_col): (Option<usize>, Option<usize>),
        aliases: &HashMap<String, AliasTarget>,
        warnings: &mut Vec<Warning>,
    ) -> RowIdentityRef {
        let id = id_col.map(|c| table.cell(r, c).trim().to_string()).filter(|s| !s.is_empty());
        let raw_name = name_col.map(|c| table.cell(r, c).trim().to_string()).unwrap_or_default();
        let shown_id = id.clone().unwrap_or_else(|| (r + 1).to_string());
        let name = if raw_name.is_empty() {
            if name_col.is_some() {
                warnings.push(Warning::at(
                    &table.name,
                    Some(table.source_row(r)),
                    name_col.map(|c| table.headers[c].as_str()),
                    "warn.name_empty",
                    args([("name", Arg::Name(format!("org {shown_id}")))]),
                ));
            }
            format!("org {shown_id}")
        } else {
            raw_name
        };
        let key = normalize(&name);
        // A row spelled as an alias is the organization the aliases table names, under that name.
        match aliases.get(&key) {
            Some(target) => RowIdentityRef { id, name: target.name.clone(), key: target.key.clone() },
            None => RowIdentityRef { id, name, key },
        }
    }

    /// Groups the rows of `table` into organizations (in order of each one's first row).
    fn identify_by_string_maps(
        table: &Table,
        id_col: Option<usize>,
        name_col: Option<usize>,
        aliases: &HashMap<String, AliasTarget>,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Org> {
        let mut orgs: Vec<Org> = Vec::with_capacity(table.n_rows());
        // Sized once: growing a million-entry map rehashes it about twenty times.
        let mut by_key: HashMap<String, usize> = HashMap::default();
        by_key.reserve(table.n_rows());
        let mut by_id: HashMap<String, usize> = HashMap::default();
        if id_col.is_some() {
            by_id.reserve(table.n_rows());
        }
        let id_header = id_col.map(|c| table.headers[c].as_str());
        let name_header = name_col.map(|c| table.headers[c].as_str());
        for r in 0..table.n_rows() {
            let row = identity_ref(table, r, (id_col, name_col), aliases, warnings);
            let at = |o: &Org| table.source_row(o.row);
            let found = match &row.id {
                Some(id) => by_id.get(id).copied(),
                None => by_key.get(&row.key).copied(),
            };
            if let Some(o) = found {
                if row.id.is_some() && orgs[o].key != row.key {
                    warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(r)),
                        id_header,
                        "warn.id_name_conflict",
                        args([
                            ("id", Arg::Name(orgs[o].id.clone())),
                            ("name", Arg::Name(row.name.clone())),
                            ("first", Arg::Name(orgs[o].name.clone())),
                            ("row", at(&orgs[o]).into()),
                        ]),
                    ));
                }
                orgs[o].rows.push(r);
                continue;
            }
            let o = orgs.len();
            if let Some(&first) = by_key.get(&row.key) {
                // Same name, another id: two organizations (matching partners to the first).
                warnings.push(Warning::at(
                    &table.name,
                    Some(table.source_row(r)),
                    name_header,
                    "warn.name_duplicate",
                    args([("name", Arg::Name(row.name.clone())), ("row", at(&orgs[first]).into())]),
                ));
            } else {
                by_key.insert(row.key.clone(), o);
            }
            let id = row.id.unwrap_or_else(|| (r + 1).to_string());
            if id_col.is_some() {
                by_id.insert(id.clone(), o);
            }
            orgs.push(Org { id, name: row.name, key: row.key, row: r, rows: vec![r] });
        }
        summarize(table, &orgs, warnings);
        orgs
    }

    /// Grouping with borrowed ids and the hash-chained name index gives the organizations and
    /// warnings of maps of cloned strings: ids repeated, missing and equal to another row's
    /// number, names repeated under other ids, blank names, spellings that normalize alike,
    /// and aliases.
    #[test]
    fn identify_equals_grouping_by_string_maps() {
        let mut rng = crate::rng::Rng::new(29);
        let names =
            ["Green", "green ", "GREEN", "Blue", "", "绿色家园", "绿色 家园", "绿家", "Ｒｅｄ", "red"];
        let target = AliasTarget { key: "绿色家园".to_string(), name: "绿色家园".to_string() };
        let aliases: HashMap<String, AliasTarget> = [("绿家".to_string(), target)].into_iter().collect();
        for trial in 0..300 {
            let n = rng.below(40);
            let rows: Vec<Vec<String>> = (0..n)
                .map(|_| {
                    let id = match rng.below(4) {
                        0 => String::new(),
                        1 => format!(" {} ", 1 + rng.below(n.max(1))),
                        _ => (1 + rng.below(8)).to_string(),
                    };
                    vec![id, names[rng.below(names.len())].to_string()]
                })
                .collect();
            let t = Table::new("r.csv", &["org_id", "org_name"], rows);
            let none = HashMap::default();
            for (cols, aliases) in
                [((Some(0), Some(1)), &aliases), ((None, Some(1)), &none), ((Some(0), None), &none)]
            {
                let (mut w, mut w_ref) = (Vec::new(), Vec::new());
                let orgs = identify(&t, cols.0, cols.1, aliases, &mut w);
                let want = identify_by_string_maps(&t, cols.0, cols.1, aliases, &mut w_ref);
                assert_eq!(orgs, want, "trial {trial} {cols:?}");
                assert_eq!(w, w_ref, "trial {trial} {cols:?}");
            }
        }
    }

    /// Organizations whose keys share a hash are told apart by their keys.
    #[test]
    fn key_index_chains_keys_with_one_hash() {
        let org =
            |key: &str| Org { id: key.into(), name: key.into(), key: key.into(), row: 0, rows: vec![0] };
        let orgs = vec![org("a"), org("b"), org("c"), org("d")];
        let mut index = KeyIndex::with_capacity(4);
        for o in [0, 2, 3] {
            index.insert(o, 7);
        }
        assert_eq!(index.find(&orgs, "a", 7), Some(0));
        assert_eq!(index.find(&orgs, "c", 7), Some(2));
        assert_eq!(index.find(&orgs, "d", 7), Some(3));
        assert_eq!(index.find(&orgs, "b", 7), None, "not indexed");
        assert_eq!(index.find(&orgs, "a", 8), None, "another hash");
        assert_eq!(index.find(&orgs, "a", KeyIndex::hash("a")), None);
    }

    #[test]
    fn rows_sharing_an_id_or_a_name_are_one_organization() {
        let t = table(&[["1", "Green"], ["2", "Blue"], ["1", "green "], ["", "BLUE"], ["3", "Red"]]);
        let mut w = Vec::new();
        let orgs = identify(&t, Some(0), Some(1), &HashMap::default(), &mut w);
        let rows: Vec<Vec<usize>> = orgs.iter().map(|o| o.rows.clone()).collect();
        assert_eq!(rows, vec![vec![0, 2], vec![1, 3], vec![4]]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].key, "warn.respondents_combined");
    }

    #[test]
    fn an_id_with_two_names_is_combined_and_reported_a_name_with_two_ids_is_not() {
        let t = table(&[["1", "Green"], ["1", "Blue"], ["2", "Green"]]);
        let mut w = Vec::new();
        let orgs = identify(&t, Some(0), Some(1), &HashMap::default(), &mut w);
        assert_eq!(orgs.len(), 2);
        assert_eq!(orgs[0].rows, vec![0, 1]);
        let keys: Vec<(&str, Option<usize>)> = w.iter().map(|w| (w.key.as_str(), w.row)).collect();
        assert_eq!(
            keys,
            vec![
                ("warn.id_name_conflict", Some(3)),
                ("warn.name_duplicate", Some(4)),
                ("warn.respondents_combined", None)
            ]
        );
    }

    #[test]
    fn without_ids_names_and_aliases_group_rows() {
        let t = Table::new(
            "r.csv",
            &["org_name"],
            vec![vec!["绿色家园".into()], vec!["绿色 家园".into()], vec!["绿家".into()]],
        );
        let target = AliasTarget { key: "绿色家园".to_string(), name: "绿色家园".to_string() };
        let aliases: HashMap<String, AliasTarget> = [("绿家".to_string(), target)].into_iter().collect();
        let orgs = identify(&t, None, Some(0), &aliases, &mut Vec::new());
        assert_eq!(orgs.len(), 1);
        assert_eq!((orgs[0].id.as_str(), orgs[0].rows.clone()), ("1", vec![0, 1, 2]));
        assert_eq!(below_minimum(&orgs, 3), None);
        assert_eq!(below_minimum(&orgs, 4).map(|w| w.key), Some("warn.respondents_below_min".to_string()));
        // An organization first written as an alias reads under the aliases table's name.
        let t = Table::new("r.csv", &["org_name"], vec![vec!["绿家".into()], vec!["绿色 家园".into()]]);
        let orgs = identify(&t, None, Some(0), &aliases, &mut Vec::new());
        assert_eq!((orgs.len(), orgs[0].name.as_str()), (1, "绿色家园"));
    }
}
