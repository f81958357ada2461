//! Reading typed values out of text cells: missing codes, value labels and numbers.
//!
//! A cell is either missing (empty, `NA`, `不适用`, a codebook missing code), a number, a label
//! mapped to a code, or invalid; invalid cells are reported and treated as missing, never as 0.

use crate::ingest::nfkc::nfkc;

use super::ColumnSpec;
use crate::ingest::names::normalize;

/// Texts that mean "no answer" in every column (compared after trimming, case-insensitively).
pub const MISSING_TOKENS: [&str; 12] =
    ["", "na", "n/a", "#n/a", "-", ".", "不适用", "缺失", "(跳过)", "（跳过）", "跳过", "null"];

/// Default agreement labels for Likert items without codebook levels (5-point).
const DEFAULT_LEVELS: [(&str, f64); 16] = [
    ("非常不同意", 1.0),
    ("完全不同意", 1.0),
    ("不同意", 2.0),
    ("比较不同意", 2.0),
    ("一般", 3.0),
    ("中立", 3.0),
    ("说不清", 3.0),
    ("同意", 4.0),
    ("比较同意", 4.0),
    ("非常同意", 5.0),
    ("完全同意", 5.0),
    ("strongly disagree", 1.0),
    ("disagree", 2.0),
    ("neutral", 3.0),
    ("agree", 4.0),
    ("strongly agree", 5.0),
];

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// No answer.
    Missing,
    /// A number (after label mapping).
    Number(f64),
    /// Text that is neither missing nor a number nor a known label.
    Invalid,
}

/// True when the text is a missing-value token for this column.
pub fn is_missing(text: &str, spec: Option<&ColumnSpec>) -> bool {
    let t = text.trim();
    // The tokens are ASCII or CJK, so an ASCII case-insensitive comparison equals comparing
    // lower-cased text, without allocating for every cell of a million-row file.
    MISSING_TOKENS.iter().any(|m| t.eq_ignore_ascii_case(m))
        || spec.is_some_and(|s| s.missing.iter().any(|m| m == t))
}

/// The default agreement labels, normalized once.
fn default_levels() -> &'static [(String, f64)] {
    static LEVELS: std::sync::OnceLock<Vec<(String, f64)>> = std::sync::OnceLock::new();
    LEVELS.get_or_init(|| DEFAULT_LEVELS.iter().map(|(l, v)| (normalize(l), *v)).collect())
}

/// Most distinct texts a [`Memo`] remembers.
pub const MEMO_MAX: usize = 4096;

/// Remembers a reading of cells by their text.
///
/// Survey columns hold few distinct answers (Likert labels, codes, small counts), so a
/// million-row column costs a few hundred readings and a million hash lookups instead of a
/// million parses and normalizations. Past [`MEMO_MAX`] distinct texts (free text, ids) new
/// texts are read without being remembered, which bounds the memory.
pub struct Memo<'a, T> {
    seen: rustc_hash::FxHashMap<&'a str, T>,
    /// Readings of one-character ASCII texts ("1" to "7", "Y"), by their byte: most answers of
    /// a coded column, found without hashing (a million-row survey reads 16 million of them).
    ascii: [Option<T>; 128],
    /// Readings of the first [`SHORT_MAX`] distinct texts of 2 to 16 bytes ("非常同意", "12"),
    /// found by comparing three numbers ([`ShortKey`]): a labelled column's answers, without
    /// hashing them and comparing their bytes (8 million of a million-row survey's cells).
    short: Vec<(ShortKey, T)>,
}

/// Distinct short texts a [`Memo`] finds without hashing.
const SHORT_MAX: usize = 8;

/// A text of 2 to 16 bytes as its length and two words: its first eight bytes and its last
/// eight (zeros when it is shorter than that), which together hold every byte, so two texts
/// have the same key exactly when they are the same text.
#[derive(Clone, Copy, PartialEq)]
struct ShortKey(usize, u64, u64);

impl ShortKey {
    fn of(text: &str) -> Option<ShortKey> {
        let b = text.as_bytes();
        let word = |bytes: &[u8]| bytes.iter().rev().fold(0u64, |w, x| (w << 8) | u64::from(*x));
        // Eight bytes at once (the same number as `word`).
        let word8 = |bytes: &[u8]| <[u8; 8]>::try_from(bytes).map_or(0, u64::from_le_bytes);
        match b.len() {
            2..8 => Some(ShortKey(b.len(), word(b), 0)),
            8..=16 => Some(ShortKey(b.len(), word8(&b[..8]), word8(&b[b.len() - 8..]))),
            _ => None,
        }
    }
}

impl<'a, T: Copy> Memo<'a, T> {
    /// An empty memo.
    pub fn new() -> Self {
        Memo { seen: Default::default(), ascii: [None; 128], short: Vec::new() }
    }

