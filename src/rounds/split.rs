//! Finding the survey rounds in the input and splitting the tables into one set per round:
//! a wave column in the responses (and optionally the ties), or one responses file per round.

use std::collections::HashMap;

use crate::diag::{Arg, Args, Warning, args};
use crate::ingest::names::normalize;
use crate::ingest::{Table, TableKind};
use crate::pipeline::{ReadFiles, ReadTable};
use crate::survey::infer::{ID_HEADERS, NAME_HEADERS, bare_header, question_name};

/// Headers recognized as a wave column (compared after [`bare_header`]).
pub const WAVE_HEADERS: [&str; 7] = ["wave", "round", "轮次", "期次", "调查年份", "调查轮次", "survey_round"];
/// Headers recognized as a wave column only when organizations repeat across their values.
pub const YEAR_HEADERS: [&str; 4] = ["year", "年份", "年度", "survey_year"];
/// Codebook roles that mark the wave column.
pub const WAVE_ROLES: [&str; 4] = ["wave", "round", "轮次", "期次"];

/// Where the rounds came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A wave column of the responses table, by header.
    Column(String),
    /// One responses file (or workbook) per round.
    Files,
}

/// The input split into rounds.
#[derive(Debug, Clone)]
pub struct Split {
    /// Round labels in round order.
    pub labels: Vec<String>,
    /// Where they came from.
    pub source: Source,
    /// Each round's tables, in round order.
    pub rounds: Vec<ReadFiles>,
}

/// Splits `read` into rounds: by the files' round labels `tags` (aligned with the files) when
/// any is given, else by a wave column of the first responses table. `None` when the input
/// holds no rounds (analysed as one survey).
pub fn split(read: &ReadFiles, tags: &[Option<String>], warnings: &mut Vec<Warning>) -> Option<Split> {
    let tag = |file: usize| tags.get(file).cloned().flatten().map(|t| t.trim().to_string());
    if tags.iter().any(|t| t.as_ref().is_some_and(|t| !t.trim().is_empty())) {
        return Some(by_files(read, &tag, warnings));
    }
    let responses = read.tables.iter().find(|t| t.kind == TableKind::Responses)?;
    let codebook = read.tables.iter().find(|t| t.kind == TableKind::Codebook);
    let column = wave_column(&responses.table, codebook.map(|t| &t.table))?;
    Some(by_column(read, &responses.table.headers[column].clone(), warnings))
}

/// Whether [`split`] would look for rounds in this input (a file tagged with a round, or a
/// wave column), without splitting it.
pub fn may_split(read: &ReadFiles, tags: &[Option<String>]) -> bool {
    if tags.iter().any(|t| t.as_ref().is_some_and(|t| !t.trim().is_empty())) {
        return true;
    }
    let Some(responses) = read.tables.iter().find(|t| t.kind == TableKind::Responses) else {
        return false;
    };
    let codebook = read.tables.iter().find(|t| t.kind == TableKind::Codebook);
    wave_column(&responses.table, codebook.map(|t| &t.table)).is_some()
}

/// One round per labelled responses table; ties tables of a labelled file belong to its round,
/// others are split by their own wave column or shared by every round.
fn by_files(read: &ReadFiles, tag: &dyn Fn(usize) -> Option<String>, warnings: &mut Vec<Warning>) -> Split {
    let mut labels: Vec<String> = Vec::new();
    let mut responses: HashMap<String, Table> = HashMap::new();
    for t in read.tables.iter().filter(|t| t.kind == TableKind::Responses) {
        let Some(label) = tag(t.file).filter(|l| !l.is_empty()) else {
            warnings.push(Warning::at(&t.table.name, None, None, "warn.wave_untagged", Args::new()));
            continue;
        };
        if responses.contains_key(&label) {
            let a = args([("wave", Arg::Text(label.clone()))]);
            warnings.push(Warning::at(&t.table.name, None, None, "warn.wave_repeated", a));
            continue;
        }
        labels.push(label.clone());
        responses.insert(label, t.table.clone());
    }
    let labels = order(labels);
    let rounds = labels
        .iter()
        .map(|label| {
            let own = responses.remove(label).unwrap_or_default();
            round_tables(read, label, own, &|t: &ReadTable| tag(t.file), &labels, warnings)
        })
        .collect();
    Split { labels, source: Source::Files, rounds }
}

