//! Excel workbooks (XLSX and legacy XLS) through calamine, held entirely in memory.
//!
//! A workbook may hold every table as a sheet (`responses`/`问卷数据`, `codebook`/`编码表`,
//! `ties`/`关系`, `aliases`/`别名`); otherwise the first sheet is the responses.

#[cfg(feature = "workbooks")]
use std::io::Cursor;

#[cfg(feature = "workbooks")]
use calamine::{Data, Reader, open_workbook_auto_from_rs};

#[cfg(feature = "workbooks")]
use super::table::{Table, normalize_headers};
use super::{IngestError, LoadedFile};
#[cfg(feature = "workbooks")]
use super::{TableKind, classify};

/// Largest total uncompressed size of an XLSX's parts; a crafted workbook (a "zip bomb") could
/// otherwise exhaust the tab's memory while calamine inflates it.
pub const MAX_UNCOMPRESSED: u64 = 1024 * 1024 * 1024;
/// Largest expansion ratio accepted for parts above 64 MB.
#[cfg(feature = "workbooks")]
const MAX_RATIO: u64 = 200;

#[cfg(feature = "workbooks")]
/// Checks the sizes an XLSX declares before any part is inflated.
///
/// # Errors
/// [`IngestError::Decompression`] when the total or a large part's ratio is over the limits;
/// [`IngestError::Workbook`] when the ZIP directory cannot be read.
fn check_zip_sizes(name: &str, bytes: &[u8]) -> Result<(), IngestError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| IngestError::Workbook { file: name.to_string(), detail: e.to_string() })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else { continue };
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if total > MAX_UNCOMPRESSED || (size > 64 * 1024 * 1024 && size / packed > MAX_RATIO) {
            return Err(IngestError::Decompression { file: name.to_string(), bytes: total.max(size) });
        }
    }
    Ok(())
}

/// True for a file name that says workbook: the endings [`load`] reads (calamine: XLSX, XLSM,
/// XLSB, XLS, ODS). One test for the reader and the page, which sends such a file straight to
/// the build that has the reader (`ui::bridge`).
pub fn has_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext))
}

/// True when the bytes start with the ZIP (XLSX) or OLE2 (XLS) signature.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

#[cfg(feature = "workbooks")]
/// Sheet names recognized for each table kind (compared case-insensitively).
fn kind_of_sheet(sheet: &str) -> Option<TableKind> {
    let s = sheet.trim().to_lowercase();
    match s.as_str() {
        "responses" | "数据" | "data" | "问卷数据" => Some(TableKind::Responses),
        "codebook" | "编码表" => Some(TableKind::Codebook),
        "ties" | "关系" | "edges" => Some(TableKind::Ties),
        "aliases" | "别名" => Some(TableKind::Aliases),
        _ => None,
    }
}

/// A build without the workbook reader (the page's quick analysis worker): the job goes to a
/// build with it (see [`IngestError::NoWorkbookReader`]).
///
/// # Errors
/// Always [`IngestError::NoWorkbookReader`].
#[cfg(not(feature = "workbooks"))]
pub fn load(name: &str, _bytes: &[u8]) -> Result<LoadedFile, IngestError> {
    Err(IngestError::NoWorkbookReader { file: name.to_string() })
}

#[cfg(feature = "workbooks")]
/// Reads every non-empty sheet of a workbook.
///
/// # Errors
/// [`IngestError::Workbook`] when calamine cannot open the file.
pub fn load(name: &str, bytes: &[u8]) -> Result<LoadedFile, IngestError> {
    let err = |detail: String| IngestError::Workbook { file: name.to_string(), detail };
    if bytes.starts_with(b"PK") {
        check_zip_sizes(name, bytes)?;
    }
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| err(e.to_string()))?;
    let encoding = if bytes.starts_with(b"PK") { "xlsx" } else { "xls" }.to_string();
    let mut tables = Vec::new();
    let mut warnings = Vec::new();
    let sheet_names = wb.sheet_names().to_vec();
    let mut named_responses = false;
    for (i, sheet) in sheet_names.iter().enumerate() {
        let range = wb.worksheet_range(sheet).map_err(|e| err(format!("{sheet}: {e}")))?;
        let label = format!("{name} › {sheet}");
        let mut rows_iter = range.rows().enumerate().filter(|(_, r)| r.iter().any(|c| !is_blank(c)));
        let Some((_, header_row)) = rows_iter.next() else { continue };
        let (headers, mut w) = normalize_headers(&label, header_row.iter().map(cell_text).collect());
        warnings.append(&mut w);
        let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let mut rows = Vec::new();
        let mut row_numbers = Vec::new();
        for (ri, r) in rows_iter {
            let mut cells: Vec<String> = r.iter().map(cell_text).collect();
            cells.resize(headers.len(), String::new());
            rows.push(cells);
            row_numbers.push(start_row + ri + 1);
        }
        let kind = kind_of_sheet(sheet).unwrap_or_else(|| {
            let k = classify(sheet, &headers);
            if k == TableKind::Responses && i > 0 && named_responses { TableKind::Aliases } else { k }
        });
        if kind == TableKind::Responses {
            if named_responses {
                // Only the first responses-like sheet is analysed; say so rather than mixing.
                warnings.push(crate::diag::Warning::at(
                    &label,
                    None,
                    None,
                    "warn.sheet_unused",
                    Default::default(),
                ));
                continue;
            }
            named_responses = true;
        }
        tables.push((kind, Table::from_rows(&label, headers, &rows, row_numbers)));
    }
    if tables.is_empty() {
        return Err(IngestError::Empty { file: name.to_string() });
    }
    Ok(LoadedFile { tables, encoding, delimiter: None, warnings, sha256: String::new() })
}

#[cfg(feature = "workbooks")]
fn is_blank(c: &Data) -> bool {
    matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.trim().is_empty())
}

#[cfg(feature = "workbooks")]
/// Cell to text; integral floats print without a decimal point so `3.0` reads as `3`.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
