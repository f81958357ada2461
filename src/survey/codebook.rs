//! The codebook: what each response column means (role, dimension, scale, labels, missing codes).

use serde::{Deserialize, Serialize};

use crate::diag::{Args, Warning, args};
use crate::ingest::Table;

/// Role of a response column, as in the input contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Organization identifier.
    Id,
    /// Organization name (used to match roster answers).
    Name,
    /// Categorical attribute (city, field, registration type).
    Attribute,
    /// Numeric attribute (staff, founding year).
    Numeric,
    /// Scale item belonging to a capacity dimension.
    Item,
    /// Select-multiple answer.
    Multi,
    /// Names of partner organizations (one network relation).
    Roster,
    /// A rating of a tie (trust, value, intensity of the relationship with a partner): a
    /// column of the ties table, or of the responses next to a partner slot (`partner_1_trust`).
    TieItem,
    /// Free text.
    Text,
    /// Not analysed (metadata, timestamps).
    Ignore,
}

impl Role {
    /// Parses a role word (English or Chinese).
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s.trim().to_lowercase().as_str() {
            "id" | "编号" => Role::Id,
            "name" | "名称" => Role::Name,
            "attribute" | "categorical" | "属性" | "分类" => Role::Attribute,
            "numeric" | "number" | "数值" => Role::Numeric,
            "item" | "题项" | "量表" => Role::Item,
            "multi" | "多选" => Role::Multi,
            "roster" | "关系" => Role::Roster,
            "tie_item" | "tie item" | "关系评价" => Role::TieItem,
            "text" | "文本" => Role::Text,
            "ignore" | "忽略" | "" => Role::Ignore,
            _ => return None,
        })
    }

    /// The contract's word for the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Name => "name",
            Role::Attribute => "attribute",
            Role::Numeric => "numeric",
            Role::Item => "item",
            Role::Multi => "multi",
            Role::Roster => "roster",
            Role::TieItem => "tie_item",
            Role::Text => "text",
            Role::Ignore => "ignore",
        }
    }
}

/// How to read one response column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSpec {
    /// Exact header in the responses table.
    pub column: String,
    /// Role of the column.
    pub role: Role,
    /// English label.
    pub label: Option<String>,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// Traditional Chinese label (zh-Hant; else `label_zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh_hant: Option<String>,
    /// Capacity dimension key (items only).
    pub dimension: Option<String>,
    /// English dimension label.
    pub dimension_label: Option<String>,
    /// Chinese dimension label.
    pub dimension_label_zh: Option<String>,
    /// Traditional Chinese dimension label (zh-Hant; else `dimension_label_zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_label_zh_hant: Option<String>,
    /// Lowest scale value.
    pub scale_min: Option<f64>,
    /// Highest scale value.
    pub scale_max: Option<f64>,
    /// Reverse-code as `scale_min + scale_max − x`.
    pub reverse: bool,
    /// Answer labels mapped to codes, matched after normalization.
    pub levels: Vec<(String, f64)>,
    /// The answer labels as written (for naming levels, e.g. of a tie's intensity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_names: Vec<(String, f64)>,
    /// Extra missing codes.
    pub missing: Vec<String>,
    /// Relation key (rosters only).
    pub relation: Option<String>,
    /// English name of the relation (rosters only; else the question's label).
    pub relation_label: Option<String>,
    /// Chinese name of the relation (rosters only; else the question's Chinese label).
    pub relation_label_zh: Option<String>,
    /// Traditional Chinese name of the relation (rosters only; else the question's
    /// `label_zh_hant`; zh-Hant falls back to `relation_label_zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_label_zh_hant: Option<String>,
    /// True when the role was inferred rather than given.
    pub inferred: bool,
}

