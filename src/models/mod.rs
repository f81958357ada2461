//! Outcome models over capacity scores, attributes and network positions: regression
//! (`OUTCOME ~ TERM + …`, OLS or logistic as statsmodels fits them) and serial mediation with
//! percentile bootstrap intervals (Hayes' PROCESS models 4 and 6). This layer sits above
//! capacity and network: it reads their reports and the survey, and writes the report's
//! `models` and `mediation` sections. Definitions are in the README's "Models".

pub mod choices;
pub mod data;
pub mod formula;
pub mod mediation;
pub mod presets;
pub mod text;

use crate::report::{ModelNote, ModelReport, ModelTerm};
use crate::stats::linalg::independent_columns;
use crate::stats::regression::{self, FitError};
use data::{Values, Variables};

/// Which models to fit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOptions {
    /// Regression formulas.
    pub formulas: Vec<String>,
    /// Mediation specifications.
    pub mediations: Vec<String>,
    /// Bootstrap resamples for mediation (0: the default, 5,000).
    pub bootstrap: usize,
    /// Threads for the bootstrap resamples. How the job runs, not a setting: every number
    /// gives the same report (see [`crate::stats::par`]).
    pub threads: crate::stats::par::Threads,
}

/// The default number of bootstrap resamples (PROCESS's default).
pub const DEFAULT_BOOTSTRAP: usize = 5000;

/// A note with a code and the term it concerns.
pub(crate) fn note(code: &str, term: &str) -> ModelNote {
    ModelNote { code: code.to_string(), term: term.to_string() }
}

/// The code of a fitting failure (`model.note.<code>` in the locale files).
pub(crate) fn fit_error_code(e: FitError) -> &'static str {
    match e {
        FitError::TooFewCases => "too_few_cases",
        FitError::Singular => "singular",
        FitError::Separation => "separation",
        FitError::NotConverged => "not_converged",
    }
}

/// Sorted distinct levels of a categorical variable among the rows kept.
fn levels(values: &[Option<String>], keep: &[bool]) -> Vec<String> {
    let mut l: Vec<String> =
        values.iter().zip(keep).filter(|(_, k)| **k).filter_map(|(v, _)| v.clone()).collect();
    l.sort();
    l.dedup();
    l
}

/// A predictor's design columns over the kept rows: one for a number, one dummy per level but
/// the first (in sorted order, the reference) for a category, named `attr[level]`.
pub(crate) fn term_columns(name: &str, values: &Values, keep: &[bool]) -> Vec<(String, Vec<f64>)> {
    match values {
        Values::Numeric(v) => {
            vec![(
                name.to_string(),
                v.iter().zip(keep).filter(|(_, k)| **k).map(|(x, _)| x.unwrap_or(0.0)).collect(),
            )]
        }
        Values::Categorical(v) => levels(v, keep)
            .into_iter()
            .skip(1)
            .map(|level| {
                let col = v
                    .iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(x, _)| if x.as_deref() == Some(level.as_str()) { 1.0 } else { 0.0 })
                    .collect();
                (format!("{name}[{level}]"), col)
            })
            .collect(),
    }
}

/// Whether row `i` of a variable has a value.
pub(crate) fn present(values: &Values, i: usize) -> bool {
    match values {
        Values::Numeric(v) => v[i].is_some_and(f64::is_finite),
        Values::Categorical(v) => v[i].is_some(),
    }
}

/// An outcome as numbers over the kept rows, with the event's label when it is binary.
enum Outcome {
    Gaussian(Vec<f64>),
    Binomial(Vec<f64>, String),
}

/// The outcome's family: two distinct values make it binomial (the second in sorted order is
/// the event), other numbers gaussian; a category with more than two values has no model.
fn outcome(values: &Values, keep: &[bool]) -> Option<Outcome> {
    match values {
        Values::Numeric(v) => {
            let y: Vec<f64> =
                v.iter().zip(keep).filter(|(_, k)| **k).map(|(x, _)| x.unwrap_or(0.0)).collect();
            let mut distinct = y.clone();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            Some(match distinct.as_slice() {
                [_, event] => {
                    let e = *event;
                    Outcome::Binomial(
                        y.iter().map(|x| if *x == e { 1.0 } else { 0.0 }).collect(),
                        (e + 0.0).to_string(),
                    )
                }
                _ => Outcome::Gaussian(y),
            })
        }
        Values::Categorical(v) => {
            let l = levels(v, keep);
            let [_, event] = l.as_slice() else { return None };
            let y = v
                .iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| if x.as_ref() == Some(event) { 1.0 } else { 0.0 })
                .collect();
            Some(Outcome::Binomial(y, event.clone()))
        }
    }
}

/// A model report with nothing estimated and the reason.
fn undefined(
    text: &str,
    outcome: &str,
    family: &str,
    reason: ModelNote,
    warnings: Vec<ModelNote>,
) -> ModelReport {
    ModelReport {
        formula: text.to_string(),
        outcome: outcome.to_string(),
        family: family.to_string(),
        event: None,
        n: 0,
        terms: Vec::new(),
        r2: None,
        adj_r2: None,
        f: None,
        f_p: None,
        log_likelihood: None,
        pseudo_r2: None,
        aic: None,
        warnings,
        not_defined: Some(reason),
    }
}

