//! Tie ratings: how good a tie is, not only whether it exists (PARTNER's trust, value and
//! intensity of each relationship).
//!
//! Tie items are columns of the ties table, or of the responses next to a partner slot
//! (`partner_1_trust`, see [`crate::survey::slots`]), described by the codebook's `tie_item`
//! role or inferred. They are read like capacity items (value labels, scale, reverse-keying)
//! and scored per rating like a capacity dimension: the mean of the answered items of the
//! dimension, `None` below half of them. Each relation's report gets the network's mean per
//! tie dimension and the distribution of intensity levels; each node the mean received and
//! given ([`summarize`]); [`limit_to_intensity`] keeps the ties at or above a level.

use std::collections::BTreeMap;

use crate::diag::{Arg, Warning, args};
use crate::ingest::Table;
use crate::report::{MeanN, RatedTie, RelationReport, TieDimensionSummary, TieLevel};
use crate::survey::ColumnSpec;
use crate::survey::values::{Cell, read_number};

/// Key of the tie dimension holding a tie's intensity level.
pub const INTENSITY: &str = "intensity";

/// A tie dimension (trust, value, intensity…).
#[derive(Debug, Clone, PartialEq)]
pub struct TieDimension {
    /// Key (`trust`).
    pub key: String,
    /// English label (codebook `dimension_label`).
    pub label: Option<String>,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// Traditional Chinese label (codebook `dimension_label_zh_hant`).
    pub label_zh_hant: Option<String>,
    /// Names of its levels by code (from its items' value labels, as written).
    pub levels: Vec<(String, f64)>,
    /// Lowest and highest scale value over its items (given, else observed).
    pub range: Option<(f64, f64)>,
}

/// One rated tie: source and target (node indices) and a score per tie dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Rating organization.
    pub source: u32,
    /// Rated partner.
    pub target: u32,
    /// Score per [`TieDimension`] (`None`: not rated on it).
    pub scores: Vec<Option<f64>>,
}

/// One tie item column: its spec, its dimension and its scale (given, else observed).
struct Item {
    column: usize,
    spec: ColumnSpec,
    dimension: usize,
    range: Option<(f64, f64)>,
}

/// The tie items of one table and the dimensions they belong to.
pub struct TieItems {
    items: Vec<Item>,
    /// How many dimensions [`TieItems::score`] fills (the shared list's length).
    width: usize,
}

/// Whether `header` names a tie's intensity.
pub fn is_intensity(header: &str) -> bool {
    matches!(header.trim().to_lowercase().as_str(), "intensity" | "强度" | "關係強度" | "关系强度")
}

/// The dimension of an undescribed tie-table column: `intensity` for an intensity column,
/// else the part before the first `_` (`trust_reliable` → `trust`), else the header.
pub fn inferred_dimension(header: &str) -> String {
    if is_intensity(header) {
        return INTENSITY.into();
    }
    let h = header.trim().to_lowercase();
    h.split_once('_').map(|(a, _)| a.to_string()).filter(|a| !a.is_empty()).unwrap_or(h)
}

impl TieItems {
    /// The items `specs` (column index, spec) of `table`, their dimensions added to `dims`.
    pub fn new(table: &Table, specs: Vec<(usize, ColumnSpec)>, dims: &mut Vec<TieDimension>) -> TieItems {
        let mut items = Vec::with_capacity(specs.len());
        for (column, spec) in specs {
            let key = spec.dimension.clone().unwrap_or_else(|| inferred_dimension(&spec.column));
            let dimension = match dims.iter().position(|d| d.key == key) {
                Some(i) => i,
                None => {
                    dims.push(TieDimension {
                        key,
                        label: None,
                        label_zh: None,
                        label_zh_hant: None,
                        levels: Vec::new(),
                        range: None,
                    });
                    dims.len() - 1
                }
            };
            let d = &mut dims[dimension];
            d.label = d.label.clone().or_else(|| spec.dimension_label.clone());
            d.label_zh = d.label_zh.clone().or_else(|| spec.dimension_label_zh.clone());
            d.label_zh_hant = d.label_zh_hant.clone().or_else(|| spec.dimension_label_zh_hant.clone());
            if d.levels.is_empty() {
                d.levels = spec.level_names.clone();
            }
            let observed = (0..table.n_rows())
                .filter_map(|r| match read_number(table.cell(r, column), &spec) {
                    Cell::Number(v) => Some(v),
                    _ => None,
                })
                .fold(None, |acc: Option<(f64, f64)>, v| {
                    Some(acc.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
                });
            let range = match (spec.scale_min, spec.scale_max) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => observed,
            };
            if let Some((a, b)) = range {
                let d = &mut dims[dimension];
                d.range = Some(d.range.map_or((a, b), |(lo, hi)| (lo.min(a), hi.max(b))));
            }
            items.push(Item { column, spec, dimension, range });
        }
        TieItems { items, width: dims.len() }
    }

