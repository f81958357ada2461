//! `Table`: a header row plus string cells, the common shape of every input format.

use serde::{Deserialize, Serialize};

/// A rectangular table of text cells as read from a file or sheet.
///
/// Cells stay text until the codebook says how to read them, so that value labels,
/// missing codes and numbers typed with units can all be handled in one place.
///
/// All cells live in one string with one end offset per cell (row by row): a million-row,
/// thirty-column survey takes the size of its text plus 4 bytes per cell, instead of a
/// separately allocated `String` per cell (about 50 bytes each before any text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// File name, or `file › sheet` for workbooks; used in messages.
    pub name: String,
    /// Column headers, made unique.
    pub headers: Vec<String>,
    /// Every cell's text, row by row.
    text: String,
    /// End offset in `text` of each cell, row-major (`headers.len()` per row).
    ends: Vec<u32>,
    /// Number of data rows.
    n_rows: usize,
    /// 1-based source row number of each data row (the header is row 1), for messages.
    pub row_numbers: Vec<usize>,
}

/// Builds a [`Table`] row by row; rows may be ragged until [`TableBuilder::finish`] pads them.
#[derive(Debug, Default)]
pub struct TableBuilder {
    text: String,
    ends: Vec<u32>,
    /// Index into `ends` where each row starts.
    row_starts: Vec<usize>,
    /// Expected bytes of cell text (0: unknown), see [`TableBuilder::with_size_hint`].
    hint: usize,
}

/// Rows read before the cell and row lists are sized from the size hint.
const SAMPLE_ROWS: usize = 1024;

impl TableBuilder {
    /// A builder for about `bytes` of cell text (the file's size). The text is allocated once,
    /// and after the first [`SAMPLE_ROWS`] rows the cell and row lists are sized from the cells
    /// per byte seen so far: growing by doubling holds the old and the new buffer at once, and
    /// for a 200 MB file that was the worker's peak memory.
    pub fn with_size_hint(bytes: usize) -> Self {
        TableBuilder { text: String::with_capacity(bytes), hint: bytes, ..Default::default() }
    }

    /// Appends a row.
    pub fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row_starts.push(self.ends.len());
        for c in cells {
            self.text.push_str(c);
            self.ends.push(self.text.len() as u32);
        }
        self.size_lists();
    }

    /// After the first [`SAMPLE_ROWS`] rows, sizes the cell and row lists from the size hint.
    fn size_lists(&mut self) {
        if self.row_starts.len() == SAMPLE_ROWS && self.hint > self.text.len() {
            let scale = self.hint as f64 / self.text.len().max(1) as f64 * 1.02;
            let cells = (self.ends.len() as f64 * scale) as usize;
            let rows = (SAMPLE_ROWS as f64 * scale) as usize;
            self.ends.reserve_exact(cells.saturating_sub(self.ends.len()));
            self.row_starts.reserve_exact(rows.saturating_sub(self.row_starts.len()));
        }
    }

    /// Appends a row given as its cells' text run together and each cell's length in bytes
    /// (as a CSV record holds it): one copy of the text instead of one per cell.
    pub fn push_record(&mut self, text: &str, lengths: &[usize]) {
        self.row_starts.push(self.ends.len());
        let mut end = self.text.len();
        self.text.push_str(text);
        for len in lengths {
            end += len;
            self.ends.push(end as u32);
        }
        self.size_lists();
    }

    /// Rows pushed so far.
    pub fn len(&self) -> usize {
        self.row_starts.len()
    }

    /// True before the first row.
    pub fn is_empty(&self) -> bool {
        self.row_starts.is_empty()
    }

    /// The table, every row padded with empty cells (or cut) to `headers.len()` cells.
    pub fn finish(self, name: &str, headers: Vec<String>, row_numbers: Vec<usize>) -> Table {
        let width = headers.len();
        let n_rows = self.row_starts.len();
        let row_end = |r: usize| self.row_starts.get(r + 1).copied().unwrap_or(self.ends.len());
        let regular = (0..n_rows).all(|r| row_end(r) - self.row_starts[r] == width);
        if regular {
            return Table {
                name: name.to_string(),
                headers,
                text: self.text,
                ends: self.ends,
                n_rows,
                row_numbers,
            };
        }
        // Ragged rows: copy each kept cell, pad short rows with empty cells.
        let mut text = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(n_rows * width);
        for r in 0..n_rows {
            let (start, end) = (self.row_starts[r], row_end(r));
            for k in 0..width {
                let i = start + k;
                if i < end {
                    let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
                    text.push_str(&self.text[a..self.ends[i] as usize]);
                }
                ends.push(text.len() as u32);
            }
        }
        Table { name: name.to_string(), headers, text, ends, n_rows, row_numbers }
    }
}

impl Table {
    /// A table built in code (templates, exports); data rows are numbered from 2 as in a file.
    pub fn new(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Table {
        let row_numbers = (0..rows.len()).map(|i| i + 2).collect();
        Table::from_rows(name, headers.iter().map(|s| s.to_string()).collect(), &rows, row_numbers)
    }

    /// A table from rows of cells (padded or cut to the headers' width).
    pub fn from_rows(
        name: &str,
        headers: Vec<String>,
        rows: &[Vec<String>],
        row_numbers: Vec<usize>,
    ) -> Table {
        let mut b = TableBuilder::default();
        for r in rows {
            b.push_row(r.iter().map(String::as_str));
        }
        b.finish(name, headers, row_numbers)
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// One row's cells.
    pub fn row(&self, r: usize) -> Vec<&str> {
        (0..self.headers.len()).map(|c| self.cell(r, c)).collect()
    }

    /// Every row's cells (for small tables: exports, tests).
    pub fn rows(&self) -> Vec<Vec<&str>> {
        (0..self.n_rows).map(|r| self.row(r)).collect()
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

    /// A cell, or "" outside the table.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        let w = self.headers.len();
        if row >= self.n_rows || col >= w {
            return "";
        }
        let i = row * w + col;
        let end = self.ends[i] as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end).unwrap_or("")
    }

    /// Replaces the cells of column `col` for which `f(row, text)` returns a new text (used
    /// once per column, e.g. to coarsen rare values; rebuilds the cell store).
    pub fn map_column(&mut self, col: usize, f: impl Fn(usize, &str) -> Option<String>) {
        let mut b = TableBuilder::default();
        for r in 0..self.n_rows {
            let new = f(r, self.cell(r, col));
            let row: Vec<&str> = (0..self.headers.len())
                .map(|c| if c == col { new.as_deref().unwrap_or(self.cell(r, c)) } else { self.cell(r, c) })
                .collect();
            b.push_row(row);
        }
        let t = b.finish(&self.name, self.headers.clone(), self.row_numbers.clone());
        self.text = t.text;
        self.ends = t.ends;
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
                "warn.header_missing",
                crate::diag::args([("n", (i + 1).into()), ("name", (&h).into())]),
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
                "warn.header_duplicate",
                crate::diag::args([("header", (&h).into()), ("renamed", (&new).into())]),
            ));
            h = new;
        }
        out.push(h);
    }
    (out, warnings)
}
