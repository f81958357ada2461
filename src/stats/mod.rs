//! Statistics shared by the capacity and network modules: descriptive statistics here,
//! hypothesis tests in [`inference`], k-means and silhouettes in [`cluster`], work split across
//! threads with thread-independent results in [`par`].
//!
//! Every function returns `None` instead of NaN or infinity when the statistic is undefined
//! (too few values, zero variance), so no undefined number can reach the UI or an export.

pub mod cluster;
pub mod inference;
pub mod linalg;
pub mod paired;
pub mod par;
pub mod regression;

/// Keeps a number only if it is finite.
pub fn finite(x: f64) -> Option<f64> {
    if x.is_finite() { Some(x) } else { None }
}

/// Arithmetic mean; `None` for an empty slice.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() { None } else { finite(xs.iter().sum::<f64>() / xs.len() as f64) }
}

/// Sample variance (denominator n − 1); `None` below two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    finite(xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// Sample standard deviation (denominator n − 1); `None` below two values.
pub fn sd(xs: &[f64]) -> Option<f64> {
    variance(xs).map(f64::sqrt)
}

/// Sample covariance of paired values (denominator n − 1); `None` below two pairs.
pub fn covariance(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return None;
    }
    let mx = mean(&xs[..n])?;
    let my = mean(&ys[..n])?;
    finite((0..n).map(|i| (xs[i] - mx) * (ys[i] - my)).sum::<f64>() / (n - 1) as f64)
}

/// Pearson correlation; `None` when either side has zero variance or fewer than two pairs.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let c = covariance(xs, ys)?;
    let sx = sd(xs)?;
    let sy = sd(ys)?;
    if sx == 0.0 || sy == 0.0 {
        return None;
    }
    finite((c / (sx * sy)).clamp(-1.0, 1.0))
}

/// A column's mean and sample standard deviation, found once for its correlations with several
/// other columns ([`pearson_with`]).
#[derive(Debug, Clone, Copy)]
pub struct Moments {
    mean: f64,
    sd: f64,
}

/// [`Moments`] of `xs`; `None` below two values or when either is undefined.
pub fn moments(xs: &[f64]) -> Option<Moments> {
    Some(Moments { mean: mean(xs)?, sd: sd(xs)? })
}

/// [`pearson`] of two columns of one length from their [`moments`]: the same arithmetic, so the
/// same number, with one pass over the pairs instead of seven (the capacity correlations of a million-row
/// survey made about 300 passes).
pub fn pearson_with(xs: &[f64], ys: &[f64], mx: Moments, my: Moments) -> Option<f64> {
    let n = xs.len();
    if n < 2 || ys.len() != n {
        return pearson(xs, ys);
    }
    let c =
        finite(xs.iter().zip(ys).map(|(x, y)| (x - mx.mean) * (y - my.mean)).sum::<f64>() / (n - 1) as f64)?;
    if mx.sd == 0.0 || my.sd == 0.0 {
        return None;
    }
    finite((c / (mx.sd * my.sd)).clamp(-1.0, 1.0))
}

/// Median (average of the two middle values for even counts); `None` for an empty slice.
///
/// The middle values are found by selection, in linear time: sorting a copy of a million
/// dimension scores took about 70 ms per dimension. Values equal by `f64::total_cmp` have the
/// same bits, so these are exactly the values a sort puts in the middle.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    let n = v.len();
    let (below, &mut upper, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return Some(upper);
    }
    // The lower middle value is the largest of the values below the upper one.
    let lower = below.iter().copied().max_by(f64::total_cmp).unwrap_or(upper);
    Some((lower + upper) / 2.0)
}

