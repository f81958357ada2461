//! Codebook inference: a role for every column the user did not describe.
//!
//! The rules are deliberately simple and documented in the README, and every inferred role is
//! listed so the user can correct it with a codebook:
//! metadata headers → `ignore`; known name/id headers → `name`/`id`; columns whose answers name
//! respondents → `roster`; small-range integer columns with a numbered header (`ks_1`,
//! `group/ks_2`) → `item` in the dimension of the header's stem; other numbers → `numeric`;
//! few distinct texts → `attribute`; the rest → `text`.

use std::collections::HashSet;

use super::codebook::{Codebook, ColumnSpec, Role};
use super::values::{Cell, is_missing, read_number};
use crate::diag::{Arg, Args, Warning, args};
use crate::ingest::Table;
use crate::ingest::names::{normalize, split_roster};

/// Survey-platform metadata headers (KoboToolbox, ODK, Wenjuanxing), compared in lower case.
const METADATA: [&str; 26] = [
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
    "_status",
    "_submitted_by",
    "_version",
    "__version__",
    "_validation_status",
    "_notes",
    "_tags",
    "_parent_index",
    "start",
    "end",
    "today",
    "deviceid",
    "instanceid",
    "meta/instanceid",
    "submissiondate",
    "key",
    "序号",
    "提交答卷时间",
    "所用时间",
    "来源",
    "来源详情",
    "来自ip",
];
pub(crate) const NAME_HEADERS: [&str; 9] = [
    "org_name",
    "name",
    "organization",
    "organisation",
    "机构名称",
    "组织名称",
    "机构全称",
    "单位名称",
    "名称",
];
pub(crate) const ID_HEADERS: [&str; 10] = [
    "org_id",
    "id",
    "机构编号",
    "编号",
    "organization_id",
    "统一社会信用代码",
    "社会信用代码",
    "信用代码",
    "credit_code",
    "uscc",
];

/// Answered cells per column that role inference looks at.
const INFER_SAMPLE: usize = 5000;

/// ODK Central's metadata columns (compared in lower case); its group separator is `-`.
const ODK_METADATA: [&str; 12] = [
    "submissiondate",
    "meta-instanceid",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "deviceid",
    "edits",
    "formversion",
    "key",
];

/// True for an ODK Central CSV export (`SubmissionDate` and `KEY` or `meta-instanceID`).
pub fn is_odk(table: &Table) -> bool {
    let has = |name: &str| table.headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    has("SubmissionDate") && (has("KEY") || has("meta-instanceID"))
}

/// The question's own name: [`bare_header`], and in an ODK Central export also without its
/// `group-` prefix (`org_info-org_name` → `org_name`).
pub fn question_name(table: &Table, h: &str) -> String {
    if is_odk(table) { bare_header(h.rsplit('-').next().unwrap_or(h)) } else { bare_header(h) }
}

/// True for a Wenjuanxing export (its metadata headers are present); its coded answers use −2
/// and −3 for questions a respondent skipped or never saw.
pub fn is_wenjuanxing(table: &Table) -> bool {
    table.headers.iter().any(|h| matches!(h.trim(), "提交答卷时间" | "来自IP" | "所用时间"))
}

/// The header without a Wenjuanxing question number (`1、机构名称` → `机构名称`) or group path.
pub fn bare_header(h: &str) -> String {
    let h = h.trim();
    let digits = h.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest: String = h.chars().skip(digits).collect();
    let rest = if digits > 0 {
        rest.trim_start_matches(['、', ':', '：', '.']).trim().to_string()
    } else {
        h.to_string()
    };
    rest.rsplit(['/']).next().unwrap_or(&rest).trim().to_lowercase()
}