/// One round per value of the wave column; rows without a value are reported and left out.
fn by_column(read: &ReadFiles, header: &str, warnings: &mut Vec<Warning>) -> Split {
    let responses = read.tables.iter().find(|t| t.kind == TableKind::Responses).map(|t| &t.table);
    let responses = responses.cloned().unwrap_or_default();
    let (labels, parts) = split_rows(&responses, header, warnings);
    let labels = order(labels);
    let mut parts = parts;
    let rounds = labels
        .iter()
        .map(|label| {
            let own = parts.remove(label).unwrap_or_default();
            round_tables(read, label, own, &|_| None, &labels, warnings)
        })
        .collect();
    Split { labels, source: Source::Column(header.to_string()), rounds }
}

/// A round's tables: its responses, the codebook without the wave row, the ties of this round
/// (or shared ones), and every aliases table.
fn round_tables(
    read: &ReadFiles,
    label: &str,
    responses: Table,
    tag: &dyn Fn(&ReadTable) -> Option<String>,
    labels: &[String],
    warnings: &mut Vec<Warning>,
) -> ReadFiles {
    let file_of = |name: &str| read.tables.iter().find(|t| t.table.name == name).map_or(0, |t| t.file);
    let mut tables =
        vec![ReadTable { kind: TableKind::Responses, file: file_of(&responses.name), table: responses }];
    for t in &read.tables {
        let table = match t.kind {
            TableKind::Responses => continue,
            TableKind::Codebook => without_wave_rows(&t.table),
            TableKind::Aliases => t.table.clone(),
            // A ties file tagged with a label no responses file has (the page tags every file
            // it takes for responses by name, before reading) is shared, not dropped.
            TableKind::Ties => match tag(t).filter(|own| labels.contains(own)) {
                Some(own) if own == label => t.table.clone(),
                Some(_) => continue,
                None => match wave_header(&t.table) {
                    Some(h) => ties_of_round(&t.table, &h, label, labels, warnings),
                    None => t.table.clone(),
                },
            },
        };
        tables.push(ReadTable { kind: t.kind, table, file: t.file });
    }
    ReadFiles { tables, ..read.clone_without_tables() }
}

/// The ties table's rows for one round (its wave column dropped). Rows whose round is not
/// among `labels` are reported once, when the first round is split.
fn ties_of_round(
    t: &Table,
    header: &str,
    label: &str,
    labels: &[String],
    warnings: &mut Vec<Warning>,
) -> Table {
    let Some(c) = t.column(header) else { return t.clone() };
    let first = labels.first().map(String::as_str) == Some(label);
    let mut rows = Vec::new();
    let mut numbers = Vec::new();
    for r in 0..t.n_rows() {
        let value = t.cell(r, c).trim();
        if value == label {
            rows.push(without(t.row(r), c));
            numbers.push(t.source_row(r));
        } else if first && !labels.iter().any(|l| l == value) {
            let a = args([("wave", Arg::Text(value.to_string()))]);
            warnings.push(Warning::at(&t.name, Some(t.source_row(r)), Some(header), "warn.wave_unknown", a));
        }
    }
    Table::from_rows(&t.name, without_header(&t.headers, c), &rows, numbers)
}

/// The responses split by the wave column: labels in order of first appearance and each
/// label's rows (without the column).
fn split_rows(t: &Table, header: &str, warnings: &mut Vec<Warning>) -> (Vec<String>, HashMap<String, Table>) {
    let Some(c) = t.column(header) else { return (Vec::new(), HashMap::new()) };
    let mut labels: Vec<String> = Vec::new();
    let mut rows: HashMap<String, (Vec<Vec<String>>, Vec<usize>)> = HashMap::new();
    for r in 0..t.n_rows() {
        let value = t.cell(r, c).trim();
        if value.is_empty() {
            warnings.push(Warning::at(
                &t.name,
                Some(t.source_row(r)),
                Some(header),
                "warn.wave_empty",
                Args::new(),
            ));
            continue;
        }
        let entry = rows.entry(value.to_string()).or_insert_with(|| {
            labels.push(value.to_string());
            (Vec::new(), Vec::new())
        });
        entry.0.push(without(t.row(r), c));
        entry.1.push(t.source_row(r));
    }
    let headers = without_header(&t.headers, c);
    let tables = rows
        .into_iter()
        .map(|(label, (rows, numbers))| {
            let table = Table::from_rows(&t.name, headers.clone(), &rows, numbers);
            (label, table)
        })
        .collect();
    (labels, tables)
}

