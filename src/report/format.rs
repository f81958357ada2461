//! Number formatting for tables, charts and exports, in the user's language.
//!
//! Undefined values print as "not defined" / "无定义", never as NaN, Infinity or 0.

use crate::i18n::{Lang, t};

/// A finite number with `digits` decimals, never "-0": a value that rounds to zero prints
/// without a sign (a correlation of -0.00004 is "0.000", not "-0.000").
pub fn fixed(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A number with `digits` decimals, or the localized "not defined".
pub fn num(x: Option<f64>, digits: usize, lang: Lang) -> String {
    match x {
        Some(v) if v.is_finite() => fixed(v, digits),
        _ => t(lang, "common.undefined"),
    }
}

/// A p-value as tables show it: "< 0.001" below that, else three decimals, or "not defined" (as
/// sentences write it, `models::text::p_text`, and as the XLSX sheets format it).
pub fn p_value(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(p) if p.is_finite() && p < 0.001 => "< 0.001".to_string(),
        _ => num(x, 3, lang),
    }
}

/// A share (0–1) as a percentage with one decimal, or "not defined".
pub fn percent(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{}%", fixed(v * 100.0, 1)),
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
        // Never a negative zero: values that round to zero lose their sign, others keep it.
        assert_eq!(num(Some(-0.00004), 4, Lang::En), "0.0000");
        assert_eq!(num(Some(-0.0), 1, Lang::En), "0.0");
        assert_eq!(num(Some(-0.00006), 4, Lang::En), "-0.0001");
        assert_eq!(percent(Some(-0.0000001), Lang::En), "0.0%");
        assert_eq!(fixed(-12.5, 0), "-12");
        assert!(undefined_reason(Lang::En, "capacity.alpha").contains("two items"));
        assert_eq!(undefined_reason(Lang::Zh, "no.such.metric"), t(Lang::Zh, "why.generic"));
    }

    #[test]
    fn p_values_read_as_sentences_write_them() {
        assert_eq!(p_value(Some(0.0000123), Lang::Zh), "< 0.001");
        assert_eq!(p_value(Some(0.001), Lang::En), "0.001");
        assert_eq!(p_value(Some(0.03456), Lang::En), "0.035");
        assert_eq!(p_value(None, Lang::Zh), "无定义");
        assert_eq!(p_value(Some(f64::NAN), Lang::En), "not defined");
    }
}
