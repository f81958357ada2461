//! Capacity: item values → dimension statistics, reliability and organization scores.
//!
//! Definitions follow the input contract (see the README's "Metric definitions"):
//! dimension score = mean of answered items after reverse-coding, `null` when fewer than
//! [`CapacityOptions::min_answered_share`] of the items are answered; index = mean of the
//! non-null dimension scores rescaled to 0–100.

pub mod agreement;
pub mod cfa;
pub mod groups;
pub mod reliability;
pub mod typology;

use crate::diag::{Arg, Warning, args};
use crate::report::{
    Bin, CapacityReport, CapacitySettings, DimensionReport, ItemMatrix, ItemStats, Key, OrgCapacity, Scores,
};
use crate::stats::{RememberedRanks, finite, mean, median, sd};
use crate::survey::respondents::Combine;
use crate::survey::values::{Cell, Memo, read_number};
use crate::survey::{Role, Survey};

/// Settings of the capacity analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityOptions {
    /// Share of a dimension's items that must be answered for a score (contract: one half).
    pub min_answered_share: f64,
    /// Attribute for within-group percentiles; default: the first attribute with 2–12 groups.
    pub group_by: Option<String>,
    /// Seed of the k-means typology.
    pub seed: u64,
    /// Cut-offs between the five community-of-practice stages (engagement 0–100).
    pub stage_thresholds: [f64; 4],
    /// How several respondents' answers to an item are combined.
    pub combine: Combine,
    /// Organizations with fewer respondents are marked (`few_respondents`).
    pub min_respondents: usize,
    /// Threads for the correlation matrix and the typology's k-means restarts. How the job
    /// runs, not a setting: every number gives the same report (see [`crate::stats::par`]).
    pub threads: crate::stats::par::Threads,
}

impl Default for CapacityOptions {
    fn default() -> Self {
        CapacityOptions {
            min_answered_share: 0.5,
            group_by: None,
            seed: 42,
            stage_thresholds: [20.0, 40.0, 60.0, 80.0],
            combine: Combine::Mean,
            min_respondents: 1,
            threads: crate::stats::par::Threads::ONE,
        }
    }
}

/// A dimension with its item columns and the reverse-coded values of every organization.
struct Dimension {
    key: String,
    label: String,
    label_zh: String,
    /// From the first of its items' specs that gives one.
    label_zh_hant: Option<String>,
    items: Vec<usize>,
    scale_min: f64,
    scale_max: f64,
    /// `values[item][org]`, reverse-coded (several respondents' answers combined).
    values: Vec<Vec<Option<f64>>>,
    /// `respondents[item][respondent]`, reverse-coded, in the order of the organizations'
    /// rows; empty when every organization has one respondent.
    respondents: Vec<Vec<Option<f64>>>,
}

