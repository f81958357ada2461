//! Ingest: bytes of a dropped file → decoded text → tables with headers.
//!
//! The entry point is [`load_file`], which detects the container (CSV/TSV/TXT, XLSX/XLS, JSON),
//! the text encoding and the delimiter, and returns every table found with a guess of what it
//! holds (responses, codebook, ties, aliases). Problems that do not stop reading become
//! [`crate::diag::Warning`]s; nothing is dropped silently.

pub mod decode;
pub mod delimited;
pub mod json;
pub mod names;
pub mod nfkc;
pub mod stream;
pub mod table;
pub mod text_decode;
pub mod workbook;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::diag::{Arg, Args, Localize, UserMessage, Warning, args};
pub use stream::ByteSource;
pub use table::Table;

/// Largest file accepted in one piece; larger files get a clear message instead of exhausting
/// the tab's memory.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

/// What a table holds, guessed from sheet names, file names and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per responding organization.
    Responses,
    /// Column roles, dimensions and value labels.
    Codebook,
    /// An edge list (`source`, `target`, `relation`, `weight`).
    Ties,
    /// Name variants (`alias`, `name`).
    Aliases,
}

/// A file after reading: its tables and how it was decoded.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Tables found, each with its guessed kind.
    pub tables: Vec<(TableKind, Table)>,
    /// Text encoding used (`UTF-8`, `GB18030`, `UTF-16LE`, …) or `xlsx`/`xls` for workbooks.
    pub encoding: String,
    /// Delimiter for delimited text; `None` for workbooks and JSON.
    pub delimiter: Option<char>,
    /// Problems found while reading.
    pub warnings: Vec<Warning>,
    /// SHA-256 of the file's bytes (hexadecimal), computed while reading.
    pub sha256: String,
}

/// Lowercase hex SHA-256 of bytes (the files' fingerprints in the reproducibility record).
pub fn sha256_hex(bytes: &[u8]) -> String {
    stream::hex(<sha2::Sha256 as sha2::Digest>::new_with_prefix(bytes))
}

/// Why a file could not be read at all.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum IngestError {
    /// The file has no bytes or no header row.
    #[error("{file}: the file is empty")]
    Empty { file: String },
    /// The file looks like binary data that is not a workbook.
    #[error("{file}: this is not a text table or a workbook (binary data at byte {offset})")]
    Binary { file: String, offset: usize },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{file}: the file is too large ({bytes} bytes)")]
    TooLarge { file: String, bytes: usize },
    /// A workbook that calamine cannot open (truncated, corrupt, password-protected).
    #[error("{file}: the workbook cannot be read: {detail}")]
    Workbook { file: String, detail: String },
    /// JSON that is not an array of objects.
    #[error("{file}: JSON must be an array of objects: {detail}")]
    Json { file: String, detail: String },
    /// A CSV record that the parser rejects.
    #[error("{file}: row {row}: {detail}")]
    Csv { file: String, row: usize, detail: String },
    /// A workbook whose contents would decompress to more than the limit (a "zip bomb").
    #[error("{file}: the workbook would decompress to {bytes} bytes")]
    Decompression { file: String, bytes: u64 },
    /// The responses table has a header but no data rows.
    #[error("{file}: no data rows")]
    NoRows { file: String },
    /// No table with the required role was given (`found`: the other tables, by file).
    #[error("no responses table (found: {found:?})")]
    NoResponses { found: Vec<(String, TableKind)> },
    /// The file's bytes could not be read (in the browser: changed or removed since chosen).
    #[error("{file}: the file could not be read: {detail}")]
    Read { file: String, detail: String },
    /// A workbook met by a build without the workbook reader (the page's quick analysis
    /// worker, built without the `workbooks` feature): the page runs the job again in the
    /// fast build, which has it.
    #[error("{file}: this build cannot read workbooks")]
    NoWorkbookReader { file: String },
}