/// Quantile `p` (0–1) of ascending `sorted` values with linear interpolation between order
/// statistics (numpy's default, Hyndman & Fan type 7); `None` for an empty slice.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    finite(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// [`quantile`] of values in any order, found by selection in linear time instead of a full
/// sort (a million scores: a few milliseconds). Reorders `values`.
pub fn quantile_unsorted(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (values.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, a, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *a;
    // The next order statistic is the smallest value above the selected one.
    let b = above.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    finite(a + (h - lo as f64) * (b - a))
}

/// Average ranks (1-based; ties share their mean rank) and the tie term Σ(t³ − t).
pub fn ranks(xs: &[f64]) -> (Vec<f64>, f64) {
    ranks_of_few(xs).unwrap_or_else(|| ranks_by_sorting(xs))
}

/// Most distinct values [`ranks_of_few`] ranks by counting.
const RANKS_FEW: usize = 1024;

/// [`ranks`] of finite values with at most [`RANKS_FEW`] distinct ones (`None` otherwise), by
/// counting each value's occurrences instead of sorting: dimension scores and indexes are
/// means of a few Likert items, and sorting a million of them was most of the correlation
/// matrix's time. The same numbers as [`ranks_by_sorting`]: a value's ties are the values
/// equal to it (0 and −0 together, as adjacent in the sort), its rank is computed from the
/// count below it by the same expression, and the tie term is summed in ascending order.
fn ranks_of_few(xs: &[f64]) -> Option<(Vec<f64>, f64)> {
    let mut code_of: rustc_hash::FxHashMap<u64, u32> = Default::default();
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    let mut codes: Vec<u32> = Vec::with_capacity(xs.len());
    for &x in xs {
        if !x.is_finite() {
            return None;
        }
        // −0 + 0 is 0: one code for the two zeros, which compare equal.
        let x = x + 0.0;
        let code = match code_of.get(&x.to_bits()) {
            Some(&c) => c,
            None if distinct.len() == RANKS_FEW => return None,
            None => {
                distinct.push((x, 0));
                code_of.insert(x.to_bits(), (distinct.len() - 1) as u32);
                (distinct.len() - 1) as u32
            }
        };
        distinct[code as usize].1 += 1;
        codes.push(code);
    }
    let mut order: Vec<usize> = (0..distinct.len()).collect();
    order.sort_by(|a, b| distinct[*a].0.total_cmp(&distinct[*b].0));
    let mut rank_of = vec![0.0; distinct.len()];
    let (mut below, mut ties) = (0usize, 0.0);
    for c in order {
        let count = distinct[c].1;
        let (i, j) = (below, below + count - 1);
        rank_of[c] = (i + j) as f64 / 2.0 + 1.0;
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        below += count;
    }
    Some((codes.into_iter().map(|c| rank_of[c as usize]).collect(), ties))
}

/// [`ranks`] by sorting the values.
fn ranks_by_sorting(xs: &[f64]) -> (Vec<f64>, f64) {
    // Values sorted with their positions (not positions sorted by looking values up: on a
    // million values that was most of the time); order within ties does not matter.
    let mut keyed: Vec<(u64, u32)> = xs.iter().enumerate().map(|(i, x)| (order_bits(*x), i as u32)).collect();
    radix_sort(&mut keyed);
    let sorted: Vec<(f64, u32)> = keyed.into_iter().map(|(_, i)| (xs[i as usize], i)).collect();
    let mut ranks = vec![0.0; xs.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1].0 == sorted[i].0 {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            ranks[sorted[k].1 as usize] = avg;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    (ranks, ties)
}

/// Row order that sorts `keys` (ascending or descending) with the undefined keys last and
/// ties in their original order: the order a stable sort by `f64::total_cmp` gives.
///
/// A least-significant-digit radix sort (four passes of 16 bits, passes where every key has
/// the same digit skipped) over the keys' order-preserving bit patterns: the page sorts a
/// million-row table this way in a few milliseconds where a comparison sort took about 50.
pub fn sort_order(keys: &[Option<f64>], ascending: bool) -> Vec<u32> {
    let mut sort = SortSteps::new(keys.len(), ascending);
    while !sort.step(usize::MAX, |i| keys[i]) {}
    sort.into_order()
}

/// The bits of `x` as an unsigned number in the order of `f64::total_cmp`.
fn order_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 { !bits } else { bits | 1 << 63 }
}

/// [`sort_order`] done a bounded piece at a time, so that the page can sort a million rows
/// between other tasks (each piece of a million-row sort was 20–40 ms; the whole sort in one
/// task was most of a 0.2 s pause when the organizations table first mounted).
///
/// Each [`SortSteps::step`] reads the keys of at most `rows` rows, or makes one radix pass;
/// the order is the same as [`sort_order`]'s (which is this run in one go).
#[derive(Debug, Clone)]
pub struct SortSteps {
    len: usize,
    ascending: bool,
    /// Rows whose keys have been read.
    read: usize,
    defined: Vec<(u64, u32)>,
    undefined: Vec<u32>,
    /// The radix passes' scratch space and count table (allocated at the first pass).
    buffer: Vec<(u64, u32)>,
    counts: Vec<usize>,
    /// Radix passes made (or skipped).
    pass: u32,
}

/// Bits per radix digit, and passes of a 64-bit key.
const RADIX_DIGIT: u32 = 16;
const RADIX_PASSES: u32 = 64 / RADIX_DIGIT;

impl SortSteps {
    /// A sort of `len` rows' keys, not yet started.
    pub fn new(len: usize, ascending: bool) -> SortSteps {
        SortSteps {
            len,
            ascending,
            read: 0,
            defined: Vec::with_capacity(len),
            undefined: Vec::new(),
            buffer: Vec::new(),
            counts: Vec::new(),
            pass: 0,
        }
    }

    /// A sort of items already keyed (their keys read: [`SortSteps::step`] goes straight to
    /// the radix passes), e.g. values' order bits with their positions.
    fn of_keyed(items: Vec<(u64, u32)>) -> SortSteps {
        SortSteps { defined: items, ..SortSteps::new(0, true) }
    }

    /// Does the next piece of work: reads the keys of up to `rows` more rows (`key(i)` is row
    /// `i`'s), else sorts. True once the order is ready ([`SortSteps::into_order`]).
    pub fn step(&mut self, rows: usize, key: impl Fn(usize) -> Option<f64>) -> bool {
        if self.read < self.len {
            let end = self.len.min(self.read.saturating_add(rows.max(1)));
            for i in self.read..end {
                match key(i) {
                    Some(x) => {
                        let bits = order_bits(x);
                        self.defined.push((if self.ascending { bits } else { !bits }, i as u32));
                    }
                    None => self.undefined.push(i as u32),
                }
            }
            self.read = end;
            return false;
        }
        // Small inputs use the standard library's stable sort (a radix pass costs a
        // 65,536-entry count table).
        if self.defined.len() < 4096 {
            self.defined.sort_by_key(|&(k, _)| k);
            self.pass = RADIX_PASSES;
        }
        if self.pass < RADIX_PASSES {
            self.radix_pass();
        }
        self.pass >= RADIX_PASSES
    }

    /// One stable counting pass on digit `self.pass` (skipped, at no copying, when every key
    /// has the same digit there).
    fn radix_pass(&mut self) {
        const BUCKETS: usize = 1 << RADIX_DIGIT;
        let items = &mut self.defined;
        if self.buffer.len() != items.len() {
            self.buffer = vec![(0u64, 0u32); items.len()];
            self.counts = vec![0usize; BUCKETS];
        }
        let shift = self.pass * RADIX_DIGIT;
        self.pass += 1;
        let digit = |k: u64| ((k >> shift) as usize) & (BUCKETS - 1);
        let counts = &mut self.counts;
        counts.iter_mut().for_each(|c| *c = 0);
        for &(k, _) in items.iter() {
            counts[digit(k)] += 1;
        }
        if counts.contains(&items.len()) {
            return;
        }
        let mut start = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = start;
            start += n;
        }
        for &item in items.iter() {
            let d = digit(item.0);
            self.buffer[counts[d]] = item;
            counts[d] += 1;
        }
        std::mem::swap(items, &mut self.buffer);
    }

    /// The row order (call once [`SortSteps::step`] has returned true; before, the rows read
    /// so far in a partial order).
    pub fn into_order(self) -> Vec<u32> {
        self.defined.into_iter().map(|(_, i)| i).chain(self.undefined).collect()
    }
}

