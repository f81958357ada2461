//! The survey model: the responses table plus a codebook that says how to read each column.
//!
//! [`Survey::build`] applies a codebook (given, or inferred from the data) to the responses,
//! identifies each organization and reads item values, so the capacity and network modules only
//! deal with typed values.

pub mod codebook;
pub mod infer;
pub mod multi;
pub mod respondents;
pub mod slots;
pub mod values;

use serde::{Deserialize, Serialize};

pub use codebook::{Codebook, ColumnSpec, Role};

use crate::diag::{Args, Warning, args};
use crate::ingest::Table;

/// A responding organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Org {
    /// Identifier: the `id` column, or the row number when there is none.
    pub id: String,
    /// Display name (as written in the name column; `org <id>` when blank).
    pub name: String,
    /// Normalized name used for matching (see [`crate::ingest::names::normalize`]).
    pub key: String,
    /// Index of the organization's first data row in the responses table.
    pub row: usize,
    /// Every data row answered for it (its respondents), `row` first.
    pub rows: Vec<usize>,
}

/// A numeric cell: a number, a label code, or a quantity with units.
fn numeric_cell(text: &str, spec: &ColumnSpec) -> Option<f64> {
    match values::read_number(text, spec) {
        values::Cell::Number(v) => Some(v),
        values::Cell::Missing => None,
        values::Cell::Invalid => values::parse_quantity(text).map(|q| q.0),
    }
}

/// What [`check_values`] says about a numeric cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumericNote {
    /// A number, a label code, or a quantity with units: nothing to say.
    Fine,
    /// A range, read as its midpoint.
    Midpoint(f64),
    /// Neither a number nor a quantity.
    NotNumber,
}

impl NumericNote {
    fn of(text: &str, spec: &ColumnSpec) -> NumericNote {
        if values::read_number(text, spec) != values::Cell::Invalid {
            return NumericNote::Fine;
        }
        match values::parse_quantity(text) {
            Some((v, true)) => NumericNote::Midpoint(v),
            Some(_) => NumericNote::Fine,
            None => NumericNote::NotNumber,
        }
    }
}

