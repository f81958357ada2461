//! Formatted XLSX sheets for readers: human headers over typed columns, numbers stored at full
//! precision with a display format (two or three decimals, percentages for shares), a frozen
//! header row and first column, and column widths fitted to what is shown (a CJK character
//! counts as two). The machine key of each column travels with the sheet, so a workbook can
//! list them on a sheet of their own.

use serde::{Deserialize, Serialize};

use super::{ExportError, neutralize};
use crate::ingest::Table;

/// How a column's cells are stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Text, never read as a number (names, ids, labels), formula-neutralized.
    Text,
    /// A whole number.
    Integer,
    /// A number shown with this many decimals.
    Decimal(u8),
    /// A share (0–1) shown as a percentage with this many decimals.
    Percent(u8),
    /// A p-value: three decimals, "< 0.001" below that.
    P,
    /// A number as the spreadsheet shows it by default (tie weights: 1, 2.5).
    General,
}

impl Format {
    /// The Excel number format (`None` for text).
    pub fn code(self) -> Option<String> {
        let zeros = |d: u8| if d == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(d.into())) };
        match self {
            Format::Text => None,
            Format::Integer => Some("0".into()),
            Format::Decimal(d) => Some(zeros(d)),
            Format::Percent(d) => Some(format!("{}%", zeros(d))),
            Format::P => Some("[<0.001]\"< 0.001\";0.000".into()),
            Format::General => Some("General".into()),
        }
    }

    /// A value as this format shows it (for fitting the column's width).
    fn shown(self, v: f64) -> String {
        match self {
            Format::Text | Format::General => v.to_string(),
            Format::Integer => format!("{v:.0}"),
            Format::Decimal(d) => format!("{v:.*}", usize::from(d)),
            Format::Percent(d) => format!("{:.*}%", usize::from(d), v * 100.0),
            Format::P if v < 0.001 => "< 0.001".into(),
            Format::P => format!("{v:.3}"),
        }
    }
}

/// One sheet of a formatted workbook: a table with human headers, each column's machine key
/// and format, and how many leading columns stay in view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's name (unique in the workbook, at most 31 characters).
    pub name: String,
    /// Headers as a reader sees them, and the cells (numbers as their full-precision text).
    pub table: Table,
    /// Each column's machine key (the JSON report's name for it).
    pub keys: Vec<String>,
    /// Each column's format.
    pub formats: Vec<Format>,
    /// Leading columns frozen with the header row (0 or 1).
    pub frozen_columns: u16,
}

/// The width a cell's text takes in a spreadsheet's columns: wide (CJK, full-width) characters
/// count as two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Widest and narrowest column widths, in characters.
const WIDTH: (usize, usize) = (6, 60);

/// Each column's width: its widest header or cell as shown, plus a margin, within [`WIDTH`].
pub fn column_widths(sheet: &Sheet) -> Vec<f64> {
    let t = &sheet.table;
    (0..t.headers.len())
        .map(|c| {
            let format = sheet.formats.get(c).copied().unwrap_or(Format::Text);
            let cells = (0..t.n_rows()).map(|r| {
                let cell = t.cell(r, c);
                match (format, cell.parse::<f64>()) {
                    (Format::Text, _) | (_, Err(_)) => display_width(cell),
                    (f, Ok(v)) => f.shown(v).len(),
                }
            });
            let widest = cells.chain([display_width(&t.headers[c])]).max().unwrap_or(0);
            (widest + 2).clamp(WIDTH.0, WIDTH.1) as f64
        })
        .collect()
}

/// Writes formatted sheets as one XLSX workbook.
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled (e.g. an invalid sheet name).
pub fn workbook_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        write_sheet(wb.add_worksheet(), sheet)?;
    }
    wb.save_to_buffer().map_err(|e| ExportError(e.to_string()))
}

fn write_sheet(ws: &mut rust_xlsxwriter::Worksheet, sheet: &Sheet) -> Result<(), ExportError> {
    use rust_xlsxwriter::Format as Style;
    let err = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
    let t = &sheet.table;
    ws.set_name(&sheet.name).map_err(err)?;
    let bold = Style::new().set_bold().set_background_color("#EEF2F6");
    let styles: Vec<Option<Style>> = (0..t.headers.len())
        .map(|c| sheet.formats.get(c).and_then(|f| f.code()).map(|code| Style::new().set_num_format(code)))
        .collect();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, neutralize(h).as_ref(), &bold).map_err(err)?;
    }
    for r in 0..t.n_rows() {
        let row = (r + 1) as u32;
        for (c, cell) in t.row(r).into_iter().enumerate() {
            let col = c as u16;
            let number = cell.parse::<f64>().ok().filter(|v| v.is_finite());
            match (&styles[c], number) {
                _ if cell.is_empty() => {}
                (Some(style), Some(v)) => {
                    ws.write_number_with_format(row, col, v, style).map_err(err)?;
                }
                _ => {
                    ws.write_string(row, col, neutralize(cell).as_ref()).map_err(err)?;
                }
            }
        }
    }
    for (c, w) in column_widths(sheet).into_iter().enumerate() {
        ws.set_column_width(c as u16, w).map_err(err)?;
    }
    ws.set_freeze_panes(1, sheet.frozen_columns).map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_as_two_and_numbers_as_shown() {
        assert_eq!(display_width("绿芽ab"), 6);
        assert_eq!(display_width("ＡＢ"), 4);
        let sheet = Sheet {
            name: "s".into(),
            table: Table::new(
                "s",
                &["机构", "p", "share"],
                vec![vec!["北京绿芽社区发展中心".into(), "0.123456789012345".into(), "0.5".into()]],
            ),
            keys: vec!["name".into(), "p".into(), "share".into()],
            formats: vec![Format::Text, Format::P, Format::Percent(1)],
            frozen_columns: 1,
        };
        assert_eq!(column_widths(&sheet), vec![22.0, 7.0, 7.0]);
        assert_eq!(Format::Decimal(2).code().as_deref(), Some("0.00"));
        assert_eq!(Format::Percent(1).code().as_deref(), Some("0.0%"));
        assert_eq!(Format::Integer.shown(3.0), "3");
        assert_eq!(Format::P.shown(0.0001), "< 0.001");
    }
}
