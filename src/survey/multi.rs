//! Select-multiple questions as survey platforms export them: KoboToolbox's `q/option` columns
//! of 0/1 (next to, or instead of, the space-joined `q` column), Wenjuanxing's `4(培训)` option
//! columns and `┋`-joined answers, and any column the user maps as `multi`. Each question is
//! summarized as counts per option over the organizations that answered it.

use std::collections::BTreeMap;

use super::Survey;
use super::codebook::Role;
use super::infer::dimension_stem;
use super::values::is_missing;
use crate::ingest::Table;
use crate::report::{MultiSelect, OptionCount};

/// `(question, option)` of an option column: `grp/services/training` → (`grp/services`,
/// `training`); `4(培训)` or `第4题（培训）` → (`4`, `培训`).
pub fn option_of(header: &str) -> Option<(String, String)> {
    let h = header.trim();
    if let Some(stripped) = h.strip_suffix(')').or_else(|| h.strip_suffix('）'))
        && let Some(open) = stripped.rfind(['(', '（'])
    {
        let parent = stripped[..open].trim();
        let option = stripped[open..].trim_start_matches(['(', '（']).trim();
        if !parent.is_empty() && !option.is_empty() {
            return Some((parent.to_string(), option.to_string()));
        }
    }
    let (parent, option) = h.rsplit_once('/')?;
    (!parent.is_empty() && !option.is_empty()).then(|| (parent.to_string(), option.to_string()))
}

/// True when every answered cell of column `c` is `0` or `1`.
fn is_binary(table: &Table, c: usize) -> bool {
    let mut any = false;
    for r in 0..table.n_rows() {
        match table.cell(r, c).trim() {
            "" => {}
            "0" | "1" => any = true,
            _ => return false,
        }
    }
    any
}

/// True for an option column of a select-multiple question (0/1 with a parent question), or
/// for a question column whose options also have their own 0/1 columns.
pub fn is_multi_column(table: &Table, c: usize) -> bool {
    let header = table.headers[c].trim();
    let options_of = |parent: &str| {
        table
            .headers
            .iter()
            .enumerate()
            .filter(|(i, o)| option_of(o).is_some_and(|(p, _)| p == parent) && is_binary(table, *i))
            .count()
    };
    if let Some((parent, option)) = option_of(header)
        && is_binary(table, c)
    {
        let parent_column = table.headers.iter().any(|o| o.trim() == parent);
        // `grp/ks_1` with 0/1 answers is a numbered item, not an option (unless its question
        // column is there too).
        if parent_column || (options_of(&parent) >= 2 && dimension_stem(&option).is_none()) {
            return true;
        }
    }
    options_of(header) >= 2
}

/// The separator of a joined answer column: `┋` (Wenjuanxing), `;`/`；`/`、` when present,
/// otherwise white space (KoboToolbox and ODK).
fn split_joined(cell: &str, sep: Sep) -> Vec<String> {
    let parts: Vec<&str> = match sep {
        Sep::Bar => cell.split('┋').collect(),
        Sep::List => cell.split([';', '；', '、']).collect(),
        Sep::Space => cell.split_whitespace().collect(),
    };
    // Wenjuanxing writes a typed-in "other" as `其他〖text〗`: count it as its option.
    parts
        .into_iter()
        .map(|p| p.split('〖').next().unwrap_or(p).trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Clone, Copy)]
enum Sep {
    Bar,
    List,
    Space,
}

/// Counts per option of every select-multiple question, options by count (then name).
pub fn summarize(survey: &Survey) -> Vec<MultiSelect> {
    let table = &survey.table;
    let cols = survey.columns_with_role(Role::Multi);
    // Option columns grouped by question, in column order.
    let mut groups: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    let mut joined: Vec<usize> = Vec::new();
    for &c in &cols {
        match option_of(&table.headers[c]).filter(|_| is_binary(table, c)) {
            Some((parent, option)) => match groups.iter_mut().find(|(p, _)| *p == parent) {
                Some((_, opts)) => opts.push((option, c)),
                None => groups.push((parent, vec![(option, c)])),
            },
            None => joined.push(c),
        }
    }
    let mut out = Vec::new();
    for (question, options) in &groups {
        let mut answered = 0;
        let mut counts = vec![0usize; options.len()];
        for o in &survey.orgs {
            // The first respondent who answered speaks for the organization.
            let answer = o
                .rows
                .iter()
                .map(|r| options.iter().map(|(_, c)| table.cell(*r, *c).trim()).collect::<Vec<&str>>());
            let Some(cells) = answer.into_iter().find(|cells| cells.iter().any(|v| !v.is_empty())) else {
                continue;
            };
            answered += 1;
            for (k, v) in cells.iter().enumerate() {
                if *v == "1" {
                    counts[k] += 1;
                }
            }
        }
        let counted = options.iter().zip(counts).map(|((name, _), n)| (name.clone(), n)).collect();
        out.push(summary(question, answered, counted));
    }
    for c in joined {
        let header = table.headers[c].trim();
        // The joined twin of option columns counted above.
        if groups.iter().any(|(p, _)| p == header) {
            continue;
        }
        let spec = &survey.codebook.columns[c];
        let cells: Vec<&str> = survey
            .orgs
            .iter()
            .filter_map(|o| {
                o.rows.iter().map(|r| table.cell(*r, c).trim()).find(|t| !is_missing(t, Some(spec)))
            })
            .collect();
        let sep = if cells.iter().any(|t| t.contains('┋')) {
            Sep::Bar
        } else if cells.iter().any(|t| t.contains([';', '；', '、'])) {
            Sep::List
        } else {
            Sep::Space
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for t in &cells {
            let mut seen: Vec<String> = split_joined(t, sep);
            seen.sort();
            seen.dedup();
            for option in seen {
                *counts.entry(option).or_default() += 1;
            }
        }
        out.push(summary(header, cells.len(), counts.into_iter().collect()));
    }
    out
}

fn summary(question: &str, answered: usize, mut options: Vec<(String, usize)>) -> MultiSelect {
    options.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    MultiSelect {
        question: question.to_string(),
        answered,
        options: options
            .into_iter()
            .map(|(option, count)| OptionCount {
                option,
                count,
                share: (answered > 0).then(|| count as f64 / answered as f64),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_headers() {
        assert_eq!(option_of("grp/services/training"), Some(("grp/services".into(), "training".into())));
        assert_eq!(option_of("4(培训)"), Some(("4".into(), "培训".into())));
        assert_eq!(option_of("第4题（资金）"), Some(("第4题".into(), "资金".into())));
        assert_eq!(option_of("city"), None);
        assert_eq!(option_of("(x)"), None);
    }
}