impl ColumnSpec {
    /// A spec with only a column and a role.
    pub fn new(column: &str, role: Role) -> Self {
        ColumnSpec {
            column: column.to_string(),
            role,
            label: None,
            label_zh: None,
            label_zh_hant: None,
            dimension: None,
            dimension_label: None,
            dimension_label_zh: None,
            dimension_label_zh_hant: None,
            scale_min: None,
            scale_max: None,
            reverse: false,
            levels: Vec::new(),
            level_names: Vec::new(),
            missing: Vec::new(),
            relation: None,
            relation_label: None,
            relation_label_zh: None,
            relation_label_zh_hant: None,
            inferred: false,
        }
    }
}

/// Headers of a codebook table, in the order templates and exports write them.
pub const CODEBOOK_HEADERS: [&str; 18] = [
    "column",
    "role",
    "label",
    "label_zh",
    "dimension",
    "dimension_label",
    "dimension_label_zh",
    "scale_min",
    "scale_max",
    "reverse",
    "levels",
    "missing",
    "relation",
    "relation_label",
    "relation_label_zh",
    "label_zh_hant",
    "dimension_label_zh_hant",
    "relation_label_zh_hant",
];

/// One spec per response column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Codebook {
    /// Specs in the order of the responses table's columns.
    pub columns: Vec<ColumnSpec>,
    /// `tie_item` specs of columns that are not in the responses (the ties table's ratings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_columns: Vec<ColumnSpec>,
}

impl Codebook {
    /// Index of the first column with a role.
    pub fn first_with_role(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// Writes the codebook as a table (the same shape [`parse`] reads).
    pub fn to_table(&self) -> Table {
        let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        let rows: Vec<Vec<String>> = self
            .columns
            .iter()
            .map(|c| {
                vec![
                    c.column.clone(),
                    c.role.as_str().to_string(),
                    c.label.clone().unwrap_or_default(),
                    c.label_zh.clone().unwrap_or_default(),
                    c.dimension.clone().unwrap_or_default(),
                    c.dimension_label.clone().unwrap_or_default(),
                    c.dimension_label_zh.clone().unwrap_or_default(),
                    num(c.scale_min),
                    num(c.scale_max),
                    if c.reverse { "yes".into() } else { String::new() },
                    levels_text(&c.levels),
                    c.missing.join(";"),
                    c.relation.clone().unwrap_or_default(),
                    c.relation_label.clone().unwrap_or_default(),
                    c.relation_label_zh.clone().unwrap_or_default(),
                    c.label_zh_hant.clone().unwrap_or_default(),
                    c.dimension_label_zh_hant.clone().unwrap_or_default(),
                    c.relation_label_zh_hant.clone().unwrap_or_default(),
                ]
            })
            .collect();
        Table::new("codebook", &CODEBOOK_HEADERS, rows)
    }
}

/// Answer labels as a codebook writes them: `非常同意=5;同意=4`.
pub fn levels_text(levels: &[(String, f64)]) -> String {
    levels.iter().map(|(l, v)| format!("{l}={v}")).collect::<Vec<_>>().join(";")
}

/// Reads a codebook table; unknown roles and unparseable numbers are reported and skipped.
pub fn parse(table: &Table, warnings: &mut Vec<Warning>) -> Vec<ColumnSpec> {
    let col = |names: &[&str]| table.find_column(names);
    let c_column = col(&["column", "列", "列名"]);
    let Some(c_column) = c_column else {
        warnings.push(Warning::at(&table.name, Some(1), None, "warn.codebook_no_column", Args::new()));
        return Vec::new();
    };
    let c_role = col(&["role", "角色"]);
    let get = |r: usize, c: Option<usize>| -> Option<String> {
        c.map(|c| table.cell(r, c).trim().to_string()).filter(|s| !s.is_empty())
    };
    let cols = (
        col(&["label"]),
        col(&["label_zh"]),
        col(&["dimension", "维度"]),
        col(&["dimension_label"]),
        col(&["dimension_label_zh"]),
        col(&["scale_min"]),
        col(&["scale_max"]),
        col(&["reverse", "反向"]),
        col(&["levels", "选项"]),
        col(&["missing", "缺失值"]),
        col(&["relation"]),
        col(&["relation_label"]),
        col(&["relation_label_zh"]),
    );
    let hant = (col(&["label_zh_hant"]), col(&["dimension_label_zh_hant"]), col(&["relation_label_zh_hant"]));
    let mut out = Vec::new();
    for r in 0..table.n_rows() {
        let Some(column) = get(r, Some(c_column)) else { continue };
        let role_text = get(r, c_role).unwrap_or_default();
        let Some(role) = Role::parse(&role_text) else {
            warnings.push(Warning::at(
                &table.name,
                Some(table.source_row(r)),
                Some("role"),
                "warn.role_unknown",
                args([("role", (&role_text).into()), ("column", (&column).into())]),
            ));
            continue;
        };
        let mut spec = ColumnSpec::new(&column, role);
        spec.label = get(r, cols.0);
        spec.label_zh = get(r, cols.1);
        spec.dimension = get(r, cols.2);
        spec.dimension_label = get(r, cols.3);
        spec.dimension_label_zh = get(r, cols.4);
        for (c, slot, name) in
            [(cols.5, &mut spec.scale_min, "scale_min"), (cols.6, &mut spec.scale_max, "scale_max")]
        {
            if let Some(v) = get(r, c) {
                match v.parse::<f64>() {
                    Ok(x) if x.is_finite() => *slot = Some(x),
                    _ => warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(r)),
                        Some(name),
                        "warn.scale_not_number",
                        args([("value", (&v).into())]),
                    )),
                }
            }
        }
        spec.reverse = get(r, cols.7)
            .map(|v| matches!(v.to_lowercase().as_str(), "yes" | "y" | "true" | "1" | "是" | "反向"))
            .unwrap_or(false);
        if let Some(levels) = get(r, cols.8) {
            spec.levels = parse_levels(&levels, &table.name, table.source_row(r), warnings);
            spec.level_names = level_names(&levels);
        }
        if let Some(m) = get(r, cols.9) {
            spec.missing =
                m.split([';', '；', ',']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        }
        spec.relation = get(r, cols.10);
        spec.relation_label = get(r, cols.11);
        spec.relation_label_zh = get(r, cols.12);
        spec.label_zh_hant = get(r, hant.0);
        spec.dimension_label_zh_hant = get(r, hant.1);
        spec.relation_label_zh_hant = get(r, hant.2);
        out.push(spec);
    }
    out
}

