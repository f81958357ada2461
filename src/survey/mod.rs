//! The survey model: the responses table plus a codebook that says how to read each column.
//!
//! [`Survey::build`] applies a codebook (given, or inferred from the data) to the responses,
//! identifies each organization and reads item values, so the capacity and network modules only
//! deal with typed values.

pub mod codebook;
pub mod infer;
pub mod multi;
pub mod values;

use serde::{Deserialize, Serialize};

pub use codebook::{Codebook, ColumnSpec, Role};

use crate::diag::Warning;
use crate::ingest::Table;
use crate::ingest::names::normalize;

/// A responding organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Org {
    /// Identifier: the `id` column, or the row number when there is none.
    pub id: String,
    /// Display name (as written in the name column; `org <id>` when blank).
    pub name: String,
    /// Normalized name used for matching (see [`crate::ingest::names::normalize`]).
    pub key: String,
    /// Index of the data row in the responses table.
    pub row: usize,
}

/// A numeric cell: a number, a label code, or a quantity with units.
fn numeric_cell(text: &str, spec: &ColumnSpec) -> Option<f64> {
    match values::read_number(text, spec) {
        values::Cell::Number(v) => Some(v),
        values::Cell::Missing => None,
        values::Cell::Invalid => values::parse_quantity(text).map(|q| q.0),
    }
}

/// Reports numeric cells that cannot be read, ranges read as midpoints, and invalid unified
/// social credit codes in the id column.
fn check_values(table: &Table, codebook: &Codebook, id_col: Option<usize>, warnings: &mut Vec<Warning>) {
    for (c, spec) in codebook.columns.iter().enumerate() {
        if spec.role != Role::Numeric {
            continue;
        }
        let mut memo = values::Memo::new();
        for r in 0..table.n_rows() {
            let text = table.cell(r, c).trim();
            if memo.get(text, |t| values::read_number(t, spec)) != values::Cell::Invalid {
                continue;
            }
            let (en, zh) = match values::parse_quantity(text) {
                Some((v, true)) => (
                    format!("“{text}” is a range; its midpoint {v} is used."),
                    format!("“{text}”是一个范围，按中点 {v} 计算。"),
                ),
                Some(_) => continue,
                None => (
                    format!(
                        "“{text}” is not a number; treated as unanswered. Write a number such as 20 or 50万."
                    ),
                    format!("“{text}”不是数字，按未作答处理。请填写数字，如 20 或 50万。"),
                ),
            };
            warnings.push(Warning::at(&table.name, Some(table.source_row(r)), Some(&spec.column), en, zh));
        }
    }
    let Some(c) = id_col else { return };
    let looks_like_codes =
        (0..table.n_rows()).filter(|r| table.cell(*r, c).trim().chars().count() == 18).count();
    if looks_like_codes * 2 < table.n_rows().max(1) {
        return;
    }
    for r in 0..table.n_rows() {
        let code = table.cell(r, c).trim();
        if !code.is_empty() && !values::is_credit_code(code) {
            warnings.push(Warning::at(
                &table.name,
                Some(table.source_row(r)),
                Some(&table.headers[c]),
                format!("“{code}” is not a valid unified social credit code (统一社会信用代码: 18 characters with a check character); check it for typos."),
                format!("“{code}”不是有效的统一社会信用代码（18 位，含校验码），请检查是否输入有误。"),
            ));
        }
    }
}

/// The value that replaces rare attribute values when anonymizing.
pub const OTHER: &str = "其他 other";

/// Responses with a codebook applied.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The responses table as read.
    pub table: Table,
    /// One spec per column of `table`, in the same order.
    pub codebook: Codebook,
    /// One organization per data row.
    pub orgs: Vec<Org>,
}

