//! Delimited text (CSV, TSV, semicolon-separated Kobo exports): delimiter sniffing and parsing.

use super::IngestError;
use super::stream::InvalidUtf8;
use super::table::{Table, normalize_headers};
use crate::diag::{Arg, Warning, args};

/// Candidate delimiters, in order of preference when scores tie.
const CANDIDATES: [char; 4] = [',', ';', '\t', '|'];

/// Picks the delimiter that splits the first lines into the most, and most consistent, fields.
///
/// Quoted sections are skipped so that commas inside quoted answers do not count.
pub fn sniff_delimiter(text: &str) -> char {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (',', 0usize);
    for d in CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, d)).collect();
        let Some(&first) = counts.first() else { continue };
        if first == 0 {
            continue;
        }
        // Score: the header's field count, kept only when most lines agree with it.
        let agree = counts.iter().filter(|c| **c == first).count();
        let score = if agree * 10 >= counts.len() * 6 { first * 2 + 1 } else { first };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_unquoted(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Parses delimited text with a header row into a [`Table`].
///
/// Short rows are padded with empty cells and long rows keep their extra cells in added
/// columns; both are reported. Empty lines are skipped.
///
/// # Errors
/// [`IngestError::Empty`] when there is no header row; [`IngestError::Csv`] for a record the
/// parser rejects.
pub fn parse(name: &str, text: &str, delimiter: char) -> Result<(Table, Vec<Warning>), IngestError> {
    parse_reader(name, text.as_bytes(), delimiter, text.len(), InvalidUtf8::Replace(None))
}

/// [`parse`] of UTF-8 text read as it comes (see [`super::stream::DecodingReader`]).
///
/// # Errors
/// As [`parse`]; a failing reader ends the parse with [`IngestError::Csv`] (the caller, which
/// knows why the reader failed, reports that instead).
/// `size` is the expected length of the text in bytes (0 when unknown), to allocate the table
/// once (see [`crate::ingest::table::TableBuilder::with_size_hint`]). Each record is checked
/// to be UTF-8 once, as a whole, and copied into the table in one piece; `invalid` says what
/// to do when it is not.
pub fn parse_reader(
    name: &str,
    text: impl std::io::Read,
    delimiter: char,
    size: usize,
    invalid: InvalidUtf8<'_>,
) -> Result<(Table, Vec<Warning>), IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .buffer_capacity(256 * 1024)
        .from_reader(text);
    let mut warnings = Vec::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = crate::ingest::table::TableBuilder::with_size_hint(size);
    let mut row_numbers = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Cell lengths of the current record, and its text when invalid bytes were replaced.
    let mut lengths: Vec<usize> = Vec::new();
    let mut repaired = String::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map(|p| p.line() as usize).unwrap_or(rows.len() + 2);
                return Err(IngestError::Csv { file: name.to_string(), row, detail: e.to_string() });
            }
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(rows.len() + 2);
        lengths.clear();
        lengths.extend(record.iter().map(<[u8]>::len));
        let text = match record_text(&record, &lengths) {
            Some(text) => text,
            None => {
                if !invalid.met() {
                    return Err(IngestError::Csv {
                        file: name.to_string(),
                        row: line,
                        detail: "not UTF-8".into(),
                    });
                }
                repaired.clear();
                lengths.clear();
                for cell in record.iter() {
                    let cell = String::from_utf8_lossy(cell);
                    repaired.push_str(&cell);
                    lengths.push(cell.len());
                }
                repaired.as_str()
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let cells = || {
            let mut start = 0;
            lengths.iter().map(move |len| {
                start += len;
                &text[start - len..start]
            })
        };
        if headers.is_none() {
            let (h, mut w) = normalize_headers(name, cells().map(str::to_string).collect());
            warnings.append(&mut w);
            headers = Some(h);
            continue;
        }
        let Some(h) = headers.as_mut() else { continue };
        let n_cells = lengths.len();
        if n_cells < h.len() {
            warnings.push(Warning::at(
                name,
                Some(line),
                None,
                "warn.ragged_short",
                args([("cells", n_cells.into()), ("header", h.len().into())]),
            ));
        } else if n_cells > h.len() {
            // The header defines the width: the extra cells stay out of the table (quoted here
            // so nothing is lost silently) and every other row is left as it is.
            let width = h.len();
            let extra: Vec<String> = cells().skip(width).map(quote_cell).collect();
            let mut shown: Vec<Arg> = extra.iter().take(MAX_QUOTED).map(Arg::from).collect();
            if extra.len() > MAX_QUOTED {
                shown.push("…".into());
            }
            let k = extra.len();
            warnings.push(Warning::at(
                name,
                Some(line),
                None,
                "warn.ragged_long",
                args([
                    ("extra", k.into()),
                    ("cells", n_cells.into()),
                    ("header", width.into()),
                    ("shown", Arg::List(shown)),
                ]),
            ));
            lengths.truncate(width);
            let kept: usize = lengths.iter().sum();
            rows.push_record(&text[..kept], &lengths);
            row_numbers.push(line);
            continue;
        }
        rows.push_record(text, &lengths);
        row_numbers.push(line);
    }
    let Some(headers) = headers else {
        return Err(IngestError::Empty { file: name.to_string() });
    };
    Ok((rows.finish(name, headers, row_numbers), warnings))
}

