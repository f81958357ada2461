//! Capacity: item values → dimension statistics, reliability and organization scores.
//!
//! Definitions follow the input contract (see the README's "Metric definitions"):
//! dimension score = mean of answered items after reverse-coding, `null` when fewer than
//! [`CapacityOptions::min_answered_share`] of the items are answered; index = mean of the
//! non-null dimension scores rescaled to 0–100.

pub mod reliability;

use std::collections::BTreeMap;

use crate::diag::Warning;
use crate::report::{CapacityReport, DimensionReport, ItemStats, OrgCapacity};
use crate::stats::{finite, mean, pearson, sd};
use crate::survey::values::{Cell, read_number};
use crate::survey::{Role, Survey};

/// Settings of the capacity analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityOptions {
    /// Share of a dimension's items that must be answered for a score (contract: one half).
    pub min_answered_share: f64,
}

impl Default for CapacityOptions {
    fn default() -> Self {
        CapacityOptions { min_answered_share: 0.5 }
    }
}

/// A dimension with its item columns and the reverse-coded values of every organization.
struct Dimension {
    key: String,
    label: String,
    label_zh: String,
    items: Vec<usize>,
    scale_min: f64,
    scale_max: f64,
    /// `values[item][org]`, reverse-coded.
    values: Vec<Vec<Option<f64>>>,
}

/// Computes dimension statistics and organization scores.
pub fn analyze(survey: &Survey, options: &CapacityOptions, warnings: &mut Vec<Warning>) -> CapacityReport {
    let dims = collect_dimensions(survey, warnings);
    let n_orgs = survey.orgs.len();
    let mut dimensions = Vec::with_capacity(dims.len());
    // scores[dim][org]
    let mut scores: Vec<Vec<Option<f64>>> = Vec::with_capacity(dims.len());
    for d in &dims {
        let k = d.items.len();
        let needed = ((k as f64) * options.min_answered_share).ceil().max(1.0) as usize;
        let dim_scores: Vec<Option<f64>> = (0..n_orgs)
            .map(|o| {
                let answered: Vec<f64> = d.values.iter().filter_map(|v| v[o]).collect();
                if answered.len() >= needed { mean(&answered) } else { None }
            })
            .collect();
        let scored: Vec<f64> = dim_scores.iter().flatten().copied().collect();
        let complete: Vec<Vec<f64>> =
            (0..n_orgs).filter_map(|o| d.values.iter().map(|v| v[o]).collect::<Option<Vec<f64>>>()).collect();
        let item_stats = d
            .items
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let answered: Vec<f64> = d.values[i].iter().flatten().copied().collect();
                let rest_r = if k >= 2 {
                    let item: Vec<f64> = complete.iter().map(|row| row[i]).collect();
                    let rest: Vec<f64> =
                        complete.iter().map(|row| row.iter().sum::<f64>() - row[i]).collect();
                    pearson(&item, &rest)
                } else {
                    None
                };
                let dropped: Vec<Vec<f64>> = complete
                    .iter()
                    .map(|row| row.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, v)| *v).collect())
                    .collect();
                ItemStats {
                    column: survey.table.headers[c].clone(),
                    n: answered.len(),
                    mean: mean(&answered),
                    sd: sd(&answered),
                    item_rest_r: rest_r,
                    alpha_if_dropped: if k >= 3 { reliability::cronbach_alpha(&dropped) } else { None },
                }
            })
            .collect::<Vec<_>>();
        let alpha = reliability::cronbach_alpha(&complete);
        let pairwise_rows: Vec<Vec<Option<f64>>> =
            (0..n_orgs).map(|o| d.values.iter().map(|v| v[o]).collect()).collect();
        let alpha_pairwise = reliability::cronbach_alpha_pairwise(&pairwise_rows);
        if let Some(a) = alpha.filter(|a| *a < 0.6) {
            warnings.push(Warning::general(
                format!("dimension “{}” has a low Cronbach's alpha ({a:.2} < 0.60); its items may not measure one thing. Check for reverse-keyed items.", d.key),
                format!("维度“{}”的 Cronbach's α 偏低（{a:.2} < 0.60），各题项可能并非测量同一概念。请检查是否有反向计分题。", d.key),
            ));
        }
        for s in &item_stats {
            if let Some(r) = s.item_rest_r.filter(|r| *r < 0.2) {
                warnings.push(Warning::general(
                    format!("item “{}” correlates weakly or negatively with the rest of “{}” (r = {r:.2}); it may be mis-keyed (reverse-coded or not).", s.column, d.key),
                    format!("题项“{}”与“{}”其余题项的相关很弱或为负（r = {r:.2}），可能计分方向有误。", s.column, d.key),
                ));
            }
        }
        dimensions.push(DimensionReport {
            key: d.key.clone(),
            label: d.label.clone(),
            label_zh: d.label_zh.clone(),
            items: d.items.iter().map(|c| survey.table.headers[*c].clone()).collect(),
            reversed: d
                .items
                .iter()
                .filter(|c| survey.codebook.columns[**c].reverse)
                .map(|c| survey.table.headers[*c].clone())
                .collect(),
            scale_min: d.scale_min,
            scale_max: d.scale_max,
            n_complete: complete.len(),
            n_scored: scored.len(),
            mean: mean(&scored),
            sd: sd(&scored),
            alpha,
            alpha_pairwise,
            item_stats,
        });
        scores.push(dim_scores);
    }
    let organizations = survey
        .orgs
        .iter()
        .enumerate()
        .map(|(o, org)| {
            let mut map = BTreeMap::new();
            let mut rescaled = Vec::new();
            for (di, d) in dims.iter().enumerate() {
                let s = scores[di][o];
                map.insert(d.key.clone(), s);
                if let Some(s) = s
                    && d.scale_max > d.scale_min
                {
                    rescaled.push((s - d.scale_min) / (d.scale_max - d.scale_min) * 100.0);
                }
            }
            OrgCapacity {
                id: org.id.clone(),
                name: org.name.clone(),
                scores: map,
                index: mean(&rescaled).and_then(finite),
            }
        })
        .collect();
    CapacityReport { dimensions, organizations }
}

