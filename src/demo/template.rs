//! Templates built from the demo's codebook: a blank responses file (CSV), a blank workbook
//! with its `codebook`, `ties` and `aliases` sheets, and an XLSForm for KoboToolbox or ODK.
//! Files filled in from them, or exported by Kobo/ODK from the form, are read without mapping:
//! the headers are the codebook's columns, items are numbered (`ks_1`) and answered 1–5.

use std::collections::BTreeSet;

use crate::export::{ExportError, Sheets, csv_bytes, xlsx_of};
use crate::ingest::Table;

/// Columns of the codebook table (the demo's), by header.
fn column(t: &Table, name: &str) -> usize {
    t.headers.iter().position(|h| h == name).unwrap_or(0)
}

/// The responses header row (no data rows).
fn blank_responses() -> Table {
    let cb = crate::demo::demo().codebook;
    let headers: Vec<&str> = (0..cb.n_rows()).map(|r| cb.cell(r, 0)).collect();
    Table::new("responses", &headers, Vec::new())
}

/// A blank responses CSV (UTF-8 with BOM): the header row to fill in.
pub fn blank_csv() -> Vec<u8> {
    csv_bytes(&blank_responses(), true)
}

/// A blank workbook ([`blank_sheets`]).
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled.
pub fn blank_workbook() -> Result<Vec<u8>, ExportError> {
    xlsx_of(&blank_sheets())
}

/// The blank workbook's sheets: `responses` (headers), `codebook` (filled in), `ties` and
/// `aliases` (headers).
pub fn blank_sheets() -> Sheets {
    let d = crate::demo::demo();
    let ties = Table::new("ties", &["source", "target", "relation", "weight"], Vec::new());
    let aliases = Table::new("aliases", &["alias", "name"], Vec::new());
    vec![
        ("responses".into(), blank_responses()),
        ("codebook".into(), d.codebook),
        ("ties".into(), ties),
        ("aliases".into(), aliases),
    ]
}

/// English labels of the five answers, lowest first.
const LIKERT_EN: [&str; 5] = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"];

/// The XLSForm's three sheets (`survey`, `choices`, `settings`).
pub fn xlsform_tables() -> [Table; 3] {
    let d = crate::demo::demo();
    let cb = &d.codebook;
    let (c_col, c_role, c_label, c_label_zh, c_levels) = (
        column(cb, "column"),
        column(cb, "role"),
        column(cb, "label"),
        column(cb, "label_zh"),
        column(cb, "levels"),
    );
    let mut survey: Vec<Vec<String>> = Vec::new();
    let mut choices: Vec<Vec<String>> = Vec::new();
    let mut likert_done = false;
    let hint_roster =
        ("Names of partner organizations, separated by 、 or ;", "填写合作机构名称，用“、”或“;”分隔");
    for r in cb.rows() {
        let (name, role, en, zh) =
            (r[c_col].to_string(), r[c_role], r[c_label].to_string(), r[c_label_zh].to_string());
        let (kind, required, hint) = match role {
            "name" => ("text".to_string(), "yes", ("", "")),
            "id" => (
                "text".to_string(),
                "",
                ("Unified social credit code if registered", "如已登记，请填写统一社会信用代码"),
            ),
            "numeric" => ("integer".to_string(), "", ("", "")),
            "item" => {
                if !likert_done {
                    // Codes 1–5 with the codebook's Chinese answer labels.
                    let zh_labels: Vec<&str> =
                        r[c_levels].split(';').filter_map(|p| p.split('=').next()).collect();
                    for (k, en_label) in LIKERT_EN.iter().enumerate() {
                        let zh_label = zh_labels.get(k).copied().unwrap_or(en_label);
                        choices.push(vec![
                            "likert5".into(),
                            (k + 1).to_string(),
                            en_label.to_string(),
                            zh_label.into(),
                        ]);
                    }
                    likert_done = true;
                }
                ("select_one likert5".to_string(), "yes", ("", ""))
            }
            "attribute" => {
                // The demo's values as choices (edit them for a real survey).
                let col = column(&d.responses, &name);
                let values: BTreeSet<&str> = (0..d.responses.n_rows())
                    .map(|row| d.responses.cell(row, col).trim())
                    .filter(|v| !v.is_empty())
                    .collect();
                for v in values {
                    let choice = v.replace(' ', "_");
                    choices.push(vec![name.clone(), choice, v.to_string(), v.to_string()]);
                }
                (format!("select_one {name}"), "", ("", ""))
            }
            "roster" => ("text".to_string(), "", hint_roster),
            _ => ("text".to_string(), "", ("", "")),
        };
        survey.push(vec![
            kind,
            name.clone(),
            en,
            zh,
            required.to_string(),
            hint.0.to_string(),
            hint.1.to_string(),
        ]);
    }
    let survey = Table::new(
        "survey",
        &[
            "type",
            "name",
            "label::English (en)",
            "label::中文 (zh)",
            "required",
            "hint::English (en)",
            "hint::中文 (zh)",
        ],
        survey,
    );
    let choices =
        Table::new("choices", &["list_name", "name", "label::English (en)", "label::中文 (zh)"], choices);
    let settings = Table::new(
        "settings",
        &["form_title", "form_id", "version", "default_language"],
        vec![vec![
            "同行 tongxing NGO survey".into(),
            "tongxing_ngo_survey".into(),
            "1".into(),
            "中文 (zh)".into(),
        ]],
    );
    [survey, choices, settings]
}

/// The XLSForm as an XLSX file, to upload to KoboToolbox or ODK Central.
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled.
pub fn xlsform() -> Result<Vec<u8>, ExportError> {
    xlsx_of(&xlsform_sheets())
}

/// The XLSForm's sheets, named as KoboToolbox and ODK expect.
pub fn xlsform_sheets() -> Sheets {
    let [survey, choices, settings] = xlsform_tables();
    vec![("survey".into(), survey), ("choices".into(), choices), ("settings".into(), settings)]
}
