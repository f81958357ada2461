//! Reading typed values out of text cells: missing codes, value labels and numbers.
//!
//! A cell is either missing (empty, `NA`, `不适用`, a codebook missing code), a number, a label
//! mapped to a code, or invalid; invalid cells are reported and treated as missing, never as 0.

use unicode_normalization::UnicodeNormalization;

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
    let lower = t.to_lowercase();
    MISSING_TOKENS.contains(&lower.as_str()) || spec.is_some_and(|s| s.missing.iter().any(|m| m == t))
}

/// Reads a cell as a number using the column's levels and missing codes.
pub fn read_number(text: &str, spec: &ColumnSpec) -> Cell {
    if is_missing(text, Some(spec)) {
        return Cell::Missing;
    }
    let key = normalize(text);
    if let Some((_, v)) = spec.levels.iter().find(|(l, _)| *l == key) {
        return Cell::Number(*v);
    }
    if let Some(v) = parse_number(text) {
        return Cell::Number(v);
    }
    if spec.levels.is_empty() {
        let lower = text.trim().to_lowercase();
        if let Some((_, v)) = DEFAULT_LEVELS.iter().find(|(l, _)| *l == lower || normalize(l) == key) {
            return Cell::Number(*v);
        }
    }
    Cell::Invalid
}

/// Parses a plain number, accepting full-width digits and thousands separators.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text.trim().nfkc().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Role;

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