    /// `read(text)`, computed once per distinct text.
    pub fn get(&mut self, text: &'a str, read: impl FnOnce(&'a str) -> T) -> T {
        if let &[byte] = text.as_bytes()
            && byte < 128
        {
            return *self.ascii[byte as usize].get_or_insert_with(|| read(text));
        }
        // Once `short` is full it stays as it is, so a text is either there or in `seen`.
        let short = ShortKey::of(text);
        if let Some(key) = short {
            if let Some((_, v)) = self.short.iter().find(|(k, _)| *k == key) {
                return *v;
            }
            if self.short.len() < SHORT_MAX {
                let v = read(text);
                self.short.push((key, v));
                return v;
            }
        }
        if let Some(v) = self.seen.get(text) {
            return *v;
        }
        let v = read(text);
        if self.seen.len() < MEMO_MAX {
            self.seen.insert(text, v);
        }
        v
    }
}

impl<T: Copy> Default for Memo<'_, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads a cell as a number using the column's levels and missing codes.
pub fn read_number(text: &str, spec: &ColumnSpec) -> Cell {
    if is_missing(text, Some(spec)) {
        return Cell::Missing;
    }
    if spec.levels.is_empty() {
        // Most cells are plain numbers: no normalization needed.
        if let Some(v) = parse_number(text) {
            return Cell::Number(v);
        }
        let lower = text.trim().to_lowercase();
        if let Some((_, v)) = DEFAULT_LEVELS.iter().find(|(l, _)| *l == lower) {
            return Cell::Number(*v);
        }
        let key = normalize(text);
        return match default_levels().iter().find(|(l, _)| *l == key) {
            Some((_, v)) => Cell::Number(*v),
            None => Cell::Invalid,
        };
    }
    let key = normalize(text);
    if let Some((_, v)) = spec.levels.iter().find(|(l, _)| *l == key) {
        return Cell::Number(*v);
    }
    match parse_number(text) {
        Some(v) => Cell::Number(v),
        None => Cell::Invalid,
    }
}