/// Reports numeric cells that cannot be read, ranges read as midpoints, and invalid unified
/// social credit codes in the id column.
fn check_values(table: &Table, codebook: &Codebook, id_col: Option<usize>, warnings: &mut Vec<Warning>) {
    for (c, spec) in codebook.columns.iter().enumerate() {
        if spec.role != Role::Numeric {
            continue;
        }
        // What each distinct text needs said, found once: a column of quantities typed with
        // units (`747万`) parsed every cell again (0.4 s of a million-row survey).
        let mut memo = values::Memo::new();
        for r in 0..table.n_rows() {
            let text = table.cell(r, c).trim();
            let (key, a) = match memo.get(text, |t| NumericNote::of(t, spec)) {
                NumericNote::Fine => continue,
                NumericNote::Midpoint(v) => {
                    ("warn.range_midpoint", args([("text", text.into()), ("value", v.to_string().into())]))
                }
                NumericNote::NotNumber => ("warn.not_number", args([("text", text.into())])),
            };
            warnings.push(Warning::at(&table.name, Some(table.source_row(r)), Some(&spec.column), key, a));
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
                "warn.credit_code",
                args([("code", code.into())]),
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
    /// The organizations, each with its respondents' rows (one row each unless several
    /// people answered for one organization).
    pub orgs: Vec<Org>,
}

impl Survey {
    /// Applies `codebook` (or an inferred one) to `table` and identifies the organizations.
    ///
    /// Columns the codebook does not list get an inferred role, with a warning; codebook rows
    /// naming columns that do not exist are reported too.
    pub fn build(table: Table, codebook: Option<&Table>, warnings: &mut Vec<Warning>) -> Survey {
        Survey::build_with_aliases(table, codebook, &Default::default(), warnings)
    }

    /// [`Survey::build`], grouping rows into organizations by name through `aliases`
    /// (normalized alias → the organization it stands for; see [`respondents::identify`]).
    pub fn build_with_aliases(
        table: Table,
        codebook: Option<&Table>,
        aliases: &rustc_hash::FxHashMap<String, crate::ingest::names::AliasTarget>,
        warnings: &mut Vec<Warning>,
    ) -> Survey {
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
            warnings.push(Warning::general("warn.wenjuanxing", Args::new()));
        }
        let id_col = codebook.first_with_role(Role::Id);
        let name_col = codebook.first_with_role(Role::Name);
        if name_col.is_none() {
            warnings.push(Warning::at(&table.name, Some(1), None, "warn.no_name_column", Args::new()));
        }
        check_values(&table, &codebook, id_col, warnings);
        let orgs = respondents::identify(&table, id_col, name_col, aliases, warnings);
        let survey = Survey { table, codebook, orgs };
        warnings.extend(respondents::attribute_notes(&survey));
        survey
    }

    /// Categorical attributes whose answers differ among the respondents of some
    /// organization (a respondent's job title): they describe respondents, not organizations.
    pub fn respondent_attributes(&self) -> Vec<usize> {
        if !self.has_several_respondents() {
            return Vec::new();
        }
        let cols = self.columns_with_role(Role::Attribute);
        cols.into_iter().filter(|&c| respondents::differing(self, c).next().is_some()).collect()
    }

    /// Categorical attributes of the organizations: every attribute but the respondents' own
    /// ([`Survey::respondent_attributes`]). Groups, mixing and brokerage use only these.
    pub fn organization_attributes(&self) -> Vec<usize> {
        let personal = self.respondent_attributes();
        let cols = self.columns_with_role(Role::Attribute);
        cols.into_iter().filter(|c| !personal.contains(c)).collect()
    }

    /// Values of a categorical column per organization (`None` when missing).
    pub fn attribute_values(&self, col: usize) -> Vec<Option<String>> {
        self.attribute_cells(col).map(|t| t.map(str::to_string)).collect()
    }

    /// [`Survey::attribute_values`] without copying the text: the first respondent's answer
    /// that is not missing.
    pub fn attribute_cells(&self, col: usize) -> impl Iterator<Item = Option<&str>> {
        let spec = &self.codebook.columns[col];
        self.orgs.iter().map(move |o| {
            o.rows
                .iter()
                .map(|r| self.table.cell(*r, col).trim())
                .find(|t| !values::is_missing(t, Some(spec)))
        })
    }

    /// Values of a numeric column per organization (`None` when missing or not a number);
    /// quantities typed with units (`约20人`, `50万`) are read, ranges as their midpoint. With
    /// several respondents, the first respondent's number.
    pub fn numeric_values(&self, col: usize) -> Vec<Option<f64>> {
        let spec = &self.codebook.columns[col];
        let mut memo = values::Memo::new();
        self.orgs
            .iter()
            .map(|o| {
                o.rows.iter().find_map(|r| memo.get(self.table.cell(*r, col), |t| numeric_cell(t, spec)))
            })
            .collect()
    }

    /// True when some organization has more than one respondent.
    pub fn has_several_respondents(&self) -> bool {
        self.orgs.len() < self.table.n_rows()
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
            // Every respondent's cell holding a rare value is replaced.
            self.table.map_column(col, |_, t| rare.contains(t.trim()).then(|| replacement.to_string()));
            merged.push((self.table.headers[col].clone(), rare.len()));
        }
        merged
    }

    /// Columns with a given role, by index.
    pub fn columns_with_role(&self, role: Role) -> Vec<usize> {
        self.codebook.columns.iter().enumerate().filter(|(_, c)| c.role == role).map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notes read once per distinct text are those of reading every cell: numbers,
    /// quantities with units, ranges, text, missing codes, repeated in any order.
    #[test]
    fn numeric_notes_read_once_per_text_equal_every_cell_read() {
        let texts =
            ["12", "747万", "20-30人", "很多", "", "NA", " 5 ", "10至20", "约20人", "１５", "3k", "x"];
        let mut rng = crate::rng::Rng::new(31);
        let rows: Vec<Vec<String>> =
            (0..3_000).map(|_| vec![texts[rng.below(texts.len())].to_string()]).collect();
        let table = Table::new("r.csv", &["staff"], rows);
        let codebook =
            Codebook { columns: vec![ColumnSpec::new("staff", Role::Numeric)], tie_columns: Vec::new() };
        let mut got = Vec::new();
        check_values(&table, &codebook, None, &mut got);
        let spec = &codebook.columns[0];
        let mut want = Vec::new();
        for r in 0..table.n_rows() {
            let text = table.cell(r, 0).trim();
            if values::read_number(text, spec) != values::Cell::Invalid {
                continue;
            }
            let (key, a) = match values::parse_quantity(text) {
                Some((v, true)) => {
                    ("warn.range_midpoint", args([("text", text.into()), ("value", v.to_string().into())]))
                }
                Some(_) => continue,
                None => ("warn.not_number", args([("text", text.into())])),
            };
            want.push(Warning::at(&table.name, Some(table.source_row(r)), Some("staff"), key, a));
        }
        assert!(want.len() > 500, "{} notes", want.len());
        assert_eq!(got, want);
    }
}