impl Localize for IngestError {
    fn user_message(&self) -> UserMessage {
        let file = |f: &str| ("file", Arg::from(f));
        let mb = |b: u64| Arg::from(b / 1_048_576);
        let with_detail = |key: &str, a: Args, detail: &str| UserMessage {
            key: key.to_string(),
            args: a,
            detail: Some(detail.to_string()),
        };
        match self {
            IngestError::Empty { file: f } => UserMessage::new("error.empty", args([file(f)])),
            IngestError::Binary { file: f, offset } => {
                UserMessage::new("error.binary", args([file(f), ("offset", (*offset).into())]))
            }
            IngestError::TooLarge { file: f, bytes } => UserMessage::new(
                "error.too_large",
                args([file(f), ("mb", mb(*bytes as u64)), ("limit", mb(MAX_FILE_BYTES as u64))]),
            ),
            IngestError::Workbook { file: f, detail } => {
                with_detail("error.workbook", args([file(f)]), detail)
            }
            IngestError::Json { file: f, detail } => with_detail("error.json", args([file(f)]), detail),
            IngestError::Csv { file: f, row, detail } => {
                with_detail("error.csv", args([file(f), ("row", (*row).into())]), detail)
            }
            IngestError::Decompression { file: f, bytes } => UserMessage::new(
                "error.decompression",
                args([file(f), ("mb", mb(*bytes)), ("limit", mb(workbook::MAX_UNCOMPRESSED))]),
            ),
            IngestError::NoRows { file: f } => UserMessage::new("error.no_rows", args([file(f)])),
            IngestError::Read { file: f, detail } => with_detail("error.read", args([file(f)]), detail),
            IngestError::NoWorkbookReader { file: f } => {
                UserMessage::new("error.workbook_engine", args([file(f)]))
            }
            IngestError::NoResponses { found } if found.is_empty() => {
                UserMessage::new("error.no_responses_none", Args::new())
            }
            IngestError::NoResponses { found } => {
                // Each table as "file (kind)", the kind in the reader's language.
                let found = found
                    .iter()
                    .map(|(name, kind)| {
                        let kind = Arg::Term(format!("kind.{}", kind.key()));
                        Arg::Message("error.found_table".into(), args([file(name), ("kind", kind)]))
                    })
                    .collect();
                UserMessage::new("error.no_responses", args([("found", Arg::List(found))]))
            }
        }
    }
}

impl TableKind {
    /// The kind's key (`responses`, `codebook`, `ties`, `aliases`), as in the report's JSON.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Responses => "responses",
            TableKind::Codebook => "codebook",
            TableKind::Ties => "ties",
            TableKind::Aliases => "aliases",
        }
    }
}

/// Reads one file into tables, detecting the container, encoding and delimiter.
///
/// `encoding_override` forces a text encoding label (as understood by `encoding_rs`).
///
/// # Errors
/// Returns an [`IngestError`] when nothing usable can be read; every recoverable problem is a
/// warning in the result instead.
pub fn load_file(
    name: &str,
    bytes: &[u8],
    encoding_override: Option<&str>,
) -> Result<LoadedFile, IngestError> {
    load_file_timed(name, bytes, encoding_override, &|| 0.0).map(|(f, _)| f)
}

/// Milliseconds spent decoding text and parsing tables.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoadTimes {
    /// Byte → text decoding (0 for workbooks, whose parser decodes).
    pub decode: f64,
    /// Text or workbook → tables.
    pub parse: f64,
}

/// [`load_file`] with a clock (milliseconds) to time decoding and parsing separately.
///
/// # Errors
/// As [`load_file`].
pub fn load_file_timed(
    name: &str,
    bytes: &[u8],
    encoding_override: Option<&str>,
    clock: &dyn Fn() -> f64,
) -> Result<(LoadedFile, LoadTimes), IngestError> {
    load_source(name, &bytes, encoding_override, clock, &mut |_| {})
}