/// Computes dimension statistics and organization scores.
pub fn analyze(survey: &Survey, options: &CapacityOptions, warnings: &mut Vec<Warning>) -> CapacityReport {
    let mut dims = collect_dimensions(survey, options.combine, warnings);
    let agreements = agreements(survey, &mut dims, options, warnings);
    let n_orgs = survey.orgs.len();
    let mut dimensions = Vec::with_capacity(dims.len());
    // scores[dim][org]
    let mut scores: Vec<Vec<Option<f64>>> = Vec::with_capacity(dims.len());
    for (d, agreement) in dims.iter().zip(&agreements) {
        let dim_scores = dimension_scores(d, n_orgs, options.min_answered_share);
        dimensions.push(dimension_report(survey, d, &dim_scores, agreement, warnings));
        scores.push(dim_scores);
    }
    let item_matrix = (n_orgs <= ITEM_MATRIX_MAX_ORGS && !dims.is_empty()).then(|| ItemMatrix {
        columns: dims.iter().flat_map(|d| d.items.iter().map(|c| survey.table.headers[*c].clone())).collect(),
        values: (0..n_orgs)
            .map(|o| dims.iter().flat_map(|d| d.values.iter().map(move |v| v[o])).collect())
            .collect(),
    });
    // The item values are not needed any more: freed before the per-organization rows are
    // built, they do not add to the peak memory (24 items × a million organizations: 384 MB).
    for d in &mut dims {
        d.values = Vec::new();
    }
    let numeric = groups::numeric_variables(survey);
    let vars = groups::grouping_variables(survey, &numeric);
    let group_var = group_variable(&vars, options.group_by.as_deref());
    let groups_of: Vec<Option<Key>> = group_var
        .map(|g| {
            let keys: Vec<Key> = vars[g].levels.iter().map(|l| Key::new(l)).collect();
            vars[g].codes.iter().map(|c| c.map(|c| keys[c as usize].clone())).collect()
        })
        .unwrap_or_else(|| vec![None; n_orgs]);
    let mut organizations =
        organization_rows(survey, &dims, &scores, &groups_of, (&agreements, options.min_respondents));
    let index: Vec<Option<f64>> = organizations.iter().map(|o| o.index).collect();
    set_percentiles(&mut organizations, &index, group_var.map(|g| &vars[g].codes[..]));
    let outcomes: Vec<(String, Vec<Option<f64>>)> = std::iter::once(("index".to_string(), index))
        .chain(dims.iter().enumerate().map(|(di, d)| (d.key.clone(), scores[di].clone())))
        .collect();
    let groups = groups::compare_groups(&vars, &outcomes);
    let crosstabs = groups::crosstabs(&vars, warnings);
    let correlations = groups::correlations(&outcomes, &numeric, options.threads);
    let dim_keys: Vec<String> = dims.iter().map(|d| d.key.clone()).collect();
    let typology = typology::profiles(&dim_keys, &scores, options.seed, options.threads, &mut organizations);
    CapacityReport {
        settings: CapacitySettings {
            min_answered_share: options.min_answered_share,
            group_by: group_var.map(|g| vars[g].name.clone()),
            combine: options.combine.as_str().to_string(),
            min_respondents: options.min_respondents,
        },
        dimensions,
        organizations,
        groups,
        crosstabs,
        correlations,
        typology,
        stages: None,
        network_links: Vec::new(),
        item_matrix,
        multi_select: Vec::new(),
    }
}

/// Every organization's score on a dimension: the mean of its answered items, `None` when fewer
/// than `min_answered_share` of the items are answered.
fn dimension_scores(d: &Dimension, n_orgs: usize, min_answered_share: f64) -> Vec<Option<f64>> {
    let needed = needed_items(d.items.len(), min_answered_share);
    // The mean of the answered items, summed in item order from −0 as `mean`'s `sum` does
    // (no vector per organization: a million organizations made five million small
    // allocations).
    (0..n_orgs)
        .map(|o| {
            let (sum, answered) =
                d.values.iter().filter_map(|v| v[o]).fold((-0.0, 0usize), |(s, n), x| (s + x, n + 1));
            if answered >= needed && answered > 0 { finite(sum / answered as f64) } else { None }
        })
        .collect()
}

/// A dimension's statistics and reliability, with a warning for a low alpha or a weak item.
fn dimension_report(
    survey: &Survey,
    d: &Dimension,
    dim_scores: &[Option<f64>],
    agreement: &agreement::DimensionAgreement,
    warnings: &mut Vec<Warning>,
) -> DimensionReport {
    let n_orgs = survey.orgs.len();
    let scored: Vec<f64> = dim_scores.iter().flatten().copied().collect();
    // Organizations that answered every item, as columns (`complete[item][case]`).
    let complete_orgs: Vec<usize> =
        (0..n_orgs).filter(|o| d.values.iter().all(|v| v[*o].is_some())).collect();
    let complete: Vec<Vec<f64>> = if complete_orgs.len() == n_orgs {
        // Every organization answered every item: each column as it is, without looking every
        // answer up through the list of organizations.
        d.values.iter().map(|v| v.iter().flatten().copied().collect()).collect()
    } else {
        d.values.iter().map(|v| complete_orgs.iter().filter_map(|o| v[*o]).collect()).collect()
    };
    // Every variance, covariance and correlation of the complete cases, found once.
    let products = reliability::CrossProducts::of(&complete);
    let item_stats = item_stats(survey, d, products.as_ref());
    let alpha = products.as_ref().and_then(|p| reliability::cronbach_alpha_with(&complete, p));
    let alpha_pairwise = match &products {
        // Without a missing answer every pair is complete: the same covariances.
        Some(p) if complete_orgs.len() == n_orgs => reliability::cronbach_alpha_pairwise_with(p),
        _ => reliability::cronbach_alpha_pairwise_columns(&d.values),
    };
    if let Some(a) = alpha.filter(|a| *a < 0.6) {
        warnings.push(Warning::general(
            "warn.alpha_low",
            args([
                ("dimension", Arg::Dimension(d.key.clone())),
                ("alpha", crate::report::format::fixed(a, 2).into()),
            ]),
        ));
    }
    for s in &item_stats {
        if let Some(r) = s.item_rest_r.filter(|r| *r < 0.2) {
            warnings.push(Warning::general(
                "warn.item_rest_low",
                args([
                    ("item", Arg::Column(s.column.clone())),
                    ("dimension", Arg::Dimension(d.key.clone())),
                    ("r", crate::report::format::fixed(r, 2).into()),
                ]),
            ));
        }
    }
    DimensionReport {
        key: d.key.clone(),
        label: d.label.clone(),
        label_zh: d.label_zh.clone(),
        label_zh_hant: d.label_zh_hant.clone(),
        items: d.items.iter().map(|c| survey.table.headers[*c].clone()).collect(),
        reversed: d
            .items
            .iter()
            .filter(|c| survey.codebook.columns[**c].reverse)
            .map(|c| survey.table.headers[*c].clone())
            .collect(),
        scale_min: d.scale_min,
        scale_max: d.scale_max,
        n_complete: complete_orgs.len(),
        n_scored: scored.len(),
        mean: mean(&scored),
        sd: sd(&scored),
        alpha,
        alpha_ci: alpha.and_then(|a| reliability::alpha_ci(a, complete_orgs.len(), d.items.len())),
        cfa: products.as_ref().and_then(cfa::one_factor_with),
        alpha_pairwise,
        alpha_standardized: products.as_ref().and_then(reliability::standardized_alpha_with),
        omega: products.as_ref().and_then(reliability::omega_total_with),
        median: median(&scored),
        box_plot: crate::report::BoxPlot::of(scored.clone()),
        distribution: distribution(&scored, d.scale_min, d.scale_max),
        item_stats,
        icc1: agreement.icc1,
        icc2: agreement.icc2,
    }
}

