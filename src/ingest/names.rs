//! Organization-name normalization and matching.
//!
//! Names are compared after Unicode NFKC (full-width → half-width), case folding and removal
//! of whitespace and punctuation (ASCII and CJK), as the input contract specifies.

use super::nfkc::{certainly_nfkc, nfkc};

/// The comparison key of a name: NFKC, lower case, letters and digits only.
///
/// Removing characters can leave combining marks out of canonical order (a property test
/// found one), so the steps repeat until the key no longer changes: keys are idempotent.
pub fn normalize(name: &str) -> String {
    if is_key(name) {
        return name.to_string();
    }
    normalize_steps(name, true)
}

/// NFKC, lower case, letters and digits, NFKC again — repeated until nothing changes, or (with
/// `shortcut`) until the text is its own key.
fn normalize_steps(name: &str, shortcut: bool) -> String {
    let once = |s: &str| -> String {
        let filtered: String =
            nfkc(s).chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
        nfkc(&filtered)
    };
    let mut key = once(name);
    for _ in 0..4 {
        if shortcut && is_key(&key) {
            break;
        }
        let next = once(&key);
        if next == key {
            break;
        }
        key = next;
    }
    key
}

/// True when `s` is its own key: letters and digits only, each its own lower case, and
/// certainly NFKC. Then every step of [`normalize`] leaves it unchanged, so most names (and
/// every key) skip the two normalization passes — a million names take milliseconds, not
/// seconds.
fn is_key(s: &str) -> bool {
    s.chars().all(|c| {
        // Fast answers for ASCII and the CJK Unified Ideographs (letters without case).
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || ('\u{4e00}'..='\u{9fff}').contains(&c)
            || (!c.is_ascii() && c.is_alphanumeric() && {
                let mut lower = c.to_lowercase();
                lower.next() == Some(c) && lower.next().is_none()
            })
    }) && certainly_nfkc(s)
}

/// The organization an alias stands for: its name's key and its name as the aliases table
/// writes it (the canonical spelling, shown wherever an alias spelling was merged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasTarget {
    /// The normalized name.
    pub key: String,
    /// The name as written in the aliases table (trimmed).
    pub name: String,
}

/// The aliases tables' spellings as keys: normalized alias → the organization it stands for (a
/// later row replacing an earlier one, as the network's matching does). Rows without both are
/// skipped here; the network build reports them.
pub fn alias_keys(tables: &[crate::ingest::Table]) -> rustc_hash::FxHashMap<String, AliasTarget> {
    let mut out = rustc_hash::FxHashMap::default();
    for a in tables {
        let (Some(ac), Some(nc)) =
            (a.find_column(&["alias", "别名"]), a.find_column(&["name", "名称", "机构名称"]))
        else {
            continue;
        };
        for r in 0..a.n_rows() {
            let (alias, key) = (normalize(a.cell(r, ac)), normalize(a.cell(r, nc)));
            if !alias.is_empty() && !key.is_empty() && alias != key {
                out.insert(alias, AliasTarget { key, name: a.cell(r, nc).trim().to_string() });
            }
        }
    }
    out
}

/// Characters that separate partner names in a roster cell.
pub const ROSTER_SEPARATORS: [char; 9] = [';', '；', ',', '，', '、', '|', '┋', '\n', '\r'];

/// The closing mark of a quote or bracket that opens with `c` (ASCII and full-width), and
/// whether it is a quote (inside which brackets are ordinary characters).
fn group_closer(c: char) -> Option<(char, bool)> {
    Some(match c {
        '"' => ('"', true),
        '“' => ('”', true),
        '「' => ('」', true),
        '『' => ('』', true),
        '(' => (')', false),
        '（' => ('）', false),
        '[' => (']', false),
        '【' => ('】', false),
        '{' => ('}', false),
        '《' => ('》', false),
        '〈' => ('〉', false),
        _ => return None,
    })
}

/// Splits a roster cell into partner names.
///
/// Separators: `;` `；` `,` `，` `、` `|` `┋` and newlines, but only outside quotes and
/// brackets (ASCII and full-width), so `"Li, Wang & Partners"` and
/// `=HYPERLINK("a.test/page","x")` are one name each; a name wholly in quotes loses them.
/// When a quote or bracket is never closed, every separator splits (a stray mark must not
/// swallow the rest of the cell). Empty pieces are dropped.
pub fn split_roster(cell: &str) -> Vec<String> {
    split_roster_str(cell).into_iter().map(str::to_string).collect()
}

/// [`split_roster`] as slices of the cell: the network build keys its memo of matched names
/// by them, without a copy per partner.
pub fn split_roster_str(cell: &str) -> Vec<&str> {
    let pieces = split_outside_groups(cell).unwrap_or_else(|| cell.split(ROSTER_SEPARATORS).collect());
    pieces.into_iter().map(unquote).filter(|s| !s.is_empty()).collect()
}

/// The pieces between separators outside quotes and brackets; `None` when one is left open.
fn split_outside_groups(cell: &str) -> Option<Vec<&str>> {
    // Closing marks expected, innermost last.
    let mut open: Vec<(char, bool)> = Vec::new();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in cell.char_indices() {
        if let Some(&(close, quote)) = open.last() {
            if c == close {
                open.pop();
                continue;
            }
            if quote {
                continue;
            }
        }
        if let Some(group) = group_closer(c) {
            open.push(group);
        } else if open.is_empty() && ROSTER_SEPARATORS.contains(&c) {
            pieces.push(&cell[start..i]);
            start = i + c.len_utf8();
        }
    }
    if !open.is_empty() {
        return None;
    }
    pieces.push(&cell[start..]);
    Some(pieces)
}