/// Fits one regression formula (see the README's "Models").
pub fn fit_formula(text: &str, vars: &Variables) -> ModelReport {
    let f = match formula::parse_formula(text) {
        Ok(f) => f,
        Err(e) => return undefined(text, "", "gaussian", note("syntax", &e.0), Vec::new()),
    };
    let mut resolved = Vec::new();
    for name in std::iter::once(&f.outcome).chain(&f.terms) {
        match vars.get(name) {
            Ok(v) => resolved.push(v),
            Err(e) => {
                return undefined(text, &f.outcome, "gaussian", note("unknown_variable", &e.0), Vec::new());
            }
        }
    }
    // Complete cases over the outcome and every term.
    let keep: Vec<bool> = (0..vars.len()).map(|i| resolved.iter().all(|v| present(v, i))).collect();
    let Some(y) = outcome(&resolved[0], &keep) else {
        return undefined(text, &f.outcome, "binomial", note("not_two_values", &f.outcome), Vec::new());
    };
    let n = keep.iter().filter(|k| **k).count();
    let mut columns: Vec<(String, Vec<f64>)> = vec![("(Intercept)".to_string(), vec![1.0; n])];
    for (name, values) in f.terms.iter().zip(&resolved[1..]) {
        columns.extend(term_columns(name, values, &keep));
    }
    let raw: Vec<Vec<f64>> = columns.iter().map(|c| c.1.clone()).collect();
    let kept = independent_columns(&raw);
    let mut warnings = Vec::new();
    for (j, (name, col)) in columns.iter().enumerate().skip(1) {
        if !kept.contains(&j) {
            let constant = col.iter().all(|x| *x == col[0]);
            warnings.push(note(if constant { "constant" } else { "collinear" }, name));
        }
    }
    let names: Vec<&str> = kept.iter().map(|j| columns[*j].0.as_str()).collect();
    let x: Vec<Vec<f64>> = (0..n).map(|i| kept.iter().map(|j| columns[*j].1[i]).collect()).collect();
    let sds = regression::column_sds(&x);
    match y {
        Outcome::Gaussian(y) => gaussian_report(text, &f.outcome, &names, &x, &y, &sds, warnings),
        Outcome::Binomial(y, event) => binomial_report(text, &f.outcome, &names, &x, &y, event, warnings),
    }
}

fn gaussian_report(
    text: &str,
    outcome: &str,
    names: &[&str],
    x: &[Vec<f64>],
    y: &[f64],
    sds: &[Option<f64>],
    warnings: Vec<ModelNote>,
) -> ModelReport {
    let fit = match regression::ols(x, y) {
        Ok(fit) => fit,
        Err(e) => return undefined(text, outcome, "gaussian", note(fit_error_code(e), ""), warnings),
    };
    let sd_y = crate::stats::sd(y);
    let terms = names
        .iter()
        .zip(&fit.coefficients)
        .enumerate()
        .map(|(j, (name, c))| ModelTerm {
            term: name.to_string(),
            estimate: c.estimate,
            se: c.se,
            se_hc3: c.se_hc3,
            statistic: c.statistic,
            p: c.p,
            ci_low: c.ci.map(|c| c.0),
            ci_high: c.ci.map(|c| c.1),
            std_estimate: if j == 0 {
                None
            } else {
                sds[j].zip(sd_y).and_then(|(sx, sy)| crate::stats::finite(c.estimate * sx / sy))
            },
            odds_ratio: None,
        })
        .collect();
    ModelReport {
        n: fit.n,
        terms,
        r2: fit.r2,
        adj_r2: fit.adj_r2,
        f: fit.f,
        f_p: fit.f_p,
        not_defined: None,
        ..undefined(text, outcome, "gaussian", note("", ""), warnings)
    }
}

fn binomial_report(
    text: &str,
    outcome: &str,
    names: &[&str],
    x: &[Vec<f64>],
    y: &[f64],
    event: String,
    warnings: Vec<ModelNote>,
) -> ModelReport {
    let fit = match regression::logit(x, y) {
        Ok(fit) => fit,
        Err(e) => {
            let mut r = undefined(text, outcome, "binomial", note(fit_error_code(e), ""), warnings);
            r.event = Some(event);
            return r;
        }
    };
    let terms = names
        .iter()
        .zip(&fit.coefficients)
        .map(|(name, c)| ModelTerm {
            term: name.to_string(),
            estimate: c.estimate,
            se: c.se,
            se_hc3: None,
            statistic: c.statistic,
            p: c.p,
            ci_low: c.ci.map(|c| c.0),
            ci_high: c.ci.map(|c| c.1),
            std_estimate: None,
            odds_ratio: crate::stats::finite(c.estimate.exp()),
        })
        .collect();
    ModelReport {
        event: Some(event),
        n: fit.n,
        terms,
        log_likelihood: Some(fit.log_likelihood),
        pseudo_r2: fit.pseudo_r2,
        aic: Some(fit.aic),
        not_defined: None,
        ..undefined(text, outcome, "binomial", note("", ""), warnings)
    }
}

/// Fits every model asked for, bootstrapping with `seed` (the analysis' seed); `progress`
/// receives the share done (0–1) during bootstraps.
pub fn run(
    options: &ModelOptions,
    vars: &Variables,
    seed: u64,
    progress: &mut dyn FnMut(f64),
) -> (Vec<ModelReport>, Vec<crate::report::MediationReport>) {
    let models = options.formulas.iter().map(|f| fit_formula(f, vars)).collect();
    let b = if options.bootstrap == 0 { DEFAULT_BOOTSTRAP } else { options.bootstrap };
    let total = options.mediations.len().max(1) as f64;
    let mediation = options
        .mediations
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            mediation::fit(spec, vars, b, seed, options.threads, &mut |p| progress((i as f64 + p) / total))
        })
        .collect();
    (models, mediation)
}
