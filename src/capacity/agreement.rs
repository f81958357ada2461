//! Agreement among several respondents of one organization.
//!
//! Across organizations, per dimension: ICC(1) and ICC(2) from a one-way ANOVA of the
//! respondents' own dimension scores on organization (Bliese 2000; unbalanced groups use
//! k₀ = (N − Σnᵢ²/N)/(g − 1)). Within an organization, per dimension: rwg(j) (James, Demaree
//! & Wolf 1984) against the uniform null distribution of an A-point scale, variance
//! (A² − 1)/12. See the README's "Metric definitions".

use crate::stats::{finite, mean, variance};

/// Mean squares of a one-way ANOVA and the group-size terms the ICCs need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anova {
    /// Mean square between groups, Σ nᵢ(ȳᵢ − ȳ)² / (g − 1).
    pub ms_between: f64,
    /// Mean square within groups, ΣΣ (y − ȳᵢ)² / (N − g).
    pub ms_within: f64,
    /// Number of groups with at least one value.
    pub groups: usize,
    /// Number of values.
    pub n: usize,
    /// Adjusted mean group size k₀ = (N − Σnᵢ²/N)/(g − 1).
    pub k0: f64,
}

/// One-way ANOVA of `groups` (empty groups are left out); `None` with fewer than two groups
/// or no within-group degrees of freedom.
pub fn one_way(groups: &[Vec<f64>]) -> Option<Anova> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    let g = groups.len();
    let n: usize = groups.iter().map(|x| x.len()).sum();
    if g < 2 || n <= g {
        return None;
    }
    let grand = groups.iter().flat_map(|x| x.iter()).sum::<f64>() / n as f64;
    let (mut between, mut within, mut squares) = (0.0, 0.0, 0.0);
    for x in &groups {
        let m = mean(x)?;
        between += x.len() as f64 * (m - grand) * (m - grand);
        within += x.iter().map(|v| (v - m) * (v - m)).sum::<f64>();
        squares += (x.len() * x.len()) as f64;
    }
    let nf = n as f64;
    Some(Anova {
        ms_between: finite(between / (g - 1) as f64)?,
        ms_within: finite(within / (n - g) as f64)?,
        groups: g,
        n,
        k0: (nf - squares / nf) / (g - 1) as f64,
    })
}

impl Anova {
    /// ICC(1) = (MSB − MSW) / (MSB + (k₀ − 1)·MSW): the share of a respondent's score due to
    /// the organization. `None` when the denominator is 0.
    pub fn icc1(&self) -> Option<f64> {
        let d = self.ms_between + (self.k0 - 1.0) * self.ms_within;
        (d != 0.0).then(|| finite((self.ms_between - self.ms_within) / d)).flatten()
    }

    /// ICC(2) = (MSB − MSW) / MSB: the reliability of the organizations' mean scores. `None`
    /// when MSB is 0.
    pub fn icc2(&self) -> Option<f64> {
        (self.ms_between != 0.0)
            .then(|| finite((self.ms_between - self.ms_within) / self.ms_between))
            .flatten()
    }
}

/// rwg(j) of one organization on one dimension: `items[j]` holds its respondents' answers to
/// item j (answered ones only), `points` is A, the number of points of the scale.
///
/// rwg(j) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²), with s̄² the mean of the items' sample
/// variances over the J items answered by at least two respondents and σ² = (A² − 1)/12.
/// A value below 0 or above 1 (more disagreement than random answers) is reported as 0.
/// `None` when no item has two answers or the scale has fewer than two points.
pub fn rwg_j(items: &[Vec<f64>], points: f64) -> Option<f64> {
    if points < 2.0 {
        return None;
    }
    let variances: Vec<f64> = items.iter().filter_map(|x| variance(x)).collect();
    let s2 = mean(&variances)?;
    let null = (points * points - 1.0) / 12.0;
    let j = variances.len() as f64;
    let ratio = s2 / null;
    let r = j * (1.0 - ratio) / (j * (1.0 - ratio) + ratio);
    let r = finite(r).unwrap_or(0.0);
    Some(if (0.0..=1.0).contains(&r) { r } else { 0.0 })
}

/// The number of points of a scale from `lo` to `hi` in steps of 1.
pub fn scale_points(lo: f64, hi: f64) -> f64 {
    (hi - lo).round() + 1.0
}

/// Agreement on one dimension: the ICCs across organizations, rwg(j) per organization.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DimensionAgreement {
    /// ICC(1).
    pub icc1: Option<f64>,
    /// ICC(2).
    pub icc2: Option<f64>,
    /// rwg(j) per organization (`None` with one respondent).
    pub rwg: Vec<Option<f64>>,
    /// Each respondent's own score, in the order of `values` (`None` below `needed` items).
    pub own: Vec<Option<f64>>,
}