/// Stable sort by the first element (the radix passes of [`SortSteps`], in one go).
fn radix_sort(items: &mut Vec<(u64, u32)>) {
    let mut sort = SortSteps::of_keyed(std::mem::take(items));
    while !sort.step(usize::MAX, |_| None) {}
    *items = sort.defined;
}

/// Spearman rank correlation (Pearson on average ranks); `None` when undefined.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs).0, &ranks(ys).0)
}

/// Ordinary least squares y = a + b·x as (a, b); `None` below two points or without variation
/// in x.
pub fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx == 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some((finite(my - b * mx)?, finite(b)?))
}

/// `x` rounded to 12 significant digits: the value that ranks compare, so that two scores equal
/// in exact arithmetic but summed in a different order (23.333333333333332 and
/// 23.333333333333336, both 70/3) are ties, not a rank apart. Not finite or 0: unchanged.
pub fn tie_key(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(11 - x.abs().log10().floor() as i32);
    let rounded = (x * scale).round() / scale;
    if rounded.is_finite() { rounded } else { x }
}

/// Percentile rank of `x` among `values`, scipy `percentileofscore(kind="mean")`: the share
/// below plus half the share equal, in percent; values equal to 12 significant digits
/// ([`tie_key`]) are equal.
pub fn percentile_rank(values: &[f64], x: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let x = tie_key(x);
    let below = values.iter().filter(|v| tie_key(**v) < x).count() as f64;
    let equal = values.iter().filter(|v| tie_key(**v) == x).count() as f64;
    finite((below + 0.5 * equal) / values.len() as f64 * 100.0)
}