/// The statistics of each item of a dimension; `products` are the cross-products of the
/// answers of the organizations that answered every item (none below two such organizations).
fn item_stats(
    survey: &Survey,
    d: &Dimension,
    products: Option<&reliability::CrossProducts>,
) -> Vec<ItemStats> {
    let n_orgs = survey.orgs.len();
    // One buffer for each item's answers.
    let mut answered = Vec::new();
    d.items
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            answered.clear();
            answered.extend(d.values[i].iter().flatten().copied());
            let spec = survey.codebook.columns.get(c);
            ItemStats {
                column: survey.table.headers[c].clone(),
                label: spec.and_then(|s| s.label.clone()),
                label_zh: spec.and_then(|s| s.label_zh.clone()),
                label_zh_hant: spec.and_then(|s| s.label_zh_hant.clone()),
                missing_share: if n_orgs == 0 { 0.0 } else { 1.0 - answered.len() as f64 / n_orgs as f64 },
                n: answered.len(),
                mean: mean(&answered),
                sd: sd(&answered),
                item_rest_r: products.and_then(|p| p.item_rest_correlation(i)),
                alpha_if_dropped: products.and_then(|p| p.alpha_if_dropped(i)),
                counts: value_counts(&answered),
            }
        })
        .collect()
}

/// One row per organization: its dimension scores, index (mean of the scores rescaled to
/// 0–100), strengths, gaps and group; percentiles are set afterwards.
fn organization_rows(
    survey: &Survey,
    dims: &[Dimension],
    scores: &[Vec<Option<f64>>],
    groups_of: &[Option<Key>],
    (agreements, min_respondents): (&[agreement::DimensionAgreement], usize),
) -> Vec<OrgCapacity> {
    // One shared key per dimension for every organization's scores.
    let dim_keys: Vec<Key> = dims.iter().map(|d| Key::new(&d.key)).collect();
    // Reused for every organization (two small vectors each were millions of allocations).
    let (mut rescaled, mut values) = (Vec::new(), Vec::new());
    let personal = survey.respondent_attributes();
    let starts: Vec<usize> = survey
        .orgs
        .iter()
        .scan(0, |next, org| {
            let first = *next;
            *next += org.rows.len();
            Some(first)
        })
        .collect();
    survey
        .orgs
        .iter()
        .enumerate()
        .map(|(o, org)| {
            let mut map = Scores::with_capacity(dims.len());
            rescaled.clear();
            for (di, d) in dims.iter().enumerate() {
                let s = scores[di][o];
                map.insert(dim_keys[di].clone(), s);
                if let Some(s) = s
                    && d.scale_max > d.scale_min
                {
                    rescaled.push((di, (s - d.scale_min) / (d.scale_max - d.scale_min) * 100.0));
                }
            }
            values.clear();
            values.extend(rescaled.iter().map(|(_, v)| *v));
            let (strengths, gaps) = strengths_and_gaps(&rescaled, &dim_keys);
            OrgCapacity {
                id: org.id.clone(),
                name: org.name.clone(),
                scores: map,
                index: mean(&values).and_then(finite),
                percentile: None,
                group: groups_of[o].clone(),
                group_percentile: None,
                strengths,
                gaps,
                profile: None,
                stage: None,
                engagement: None,
                respondents: org.rows.len(),
                agreement: if org.rows.len() > 1 {
                    dim_keys.iter().zip(agreements).map(|(k, a)| (k.clone(), a.rwg[o])).collect()
                } else {
                    Scores::default()
                },
                few_respondents: org.rows.len() < min_respondents,
                by_respondent: if org.rows.len() > 1 {
                    respondent_scores(survey, (o, starts[o]), (&personal, &dim_keys), agreements)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The own dimension scores of organization `o`'s respondents, each labelled with its own
/// attributes ([`Survey::respondent_attributes`]).
/// `first` is the index of its first respondent among all respondents, `personal` the
/// respondents' own attribute columns.
fn respondent_scores(
    survey: &Survey,
    (o, first): (usize, usize),
    (personal, dim_keys): (&[usize], &[Key]),
    agreements: &[agreement::DimensionAgreement],
) -> Vec<crate::report::RespondentScores> {
    let org = &survey.orgs[o];
    org.rows
        .iter()
        .enumerate()
        .map(|(i, &row)| {
            let parts: Vec<&str> = personal
                .iter()
                .map(|&c| (survey.table.cell(row, c).trim(), &survey.codebook.columns[c]))
                .filter(|(t, spec)| !crate::survey::values::is_missing(t, Some(spec)))
                .map(|(t, _)| t)
                .collect();
            crate::report::RespondentScores {
                label: (!parts.is_empty()).then(|| parts.join(" · ")),
                scores: dim_keys
                    .iter()
                    .zip(agreements)
                    .map(|(k, a)| (k.clone(), a.own.get(first + i).copied().flatten()))
                    .collect(),
            }
        })
        .collect()
}

/// Each organization's percentile of its index (`index`, organizations in order) in the whole
/// sample and within its group (`groups`: each organization's level of the grouping variable).
/// Worked out on these compact columns and written in one pass: each pass over a million
/// organizations' rows costs the memory traffic of their 300 MB, and looking each one's group
/// text up was a tenth of the capacity step.
fn set_percentiles(organizations: &mut [OrgCapacity], index: &[Option<f64>], groups: Option<&[Option<u32>]>) {
    let all_index: Vec<f64> = index.iter().flatten().copied().collect();
    let mut sample = RememberedRanks::new(&all_index);
    let group_of = |o: usize| groups.and_then(|g| g.get(o).copied().flatten()).map(|g| g as usize);
    // Each group's indexes in the order of its organizations.
    let mut by_group: Vec<Vec<f64>> = Vec::new();
    for (o, x) in index.iter().enumerate() {
        if let (Some(g), Some(x)) = (group_of(o), x) {
            if by_group.len() <= g {
                by_group.resize_with(g + 1, Vec::new);
            }
            by_group[g].push(*x);
        }
    }
    let mut group_ranks: Vec<RememberedRanks> = by_group.iter().map(|v| RememberedRanks::new(v)).collect();
    for (o, (org, x)) in organizations.iter_mut().zip(index).enumerate() {
        let Some(x) = *x else { continue };
        org.percentile = sample.rank(x);
        org.group_percentile = group_of(o).and_then(|g| group_ranks.get_mut(g)).and_then(|r| r.rank(x));
    }
}

/// Items a score needs: `share` of the dimension's `k` items, at least one.
fn needed_items(k: usize, share: f64) -> usize {
    ((k as f64) * share).ceil().max(1.0) as usize
}

/// Agreement of each dimension's respondents (all undefined when every organization has one
/// respondent); the respondents' answers are freed once read. Notes organizations below the
/// minimum number of respondents and those whose respondents disagree.
fn agreements(
    survey: &Survey,
    dims: &mut [Dimension],
    options: &CapacityOptions,
    warnings: &mut Vec<Warning>,
) -> Vec<agreement::DimensionAgreement> {
    warnings.extend(crate::survey::respondents::below_minimum(&survey.orgs, options.min_respondents));
    if !survey.has_several_respondents() {
        return vec![agreement::DimensionAgreement::default(); dims.len()];
    }
    let mut starts = Vec::with_capacity(survey.orgs.len() + 1);
    starts.push(0);
    for o in &survey.orgs {
        starts.push(starts[starts.len() - 1] + o.rows.len());
    }
    let out: Vec<agreement::DimensionAgreement> = dims
        .iter_mut()
        .map(|d| {
            let needed = needed_items(d.items.len(), options.min_answered_share);
            let points = agreement::scale_points(d.scale_min, d.scale_max);
            let a = agreement::dimension(&d.respondents, &starts, needed, points);
            d.respondents = Vec::new();
            a
        })
        .collect();
    let disagree = (0..survey.orgs.len())
        .filter(|o| out.iter().any(|a| a.rwg[*o].is_some_and(|r| r < crate::report::AGREEMENT_MIN)))
        .count();
    if disagree > 0 {
        warnings.push(Warning::general(
            "warn.respondents_disagree",
            args([("n", disagree.into()), ("cutoff", format!("{:.2}", crate::report::AGREEMENT_MIN).into())]),
        ));
    }
    out
}

/// Largest sample whose answers are copied into the report for the item heat map.
pub const ITEM_MATRIX_MAX_ORGS: usize = 2000;

/// The grouping variable for within-group percentiles: the requested one (an attribute or a
/// band such as `staff (band)`), else the first attribute with 2–12 groups.
fn group_variable(vars: &[groups::Grouping], requested: Option<&str>) -> Option<usize> {
    if let Some(name) = requested {
        return vars.iter().position(|g| g.name == name);
    }
    vars.iter().position(|g| (2..=12).contains(&g.levels.len()))
}

/// Highest and lowest dimensions by rescaled score (all tied dimensions are listed); empty
/// with fewer than two scored dimensions or when all are equal. `rescaled` holds indexes into
/// `keys`, so only the keys listed are cloned.
fn strengths_and_gaps(rescaled: &[(usize, f64)], keys: &[Key]) -> (Vec<Key>, Vec<Key>) {
    if rescaled.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let hi = rescaled.iter().map(|x| x.1).fold(f64::MIN, f64::max);
    let lo = rescaled.iter().map(|x| x.1).fold(f64::MAX, f64::min);
    if hi - lo < 1e-9 {
        return (Vec::new(), Vec::new());
    }
    let pick =
        |v: f64| rescaled.iter().filter(|x| (x.1 - v).abs() < 1e-9).map(|x| keys[x.0].clone()).collect();
    (pick(hi), pick(lo))
}

/// Eight equal-width bins over the scale (the last bin includes the maximum).
fn distribution(values: &[f64], lo: f64, hi: f64) -> Vec<Bin> {
    if hi <= lo {
        return Vec::new();
    }
    let bins = 8;
    let width = (hi - lo) / bins as f64;
    let mut out: Vec<Bin> = (0..bins)
        .map(|i| Bin { lower: lo + i as f64 * width, upper: lo + (i + 1) as f64 * width, count: 0 })
        .collect();
    for v in values {
        let i = (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        out[i].count += 1;
    }
    out
}

/// An item's value: the number when within the scale, else `None` with a located warning.
fn item_value(
    cell: Cell,
    text: &str,
    spec: &crate::survey::ColumnSpec,
    table: &crate::ingest::Table,
    row: usize,
    warnings: &mut Vec<Warning>,
) -> Option<f64> {
    match cell {
        Cell::Missing => None,
        Cell::Number(v) => {
            let below = spec.scale_min.is_some_and(|m| v < m);
            let above = spec.scale_max.is_some_and(|m| v > m);
            if below || above {
                warnings.push(Warning::at(
                    &table.name,
                    Some(table.source_row(row)),
                    Some(&spec.column),
                    "warn.out_of_scale",
                    args([
                        ("value", v.to_string().into()),
                        ("min", fmt_opt(spec.scale_min).into()),
                        ("max", fmt_opt(spec.scale_max).into()),
                    ]),
                ));
                None
            } else {
                Some(v)
            }
        }
        Cell::Invalid => {
            warnings.push(Warning::at(
                &table.name,
                Some(table.source_row(row)),
                Some(&spec.column),
                "warn.invalid_answer",
                args([("text", text.trim().into())]),
            ));
            None
        }
    }
}

/// Item answers as read: per item, the organizations' (combined) values, every respondent's
/// values (only when some organization has several), the warnings about its cells and the
/// range of the answers (see [`Observed`]).
struct ItemAnswers {
    combined: Vec<Vec<Option<f64>>>,
    respondents: Vec<Vec<Option<f64>>>,
    notes: Vec<Vec<Warning>>,
    ranges: Vec<Observed>,
}

/// The smallest and largest of an item's answers, folded in the order they are read: the
/// respondents' answers when some organization has several (they span at least the combined
/// values), else the organizations' (`(f64::MAX, f64::MIN)` without any). Folded while the
/// answers are read, not in a pass over a million answers per item afterwards.
#[derive(Clone, Copy)]
struct Observed(f64, f64);

impl Observed {
    const EMPTY: Observed = Observed(f64::MAX, f64::MIN);

    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            *self = Observed(self.0.min(v), self.1.max(v));
        }
    }
}

/// Reads every item of every respondent (value labels applied, out-of-scale answers left out
/// with a warning) and combines each organization's respondents per item with `combine`.
fn read_items(survey: &Survey, items: &[usize], combine: Combine) -> ItemAnswers {
    let table = &survey.table;
    let several = survey.has_several_respondents();
    let n = survey.orgs.len();
    let mut combined: Vec<Vec<Option<f64>>> = items.iter().map(|_| Vec::with_capacity(n)).collect();
    let mut respondents: Vec<Vec<Option<f64>>> =
        items.iter().map(|_| if several { Vec::with_capacity(table.n_rows()) } else { Vec::new() }).collect();
    let mut memos: Vec<Memo<Cell>> = items.iter().map(|_| Memo::new()).collect();
    // Warnings per column, so they read column by column as before.
    let mut notes: Vec<Vec<Warning>> = items.iter().map(|_| Vec::new()).collect();
    let mut ranges = vec![Observed::EMPTY; items.len()];
    let mut answered: Vec<f64> = Vec::new();
    // Row by row: the table keeps a row's cells together, so the text is read once, in order
    // (column by column, every cell of a million-row file was a cache miss).
    for org in &survey.orgs {
        for (k, &c) in items.iter().enumerate() {
            let spec = &survey.codebook.columns[c];
            answered.clear();
            for &row in &org.rows {
                let text = table.cell(row, c);
                let cell = memos[k].get(text, |t| read_number(t, spec));
                let v = item_value(cell, text, spec, table, row, &mut notes[k]);
                if several {
                    respondents[k].push(v);
                    ranges[k].add(v);
                }
                answered.extend(v);
            }
            let v =
                if org.rows.len() == 1 { answered.first().copied() } else { combine.apply(&mut answered) };
            if !several {
                ranges[k].add(v);
            }
            combined[k].push(v);
        }
    }
    ItemAnswers { combined, respondents, notes, ranges }
}

/// Groups item columns by dimension and reads their values, reporting invalid cells.
fn collect_dimensions(survey: &Survey, combine: Combine, warnings: &mut Vec<Warning>) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = Vec::new();
    let items = survey.columns_with_role(Role::Item);
    let read = read_items(survey, &items, combine);
    for ((((c, raw), by_respondent), mut notes), observed) in
        items.into_iter().zip(read.combined).zip(read.respondents).zip(read.notes).zip(read.ranges)
    {
        warnings.append(&mut notes);
        let spec = &survey.codebook.columns[c];
        let key = spec.dimension.clone().unwrap_or_else(|| "capacity".into());
        let lo = spec.scale_min.unwrap_or(observed.0);
        let hi = spec.scale_max.unwrap_or(observed.1);
        let reverse = |raw: Vec<Option<f64>>| -> Vec<Option<f64>> {
            if spec.reverse && lo <= hi { raw.iter().map(|v| v.map(|x| lo + hi - x)).collect() } else { raw }
        };
        let (values, by_respondent) = (reverse(raw), reverse(by_respondent));
        if spec.reverse && (spec.scale_min.is_none() || spec.scale_max.is_none()) {
            warnings.push(Warning::at(
                "codebook",
                None,
                Some(&spec.column),
                "warn.reverse_observed",
                args([("low", lo.to_string().into()), ("high", hi.to_string().into())]),
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
                    label_zh_hant: None,
                    key,
                    items: Vec::new(),
                    scale_min: f64::MAX,
                    scale_max: f64::MIN,
                    values: Vec::new(),
                    respondents: Vec::new(),
                });
                let last = dims.len() - 1;
                &mut dims[last]
            }
        };
        if d.label_zh_hant.is_none() {
            d.label_zh_hant = spec.dimension_label_zh_hant.clone();
        }
        if lo <= hi {
            d.scale_min = d.scale_min.min(lo);
            d.scale_max = d.scale_max.max(hi);
        }
        d.items.push(c);
        d.values.push(values);
        if !by_respondent.is_empty() {
            d.respondents.push(by_respondent);
        }
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

/// Most distinct answers [`value_counts`] lists.
const VALUE_COUNTS_MAX: usize = 11;

/// Answer counts of a rating item, ascending by value; empty above 11 distinct answers.
fn value_counts(answers: &[f64]) -> Vec<crate::report::ValueCount> {
    // Counted in one pass (a rating item has a handful of values), not by sorting a million.
    // Whole answers from 1 to 16 (every Likert answer) are counted in place by their value;
    // the others are looked for among the few seen (0 is there: 0 and −0 are one answer).
    let mut small = [0usize; 17];
    let mut out: Vec<crate::report::ValueCount> = Vec::new();
    for &x in answers.iter().filter(|x| x.is_finite()) {
        // `x as u8` truncates (a cast, where `fract` was a call to a library function).
        if (1.0..=16.0).contains(&x) && (x as u8) as f64 == x {
            small[x as usize] += 1;
        } else if let Some(c) = out.iter_mut().find(|c| c.value == x) {
            c.count += 1;
        } else if out.len() == VALUE_COUNTS_MAX {
            return Vec::new();
        } else {
            out.push(crate::report::ValueCount { value: x, count: 1 });
        }
    }
    let whole = small.iter().enumerate().filter(|(_, n)| **n > 0);
    out.extend(whole.map(|(v, n)| crate::report::ValueCount { value: v as f64, count: *n }));
    if out.len() > VALUE_COUNTS_MAX {
        return Vec::new();
    }
    out.sort_by(|a, b| a.value.total_cmp(&b.value));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`value_counts`] as first written, for its test: every value looked for among those seen.
    fn value_counts_by_search(answers: &[f64]) -> Vec<crate::report::ValueCount> {
        let mut out: Vec<crate::report::ValueCount> = Vec::new();
        for &x in answers.iter().filter(|x| x.is_finite()) {
            if let Some(c) = out.iter_mut().find(|c| c.value == x) {
                c.count += 1;
            } else if out.len() == VALUE_COUNTS_MAX {
                return Vec::new();
            } else {
                out.push(crate::report::ValueCount { value: x, count: 1 });
            }
        }
        out.sort_by(|a, b| a.value.total_cmp(&b.value));
        out
    }

    /// Counting whole answers in place gives the counts of looking every answer up: Likert
    /// answers, halves, zeros of both signs, values past 16, NaN and infinities, and items
    /// just below and above the limit of distinct answers.
    #[test]
    fn value_counts_equal_counting_by_search() {
        let mut rng = crate::rng::Rng::new(23);
        let pool = [1.0, 2.0, 3.0, 4.0, 5.0, 16.0, 17.0, 0.0, -0.0, 2.5, -1.0, 7.0, 11.0, 100.0];
        let odd = [f64::NAN, f64::INFINITY, 1e300, 0.5];
        for trial in 0..400 {
            let distinct = 1 + rng.below(pool.len());
            let len = rng.below(60);
            let answers: Vec<f64> =
                (0..len)
                    .map(|_| {
                        if rng.below(20) == 0 { odd[rng.below(odd.len())] } else { pool[rng.below(distinct)] }
                    })
                    .collect();
            let (got, want) = (value_counts(&answers), value_counts_by_search(&answers));
            let bits = |v: &[crate::report::ValueCount]| -> Vec<(u64, usize)> {
                v.iter().map(|c| (c.value.to_bits(), c.count)).collect()
            };
            assert_eq!(bits(&got), bits(&want), "trial {trial}: {answers:?}");
        }
        let likert: Vec<f64> = (0..10_000).map(|i| (1 + i % 5) as f64).collect();
        assert_eq!(value_counts(&likert).iter().map(|c| c.count).collect::<Vec<_>>(), [2_000; 5]);
    }

    /// The answers' range folded while reading is the fold over the answers read, in order:
    /// with several respondents (their answers) and with one each (the organizations'), with
    /// missing answers, signed zeros and a few words.
    #[test]
    fn ranges_folded_while_reading_equal_a_fold_over_the_answers() {
        use crate::ingest::Table;
        let texts = ["1", "2", "5", "4", "3", "-0", "0", "", "NA", "同意", "x", "7"];
        let mut rng = crate::rng::Rng::new(41);
        for several in [false, true] {
            let rows: Vec<Vec<String>> = (0..600)
                .map(|r| {
                    let org = if several { r / 3 } else { r };
                    let mut row = vec![org.to_string(), format!("机构{org}")];
                    // Mostly ratings, so the columns read as items.
                    row.extend((0..3).map(|_| {
                        let t = if rng.below(12) == 0 {
                            texts[rng.below(texts.len())]
                        } else {
                            texts[rng.below(5)]
                        };
                        t.to_string()
                    }));
                    row
                })
                .collect();
            let table = Table::new("r.csv", &["org_id", "org_name", "q_1", "q_2", "q_3"], rows);
            let survey = Survey::build(table, None, &mut Vec::new());
            let items = survey.columns_with_role(Role::Item);
            assert_eq!(items.len(), 3);
            assert_eq!(survey.has_several_respondents(), several);
            let read = read_items(&survey, &items, Combine::Mean);
            for k in 0..items.len() {
                let answers = if several { &read.respondents[k] } else { &read.combined[k] };
                let want =
                    answers.iter().flatten().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
                let got = read.ranges[k];
                assert_eq!((got.0.to_bits(), got.1.to_bits()), (want.0.to_bits(), want.1.to_bits()));
            }
        }
    }

    /// Percentiles by group numbers equal those of a map from each group's key: runs of one
    /// group and changes, an empty group text, organizations without a group or an index.
    #[test]
    fn percentiles_by_group_number_equal_a_map_by_key() {
        fn by_map(organizations: &mut [OrgCapacity]) {
            use std::collections::BTreeMap;
            let all_index: Vec<f64> = organizations.iter().filter_map(|o| o.index).collect();
            let sample = crate::stats::PercentileRanks::new(&all_index);
            let mut by_group: BTreeMap<Key, Vec<f64>> = BTreeMap::new();
            for o in organizations.iter() {
                if let (Some(g), Some(x)) = (&o.group, o.index) {
                    by_group.entry(g.clone()).or_default().push(x);
                }
            }
            let ranks: BTreeMap<Key, crate::stats::PercentileRanks> =
                by_group.into_iter().map(|(g, v)| (g, crate::stats::PercentileRanks::new(&v))).collect();
            for o in organizations.iter_mut() {
                let Some(x) = o.index else { continue };
                o.percentile = sample.rank(x);
                o.group_percentile = o.group.as_ref().and_then(|g| ranks.get(g)).and_then(|r| r.rank(x));
            }
        }
        let mut rng = crate::rng::Rng::new(53);
        let cities = ["北京", "上海", "昆明", ""];
        let organizations: Vec<OrgCapacity> = (0..3_000)
            .map(|i| {
                let c = rng.below(cities.len() + 1);
                OrgCapacity {
                    id: i.to_string(),
                    name: format!("机构{i}"),
                    scores: Scores::default(),
                    index: (rng.below(9) > 0).then(|| rng.below(97) as f64 / 3.0),
                    percentile: None,
                    group: cities.get(c).map(|t| Key::new(t)),
                    group_percentile: None,
                    strengths: Vec::new(),
                    gaps: Vec::new(),
                    profile: None,
                    stage: None,
                    engagement: None,
                    respondents: 1,
                    agreement: Scores::default(),
                    few_respondents: false,
                    by_respondent: Vec::new(),
                }
            })
            .collect();
        let (mut got, mut want) = (organizations.clone(), organizations);
        // The groups as level codes, in order of first appearance (as `Grouping` codes them).
        let mut levels: Vec<Key> = Vec::new();
        let codes: Vec<Option<u32>> = got
            .iter()
            .map(|o| {
                let g = o.group.as_ref()?;
                let at = levels.iter().position(|l| l == g).unwrap_or_else(|| {
                    levels.push(g.clone());
                    levels.len() - 1
                });
                Some(at as u32)
            })
            .collect();
        let index: Vec<Option<f64>> = got.iter().map(|o| o.index).collect();
        set_percentiles(&mut got, &index, Some(&codes));
        by_map(&mut want);
        assert!(got.iter().any(|o| o.group_percentile.is_some()));
        assert_eq!(got, want);
    }
}