fn without(row: Vec<&str>, c: usize) -> Vec<String> {
    row.into_iter().enumerate().filter(|(i, _)| *i != c).map(|(_, s)| s.to_string()).collect()
}

fn without_header(headers: &[String], c: usize) -> Vec<String> {
    headers.iter().enumerate().filter(|(i, _)| *i != c).map(|(_, h)| h.clone()).collect()
}

/// The codebook without rows whose role marks the wave column.
fn without_wave_rows(codebook: &Table) -> Table {
    let Some(role) = codebook.find_column(&["role", "角色"]) else { return codebook.clone() };
    let keep: Vec<usize> = (0..codebook.n_rows())
        .filter(|r| !WAVE_ROLES.contains(&codebook.cell(*r, role).trim().to_lowercase().as_str()))
        .collect();
    let rows: Vec<Vec<String>> =
        keep.iter().map(|r| codebook.row(*r).into_iter().map(str::to_string).collect()).collect();
    let numbers = keep.iter().map(|r| codebook.source_row(*r)).collect();
    Table::from_rows(&codebook.name, codebook.headers.clone(), &rows, numbers)
}

/// A ties table's wave column, by header.
fn wave_header(t: &Table) -> Option<String> {
    t.headers.iter().find(|h| WAVE_HEADERS.contains(&bare_header(h).as_str())).cloned()
}

/// The responses' wave column: named by the codebook's role, or by a recognized header, or a
/// year column when some organization appears under two of its values.
pub fn wave_column(t: &Table, codebook: Option<&Table>) -> Option<usize> {
    if let Some(cb) = codebook
        && let (Some(col), Some(role)) =
            (cb.find_column(&["column", "列"]), cb.find_column(&["role", "角色"]))
    {
        let named = (0..cb.n_rows())
            .find(|r| WAVE_ROLES.contains(&cb.cell(*r, role).trim().to_lowercase().as_str()))
            .and_then(|r| t.column(cb.cell(r, col).trim()));
        if named.is_some() {
            return named;
        }
    }
    let by_header = t.headers.iter().position(|h| WAVE_HEADERS.contains(&question_name(t, h).as_str()));
    by_header.or_else(|| {
        t.headers
            .iter()
            .enumerate()
            .filter(|(_, h)| YEAR_HEADERS.contains(&question_name(t, h).as_str()))
            .map(|(c, _)| c)
            .find(|c| organizations_repeat(t, *c))
    })
}

/// True when some organization (by id, else by normalized name) has rows under two values of
/// column `c`.
fn organizations_repeat(t: &Table, c: usize) -> bool {
    let find = |list: &[&str]| t.headers.iter().position(|h| list.contains(&question_name(t, h).as_str()));
    let Some(who) = find(&ID_HEADERS).or_else(|| find(&NAME_HEADERS)) else { return false };
    let mut seen: HashMap<String, String> = HashMap::new();
    for r in 0..t.n_rows() {
        let (key, value) = (normalize(t.cell(r, who)), t.cell(r, c).trim());
        if key.is_empty() || value.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(v) if v != value => return true,
            Some(_) => {}
            None => {
                seen.insert(key, value.to_string());
            }
        }
    }
    false
}