impl Survey {
    /// Applies `codebook` (or an inferred one) to `table` and identifies the organizations.
    ///
    /// Columns the codebook does not list get an inferred role, with a warning; codebook rows
    /// naming columns that do not exist are reported too.
    pub fn build(table: Table, codebook: Option<&Table>, warnings: &mut Vec<Warning>) -> Survey {
        let given = codebook.map(|cb| codebook::parse(cb, warnings));
        let mut codebook = infer::complete(&table, given, warnings);
        // Wenjuanxing's coded export writes −2 (skipped by logic) and −3 (not shown) for
        // questions a respondent never saw: they are missing, not answers.
        if infer::is_wenjuanxing(&table) {
            for c in codebook.columns.iter_mut() {
                for code in ["-2", "-3"] {
                    if !c.missing.iter().any(|m| m == code) {
                        c.missing.push(code.to_string());
                    }
                }
            }
            warnings.push(Warning::general(
                "Wenjuanxing export recognized: its metadata columns are ignored and the codes −2 and −3 (skipped or not shown) count as unanswered.",
                "已识别为问卷星导出：其元数据列不参与分析，代码 −2 和 −3（跳过或未显示）按未作答处理。",
            ));
        }
        let id_col = codebook.first_with_role(Role::Id);
        let name_col = codebook.first_with_role(Role::Name);
        if name_col.is_none() {
            warnings.push(Warning::at(
                &table.name,
                Some(1),
                None,
                "no organization-name column was found (expected a header such as org_name, name, 机构名称 or 组织名称); organizations are numbered by row and roster answers cannot be matched to respondents.",
                "未找到机构名称列（表头应为 org_name、name、机构名称或组织名称等）；机构将按行编号，关系题答案无法与回答机构匹配。",
            ));
        }
        check_values(&table, &codebook, id_col, warnings);
        let mut orgs: Vec<Org> = Vec::with_capacity(table.n_rows());
        // Sized once: growing a million-entry map rehashes it about twenty times.
        let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
        seen.reserve(table.n_rows());
        let mut seen_ids: rustc_hash::FxHashMap<String, usize> = Default::default();
        if id_col.is_some() {
            seen_ids.reserve(table.n_rows());
        }
        for r in 0..table.n_rows() {
            let id = id_col
                .map(|c| table.cell(r, c).trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| (r + 1).to_string());
            let raw_name = name_col.map(|c| table.cell(r, c).trim().to_string()).unwrap_or_default();
            let name = if raw_name.is_empty() {
                if name_col.is_some() {
                    warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(r)),
                        name_col.map(|c| table.headers[c].as_str()),
                        format!("the organization name is empty; it is shown as “org {id}”."),
                        format!("机构名称为空，显示为“org {id}”。"),
                    ));
                }
                format!("org {id}")
            } else {
                raw_name
            };
            let key = normalize(&name);
            if id_col.is_some() {
                if let Some(first) = seen_ids.get(&id) {
                    warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(r)),
                        id_col.map(|c| table.headers[c].as_str()),
                        format!("the id “{id}” also appears on row {}: possibly a duplicate submission. Both rows are kept; delete one if they are the same organization.", table.source_row(*first)),
                        format!("编号“{id}”与第 {} 行重复，可能是重复提交。两行均保留；若为同一机构，请删除其一。", table.source_row(*first)),
                    ));
                } else {
                    seen_ids.insert(id.clone(), r);
                }
            }
            if let Some(first) = seen.get(&key) {
                warnings.push(Warning::at(
                    &table.name,
                    Some(table.source_row(r)),
                    name_col.map(|c| table.headers[c].as_str()),
                    format!("“{name}” also appears on row {}; both rows are kept as separate organizations, and partner names match the first. Remove duplicate submissions if they are the same organization.", table.source_row(*first)),
                    format!("“{name}”与第 {} 行重复；两行均保留为不同机构，关系题名称匹配第一行。若为重复提交，请删除其一。", table.source_row(*first)),
                ));
            } else {
                seen.insert(key.clone(), r);
            }
            orgs.push(Org { id, name, key, row: r });
        }
        Survey { table, codebook, orgs }
    }

    /// Values of a categorical column per organization (`None` when missing).
    pub fn attribute_values(&self, col: usize) -> Vec<Option<String>> {
        self.attribute_cells(col).map(|t| t.map(str::to_string)).collect()
    }

    /// [`Survey::attribute_values`] without copying the text.
    pub fn attribute_cells(&self, col: usize) -> impl Iterator<Item = Option<&str>> {
        let spec = &self.codebook.columns[col];
        self.orgs.iter().map(move |o| {
            let t = self.table.cell(o.row, col).trim();
            if values::is_missing(t, Some(spec)) { None } else { Some(t) }
        })
    }

    /// Values of a numeric column per organization (`None` when missing or not a number);
    /// quantities typed with units (`约20人`, `50万`) are read, ranges as their midpoint.
    pub fn numeric_values(&self, col: usize) -> Vec<Option<f64>> {
        let spec = &self.codebook.columns[col];
        let mut memo = values::Memo::new();
        self.orgs.iter().map(|o| memo.get(self.table.cell(o.row, col), |t| numeric_cell(t, spec))).collect()
    }

    /// Anonymization's coarsening: in every categorical attribute, values held by fewer than
    /// `min` organizations become [`OTHER`], so a rare city or field cannot single out an
    /// organization in group comparisons, cross-tabulations or mixing matrices. Returns the
    /// number of values merged per column (columns with none merged are left out).
    pub fn coarsen(&mut self, min: usize) -> Vec<(String, usize)> {
        let mut merged = Vec::new();
        for col in self.columns_with_role(Role::Attribute) {
            let values = self.attribute_values(col);
            let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for v in values.iter().flatten() {
                *counts.entry(v.as_str()).or_default() += 1;
            }
            let rare: std::collections::HashSet<String> =
                counts.iter().filter(|(_, n)| **n < min).map(|(v, _)| v.to_string()).collect();
            if rare.is_empty() {
                continue;
            }
            // Merged, the rare values may still be fewer than `min`: then they are left out
            // of every comparison (treated as missing) rather than shown as a small group.
            let merged_size: usize = counts.iter().filter(|(v, _)| rare.contains(**v)).map(|(_, n)| *n).sum();
            let replacement = if merged_size >= min { OTHER } else { "" };
            // Cells are replaced by data row (organizations map one-to-one to rows).
            let by_row: std::collections::HashSet<usize> = self
                .orgs
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.as_ref().is_some_and(|v| rare.contains(v)))
                .map(|(o, _)| o.row)
                .collect();
            self.table.map_column(col, |r, _| by_row.contains(&r).then(|| replacement.to_string()));
            merged.push((self.table.headers[col].clone(), rare.len()));
        }
        merged
    }

    /// Columns with a given role, by index.
    pub fn columns_with_role(&self, role: Role) -> Vec<usize> {
        self.codebook.columns.iter().enumerate().filter(|(_, c)| c.role == role).map(|(i, _)| i).collect()
    }
}