    /// True without items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The columns read, with their relation when the codebook ties them to one.
    pub fn columns(&self) -> impl Iterator<Item = (usize, Option<&str>)> {
        self.items.iter().map(|i| (i.column, i.spec.relation.as_deref()))
    }

    /// Scores of row `r` (items limited to `columns` when given), reporting invalid and
    /// out-of-scale answers at the row.
    pub fn score(
        &self,
        table: &Table,
        r: usize,
        only: Option<&[usize]>,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Option<f64>> {
        let mut sums: Vec<(f64, usize, usize)> = vec![(0.0, 0, 0); self.width];
        for item in &self.items {
            if only.is_some_and(|o| !o.contains(&item.column)) {
                continue;
            }
            let text = table.cell(r, item.column);
            let slot = &mut sums[item.dimension];
            slot.2 += 1;
            let v = match read_number(text, &item.spec) {
                Cell::Missing => None,
                Cell::Number(v) if item.range.is_none_or(|(a, b)| (a..=b).contains(&v)) => Some(v),
                Cell::Number(_) | Cell::Invalid => {
                    warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(r)),
                        Some(&table.headers[item.column]),
                        "warn.invalid_answer",
                        args([("text", Arg::Text(text.trim().to_string()))]),
                    ));
                    None
                }
            };
            let Some(v) = v else { continue };
            let v = match (item.spec.reverse, item.range) {
                (true, Some((a, b))) => a + b - v,
                _ => v,
            };
            slot.0 += v;
            slot.1 += 1;
        }
        sums.iter()
            .map(|&(sum, answered, asked)| {
                let needed = (asked as f64 / 2.0).ceil().max(1.0) as usize;
                (asked > 0 && answered >= needed).then(|| sum / answered as f64)
            })
            .collect()
    }
}