/// The labels of `Never=1;Rarely=2` as written, with their codes (unreadable parts left out:
/// [`parse_levels`] reports them).
pub fn level_names(text: &str) -> Vec<(String, f64)> {
    text.split([';', '；'])
        .filter_map(|part| {
            let part = part.trim().replace('＝', "=");
            let (l, v) = part.rsplit_once('=')?;
            let v = v.trim().parse::<f64>().ok().filter(|v| v.is_finite())?;
            Some((l.trim().to_string(), v))
        })
        .collect()
}

/// Parses `Never=1;Rarely=2` (also `；` and full-width `＝`) into normalized label → code pairs.
pub fn parse_levels(text: &str, file: &str, row: usize, warnings: &mut Vec<Warning>) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for part in text.split([';', '；']).map(str::trim).filter(|s| !s.is_empty()) {
        let part = part.replace('＝', "=");
        let parsed =
            part.rsplit_once('=').and_then(|(l, v)| v.trim().parse::<f64>().ok().map(|v| (l.trim(), v)));
        match parsed {
            Some((label, v)) if v.is_finite() => out.push((crate::ingest::names::normalize(label), v)),
            _ => warnings.push(Warning::at(
                file,
                Some(row),
                Some("levels"),
                "warn.level_unreadable",
                args([("level", (&part).into())]),
            )),
        }
    }
    out
}