/// A piece trimmed, without the quotes around it when it is wholly quoted.
fn unquote(piece: &str) -> &str {
    let piece = piece.trim();
    for (a, b) in [('"', '"'), ('“', '”'), ('「', '」'), ('『', '』')] {
        if let Some(inner) = piece.strip_prefix(a).and_then(|p| p.strip_suffix(b))
            && !inner.contains([a, b])
        {
            return inner.trim();
        }
    }
    piece
}

/// Levenshtein distance on characters, for near-match suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Suggests the closest known name for an unmatched one: a name that contains it (short
/// names), or one within a small edit distance relative to its length.
pub fn suggest<'a>(unmatched: &str, known: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let key = normalize(unmatched);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    let len = key.chars().count();
    for (norm, display) in known {
        let score = if len >= 3 && norm.contains(&key) {
            // A short name or a name without its city prefix inside a full name is a strong
            // hint; the tightest container wins.
            norm.chars().count().abs_diff(len) / 4
        } else {
            // Typing slips: at most one edit per eight characters (long names share suffixes
            // such as 服务中心, so a looser bound would suggest unrelated organizations).
            let d = edit_distance(&key, norm);
            // Very short keys match almost anything within one edit: no suggestion.
            if len < 3 || d > (len / 8).max(1) {
                continue;
            }
            d + 1
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, display));
        }
    }
    best.map(|(_, d)| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_case_and_punctuation() {
        assert_eq!(normalize("北京绿色未来（环境）中心"), normalize("北京绿色未来(环境)中心"));
        assert_eq!(normalize("ＡＢＣ 公益"), "abc公益");
        assert_eq!(normalize(" Green  Future, Inc. "), "greenfutureinc");
    }

    #[test]
    fn keys_are_idempotent_with_reordered_marks() {
        // Found by the property test: two combining marks separated by a space.
        let k = normalize("\u{1e08f} \u{16ff0}");
        assert_eq!(normalize(&k), k);
    }

    /// [`normalize`] without the fast paths, as it was first written.
    fn reference(name: &str) -> String {
        normalize_steps(name, false)
    }

    #[test]
    fn ideographs_taken_as_keys_are_caseless_letters() {
        for c in '\u{4e00}'..='\u{9fff}' {
            assert!(c.is_alphanumeric() && c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_normalization() {
        let fixed = [
            "机构0000001社区服务中心",
            "abc公益",
            "Abc公益",
            "ß",
            "İstanbul",
            "ǅ",
            "Σσς",
            "ﬁ",
            "①②",
            "Ⅻ",
            "e\u{301}",
            "\u{e9}",
            "\u{1e08f}\u{16ff0}",
            "가각",
            "\u{1100}\u{1161}",
            "ｶﾞ",
            "㈱",
            "x\u{308}\u{301}",
        ];
        for name in fixed {
            assert_eq!(normalize(name), reference(name), "{name:?}");
        }
        // Random strings over letters, digits, marks, compatibility and cased characters.
        let pool: Vec<char> =
            "aZ9０Ａß İǅΣςﬁ①Ⅻ가\u{1100}\u{1161}\u{301}\u{308}\u{327}ｶﾞ㈱机构（）·\u{1e08f}\u{16ff0}"
                .chars()
                .collect();
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..20_000 {
            let len = rng.below(8);
            let name: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            assert_eq!(normalize(&name), reference(&name), "{name:?}");
        }
    }

    #[test]
    fn roster_separators() {
        assert_eq!(split_roster("甲；乙、丙, 丁|戊\n己┋庚"), vec!["甲", "乙", "丙", "丁", "戊", "己", "庚"]);
        assert!(split_roster(" ; ").is_empty());
        // Separators inside quotes and brackets are part of the name.
        assert_eq!(
            split_roster("\"Li, Wang & Partners\"; 绿色未来"),
            vec!["Li, Wang & Partners", "绿色未来"]
        );
        assert_eq!(
            split_roster("=HYPERLINK(\"a.test/page\",\"x\")，乙"),
            vec!["=HYPERLINK(\"a.test/page\",\"x\")", "乙"]
        );
        assert_eq!(split_roster("“甲，乙合作社”、丙"), vec!["甲，乙合作社", "丙"]);
        assert_eq!(
            split_roster("北京（朝阳，海淀）服务中心,上海【浦东、静安】"),
            vec!["北京（朝阳，海淀）服务中心", "上海【浦东、静安】"]
        );
        assert_eq!(split_roster("「甲、乙」;(a;b)"), vec!["甲、乙", "(a;b)"]);
        // A quote inside a quoted name: the quote marks stay.
        assert_eq!(split_roster("\"A\" and \"B\""), vec!["\"A\" and \"B\""]);
        // An unclosed quote or bracket does not swallow the rest: plain splitting.
        assert_eq!(split_roster("甲（北京, 乙"), vec!["甲（北京", "乙"]);
        assert_eq!(split_roster("A \"B, C"), vec!["A \"B", "C"]);
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        let known =
            [("北京绿色未来环境研究中心", "北京绿色未来环境研究中心"), ("上海启明社工", "上海启明社工")];
        let s = suggest("绿色未来", known.iter().map(|(a, b)| (*a, *b)));
        assert_eq!(s.as_deref(), Some("北京绿色未来环境研究中心"));
    }
}