/// Groups item columns by dimension and reads their values, reporting invalid cells.
fn collect_dimensions(survey: &Survey, warnings: &mut Vec<Warning>) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = Vec::new();
    let table = &survey.table;
    for c in survey.columns_with_role(Role::Item) {
        let spec = &survey.codebook.columns[c];
        let key = spec.dimension.clone().unwrap_or_else(|| "capacity".into());
        let mut raw: Vec<Option<f64>> = Vec::with_capacity(survey.orgs.len());
        for org in &survey.orgs {
            let text = table.cell(org.row, c);
            let v = match read_number(text, spec) {
                Cell::Missing => None,
                Cell::Number(v) => {
                    let below = spec.scale_min.is_some_and(|m| v < m);
                    let above = spec.scale_max.is_some_and(|m| v > m);
                    if below || above {
                        warnings.push(Warning::at(
                            &table.name,
                            Some(table.source_row(org.row)),
                            Some(&spec.column),
                            format!(
                                "{v} is outside the scale {}–{}; treated as unanswered.",
                                fmt_opt(spec.scale_min),
                                fmt_opt(spec.scale_max)
                            ),
                            format!(
                                "{v} 超出量表范围 {}–{}，按未作答处理。",
                                fmt_opt(spec.scale_min),
                                fmt_opt(spec.scale_max)
                            ),
                        ));
                        None
                    } else {
                        Some(v)
                    }
                }
                Cell::Invalid => {
                    warnings.push(Warning::at(
                        &table.name,
                        Some(table.source_row(org.row)),
                        Some(&spec.column),
                        format!("“{}” is not a number or a known answer label; treated as unanswered. Add it to the codebook's levels (label=code).", text.trim()),
                        format!("“{}”既不是数字也不是已知选项，按未作答处理。请在编码表的 levels 中添加（标签=代码）。", text.trim()),
                    ));
                    None
                }
            };
            raw.push(v);
        }
        let observed = raw.iter().flatten().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        let lo = spec.scale_min.unwrap_or(observed.0);
        let hi = spec.scale_max.unwrap_or(observed.1);
        let values: Vec<Option<f64>> =
            if spec.reverse && lo <= hi { raw.iter().map(|v| v.map(|x| lo + hi - x)).collect() } else { raw };
        if spec.reverse && (spec.scale_min.is_none() || spec.scale_max.is_none()) {
            warnings.push(Warning::at(
                "codebook",
                None,
                Some(&spec.column),
                format!("reverse-coded with the observed range {lo}–{hi}; set scale_min and scale_max in the codebook to be sure."),
                format!("按观测到的范围 {lo}–{hi} 反向计分；请在编码表中设置 scale_min 和 scale_max 以确保准确。"),
            ));
        }
        let pos = dims.iter().position(|d| d.key == key);
        let d = match pos {
            Some(p) => &mut dims[p],
            None => {
                dims.push(Dimension {
                    label: spec.dimension_label.clone().unwrap_or_else(|| key.clone()),
                    label_zh: spec
                        .dimension_label_zh
                        .clone()
                        .or_else(|| spec.dimension_label.clone())
                        .unwrap_or_else(|| key.clone()),
                    key,
                    items: Vec::new(),
                    scale_min: f64::MAX,
                    scale_max: f64::MIN,
                    values: Vec::new(),
                });
                let last = dims.len() - 1;
                &mut dims[last]
            }
        };
        if lo <= hi {
            d.scale_min = d.scale_min.min(lo);
            d.scale_max = d.scale_max.max(hi);
        }
        d.items.push(c);
        d.values.push(values);
    }
    for d in &mut dims {
        if d.scale_min > d.scale_max {
            // No answers at all: keep a harmless range; scores are all null anyway.
            d.scale_min = 0.0;
            d.scale_max = 0.0;
        }
    }
    dims
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "?".into())
}