/// Many [`percentile_rank`] queries against the same values: sorts once, then answers each
/// query by binary search (O(log n) instead of O(n), so ranking every organization is
/// O(n log n)).
#[derive(Debug, Clone)]
pub struct PercentileRanks(Vec<f64>);

impl PercentileRanks {
    /// Sorts the finite values.
    pub fn new(values: &[f64]) -> Self {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).map(tie_key).collect();
        v.sort_by(f64::total_cmp);
        PercentileRanks(v)
    }

    /// The same number as `percentile_rank(values, x)`.
    pub fn rank(&self, x: f64) -> Option<f64> {
        if self.0.is_empty() {
            return None;
        }
        let x = tie_key(x);
        let below = self.0.partition_point(|v| *v < x);
        let upto = self.0.partition_point(|v| *v <= x);
        finite((below as f64 + 0.5 * (upto - below) as f64) / self.0.len() as f64 * 100.0)
    }
}

/// [`PercentileRanks`] that remember their answers by the query's bits: a survey's indexes take
/// few distinct values (means of a few Likert items), so ranking a million organizations makes
/// a few hundred searches instead of two binary searches of a million values (and a
/// [`tie_key`]) each. Up to [`RANKS_REMEMBERED`] distinct queries are kept; the others are
/// answered by searching, so continuous values cost a lookup more, not unbounded memory.
#[derive(Debug, Clone)]
pub struct RememberedRanks {
    ranks: PercentileRanks,
    seen: rustc_hash::FxHashMap<u64, Option<f64>>,
}

/// Most distinct queries a [`RememberedRanks`] keeps.
pub const RANKS_REMEMBERED: usize = 4096;

impl RememberedRanks {
    /// [`PercentileRanks::new`] of `values`, nothing remembered yet.
    pub fn new(values: &[f64]) -> Self {
        RememberedRanks { ranks: PercentileRanks::new(values), seen: Default::default() }
    }