/// Fills in a spec for every column of `table`, keeping the given specs.
pub fn complete(table: &Table, given: Option<Vec<ColumnSpec>>, warnings: &mut Vec<Warning>) -> Codebook {
    let had_codebook = given.is_some();
    let mut given = given.unwrap_or_default();
    for spec in &given {
        // A tie item may describe a column of the ties table.
        if table.column(&spec.column).is_none() && spec.role != Role::TieItem {
            warnings.push(Warning::at(
                "codebook",
                None,
                Some(&spec.column),
                "warn.codebook_column_missing",
                Args::new(),
            ));
        }
    }
    // Names of respondents, to recognise roster columns.
    let name_col = table.headers.iter().position(|h| {
        given.iter().any(|s| s.column == *h && s.role == Role::Name)
            || (!given.iter().any(|s| s.role == Role::Name)
                && NAME_HEADERS.contains(&question_name(table, h).as_str()))
    });
    // Made when a column first looks like a roster (some answer lists several names): a
    // million-row survey without one is not normalized name by name just to rule rosters out.
    let names: std::cell::OnceCell<rustc_hash::FxHashSet<String>> = std::cell::OnceCell::new();
    let names = || {
        names.get_or_init(|| {
            name_col
                .map(|c| {
                    (0..table.n_rows())
                        .map(|r| normalize(table.cell(r, c)))
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        })
    };

    let mut columns = Vec::with_capacity(table.headers.len());
    let mut inferred_list = Vec::new();
    for (c, header) in table.headers.iter().enumerate() {
        if let Some(pos) = given.iter().position(|s| s.column == *header) {
            let mut spec = given.swap_remove(pos);
            if spec.role == Role::Roster && spec.relation.is_none() {
                spec.relation = Some(slug(header));
            }
            if spec.role == Role::Item && spec.dimension.is_none() {
                spec.dimension = Some(dimension_stem(header).unwrap_or_else(|| "capacity".into()));
            }
            columns.push(spec);
            continue;
        }
        let role = if Some(c) == name_col { Role::Name } else { infer_role(table, c, &names, had_codebook) };
        let mut spec = ColumnSpec::new(header, role);
        spec.inferred = true;
        if role == Role::Item {
            spec.dimension = dimension_stem(&item_header(table, header));
        }
        if role == Role::Roster {
            spec.relation = Some(slug(header));
        }
        inferred_list.push(format!("{header} → {}", role.as_str()));
        columns.push(spec);
    }
    promote_constant_items(table, &mut columns);
    super::slots::recognize(table, &mut columns, &names);
    let tie_columns = given.into_iter().filter(|s| s.role == Role::TieItem).collect();
    if had_codebook && !inferred_list.is_empty() {
        warnings.push(Warning::general(
            "warn.inferred_roles",
            args([(
                "columns",
                Arg::List(inferred_list.iter().map(|c| Arg::Column(c.to_string())).collect()),
            )]),
        ));
    }
    Codebook { columns, tie_columns }
}

/// True for the header of an "other, please specify" answer box.
fn is_other_specify(bare: &str) -> bool {
    let b = bare.to_lowercase();
    (b.contains("其他")
        && (b.contains("请") || b.contains("补充") || b.contains("注明") || b.contains("说明")))
        || (b.contains("other") && b.contains("specify"))
}

/// The header an item's dimension is read from (ODK's `group-` prefix removed).
fn item_header(table: &Table, header: &str) -> String {
    if is_odk(table) { header.rsplit('-').next().unwrap_or(header).to_string() } else { header.to_string() }
}

fn infer_role<'n>(
    table: &Table,
    c: usize,
    names: &dyn Fn() -> &'n rustc_hash::FxHashSet<String>,
    had_codebook: bool,
) -> Role {
    let header = &table.headers[c];
    let bare = question_name(table, header);
    let lower = header.trim().to_lowercase();
    if METADATA.contains(&lower.as_str())
        || METADATA.contains(&bare.as_str())
        || (is_odk(table) && ODK_METADATA.contains(&lower.as_str()))
    {
        return Role::Ignore;
    }
    if super::multi::is_multi_column(table, c) {
        return Role::Multi;
    }
    // "Other, please specify" boxes (Wenjuanxing `25、(其他（请补充）:)`) are free text, never
    // a grouping attribute.
    if is_other_specify(&bare) {
        return Role::Text;
    }
    if ID_HEADERS.contains(&bare.as_str()) {
        return Role::Id;
    }
    let mut spec = ColumnSpec::new(header, Role::Item);
    if is_wenjuanxing(table) {
        spec.missing = vec!["-2".into(), "-3".into()];
    }
    // Roles are decided on the first answered cells (all of them in files up to this size),
    // so a million-row file is not normalized cell by cell just to guess its columns.
    let cells: Vec<&str> = (0..table.n_rows())
        .map(|r| table.cell(r, c))
        .filter(|t| !is_missing(t, Some(&spec)))
        .take(INFER_SAMPLE)
        .collect();
    if cells.is_empty() {
        return Role::Ignore;
    }
    // Roster: most answered cells name at least one respondent.
    if cells.iter().any(|t| split_roster(t).len() > 1) && !names().is_empty() {
        let names = names();
        let hits =
            cells.iter().filter(|t| split_roster(t).iter().any(|n| names.contains(&normalize(n)))).count();
        if hits * 10 >= cells.len() * 4 {
            return Role::Roster;
        }
    }
    // Wenjuanxing joins the options of a multiple-choice answer with ┋ (rosters are above).
    if cells.iter().any(|t| t.contains('┋')) {
        return Role::Multi;
    }
    // A space-joined select-multiple (KoboToolbox, ODK) without option columns: choice names
    // (lower-case ASCII words, not all digits), several in some answers, few distinct.
    let choice = |w: &str| {
        w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !w.chars().all(|c| c.is_ascii_digit())
    };
    if cells.iter().any(|t| t.split_whitespace().count() > 1)
        && cells.iter().flat_map(|t| t.split_whitespace()).all(choice)
        && cells.iter().flat_map(|t| t.split_whitespace()).collect::<HashSet<_>>().len() <= 30
    {
        return Role::Multi;
    }
    let numbers: Vec<f64> = cells
        .iter()
        .filter_map(|t| match read_number(t, &spec) {
            Cell::Number(v) => Some(v),
            _ => None,
        })
        .collect();
    if numbers.len() * 10 >= cells.len() * 9 {
        let integral = numbers.iter().all(|v| v.fract() == 0.0);
        let (lo, hi) = numbers.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        if !had_codebook
            && integral
            && lo >= 0.0
            && hi - lo <= 10.0
            && hi > lo
            && dimension_stem(&item_header(table, header)).is_some()
        {
            return Role::Item;
        }
        return Role::Numeric;
    }
    // Quantities typed with units (约20人, 50万) are numeric too.
    let quantities = cells.iter().filter(|t| super::values::parse_quantity(t).is_some()).count();
    if quantities * 10 >= cells.len() * 9 {
        return Role::Numeric;
    }
    let distinct: HashSet<&str> = cells.iter().map(|t| t.trim()).collect();
    if distinct.len() <= 30.max(cells.len() / 3) && distinct.len() < cells.len().max(2) {
        Role::Attribute
    } else {
        Role::Text
    }
}

/// A numbered column that looks numeric only because few answered it (one distinct value)
/// joins the items of the same stem, so a sparse item is not silently left out of its scale.
fn promote_constant_items(table: &Table, columns: &mut [ColumnSpec]) {
    let stems: HashSet<String> = columns
        .iter()
        .filter(|c| c.inferred && c.role == Role::Item)
        .filter_map(|c| c.dimension.clone())
        .collect();
    for (c, spec) in columns.iter_mut().enumerate() {
        if !spec.inferred || spec.role != Role::Numeric {
            continue;
        }
        let Some(stem) = dimension_stem(&spec.column).filter(|s| stems.contains(s)) else { continue };
        let item = ColumnSpec::new(&spec.column, Role::Item);
        let small_ints = (0..table.n_rows()).all(|r| match read_number(table.cell(r, c), &item) {
            Cell::Number(v) => v.fract() == 0.0 && (0.0..=10.0).contains(&v),
            _ => true,
        });
        if small_ints {
            spec.role = Role::Item;
            spec.dimension = Some(stem);
        }
    }
}

/// The dimension stem of a numbered item header: `ks_1` → `ks`, `cap/gov-2` → `gov`,
/// `知识分享3` → `知识分享`; `None` when the header does not end in a number.
pub fn dimension_stem(header: &str) -> Option<String> {
    let last = header.rsplit('/').next().unwrap_or(header).trim();
    // Drop a Wenjuanxing question number (`5、ks_1` → `ks_1`).
    let digits = last.chars().take_while(|c| c.is_ascii_digit()).count();
    let last = if digits > 0 && last.chars().nth(digits).is_some_and(|c| matches!(c, '、' | ':' | '：' | '.'))
    {
        last.chars().skip(digits + 1).collect::<String>()
    } else {
        last.to_string()
    };
    let last = last.trim();
    let stem = last.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == last.len() {
        return None;
    }
    let stem = stem.trim_end_matches(['_', '-', '.', ' ']);
    if stem.is_empty() { None } else { Some(stem.to_string()) }
}

/// A relation key from a header: lower case, spaces and punctuation to `_`.
pub fn slug(header: &str) -> String {
    let s: String = bare_header(header).chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() { "tie".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_headers() {
        assert_eq!(dimension_stem("ks_1").as_deref(), Some("ks"));
        assert_eq!(dimension_stem("grp/gov-12").as_deref(), Some("gov"));
        assert_eq!(dimension_stem("city"), None);
        assert_eq!(dimension_stem("5、ks_1").as_deref(), Some("ks"));
        assert_eq!(bare_header("1、机构名称"), "机构名称");
        assert_eq!(bare_header("info/org_name"), "org_name");
    }
}