/// Agreement on a dimension from its respondents' reverse-coded answers: `values[item][r]`
/// over every respondent, organization `o`'s respondents being `starts[o]..starts[o + 1]`.
/// A respondent's own score needs `needed` answered items, as an organization's does.
pub fn dimension(
    values: &[Vec<Option<f64>>],
    starts: &[usize],
    needed: usize,
    points: f64,
) -> DimensionAgreement {
    let n_orgs = starts.len().saturating_sub(1);
    let mut groups: Vec<Vec<f64>> = Vec::with_capacity(n_orgs);
    let mut rwg = Vec::with_capacity(n_orgs);
    let respondents = starts.last().copied().unwrap_or(0);
    let own: Vec<Option<f64>> = (0..respondents)
        .map(|r| {
            let answered: Vec<f64> = values.iter().filter_map(|v| v[r]).collect();
            (answered.len() >= needed.max(1)).then(|| mean(&answered)).flatten()
        })
        .collect();
    for o in 0..n_orgs {
        let range = starts[o]..starts[o + 1];
        groups.push(own[range.clone()].iter().flatten().copied().collect());
        rwg.push(if range.len() > 1 {
            let items: Vec<Vec<f64>> =
                values.iter().map(|v| v[range.clone()].iter().flatten().copied().collect()).collect();
            rwg_j(&items, points)
        } else {
            None
        });
    }
    let anova = one_way(&groups);
    DimensionAgreement { icc1: anova.and_then(|a| a.icc1()), icc2: anova.and_then(|a| a.icc2()), rwg, own }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn anova_and_iccs_by_hand() {
        // Groups {1,2,3}, {4,5}, {6}: grand mean 21/6 = 3.5; group means 2, 4.5, 6.
        // SSB = 3·2.25 + 2·1 + 1·6.25 = 15 (df 2): MSB 7.5. SSW = 2 + 0.5 + 0 = 2.5 (df 3):
        // MSW 5/6. k₀ = (6 − 14/6)/2 = 11/6.
        let a = one_way(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0], vec![6.0], vec![]]).unwrap();
        close(Some(a.ms_between), 7.5);
        close(Some(a.ms_within), 5.0 / 6.0);
        close(Some(a.k0), 11.0 / 6.0);
        assert_eq!((a.groups, a.n), (3, 6));
        // ICC(1) = (7.5 − 5/6)/(7.5 + 5/6 · 5/6) = (20/3)/(295/36) = 240/295.
        close(a.icc1(), 240.0 / 295.0);
        close(a.icc2(), (7.5 - 5.0 / 6.0) / 7.5);
        assert_eq!(one_way(&[vec![1.0], vec![2.0]]), None, "no within-group df");
        assert_eq!(one_way(&[vec![1.0, 2.0]]), None, "one group");
    }

    #[test]
    fn rwg_j_by_hand() {
        // 5-point scale: σ² = 24/12 = 2.
        let items = [vec![3.0, 4.0], vec![2.0, 3.0, 4.0]]; // variances 0.5 and 1
        // s̄² = 0.75, ratio 0.375, rwg = 2·0.625 / (2·0.625 + 0.375) = 1.25/1.625.
        close(rwg_j(&items, 5.0), 1.25 / 1.625);
        // Perfect agreement.
        close(rwg_j(&[vec![4.0, 4.0, 4.0]], 5.0), 1.0);
        // More spread than random answers: reported as 0.
        close(rwg_j(&[vec![1.0, 5.0], vec![1.0, 5.0]], 5.0), 0.0);
        assert_eq!(rwg_j(&[vec![3.0]], 5.0), None);
        assert_eq!(rwg_j(&[vec![3.0, 4.0]], 1.0), None);
        assert_eq!(scale_points(1.0, 5.0), 5.0);
    }

    #[test]
    fn a_dimension_over_respondents() {
        // Two items; organization 0 has respondents 0–1, organization 1 respondents 2–4,
        // organization 2 respondent 5 (a group of one).
        let values = vec![
            vec![Some(4.0), Some(5.0), Some(2.0), Some(2.0), None, Some(3.0)],
            vec![Some(4.0), Some(4.0), Some(1.0), Some(3.0), Some(2.0), None],
        ];
        let a = dimension(&values, &[0, 2, 5, 6], 1, 5.0);
        // Own scores: {4, 4.5}, {1.5, 2.5, 2}, {3}.
        let anova = one_way(&[vec![4.0, 4.5], vec![1.5, 2.5, 2.0], vec![3.0]]).unwrap();
        assert_eq!((a.icc1, a.icc2), (anova.icc1(), anova.icc2()));
        // Organization 0: item variances 0.5 and 0 → s̄² 0.25, ratio 0.125:
        // rwg = 2·0.875/(2·0.875 + 0.125) = 1.75/1.875.
        close(a.rwg[0], 1.75 / 1.875);
        // Organization 1: item 1 {2, 2} variance 0, item 2 {1, 3, 2} variance 1: s̄² 0.5.
        close(a.rwg[1], 2.0 * 0.75 / (2.0 * 0.75 + 0.25));
        assert_eq!(a.rwg[2], None);
        assert_eq!(a.own, [Some(4.0), Some(4.5), Some(1.5), Some(2.5), Some(2.0), Some(3.0)]);
    }
}