/// Parses a plain number, accepting full-width digits and thousands separators.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    // Fast path for plain ASCII numbers (almost every numeric cell).
    if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+' || b == b'e' || b == b'E')
        && !text.is_empty()
    {
        return text.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let t: String = nfkc(text).chars().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A quantity typed as text, as in real exports: `约20人` → 20, `50万` → 500,000,
/// `0.5万元` → 5,000, `1.2亿` → 120,000,000, `3k` → 3,000; a range such as `20-30人` or
/// `10至20` gives its midpoint and `true` so the caller can report it.
pub fn parse_quantity(text: &str) -> Option<(f64, bool)> {
    let t: String = nfkc(text.trim()).chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let t = t
        .trim_start_matches(['约', '近', '~', '≈'])
        .trim_start_matches("大约")
        .trim_start_matches("超过")
        .trim_start_matches("不到")
        .trim_end_matches(['人', '名', '元', '个', '家', '年', '位', '次', '左', '右'])
        .trim_end_matches("左右")
        .trim_end_matches("以上")
        .trim_end_matches("以下")
        .trim_end_matches(['人', '名', '元', '个', '家', '年', '位', '次']);
    let single = |x: &str| -> Option<f64> {
        let (body, factor) = if let Some(b) = x.strip_suffix('万') {
            (b, 1e4)
        } else if let Some(b) = x.strip_suffix('亿') {
            (b, 1e8)
        } else if let Some(b) = x.strip_suffix('千') {
            (b, 1e3)
        } else if let Some(b) = x.strip_suffix(['k', 'K']) {
            (b, 1e3)
        } else {
            (x, 1.0)
        };
        let body = body.trim_end_matches(['人', '名', '元', '个', '家']);
        body.parse::<f64>().ok().filter(|v| v.is_finite()).map(|v| v * factor)
    };
    if let Some(v) = single(t) {
        return Some((v, false));
    }
    for sep in ["-", "–", "—", "~", "至", "到"] {
        if let Some((a, b)) = t.split_once(sep)
            && !a.is_empty()
        {
            // A unit on the upper bound applies to both (`20-30万`).
            let unit: String = b.chars().rev().take_while(|c| !c.is_ascii_digit() && *c != '.').collect();
            let unit: String = unit.chars().rev().collect();
            let a_full = if single(a).is_some()
                && !unit.is_empty()
                && a.chars().last().is_some_and(|c| c.is_ascii_digit())
            {
                format!("{a}{unit}")
            } else {
                a.to_string()
            };
            if let (Some(x), Some(y)) = (single(&a_full), single(b)) {
                return Some(((x + y) / 2.0, true));
            }
        }
    }
    None
}

/// True for a valid 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
/// 17 characters from the code set (digits and capitals without I, O, S, V, Z) and the
/// check character Σ(value × weight) — the weights are 3^i mod 31 — mod 31.
pub fn is_credit_code(code: &str) -> bool {
    const SET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let chars: Vec<char> = code.trim().chars().map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (i, c) in chars[..17].iter().enumerate() {
        let Some(v) = SET.find(*c) else { return false };
        sum += v as u32 * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    SET.chars().nth(check as usize) == Some(chars[17])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Role;

    #[test]
    fn memo_reads_each_distinct_text_once() {
        let texts = ["3", "3", "非常同意", "12", "3", "Y", "非常同意", "é", "é", "12", "Y"];
        let mut memo = Memo::new();
        let mut reads = Vec::new();
        for t in texts {
            let got = memo.get(t, |t| {
                reads.push(t);
                t.chars().count() * 100 + t.len()
            });
            assert_eq!(got, t.chars().count() * 100 + t.len(), "{t}");
        }
        // One-character ASCII texts by their byte, others (also one non-ASCII character) hashed.
        assert_eq!(reads, ["3", "非常同意", "12", "Y", "é"]);
    }

    /// Short texts found by their key read as every text read anew: texts of 2 to 16 bytes
    /// that share their first or last eight bytes or differ in one byte in the middle, zero
    /// bytes, more distinct short texts than are kept apart, longer ones and one-byte ones.
    #[test]
    fn memo_gives_every_texts_own_reading() {
        let mut pool: Vec<String> =
            ["非常同意", "同意", "不同意", "非常不同意", "一般", "12", "é", "\0", "\0\0", "a\0"]
                .iter()
                .map(|t| t.to_string())
                .collect();
        for len in 2..=18 {
            for middle in ['x', 'y'] {
                let mut t: String = "abcdefghijklmnopqr"[..len].to_string();
                t.replace_range(len / 2..len / 2 + 1, &middle.to_string());
                pool.push(t);
            }
        }
        let mut rng = crate::rng::Rng::new(47);
        // Fresh memos over a few texts each (all kept by their key), and one over them all.
        for few in 0..400 {
            let mut memo = Memo::new();
            let texts: Vec<&str> = (0..3 + few % 8).map(|_| pool[rng.below(pool.len())].as_str()).collect();
            for _ in 0..30 {
                let t = texts[rng.below(texts.len())];
                assert_eq!(memo.get(t, |t| t), t);
            }
        }
        let mut memo = Memo::new();
        for _ in 0..5_000 {
            let t = pool[rng.below(pool.len())].as_str();
            assert_eq!(memo.get(t, |t| t), t);
        }
    }

    #[test]
    fn quantities_with_units() {
        assert_eq!(parse_quantity("约20人"), Some((20.0, false)));
        assert_eq!(parse_quantity("50万"), Some((500_000.0, false)));
        assert_eq!(parse_quantity("0.5万元"), Some((5_000.0, false)));
        assert_eq!(parse_quantity("1.2亿"), Some((120_000_000.0, false)));
        assert_eq!(parse_quantity("3k"), Some((3_000.0, false)));
        assert_eq!(parse_quantity("20-30人"), Some((25.0, true)));
        assert_eq!(parse_quantity("20-30万"), Some((250_000.0, true)));
        assert_eq!(parse_quantity("１５"), Some((15.0, false)));
        assert_eq!(parse_quantity("很多"), None);
    }

    #[test]
    fn credit_codes() {
        // Check characters computed by hand from the GB 32100-2015 weights.
        assert!(is_credit_code("51110000500000000B"));
        assert!(!is_credit_code("51110000500000000C"));
        assert!(!is_credit_code("5111000050000000"));
        assert!(!is_credit_code("5111000050000000IB"));
    }

    #[test]
    fn cells() {
        let mut spec = ColumnSpec::new("q", Role::Item);
        assert_eq!(read_number(" 4 ", &spec), Cell::Number(4.0));
        assert_eq!(read_number("４", &spec), Cell::Number(4.0));
        assert_eq!(read_number("N/A", &spec), Cell::Missing);
        assert_eq!(read_number("非常同意", &spec), Cell::Number(5.0));
        assert_eq!(read_number("maybe", &spec), Cell::Invalid);
        spec.missing = vec!["99".into()];
        spec.levels = vec![(normalize("Never"), 1.0), (normalize("Often"), 4.0)];
        assert_eq!(read_number("99", &spec), Cell::Missing);
        assert_eq!(read_number("often", &spec), Cell::Number(4.0));
        assert_eq!(read_number("agree", &spec), Cell::Invalid);
    }
}