/// Reads one file from a [`ByteSource`]: delimited text is decoded and parsed a chunk at a time
/// ([`stream`]), so neither the file's bytes nor its text are ever held whole; workbooks and
/// JSON are read whole (their parsers need all of it). `on_bytes` hears how many bytes of the
/// source have been read, for a progress bar.
///
/// # Errors
/// As [`load_file`]; [`IngestError::Read`] when the source fails.
pub fn load_source(
    name: &str,
    src: &dyn ByteSource,
    encoding_override: Option<&str>,
    clock: &dyn Fn() -> f64,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(LoadedFile, LoadTimes), IngestError> {
    let len = src.len();
    if len == 0 {
        return Err(IngestError::Empty { file: name.to_string() });
    }
    if len > MAX_FILE_BYTES as u64 {
        return Err(IngestError::TooLarge { file: name.to_string(), bytes: len as usize });
    }
    let read_error = |e: std::io::Error| IngestError::Read { file: name.to_string(), detail: e.to_string() };
    let t0 = clock();
    let head = src.read_range(0, stream::HEAD_BYTES).map_err(read_error)?;
    let whole = head.len() as u64 >= len;
    let everything =
        |head: Vec<u8>| if whole { Ok(head) } else { src.read_range(0, len as usize).map_err(read_error) };
    let lower = name.to_lowercase();
    if workbook::is_workbook(&head) || workbook::has_workbook_name(name) {
        let bytes = everything(head)?;
        on_bytes(len);
        let mut f = workbook::load(name, &bytes)?;
        f.sha256 = sha256_hex(&bytes);
        return Ok((f, LoadTimes { decode: 0.0, parse: clock() - t0 }));
    }
    let mut enc = stream::choose_encoding(name, &head, whole, encoding_override)?;
    let (mut head_text, _) = stream::decode_all(&head, enc);
    if lower.ends_with(".json") || head_text.trim_start().starts_with('[') {
        let bytes = everything(head)?;
        on_bytes(len);
        let decoded = decode::decode(name, &bytes, encoding_override)?;
        let t1 = clock();
        let table = json::parse(name, decoded.text.trim_start())?;
        let file = LoadedFile {
            tables: vec![(classify(name, &table.headers), table)],
            encoding: decoded.encoding,
            delimiter: None,
            warnings: decoded.warnings,
            sha256: sha256_hex(&bytes),
        };
        return Ok((file, LoadTimes { decode: t1 - t0, parse: clock() - t1 }));
    }
    // The delimiter is sniffed on the head's whole lines.
    if !whole && let Some(end) = head_text.rfind('\n') {
        head_text.truncate(end);
    }
    let delimiter = delimited::sniff_delimiter(&head_text);
    // The reader starts after a BOM; the file's hash covers it too.
    let bom = head[..enc.skip.min(head.len())].to_vec();
    drop(head);
    let mut warnings: Vec<Warning> = decode::unknown_label(name, encoding_override).into_iter().collect();
    loop {
        let state = stream::DecodeState::default();
        sha2::Digest::update(&mut *state.hash.borrow_mut(), &bom);
        let reader = stream::DecodingReader::new(src, enc, &state, clock, &mut *on_bytes);
        let invalid = reader.invalid_utf8();
        let parsed = delimited::parse_reader(name, reader, delimiter, src.len() as usize, invalid);
        if state.malformed.get() {
            // Valid UTF-8 at the start only: read it all again as GB18030, as decoding the whole
            // file at once would have decided.
            enc = stream::TextEncoding {
                encoding: encoding_rs::GB18030,
                label: "GB18030",
                tentative: false,
                ..enc
            };
            continue;
        }
        if let Some(detail) = state.failed.take() {
            return Err(IngestError::Read { file: name.to_string(), detail });
        }
        let (table, mut w) = parsed?;
        if state.replaced.get() {
            warnings.push(decode::replaced_warning(name, enc.encoding.name()));
        }
        warnings.append(&mut w);
        let kind = classify(name, &table.headers);
        let decode_ms = state.ms.get();
        let file = LoadedFile {
            tables: vec![(kind, table)],
            encoding: enc.label.to_string(),
            delimiter: Some(delimiter),
            warnings,
            sha256: stream::hex(state.hash.into_inner()),
        };
        return Ok((file, LoadTimes { decode: decode_ms, parse: clock() - t0 - decode_ms }));
    }
}

/// Guesses what a table holds from its sheet or file name, then from its headers.
pub fn classify(name: &str, headers: &[String]) -> TableKind {
    let lower = name.to_lowercase();
    let stem = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    let by_name = [
        (TableKind::Codebook, ["codebook", "编码表", "codes"]),
        (TableKind::Ties, ["ties", "关系", "edges"]),
        (TableKind::Aliases, ["aliases", "别名", "alias"]),
    ];
    let has = |h: &str| headers.iter().any(|x| x.trim().eq_ignore_ascii_case(h));
    if has("column") && has("role") {
        return TableKind::Codebook;
    }
    if has("source") && has("target") {
        return TableKind::Ties;
    }
    if has("alias") && has("name") && headers.len() <= 3 {
        return TableKind::Aliases;
    }
    for (kind, words) in by_name {
        if words.iter().any(|w| stem.contains(w)) {
            return kind;
        }
    }
    TableKind::Responses
}