/// Fills a relation's `tie_dimensions`, `intensity` and its nodes' `received` and `given`
/// from `ratings` (node indices of the universe; `members` maps the relation's nodes to it).
pub fn summarize(ratings: &[Rating], dims: &[TieDimension], members: &[usize], report: &mut RelationReport) {
    if ratings.is_empty() {
        return;
    }
    let mut position = rustc_hash::FxHashMap::default();
    for (i, &m) in members.iter().enumerate() {
        position.insert(m as u32, i);
    }
    // (sum, n) per dimension: the network's, and per node received and given.
    let mut all = vec![(0.0, 0usize); dims.len()];
    let mut received = vec![vec![(0.0, 0usize); dims.len()]; members.len()];
    let mut given = received.clone();
    let mut intensity: BTreeMap<String, usize> = BTreeMap::new();
    let level = dims.iter().position(|d| d.key == INTENSITY);
    let mut per_tie: BTreeMap<(usize, usize), Vec<(f64, usize)>> = BTreeMap::new();
    for r in ratings {
        let (Some(&s), Some(&t)) = (position.get(&r.source), position.get(&r.target)) else { continue };
        let tie = per_tie.entry((s, t)).or_insert_with(|| vec![(0.0, 0); dims.len()]);
        for (k, v) in r.scores.iter().enumerate() {
            let Some(v) = v else { continue };
            for acc in [&mut all[k], &mut received[t][k], &mut given[s][k], &mut tie[k]] {
                acc.0 += v;
                acc.1 += 1;
            }
        }
        if let Some(v) = level.and_then(|k| r.scores.get(k).copied().flatten()) {
            *intensity.entry(level_name(&dims[level.unwrap_or(0)], v)).or_default() += 1;
        }
    }
    let mean_n = |(sum, n): (f64, usize)| MeanN { mean: (n > 0).then(|| sum / n as f64), n };
    report.tie_dimensions = dims
        .iter()
        .zip(&all)
        .filter(|(_, a)| a.1 > 0)
        .map(|(d, a)| TieDimensionSummary {
            key: d.key.clone(),
            label: d.label.clone(),
            label_zh: d.label_zh.clone(),
            label_zh_hant: d.label_zh_hant.clone(),
            mean: mean_n(*a).mean,
            n: a.1,
            scale: d.range.map(|(lo, hi)| [lo, hi]),
            levels: d
                .levels
                .iter()
                .map(|(name, code)| TieLevel { code: *code, label: name.clone() })
                .collect(),
        })
        .collect();
    report.intensity = intensity;
    report.rated_ties = per_tie
        .into_iter()
        .map(|((source, target), acc)| RatedTie {
            source,
            target,
            ratings: dims
                .iter()
                .zip(acc)
                .filter(|(_, a)| a.1 > 0)
                .map(|(d, a)| (d.key.clone(), a.0 / a.1 as f64))
                .collect(),
        })
        .collect();
    for (v, node) in report.nodes.iter_mut().enumerate() {
        let pick = |acc: &[(f64, usize)]| -> BTreeMap<String, MeanN> {
            dims.iter().zip(acc).filter(|(_, a)| a.1 > 0).map(|(d, a)| (d.key.clone(), mean_n(*a))).collect()
        };
        if let (Some(rec), Some(giv)) = (received.get(v), given.get(v)) {
            node.received = pick(rec);
            node.given = pick(giv);
        }
    }
}

/// The name of an intensity level: its value label when the codebook names it, else the
/// number (a mean of several intensity items is written with two decimals).
pub fn level_name(d: &TieDimension, v: f64) -> String {
    match d.levels.iter().find(|(_, code)| (*code - v).abs() < 1e-9) {
        Some((name, _)) => name.clone(),
        None if v.fract() == 0.0 => format!("{v:.0}"),
        None => format!("{v:.2}"),
    }
}

/// Keeps, in every relation, the ties rated at or above intensity `level` (and their ratings);
/// ties without an intensity rating are left out too. Relations without any intensity rating
/// are kept whole. Reports how many ties were left out per relation.
pub fn limit_to_intensity(nets: &mut super::build::Networks, level: f64, warnings: &mut Vec<Warning>) {
    let Some(k) = nets.tie_dimensions.iter().position(|d| d.key == INTENSITY) else {
        warnings
            .push(Warning::general("warn.intensity_missing", args([("level", level.to_string().into())])));
        return;
    };
    for rel in &mut nets.relations {
        if !rel.ratings.iter().any(|r| r.scores.get(k).copied().flatten().is_some()) {
            continue;
        }
        rel.ratings.retain(|r| r.scores.get(k).copied().flatten().is_some_and(|v| v >= level));
        let mut strong: Vec<(u32, u32)> = rel.ratings.iter().map(|r| (r.source, r.target)).collect();
        strong.sort_unstable();
        strong.dedup();
        let before = rel.ties.len();
        rel.ties.retain(|(s, t, _)| strong.binary_search(&(*s, *t)).is_ok());
        let name = level_name(&nets.tie_dimensions[k], level);
        warnings.push(Warning::general(
            "warn.intensity_limited",
            args([
                ("relation", Arg::Relation(rel.key.clone())),
                ("kept", rel.ties.len().into()),
                ("left", (before - rel.ties.len()).into()),
                ("level", name.into()),
            ]),
        ));
    }
}
