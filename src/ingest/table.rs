//! `Table`: a header row plus string cells, the common shape of every input format.

use serde::{Deserialize, Serialize};

/// A rectangular table of text cells as read from a file or sheet.
///
/// Cells stay text until the codebook says how to read them, so that value labels,
/// missing codes and numbers typed with units can all be handled in one place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// File name, or `file › sheet` for workbooks; used in messages.
    pub name: String,
    /// Column headers, made unique.
    pub headers: Vec<String>,
    /// Data rows; every row has exactly `headers.len()` cells.
    pub rows: Vec<Vec<String>>,
    /// 1-based source row number of each data row (the header is row 1), for messages.
    pub row_numbers: Vec<usize>,
}

impl Table {
    /// A table built in code (templates, exports); data rows are numbered from 2 as in a file.
    pub fn new(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Table {
        let row_numbers = (0..rows.len()).map(|i| i + 2).collect();
        Table {
            name: name.into(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows,
            row_numbers,
        }
    }

    /// Index of a column by exact header.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }

    /// Index of the first column whose trimmed, case-folded header is one of `names`.
    pub fn find_column(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|h| {
            let h = h.trim().to_lowercase();
            names.iter().any(|n| h == *n)
        })
    }

    /// A cell, or "" when the row is short.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map(String::as_str).unwrap_or("")
    }

    /// Source row number of a data row, for messages.
    pub fn source_row(&self, row: usize) -> usize {
        self.row_numbers.get(row).copied().unwrap_or(row + 2)
    }
}

/// Makes headers unique and non-empty, reporting every change.
pub fn normalize_headers(file: &str, raw: Vec<String>) -> (Vec<String>, Vec<crate::diag::Warning>) {
    let mut warnings = Vec::new();
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, h) in raw.into_iter().enumerate() {
        let mut h = h.trim().trim_start_matches('\u{feff}').to_string();
        if h.is_empty() {
            h = format!("column_{}", i + 1);
            warnings.push(crate::diag::Warning::at(
                file,
                Some(1),
                Some(&h),
                format!("column {} has no header; it was named “{h}”.", i + 1),
                format!("第 {} 列没有表头，已命名为“{h}”。", i + 1),
            ));
        }
        if out.contains(&h) {
            let mut k = 2;
            while out.contains(&format!("{h} ({k})")) {
                k += 1;
            }
            let new = format!("{h} ({k})");
            warnings.push(crate::diag::Warning::at(
                file,
                Some(1),
                Some(&h),
                format!("the header “{h}” appears more than once; this copy was renamed “{new}”. Rename the columns in the file to keep them apart."),
                format!("表头“{h}”重复出现；此列已重命名为“{new}”。请在文件中修改列名以便区分。"),
            ));
            h = new;
        }
        out.push(h);
    }
    (out, warnings)
}