    /// The same number as [`PercentileRanks::rank`].
    pub fn rank(&mut self, x: f64) -> Option<f64> {
        let bits = x.to_bits();
        if let Some(r) = self.seen.get(&bits) {
            return *r;
        }
        let r = self.ranks.rank(x);
        if self.seen.len() < RANKS_REMEMBERED {
            self.seen.insert(bits, r);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks by counting are ranks by sorting, to the bit: few and many distinct values, ties,
    /// both zeros, and values that are not finite (which go to the sort).
    #[test]
    fn ranks_by_counting_equal_ranks_by_sorting() {
        let mut rng = crate::rng::Rng::new(43);
        for (n, distinct) in [(0usize, 1u64), (1, 1), (7, 3), (5_000, 13), (20_000, 1_024), (3_000, 1_025)] {
            for odd in [None, Some(-0.0), Some(0.0), Some(f64::NAN), Some(f64::INFINITY)] {
                let xs: Vec<f64> = (0..n)
                    .map(|_| match (rng.below(30), odd) {
                        (0, Some(x)) => x,
                        (1, _) => -0.0,
                        _ => (rng.next_u64() % distinct) as f64 / 7.0 - 20.0,
                    })
                    .collect();
                let (got, want) = (ranks(&xs), ranks_by_sorting(&xs));
                let bits = |r: &(Vec<f64>, f64)| {
                    (r.0.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), r.1.to_bits())
                };
                assert_eq!(bits(&got), bits(&want), "{n} {distinct} {odd:?}");
            }
        }
        assert!(ranks_of_few(&[1.0, 2.0, 1.0]).is_some());
        assert!(ranks_of_few(&[1.0, f64::NAN]).is_none());
    }

    /// The median by selection is the median of the sorted values, to the bit: odd and even
    /// counts, ties, signed zeros, NaN and infinities.
    #[test]
    fn median_by_selection_equals_median_of_sorted_values() {
        let by_sorting = |xs: &[f64]| -> Option<f64> {
            let mut v = xs.to_vec();
            v.sort_by(f64::total_cmp);
            let n = v.len();
            (n > 0).then(|| if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
        };
        let mut rng = crate::rng::Rng::new(41);
        let pool = [0.0, -0.0, 1.0, 2.5, -3.0, 4.0, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
        for trial in 0..2_000 {
            let distinct = 1 + rng.below(pool.len());
            let xs: Vec<f64> = (0..rng.below(40)).map(|_| pool[rng.below(distinct)]).collect();
            assert_eq!(median(&xs).map(f64::to_bits), by_sorting(&xs).map(f64::to_bits), "{trial}: {xs:?}");
        }
        let many: Vec<f64> = (0..100_001).map(|_| (rng.next_u64() % 97) as f64 / 8.0).collect();
        assert_eq!(median(&many), by_sorting(&many));
        assert_eq!(median(&many[1..]), by_sorting(&many[1..]));
    }

    /// Remembered ranks answer as the searches do, for repeated values, ties to 12 digits,
    /// signed zeros, values absent from the sample and more distinct queries than are kept.
    #[test]
    fn remembered_ranks_equal_percentile_ranks() {
        let mut rng = crate::rng::Rng::new(17);
        for (n, distinct) in [(0usize, 1u64), (1, 1), (500, 7), (20_000, 97), (12_000, 1_000_000)] {
            let values: Vec<f64> = (0..n)
                .map(|_| match rng.below(50) {
                    0 => 0.0,
                    1 => -0.0,
                    2 => 70.0 / 3.0,
                    3 => 23.333333333333336,
                    _ => (rng.next_u64() % distinct) as f64 / 3.0 - 10.0,
                })
                .collect();
            let plain = PercentileRanks::new(&values);
            let mut remembered = RememberedRanks::new(&values);
            let queries = values.iter().copied().chain([1e9, -1e9, 0.5, 23.333333333333332]);
            for x in queries.clone().chain(queries) {
                assert_eq!(remembered.rank(x), plain.rank(x), "{n} {x}");
            }
            assert!(remembered.seen.len() <= RANKS_REMEMBERED);
        }
    }

    #[test]
    fn pearson_with_moments_is_pearson() {
        let mut seed = 5u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 40) as f64 / 977.0
        };
        for n in [0, 1, 2, 3, 10, 200] {
            let xs: Vec<f64> = (0..n).map(|_| next()).collect();
            let ys: Vec<f64> = (0..n).map(|_| next()).collect();
            let got = match (moments(&xs), moments(&ys)) {
                (Some(mx), Some(my)) => pearson_with(&xs, &ys, mx, my),
                _ => None,
            };
            // The same arithmetic: equal to the last bit.
            assert_eq!(got, pearson(&xs, &ys), "n = {n}");
        }
        let flat = [2.0; 5];
        let other = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(pearson_with(&flat, &other, moments(&flat).unwrap(), moments(&other).unwrap()), None);
    }

    #[test]
    fn least_squares_by_hand() {
        // y = 1 + 2x exactly.
        let (a, b) = least_squares(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).unwrap();
        assert!((a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        assert_eq!(least_squares(&[(1.0, 1.0), (1.0, 2.0)]), None);
        assert_eq!(least_squares(&[(1.0, 1.0)]), None);
    }

    /// The order a stable comparison sort gives: undefined last, ties in input order.
    fn reference_order(keys: &[Option<f64>], ascending: bool) -> Vec<u32> {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_by(|&a, &b| match (keys[a as usize], keys[b as usize]) {
            (Some(p), Some(q)) if ascending => p.total_cmp(&q),
            (Some(p), Some(q)) => q.total_cmp(&p),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        order
    }

    #[test]
    fn ranks_of_many_values_equal_the_counting_definition() {
        // Average rank of x = (number below) + (number equal + 1) / 2, counted directly.
        let mut rng = crate::rng::Rng::new(5);
        let xs: Vec<f64> = (0..6_000).map(|_| (rng.next_u64() % 300) as f64 - 150.0).collect();
        let (r, ties) = ranks(&xs);
        let mut counts = std::collections::BTreeMap::new();
        for x in &xs {
            *counts.entry(*x as i64).or_insert(0usize) += 1;
        }
        for (i, x) in xs.iter().enumerate().step_by(37) {
            let below = xs.iter().filter(|y| *y < x).count() as f64;
            let equal = counts[&(*x as i64)] as f64;
            assert_eq!(r[i], below + (equal + 1.0) / 2.0, "{i}");
        }
        let expected: f64 = counts.values().map(|&t| (t * t * t - t) as f64).sum();
        assert_eq!(ties, expected);
    }

    #[test]
    fn sort_order_by_hand() {
        let keys = [Some(2.0), None, Some(-1.5), Some(2.0), Some(0.0), Some(-0.0), None, Some(1e300)];
        assert_eq!(sort_order(&keys, true), vec![2, 5, 4, 0, 3, 7, 1, 6]);
        assert_eq!(sort_order(&keys, false), vec![7, 0, 3, 4, 5, 2, 1, 6]);
        assert!(sort_order(&[], true).is_empty());
    }

    #[test]
    fn sort_order_equals_a_stable_comparison_sort_on_large_inputs() {
        let mut rng = crate::rng::Rng::new(11);
        for (n, distinct) in [(5_000usize, 7u64), (20_000, 1_000_000), (9_000, 1)] {
            let keys: Vec<Option<f64>> = (0..n)
                .map(|_| {
                    let r = rng.next_u64();
                    match r % 10 {
                        0 => None,
                        1 => Some(-(((r >> 8) % distinct) as f64) / 3.0),
                        _ => Some(((r >> 8) % distinct) as f64 * 0.25),
                    }
                })
                .collect();
            for ascending in [true, false] {
                assert_eq!(
                    sort_order(&keys, ascending),
                    reference_order(&keys, ascending),
                    "{n} {ascending}"
                );
            }
        }
    }

    /// A sort in steps reads at most the rows it is given per step, makes one radix pass per
    /// step after that, and ends in `sort_order`'s order.
    #[test]
    fn a_sort_in_steps_is_bounded_per_step_and_gives_sort_orders_order() {
        let mut rng = crate::rng::Rng::new(5);
        for (n, rows) in [(50_000usize, 7_000usize), (3_000, 1_000), (10_000, 1), (0, 10)] {
            let keys: Vec<Option<f64>> = (0..n)
                .map(|_| {
                    let r = rng.next_u64();
                    if r.is_multiple_of(7) { None } else { Some(((r >> 8) % 100_000) as f64 / 7.0 - 500.0) }
                })
                .collect();
            for ascending in [true, false] {
                let read = std::cell::Cell::new(0usize);
                let mut sort = SortSteps::new(n, ascending);
                let mut steps = 0;
                loop {
                    let before = read.get();
                    let done = sort.step(rows, |i| {
                        read.set(read.get() + 1);
                        keys[i]
                    });
                    assert!(read.get() - before <= rows, "a step read {} rows", read.get() - before);
                    steps += 1;
                    if done {
                        break;
                    }
                }
                assert_eq!(read.get(), n, "each key read once");
                // Reading steps, then at most one step per radix pass (and one to finish).
                assert!(steps <= n.div_ceil(rows) + RADIX_PASSES as usize + 1, "{n} {rows}: {steps} steps");
                assert_eq!(sort.into_order(), sort_order(&keys, ascending), "{n} {rows} {ascending}");
                assert_eq!(sort_order(&keys, ascending), reference_order(&keys, ascending));
            }
        }
    }

    #[test]
    fn quantile_by_selection_equals_quantile_of_sorted_values() {
        let mut seed = 7u64;
        for n in [1usize, 2, 3, 4, 5, 10, 101, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    // Few distinct values, as in Likert means, so ties are common.
                    ((seed >> 33) % 17) as f64 / 4.0
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0] {
                let mut v = values.clone();
                assert_eq!(quantile_unsorted(&mut v, p), quantile(&sorted, p), "n = {n}, p = {p}");
            }
        }
        assert_eq!(quantile_unsorted(&mut [], 0.5), None);
        assert_eq!(quantile_unsorted(&mut [1.0], 1.5), None);
    }

    #[test]
    fn sorted_ranks_match_the_linear_definition() {
        let values = [5.0, 1.0, 2.0, 8.0, 2.0, 3.0, 5.0, 5.0];
        let ranks = PercentileRanks::new(&values);
        for x in [0.0, 1.0, 2.0, 2.5, 5.0, 8.0, 9.0] {
            assert_eq!(ranks.rank(x), percentile_rank(&values, x), "{x}");
        }
        assert_eq!(PercentileRanks::new(&[]).rank(1.0), None);
        // Equal to 12 significant digits: ties (70/3 summed in two orders), one percentile.
        let noisy = [23.333333333333332, 23.333333333333336, 10.0, 50.0];
        assert_eq!(tie_key(noisy[0]), tie_key(noisy[1]));
        assert_eq!(percentile_rank(&noisy, noisy[0]), Some(50.0));
        assert_eq!(PercentileRanks::new(&noisy).rank(noisy[1]), Some(50.0));
        assert_ne!(tie_key(1e-13), tie_key(2e-13));
        assert_eq!([0.0, f64::INFINITY, -1.5].map(tie_key), [0.0, f64::INFINITY, -1.5]);
    }

    #[test]
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 4, 7, 11], [0, .25, .5, .9, 1]) = [1, 2, 4, 9.4, 11]
        let v = [1.0, 2.0, 4.0, 7.0, 11.0];
        let q: Vec<f64> = [0.0, 0.25, 0.5, 0.9, 1.0].iter().map(|p| quantile(&v, *p).unwrap()).collect();
        assert_eq!(q[..3], [1.0, 2.0, 4.0]);
        assert!((q[3] - 9.4).abs() < 1e-12 && q[4] == 11.0);
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn descriptives_by_hand() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), Some(5.0));
        // Sum of squared deviations is 32, so the sample variance is 32 / 7.
        assert!((variance(&xs).unwrap() - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(median(&xs), Some(4.5));
        assert_eq!(sd(&[1.0]), None);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[2.0, 4.0, 6.0]), None);
    }

    #[test]
    fn ranks_with_ties() {
        let (r, t) = ranks(&[10.0, 20.0, 20.0, 5.0]);
        assert_eq!(r, vec![2.0, 3.5, 3.5, 1.0]);
        assert_eq!(t, 6.0);
        assert_eq!(percentile_rank(&[1.0, 2.0, 3.0, 4.0], 3.0), Some(62.5));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 100.0, 1000.0]), Some(1.0));
    }
}
