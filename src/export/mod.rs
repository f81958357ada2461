//! Exports: CSV and XLSX writers shared by templates, tables and reports; the results workbook
//! ([`workbook`], formatted by [`xlsx`]), network files for Gephi ([`graph`]), the printable HTML report ([`html`]),
//! feedback profiles ([`profile`]) and the sentences behind the suggestions ([`text`]).
//!
//! Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`,
//! `@`, tab or carriage return, per the OWASP CSV-injection guidance) is prefixed with `'`,
//! unless it is a plain number such as `-2`.

pub mod change_tables;
pub mod change_text;
pub mod graph;
pub mod html;
pub mod html_change;
pub mod profile;
pub mod ratings;
pub mod rounds;
pub mod text;
pub mod workbook;
pub mod xlsx;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ingest::Table;

/// The sheets of a workbook to write: (sheet name, table).
pub type Sheets = Vec<(String, Table)>;

/// A binary file described by its contents. The page builds recipes (tables and text are
/// cheap to make) and the worker writes the bytes with [`FileRecipe::make`]: the XLSX and ZIP
/// writers (rust_xlsxwriter, zip, flate2, about a third of a megabyte of code) then stay out
/// of the page's first download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FileRecipe {
    /// An XLSX workbook of these sheets (see [`xlsx_bytes`]).
    Xlsx(Sheets),
    /// An XLSX workbook of formatted sheets (see [`xlsx::workbook_bytes`]).
    Workbook(Vec<xlsx::Sheet>),
    /// A ZIP archive of text files (name, contents), deflated.
    Zip(Vec<(String, String)>),
    /// Text encoded as GB18030 (a CSV download for older Excel on Chinese Windows): the
    /// encoder's tables (about 0.1 MB) stay out of the page too.
    Gb18030(String),
}

impl FileRecipe {
    /// Writes the file.
    ///
    /// # Errors
    /// [`ExportError`] when the workbook or archive cannot be assembled.
    pub fn make(&self) -> Result<Vec<u8>, ExportError> {
        match self {
            FileRecipe::Xlsx(sheets) => xlsx_of(sheets),
            FileRecipe::Workbook(sheets) => xlsx::workbook_bytes(sheets),
            FileRecipe::Zip(files) => zip_bytes(files),
            FileRecipe::Gb18030(text) => Ok(gb18030(text)),
        }
    }
}

/// An export could not be written.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("export failed: {0}")]
pub struct ExportError(pub String);

/// A number as an export cell: empty when undefined, never "NaN" or "inf".
pub fn number_cell(x: Option<f64>) -> String {
    // `+ 0.0` turns a negative zero into zero (Rust prints -0.0 as "-0").
    x.filter(|v| v.is_finite()).map(|v| (v + 0.0).to_string()).unwrap_or_default()
}

/// Neutralizes a cell that a spreadsheet would treat as a formula.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // Only a plain number (no spaces, e.g. a skip code like -2) may keep its sign.
    if risky && cell.parse::<f64>().is_err() { format!("'{cell}").into() } else { cell.into() }
}