/// The round of each file as the page sends it: with two or more responses files (`kinds`, each
/// file's kind as chosen or guessed), each responses file's label as typed or, blank, the year
/// in its name when every responses file's name holds a different one (`问卷2023.csv`), else its
/// place among them (1, 2, …); other files none. With fewer, a typed label only.
pub fn file_rounds(names: &[String], kinds: &[TableKind], typed: &[Option<String>]) -> Vec<Option<String>> {
    let responses: Vec<usize> = (0..kinds.len()).filter(|i| kinds[*i] == TableKind::Responses).collect();
    let years: Vec<Option<String>> =
        responses.iter().map(|i| year_in(names.get(*i).map_or("", |n| n))).collect();
    let distinct = years.iter().flatten().collect::<std::collections::HashSet<_>>().len() == responses.len();
    kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let label =
                typed.get(i).cloned().flatten().map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
            let place = responses.iter().position(|r| *r == i)?;
            if *k != TableKind::Responses || responses.len() < 2 {
                return label;
            }
            let default = if distinct { years[place].clone() } else { None };
            Some(label.or(default).unwrap_or_else(|| (place + 1).to_string()))
        })
        .collect()
}

/// A year (1990–2099) standing alone in a file name: not part of a longer number.
fn year_in(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let digits: String = chars[i..i + 4].iter().collect();
        let alone = |j: Option<&char>| j.is_none_or(|c| !c.is_ascii_digit());
        let fits = digits.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("19") && digits.as_str() >= "1990" || digits.starts_with("20"))
            && alone(i.checked_sub(1).and_then(|j| chars.get(j)))
            && alone(chars.get(i + 4));
        fits.then_some(digits)
    })
}

/// Round order: by value when every label is a number, else as given.
pub fn order(labels: Vec<String>) -> Vec<String> {
    let numbers: Option<Vec<f64>> = labels.iter().map(|l| l.trim().parse::<f64>().ok()).collect();
    match numbers {
        Some(ns) if ns.iter().all(|n| n.is_finite()) => {
            let mut keyed: Vec<(f64, String)> = ns.into_iter().zip(labels).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            keyed.into_iter().map(|(_, l)| l).collect()
        }
        _ => labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_labels_sort_as_numbers_others_keep_their_order() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(order(s(&["2024", "2023", "10"])), s(&["10", "2023", "2024"]));
        assert_eq!(order(s(&["秋季", "春季"])), s(&["秋季", "春季"]));
        assert_eq!(order(s(&["2", "baseline"])), s(&["2", "baseline"]));
    }

    #[test]
    fn the_page_numbers_responses_files_in_order_unless_named() {
        use TableKind::*;
        let names: Vec<String> = ["a.csv", "b.csv", "codebook.csv", "d.csv"].map(String::from).to_vec();
        let typed = [None, Some("2024".to_string()), None, Some(" ".to_string())];
        let got = file_rounds(&names, &[Responses, Responses, Codebook, Responses], &typed);
        assert_eq!(got, [Some("1".into()), Some("2024".into()), None, Some("3".into())]);
        assert_eq!(file_rounds(&names[..2], &[Responses, Ties], &[None, None]), [None, None]);
        // Years in the names, when each file has its own.
        let names: Vec<String> = ["问卷2024.csv", "survey_2023_final.xlsx"].map(String::from).to_vec();
        assert_eq!(
            file_rounds(&names, &[Responses, Responses], &[None, None]),
            [Some("2024".into()), Some("2023".into())]
        );
        let same: Vec<String> = ["2024a.csv", "2024b.csv"].map(String::from).to_vec();
        assert_eq!(
            file_rounds(&same, &[Responses, Responses], &[None, None]),
            [Some("1".into()), Some("2".into())]
        );
        let long: Vec<String> = ["id20245.csv", "x.csv"].map(String::from).to_vec();
        assert_eq!(
            file_rounds(&long, &[Responses, Responses], &[None, None]),
            [Some("1".into()), Some("2".into())]
        );
    }

    #[test]
    fn year_is_a_wave_column_only_when_organizations_repeat() {
        let rows = |v: &[[&str; 3]]| v.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
        let long =
            Table::new("r.csv", &["name", "year", "q1"], rows(&[["甲", "2023", "1"], ["甲", "2024", "2"]]));
        assert_eq!(wave_column(&long, None), Some(1));
        let founded =
            Table::new("r.csv", &["name", "year", "q1"], rows(&[["甲", "2001", "1"], ["乙", "2004", "2"]]));
        assert_eq!(wave_column(&founded, None), None);
        let round =
            Table::new("r.csv", &["机构名称", "轮次", "q1"], rows(&[["甲", "一", "1"], ["乙", "一", "2"]]));
        assert_eq!(wave_column(&round, None), Some(1));
    }
}
