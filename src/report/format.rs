//! Number formatting for tables, charts and exports, in the user's language.
//!
//! Undefined values print as "not defined" / "无定义", never as NaN, Infinity or 0.

use crate::i18n::{Lang, t};

/// A number with `digits` decimals, or the localized "not defined".
pub fn num(x: Option<f64>, digits: usize, lang: Lang) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.digits$}"),
        _ => t(lang, "common.undefined"),
    }
}

/// A share (0–1) as a percentage with one decimal, or "not defined".
pub fn percent(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => t(lang, "common.undefined"),
    }
}

/// Metrics whose "not defined" reasons are listed in the report and the workbook.
pub const EXPLAINED_METRICS: [&str; 12] = [
    "capacity.alpha",
    "capacity.omega",
    "capacity.index",
    "capacity.percentile",
    "groups.p",
    "groups.mean_ci",
    "links.rho",
    "metric.closeness",
    "metric.clustering",
    "metric.constraint",
    "metric.eigenvector",
    "network.betweenness",
];

/// Why a metric can be "not defined", in plain language: the translation of `why.<key>` for
/// the metric's label key, or a general reason. Shown under every table with an undefined cell.
pub fn undefined_reason(lang: Lang, metric_key: &str) -> String {
    let key = format!("why.{metric_key}");
    if crate::i18n::has(lang, &key) { t(lang, &key) } else { t(lang, "why.generic") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_is_spelled_out() {
        assert_eq!(num(Some(0.12345), 2, Lang::En), "0.12");
        assert_eq!(num(None, 2, Lang::En), "not defined");
        assert_eq!(num(Some(f64::NAN), 2, Lang::Zh), "无定义");
        assert_eq!(percent(Some(0.4201), Lang::En), "42.0%");
        assert!(undefined_reason(Lang::En, "capacity.alpha").contains("two items"));
        assert_eq!(undefined_reason(Lang::Zh, "no.such.metric"), t(Lang::Zh, "why.generic"));
    }
}
