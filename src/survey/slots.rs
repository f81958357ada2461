//! Partner slots: survey exports that ask for partners one at a time, each followed by its
//! ratings — `partner_1`, `partner_1_trust`, `partner_1_value`, `partner_2`, … (Wenjuanxing
//! `8、伙伴1`, `8、伙伴1_信任`; KoboToolbox `partners/partner_1_trust`).
//!
//! A numbered column whose answers mostly name respondents is a roster slot; the slots of one
//! stem are one relation (`partner`). A column named as a slot plus a word (`partner_1_trust`)
//! rates the partner of that slot: a tie item whose dimension is the word. Only inferred roles
//! change; a codebook's `tie_item` without a relation or dimension gets them from its slot.

use super::codebook::{ColumnSpec, Role};
use super::infer::{bare_header, slug};
use super::values::is_missing;
use crate::ingest::Table;
use crate::ingest::names::normalize;

/// Characters between a slot's header and a rating's word.
const SEPARATORS: [char; 8] = ['_', '-', '.', ' ', '—', ':', '：', '/'];

/// `partner_1` → (`partner`, 1); `伙伴2` → (`伙伴`, 2); `None` without a trailing number.
pub fn slot_of(header: &str) -> Option<(String, u32)> {
    let h = bare_header(header);
    let digits: String = h.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    let n: u32 = digits.chars().rev().collect::<String>().parse().ok()?;
    let stem = h[..h.len() - digits.len()].trim_end_matches(SEPARATORS);
    (!stem.is_empty()).then(|| (stem.to_string(), n))
}

/// The rating word of `header` when it is `slot` followed by a separator and a word.
pub fn rating_word(header: &str, slot: &str) -> Option<String> {
    let (h, s) = (bare_header(header), bare_header(slot));
    let rest = h.strip_prefix(&s)?;
    let word = rest.strip_prefix(SEPARATORS)?.trim_start_matches(SEPARATORS);
    // `partner_12` is not a rating of `partner_1`.
    (!word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit())).then(|| word.to_string())
}

/// Whether most answered cells of column `c` (a single name each) name a respondent.
fn names_respondents(
    table: &Table,
    c: usize,
    spec: &ColumnSpec,
    names: &rustc_hash::FxHashSet<String>,
) -> bool {
    let cells: Vec<&str> = (0..table.n_rows())
        .map(|r| table.cell(r, c))
        .filter(|t| !is_missing(t, Some(spec)))
        .take(5000)
        .collect();
    let hits = cells.iter().filter(|t| names.contains(&normalize(t))).count();
    !cells.is_empty() && hits * 10 >= cells.len() * 4
}

/// Marks partner slots as rosters of their stem's relation and their ratings as tie items.
pub fn recognize<'n>(
    table: &Table,
    columns: &mut [ColumnSpec],
    names: &dyn Fn() -> &'n rustc_hash::FxHashSet<String>,
) {
    let mut slots: Vec<usize> = Vec::new();
    for (c, spec) in columns.iter_mut().enumerate() {
        let Some((stem, _)) = slot_of(&spec.column) else { continue };
        let candidate = spec.role == Role::Roster
            || (spec.inferred && matches!(spec.role, Role::Attribute | Role::Text | Role::Ignore));
        if !candidate || names().is_empty() {
            continue;
        }
        if spec.role != Role::Roster {
            if !names_respondents(table, c, spec, names()) {
                continue;
            }
            spec.role = Role::Roster;
            spec.relation = Some(slug(&stem));
            spec.relation_label = Some(stem.clone());
        }
        slots.push(c);
    }
    if slots.is_empty() {
        return;
    }
    for c in 0..columns.len() {
        let found = slots.iter().find_map(|&s| {
            let word = rating_word(&columns[c].column, &columns[s].column)?;
            Some((word, columns[s].relation.clone()))
        });
        let Some((word, relation)) = found else { continue };
        let spec = &mut columns[c];
        if spec.inferred && !matches!(spec.role, Role::Roster | Role::Id | Role::Name) {
            spec.role = Role::TieItem;
        }
        if spec.role == Role::TieItem {
            spec.dimension = spec.dimension.clone().or_else(|| Some(slug(&word)));
            spec.relation = spec.relation.clone().or(relation);
        }
    }
}

/// The roster slot a tie-item column of the responses rates: the roster column whose header
/// it extends (`partner_1_trust` → `partner_1`), the longest such.
pub fn slot_column(headers: &[String], roles: &[Role], c: usize) -> Option<usize> {
    (0..headers.len())
        .filter(|&s| roles[s] == Role::Roster && rating_word(&headers[c], &headers[s]).is_some())
        .max_by_key(|&s| headers[s].len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_and_their_ratings() {
        assert_eq!(slot_of("partner_1"), Some(("partner".into(), 1)));
        assert_eq!(slot_of("8、伙伴12"), Some(("伙伴".into(), 12)));
        assert_eq!(slot_of("partner"), None);
        assert_eq!(rating_word("partner_1_trust", "partner_1").as_deref(), Some("trust"));
        assert_eq!(
            rating_word("grp/partner_1-value_resources", "partner_1").as_deref(),
            Some("value_resources")
        );
        assert_eq!(rating_word("partner_12", "partner_1"), None);
        assert_eq!(rating_word("partner_1", "partner_1"), None);
    }

    #[test]
    fn a_survey_with_partner_slots() {
        let t = Table::new(
            "r.csv",
            &["org_name", "partner_1", "partner_1_trust", "partner_2", "partner_2_trust", "ks_1"],
            vec![
                vec!["A".into(), "B".into(), "4".into(), "C".into(), "3".into(), "2".into()],
                vec!["B".into(), "A".into(), "5".into(), "".into(), "".into(), "3".into()],
                vec!["C".into(), "A".into(), "2".into(), "B".into(), "4".into(), "4".into()],
            ],
        );
        let cb = crate::survey::infer::complete(&t, None, &mut Vec::new());
        let roles: Vec<(&str, Option<&str>, Option<&str>)> = cb
            .columns
            .iter()
            .map(|c| (c.role.as_str(), c.relation.as_deref(), c.dimension.as_deref()))
            .collect();
        assert_eq!(
            roles,
            vec![
                ("name", None, None),
                ("roster", Some("partner"), None),
                ("tie_item", Some("partner"), Some("trust")),
                ("roster", Some("partner"), None),
                ("tie_item", Some("partner"), Some("trust")),
                ("item", None, Some("ks")),
            ]
        );
        let headers: Vec<String> = t.headers.clone();
        let r: Vec<Role> = cb.columns.iter().map(|c| c.role).collect();
        assert_eq!(slot_column(&headers, &r, 4), Some(3));
    }
}