/// Writes a table as CSV (comma, quoted as needed), with a UTF-8 BOM when `bom` is set so that
/// Excel on Chinese Windows opens it correctly.
pub fn csv_bytes(table: &Table, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut w = csv::WriterBuilder::new().from_writer(out);
    // Writing to a Vec cannot fail, but errors are still handled rather than unwrapped.
    let mut write = |cells: &[String]| {
        let _ = w.write_record(cells.iter().map(|c| neutralize(c).into_owned()));
    };
    write(&table.headers);
    for r in 0..table.n_rows() {
        let row: Vec<String> = table.row(r).into_iter().map(str::to_string).collect();
        write(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// A CSV download in the user's chosen encoding: `gb18030` (no BOM; what older Excel on
/// Chinese Windows expects) or, for anything else, UTF-8 with a BOM. GB18030 encodes every
/// Unicode character, so nothing is lost either way.
pub fn csv_download(table: &Table, encoding: &str) -> Vec<u8> {
    if encoding.eq_ignore_ascii_case("gb18030") { gb18030(&csv_text(table)) } else { csv_bytes(table, true) }
}

/// A table as CSV text without a BOM (what [`csv_download`] encodes as GB18030).
pub fn csv_text(table: &Table) -> String {
    String::from_utf8_lossy(&csv_bytes(table, false)).into_owned()
}

/// `text` encoded as GB18030.
fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

/// [`xlsx_bytes`] of owned sheets.
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled.
pub fn xlsx_of(sheets: &Sheets) -> Result<Vec<u8>, ExportError> {
    let refs: Vec<(&str, &Table)> = sheets.iter().map(|(n, t)| (n.as_str(), t)).collect();
    xlsx_bytes(&refs)
}

/// A deflated ZIP archive of text files (name, contents), in the given order.
///
/// # Errors
/// [`ExportError`] when the archive cannot be written.
pub fn zip_bytes(files: &[(String, String)]) -> Result<Vec<u8>, ExportError> {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    let err = |e: &dyn std::fmt::Display| ExportError(e.to_string());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in files {
        z.start_file(name.as_str(), options).map_err(|e| err(&e))?;
        z.write_all(text.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(z.finish().map_err(|e| err(&e))?.into_inner())
}

/// Writes tables as sheets of one XLSX workbook; numeric-looking cells become numbers.
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled (e.g. an invalid sheet name).
pub fn xlsx_bytes(sheets: &[(&str, &Table)]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, table) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).map_err(err)?;
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, neutralize(h).as_ref(), &bold).map_err(err)?;
        }
        for r in 0..table.n_rows() {
            for (c, cell) in table.row(r).into_iter().enumerate() {
                let (r, c) = ((r + 1) as u32, c as u16);
                if cell.is_empty() {
                    continue;
                }
                match as_number(cell) {
                    Some(v) => ws.write_number(r, c, v).map_err(err)?,
                    None => ws.write_string(r, c, neutralize(cell).as_ref()).map_err(err)?,
                };
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// The codebook as applied (given or inferred) in the codebook table format, so a user can
/// download it, correct roles or dimensions, and load it next time with the same responses.
pub fn applied_codebook(report: &crate::report::Report) -> Table {
    codebook_table(&report.input.codebook, &report.capacity.dimensions)
}

/// Codebook entries (e.g. edited in the page's mapping table) as a codebook table that
/// tongxing reads back; dimension labels and scales not given come from the analysed
/// dimensions.
pub fn codebook_table(
    entries: &[crate::report::CodebookEntry],
    dims: &[crate::report::DimensionReport],
) -> Table {
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let rows = entries
        .iter()
        .map(|c| {
            // Tie items carry a dimension, scale and reverse-keying as items do, and a relation
            // as rosters do.
            let item = c.role == "item" || c.role == "tie_item";
            let related = c.role == "roster" || c.role == "tie_item";
            let dim = dims.iter().find(|d| Some(&d.key) == c.dimension.as_ref()).filter(|_| c.role == "item");
            vec![
                c.column.clone(),
                c.role.clone(),
                c.label.clone().unwrap_or_default(),
                c.label_zh.clone().unwrap_or_default(),
                c.dimension.clone().filter(|_| item).unwrap_or_default(),
                c.dimension_label
                    .clone()
                    .or_else(|| dim.map(|d| d.label.clone()))
                    .filter(|_| item)
                    .unwrap_or_default(),
                c.dimension_label_zh
                    .clone()
                    .or_else(|| dim.map(|d| d.label_zh.clone()))
                    .filter(|_| item)
                    .unwrap_or_default(),
                num(c.scale_min.or_else(|| dim.map(|d| d.scale_min)).filter(|_| item)),
                num(c.scale_max.or_else(|| dim.map(|d| d.scale_max)).filter(|_| item)),
                if c.reverse && item { "yes".into() } else { "no".into() },
                c.levels.clone(),
                c.missing.clone(),
                c.relation.clone().filter(|_| related).unwrap_or_default(),
                c.relation_label.clone().filter(|_| c.role == "roster").unwrap_or_default(),
                c.relation_label_zh.clone().filter(|_| c.role == "roster").unwrap_or_default(),
                c.label_zh_hant.clone().unwrap_or_default(),
                c.dimension_label_zh_hant
                    .clone()
                    .or_else(|| dim.and_then(|d| d.label_zh_hant.clone()))
                    .filter(|_| item)
                    .unwrap_or_default(),
                c.relation_label_zh_hant.clone().filter(|_| c.role == "roster").unwrap_or_default(),
            ]
        })
        .collect();
    Table::new("codebook.csv", &crate::survey::codebook::CODEBOOK_HEADERS, rows)
}

/// A cell that should be stored as a number: plain digits without padding zeros (so ids such
/// as `007` and credit codes stay text).
fn as_number(cell: &str) -> Option<f64> {
    let padded = cell.len() > 1 && cell.starts_with('0') && !cell.starts_with("0.");
    if cell.trim() != cell || padded || !cell.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return None;
    }
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A safe file name stem from a chart id or relation key: letters (any script), digits, `-`
/// and `_` are kept, anything else (slashes, dots, spaces) becomes `_`.
pub fn file_stem(id: &str) -> String {
    let s: String =
        id.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if s.is_empty() { "chart".into() } else { s }
}

/// A file name stem from a label in the UI language (a chart's title): any script kept;
/// `/ \ : * ? " < > |`, their full-width forms and spaces become `-` (runs of them one);
/// quotation marks and control characters go; at most 80 characters. Falls back to the
/// [`file_stem`] of `id` when nothing is left.
pub fn label_file_stem(label: &str, id: &str) -> String {
    const DASH: &[char] =
        &['/', '\\', ':', '*', '?', '"', '<', '>', '|', '／', '＼', '：', '＊', '？', '＂', '＜', '＞', '｜'];
    const DROP: &[char] = &['“', '”', '‘', '’', '「', '」', '『', '』', '\''];
    let mut out = String::new();
    for c in label.chars().filter(|c| !c.is_control() && !DROP.contains(c)) {
        if DASH.contains(&c) || c.is_whitespace() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    let out: String = out.trim_matches(|c| c == '-' || c == '.').chars().take(80).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() { file_stem(id) } else { out.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_injection_is_neutralized() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("+86 10"), "'+86 10");
        assert_eq!(neutralize("-2"), "-2");
        assert_eq!(neutralize("绿色未来"), "绿色未来");
        let t = Table::new("t", &["a"], vec![vec!["=1+1".into()]]);
        let bytes = csv_bytes(&t, true);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert!(String::from_utf8_lossy(&bytes).contains("'=1+1"));
    }

    #[test]
    fn number_cells_have_no_negative_zero() {
        assert_eq!(number_cell(Some(-0.0)), "0");
        assert_eq!(number_cell(Some(-0.5)), "-0.5");
        assert_eq!(number_cell(Some(f64::NAN)), "");
        assert_eq!(number_cell(None), "");
    }
}