/// Extra cells quoted in full in a warning about an overlong row.
const MAX_QUOTED: usize = 5;

/// A cell as a warning quotes it: in “quotes”, cut to 40 characters.
fn quote_cell(cell: &str) -> String {
    let mut chars = cell.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("“{head}…”") } else { format!("“{head}”") }
}

/// The record's cells as one text, when it is UTF-8 and every cell boundary is a character
/// boundary (a character split between two cells is as invalid as a stray byte).
fn record_text<'r>(record: &'r csv::ByteRecord, lengths: &[usize]) -> Option<&'r str> {
    let text = std::str::from_utf8(record.as_slice()).ok()?;
    let mut at = 0;
    for len in lengths {
        at += len;
        if !text.is_char_boundary(at) {
            return None;
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_kobo_semicolons_and_tabs() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), ';');
        assert_eq!(sniff_delimiter("a\tb\n\"x,y\"\t2\n"), '\t');
        assert_eq!(sniff_delimiter("name,city\n\"A; B\",x\n"), ',');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3"), '|');
    }

    #[test]
    fn invalid_utf8_stops_or_is_replaced_per_record() {
        use std::cell::Cell;
        // A stray byte, and a character split by a delimiter (each half invalid on its own,
        // valid when the record's bytes are run together).
        let stray = b"a,b\n\xff,1\n".as_slice();
        let split = b"a,b\n\xe6\x9c,\xba\n".as_slice();
        for bytes in [stray, split] {
            let flag = Cell::new(false);
            let stopped = parse_reader("f.csv", bytes, ',', 0, InvalidUtf8::Stop(&flag));
            assert!(matches!(stopped, Err(IngestError::Csv { row: 2, .. })));
            assert!(flag.get());
            let flag = Cell::new(false);
            let (t, _) = parse_reader("f.csv", bytes, ',', 0, InvalidUtf8::Replace(Some(&flag))).unwrap();
            assert!(flag.get());
            assert!(t.cell(0, 0).contains('\u{fffd}'), "{:?}", t.rows());
        }
        let flag = Cell::new(false);
        let (t, _) =
            parse_reader("f.csv", "名称,城市\n机构,北京\n".as_bytes(), ',', 0, InvalidUtf8::Stop(&flag))
                .unwrap();
        assert!(!flag.get());
        assert_eq!(t.rows(), vec![vec!["机构", "北京"]]);
        assert_eq!(t.headers, vec!["名称", "城市"]);
    }

    #[test]
    fn ragged_rows_are_kept_and_reported() {
        let (t, w) = parse("f.csv", "a,b,c\n1,2\n4,5,6,7\n", ',').unwrap();
        assert_eq!(t.headers, vec!["a", "b", "c"]);
        assert_eq!(t.rows(), vec![vec!["1", "2", ""], vec!["4", "5", "6"]]);
        assert_eq!(t.row_numbers, vec![2, 3]);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].row, Some(2));
        assert!(w[1].message.contains("“7”"), "{}", w[1].message);
    }

    /// One overlong row widened the table, so every normal row after it was reported as
    /// short and a later overlong row was not reported at all.
    #[test]
    fn the_header_defines_the_width() {
        let text = "name,q_1,q_2\nA,1,2\nB,2,3,Li, Wang & Partners\nC,3,4\nD,4,5\nE,5,1,x\n\"F,\",1,2\n";
        let (t, w) = parse("f.csv", text, ',').unwrap();
        assert_eq!(t.headers, vec!["name", "q_1", "q_2"]);
        assert_eq!(
            t.rows(),
            vec![
                vec!["A", "1", "2"],
                vec!["B", "2", "3"],
                vec!["C", "3", "4"],
                vec!["D", "4", "5"],
                vec!["E", "5", "1"],
                vec!["F,", "1", "2"],
            ]
        );
        // Exactly the two long rows (file lines 3 and 6), with their extra cells quoted.
        let rows: Vec<Option<usize>> = w.iter().map(|w| w.row).collect();
        assert_eq!(rows, vec![Some(3), Some(6)]);
        assert!(w[0].message.contains("“Li”, “ Wang & Partners”"), "{}", w[0].message);
        assert!(w[0].message_zh.contains("“Li”"), "{}", w[0].message_zh);
        assert!(w[1].message.contains("1 more cells") && w[1].message.contains("“x”"));
    }
}
