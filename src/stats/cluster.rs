//! k-means (Lloyd's algorithm with k-means++ seeding and restarts) and mean silhouette width,
//! deterministic for a seed.

use crate::rng::Rng;
use crate::stats::par::{self, Threads};

/// A k-means solution.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeans {
    /// Cluster of each point, numbered by size (largest first).
    pub labels: Vec<usize>,
    /// Cluster centres, aligned with the numbering of `labels`.
    pub centroids: Vec<Vec<f64>>,
    /// Within-cluster sum of squares.
    pub inertia: f64,
}

/// Points of one dimension, stored one after another in one vector. A million organizations'
/// profiles were a million small vectors: a million allocations to make, and a pointer to
/// follow for every distance the labelling computes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Points {
    dim: usize,
    n: usize,
    data: Vec<f64>,
}

impl Points {
    /// No points yet, room for `n` of dimension `dim`.
    pub fn with_capacity(dim: usize, n: usize) -> Self {
        Points { dim, n: 0, data: Vec::with_capacity(dim * n) }
    }

    /// The points of `rows` (all of the first one's dimension).
    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let mut points = Points::with_capacity(rows.first().map_or(0, Vec::len), rows.len());
        for r in rows {
            points.push(r.iter().copied());
        }
        points
    }

    /// Appends a point: the first `dim` values of `values`, padded with zeros.
    pub fn push(&mut self, values: impl IntoIterator<Item = f64>) {
        let start = self.data.len();
        self.data.extend(values.into_iter().take(self.dim));
        self.data.resize(start + self.dim, 0.0);
        self.n += 1;
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True without points.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Point `i`'s coordinates.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// Every point, in order.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        (0..self.n).map(|i| self.row(i))
    }

    /// Every point as its own vector (the few centroids of a solution).
    fn to_rows(&self) -> Vec<Vec<f64>> {
        self.rows().map(<[f64]>::to_vec).collect()
    }
}

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Largest number of points k-means is fitted on; above it the centroids are fitted on a seeded
/// sample of this size and every point is then assigned to its nearest centroid (as
/// mini-batch k-means does), so profiles of a million organizations take seconds, not minutes.
pub const KMEANS_SAMPLE: usize = 20_000;

/// Index of the nearest centroid (the first one on ties).
fn nearest(p: &[f64], centroids: &Points) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (c, centroid) in centroids.rows().enumerate() {
        let d = dist2(p, centroid);
        if d < best_d {
            best_d = d;
            best = c;
        }
    }
    best
}

/// Each cluster's coordinate sums and member count, added in point order.
struct Tally {
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl Tally {
    fn new(k: usize, dim: usize) -> Self {
        Tally { sums: vec![0.0; k * dim], counts: vec![0; k] }
    }
}

/// Labels every point with its nearest centroid (the first on ties) and tallies the clusters'
/// members in the same pass (`tally` is cleared first); true when a label changed.
/// Profiles have a few dimensions, each count its own loop (a loop over a dimension known only
/// at run time took about twice the time); the distances are the same sums in the same order.
fn assign(points: &Points, centroids: &Points, labels: &mut [usize], tally: &mut Tally) -> bool {
    tally.sums.iter_mut().for_each(|v| *v = 0.0);
    tally.counts.iter_mut().for_each(|c| *c = 0);
    match points.dim {
        1 => assign_fixed::<1>(points, centroids, labels, tally),
        2 => assign_fixed::<2>(points, centroids, labels, tally),
        3 => assign_fixed::<3>(points, centroids, labels, tally),
        4 => assign_fixed::<4>(points, centroids, labels, tally),
        5 => assign_fixed::<5>(points, centroids, labels, tally),
        6 => assign_fixed::<6>(points, centroids, labels, tally),
        7 => assign_fixed::<7>(points, centroids, labels, tally),
        8 => assign_fixed::<8>(points, centroids, labels, tally),
        d => {
            let mut changed = false;
            for (p, label) in points.rows().zip(labels.iter_mut()) {
                let l = nearest(p, centroids);
                changed |= l != *label;
                *label = l;
                tally.counts[l] += 1;
                tally.sums[l * d..(l + 1) * d].iter_mut().zip(p).for_each(|(acc, v)| *acc += v);
            }
            changed
        }
    }
}

/// [`assign`] for points of `D` dimensions.
fn assign_fixed<const D: usize>(
    points: &Points,
    centroids: &Points,
    labels: &mut [usize],
    tally: &mut Tally,
) -> bool {
    let (centroids, _) = centroids.data.as_chunks::<D>();
    let (points, _) = points.data.as_chunks::<D>();
    let (sums, _) = tally.sums.as_chunks_mut::<D>();
    let mut changed = false;
    for (p, label) in points.iter().zip(labels.iter_mut()) {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for (c, centroid) in centroids.iter().enumerate() {
            // As `dist2`: the squares added in order (from −0.0 or 0.0, the same for squares).
            let d = p.iter().zip(centroid).fold(-0.0, |acc, (x, y)| acc + (x - y) * (x - y));
            if d < best_d {
                best_d = d;
                best = c;
            }
        }
        changed |= best != *label;
        *label = best;
        tally.counts[best] += 1;
        sums[best].iter_mut().zip(p).for_each(|(acc, v)| *acc += v);
    }
    changed
}

/// k-means on `points` with `restarts` seeded k-means++ starts, run on up to `threads` threads
/// (the same solution for any number); `None` when there are fewer points than clusters.
/// Above [`KMEANS_SAMPLE`] points the fit uses a seeded sample.
///
/// # Complexity
/// O(restarts · iterations · min(n, sample) · k · d + n · k · d).
pub fn kmeans(points: &Points, k: usize, seed: u64, restarts: usize, threads: Threads) -> Option<KMeans> {
    kmeans_with(points, &Samples::draw(points, seed), k, (seed, restarts), threads)
}

/// The seeded samples of a set of points that [`kmeans`] fits on and [`silhouette_sampled`]
/// measures on (none below their sizes). The same for every k: a caller trying several draws
/// them once ([`kmeans_with`], [`silhouette_with`]) instead of shuffling all the points again
/// for each.
pub struct Samples {
    /// The points k-means is fitted on (above [`KMEANS_SAMPLE`]).
    fit: Option<Points>,
    /// The indices of the points the silhouette is measured on, in order (above
    /// [`SILHOUETTE_SAMPLE`]).
    silhouette: Option<Vec<usize>>,
}

impl Samples {
    pub fn draw(points: &Points, seed: u64) -> Self {
        let n = points.len();
        let sample = |rng: &mut Rng, size: usize| {
            let mut idx: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut idx);
            idx.truncate(size);
            idx.sort_unstable();
            idx
        };
        let fit = (n > KMEANS_SAMPLE).then(|| {
            let idx = sample(&mut Rng::new(seed ^ 0x5eed_4b4d), KMEANS_SAMPLE);
            let mut fit = Points::with_capacity(points.dim, idx.len());
            for &i in &idx {
                fit.push(points.row(i).iter().copied());
            }
            fit
        });
        let silhouette = (n > SILHOUETTE_SAMPLE).then(|| sample(&mut Rng::new(seed), SILHOUETTE_SAMPLE));
        Samples { fit, silhouette }
    }
}

/// [`kmeans`] with its sample drawn beforehand (`samples` of these `points`).
pub fn kmeans_with(
    points: &Points,
    samples: &Samples,
    k: usize,
    (seed, restarts): (u64, usize),
    threads: Threads,
) -> Option<KMeans> {
    let n = points.len();
    if k == 0 || n < k {
        return None;
    }
    let Some(sample) = &samples.fit else {
        return fit(points, k, seed, restarts, threads).map(renumber);
    };
    let fitted = fit(sample, k, seed, restarts, threads)?;
    let centroids = Points::from_rows(&fitted.centroids);
    let mut labels = vec![0; n];
    assign(points, &centroids, &mut labels, &mut Tally::new(k, points.dim));
    let inertia = points.rows().zip(&labels).map(|(p, l)| dist2(p, centroids.row(*l))).sum();
    Some(renumber(KMeans { labels, centroids: fitted.centroids, inertia }))
}

/// Lloyd's algorithm with k-means++ seeding, best of `restarts` (the first of equal ones).
/// The restarts draw one seeded sequence in turn, `k` draws each (one per centre chosen), so
/// restart `r` starts `r · k` draws in ([`Rng::skip`]) and the restarts can run on separate
/// threads with the draws of one thread running them all.
fn fit(points: &Points, k: usize, seed: u64, restarts: usize, threads: Threads) -> Option<KMeans> {
    let mut best: Option<KMeans> = None;
    par::ordered(
        threads,
        restarts.max(1),
        || (),
        |_, r| {
            let mut rng = Rng::new(seed);
            rng.skip((r * k) as u64);
            lloyd(points, k, &mut rng)
        },
        |_, km| {
            if best.as_ref().is_none_or(|b| km.inertia < b.inertia - 1e-12) {
                best = Some(km);
            }
        },
    );
    best
}

/// One k-means run: k-means++ seeding with `rng` (exactly `k` draws), then Lloyd's iterations.
fn lloyd(points: &Points, k: usize, rng: &mut Rng) -> KMeans {
    let n = points.len();
    let d = points.dim;
    // k-means++ seeding.
    let mut centroids = Points::with_capacity(d, k);
    centroids.push(points.row(rng.below(n)).iter().copied());
    while centroids.len() < k {
        let dists: Vec<f64> =
            points.rows().map(|p| centroids.rows().map(|c| dist2(p, c)).fold(f64::MAX, f64::min)).collect();
        let next = if dists.iter().sum::<f64>() > 0.0 { rng.weighted(&dists) } else { rng.below(n) };
        centroids.push(points.row(next).iter().copied());
    }
    let mut labels = vec![0usize; n];
    let mut tally = Tally::new(k, d);
    for _ in 0..300 {
        // New centres: member means, summed in point order.
        let changed = assign(points, &centroids, &mut labels, &mut tally);
        for c in 0..k {
            let count = tally.counts[c];
            if count == 0 {
                continue;
            }
            let centroid = &mut centroids.data[c * d..(c + 1) * d];
            for (v, s) in centroid.iter_mut().zip(&tally.sums[c * d..(c + 1) * d]) {
                *v = s / count as f64;
            }
        }
        if !changed {
            break;
        }
    }
    let inertia: f64 = points.rows().zip(&labels).map(|(p, l)| dist2(p, centroids.row(*l))).sum();
    KMeans { labels, centroids: centroids.to_rows(), inertia }
}
/// Numbers clusters by size (largest first), ties by first member.
fn renumber(km: KMeans) -> KMeans {
    let k = km.centroids.len();
    let mut size = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &l) in km.labels.iter().enumerate() {
        size[l] += 1;
        first[l] = first[l].min(i);
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|a, b| size[*b].cmp(&size[*a]).then(first[*a].cmp(&first[*b])));
    let mut rank = vec![0; k];
    for (r, c) in order.iter().enumerate() {
        rank[*c] = r;
    }
    KMeans {
        labels: km.labels.iter().map(|l| rank[*l]).collect(),
        centroids: order.iter().map(|c| km.centroids[*c].clone()).collect(),
        inertia: km.inertia,
    }
}

/// Largest number of points the silhouette is computed on exactly; above it a seeded sample of
/// this size is used (scikit-learn's `sample_size`), because the statistic is O(n²).
pub const SILHOUETTE_SAMPLE: usize = 1000;

/// Mean silhouette width on at most [`SILHOUETTE_SAMPLE`] points (a seeded sample above that).
pub fn silhouette_sampled(points: &Points, labels: &[usize], seed: u64) -> Option<f64> {
    silhouette_with(points, labels, &Samples::draw(points, seed))
}

/// [`silhouette_sampled`] with its sample drawn beforehand (`samples` of these `points`).
pub fn silhouette_with(points: &Points, labels: &[usize], samples: &Samples) -> Option<f64> {
    let Some(idx) = &samples.silhouette else {
        return silhouette(points, labels);
    };
    let mut p = Points::with_capacity(points.dim, idx.len());
    for &i in idx {
        p.push(points.row(i).iter().copied());
    }
    let l: Vec<usize> = idx.iter().map(|i| labels[*i]).collect();
    silhouette(&p, &l)
}

/// Mean silhouette width (Rousseeuw 1987) with Euclidean distances, as scikit-learn
/// `silhouette_score`: points in singleton clusters count as 0. `None` for fewer than two
/// clusters or when every point is its own cluster.
pub fn silhouette(points: &Points, labels: &[usize]) -> Option<f64> {
    let k = labels.iter().copied().max()? + 1;
    if k < 2 || k >= points.len() {
        return None;
    }
    let mut size = vec![0usize; k];
    for &l in labels {
        size[l] += 1;
    }
    let mut total = 0.0;
    for (i, p) in points.rows().enumerate() {
        let own = labels[i];
        if size[own] < 2 {
            continue;
        }
        let mut sums = vec![0.0; k];
        for (j, q) in points.rows().enumerate() {
            if i != j {
                sums[labels[j]] += dist2(p, q).sqrt();
            }
        }
        let a = sums[own] / (size[own] - 1) as f64;
        let b = (0..k)
            .filter(|c| *c != own && size[*c] > 0)
            .map(|c| sums[c] / size[c] as f64)
            .fold(f64::MAX, f64::min);
        let s = if a.max(b) > 0.0 { (b - a) / a.max(b) } else { 0.0 };
        total += s;
    }
    Some(total / points.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_clusters() {
        let pts = Points::from_rows(&[
            vec![0.0, 0.0],
            vec![0.0, 1.0],
            vec![10.0, 10.0],
            vec![10.0, 11.0],
            vec![0.5, 0.5],
        ]);
        let km = kmeans(&pts, 2, 1, 5, Threads::ONE).unwrap();
        assert_eq!(km.labels, vec![0, 0, 1, 1, 0]);
        let s = silhouette(&pts, &km.labels).unwrap();
        assert!(s > 0.9, "{s}");
        // By hand for a 1-D case: points 0, 1 | 5: a(0)=1, b(0)=5 → 0.8; a(1)=1, b(1)=4 → 0.75;
        // the singleton counts 0: mean 0.5167.
        let s = silhouette(&Points::from_rows(&[vec![0.0], vec![1.0], vec![5.0]]), &[0, 0, 1]).unwrap();
        assert!((s - (0.8 + 0.75) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn samples_drawn_once_give_what_each_call_draws() {
        let mut rng = Rng::new(4);
        let rows: Vec<Vec<f64>> = (0..KMEANS_SAMPLE + 500)
            .map(|i| vec![rng.normal() + (i % 3) as f64 * 4.0, rng.normal()])
            .collect();
        let pts = Points::from_rows(&rows);
        let samples = Samples::draw(&pts, 8);
        assert_eq!(samples.fit.as_ref().map(Points::len), Some(KMEANS_SAMPLE));
        assert_eq!(samples.silhouette.as_ref().map(Vec::len), Some(SILHOUETTE_SAMPLE));
        for k in [2, 3] {
            let km = kmeans(&pts, k, 8, 1, Threads::ONE).unwrap();
            assert_eq!(kmeans_with(&pts, &samples, k, (8, 1), Threads::ONE).as_ref(), Some(&km));
            let s = silhouette_sampled(&pts, &km.labels, 8);
            assert!(s.is_some());
            assert_eq!(silhouette_with(&pts, &km.labels, &samples), s);
        }
        // The sample is a seeded draw of the points, not their first rows.
        let fit = samples.fit.unwrap();
        assert!(fit.rows().any(|p| !rows[..KMEANS_SAMPLE].iter().any(|r| r == p)));
    }

    #[test]
    fn restarts_on_threads_match_one_sequence_of_draws() {
        let mut rng = Rng::new(3);
        let pts = Points::from_rows(
            &(0..400).map(|_| vec![rng.normal(), 2.0 * rng.normal(), rng.f64()]).collect::<Vec<_>>(),
        );
        // The restarts as one thread draws them: one generator, each restart after the last.
        let mut draws = Rng::new(9);
        let mut best: Option<KMeans> = None;
        for _ in 0..6 {
            let km = lloyd(&pts, 4, &mut draws);
            if best.as_ref().is_none_or(|b| km.inertia < b.inertia - 1e-12) {
                best = Some(km);
            }
        }
        let expected = best.map(renumber);
        for t in [1, 2, 3, 7] {
            assert_eq!(kmeans(&pts, 4, 9, 6, Threads::new(t)), expected, "{t} threads");
        }
    }

    /// k-means as written before [`Points`]: a vector per point, labels and inertia in two
    /// passes. For the test that the flat points give the same bits.
    mod by_rows {
        use super::super::{KMEANS_SAMPLE, KMeans, Rng, renumber};

        fn dist2(a: &[f64], b: &[f64]) -> f64 {
            a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
        }

        fn nearest(p: &[f64], centroids: &[Vec<f64>]) -> usize {
            let mut best = (0, f64::INFINITY);
            for (c, centroid) in centroids.iter().enumerate() {
                let d = dist2(p, centroid);
                if d < best.1 {
                    best = (c, d);
                }
            }
            best.0
        }

        fn lloyd(points: &[Vec<f64>], k: usize, rng: &mut Rng) -> KMeans {
            let (n, d) = (points.len(), points[0].len());
            let mut centroids = vec![points[rng.below(n)].clone()];
            while centroids.len() < k {
                let dists: Vec<f64> = points
                    .iter()
                    .map(|p| centroids.iter().map(|c| dist2(p, c)).fold(f64::MAX, f64::min))
                    .collect();
                let next = if dists.iter().sum::<f64>() > 0.0 { rng.weighted(&dists) } else { rng.below(n) };
                centroids.push(points[next].clone());
            }
            let mut labels = vec![0usize; n];
            for _ in 0..300 {
                let mut changed = false;
                for (i, p) in points.iter().enumerate() {
                    let l = nearest(p, &centroids);
                    changed |= l != labels[i];
                    labels[i] = l;
                }
                let mut sums = vec![vec![0.0; d]; k];
                let mut counts = vec![0usize; k];
                for (p, &l) in points.iter().zip(&labels) {
                    counts[l] += 1;
                    sums[l].iter_mut().zip(p).for_each(|(acc, v)| *acc += v);
                }
                for (c, centroid) in centroids.iter_mut().enumerate() {
                    if counts[c] > 0 {
                        centroid.iter_mut().zip(&sums[c]).for_each(|(v, s)| *v = s / counts[c] as f64);
                    }
                }
                if !changed {
                    break;
                }
            }
            let inertia = points.iter().zip(&labels).map(|(p, l)| dist2(p, &centroids[*l])).sum();
            KMeans { labels, centroids, inertia }
        }

        pub fn kmeans(points: &[Vec<f64>], k: usize, seed: u64, restarts: usize) -> Option<KMeans> {
            let n = points.len();
            let fit_on: Vec<Vec<f64>> = if n > KMEANS_SAMPLE {
                let mut idx: Vec<usize> = (0..n).collect();
                Rng::new(seed ^ 0x5eed_4b4d).shuffle(&mut idx);
                idx.truncate(KMEANS_SAMPLE);
                idx.sort_unstable();
                idx.iter().map(|&i| points[i].clone()).collect()
            } else {
                points.to_vec()
            };
            let mut best: Option<KMeans> = None;
            for r in 0..restarts.max(1) {
                let mut rng = Rng::new(seed);
                rng.skip((r * k) as u64);
                let km = lloyd(&fit_on, k, &mut rng);
                if best.as_ref().is_none_or(|b| km.inertia < b.inertia - 1e-12) {
                    best = Some(km);
                }
            }
            let fitted = best?;
            if n <= KMEANS_SAMPLE {
                return Some(renumber(fitted));
            }
            let labels: Vec<usize> = points.iter().map(|p| nearest(p, &fitted.centroids)).collect();
            let inertia = points.iter().zip(&labels).map(|(p, l)| dist2(p, &fitted.centroids[*l])).sum();
            Some(renumber(KMeans { labels, centroids: fitted.centroids, inertia }))
        }
    }

    /// The flat points give the solutions of a vector per point, to the bit: below and above the
    /// sample size, with repeated points (ties between centroids), a constant coordinate, one
    /// to four dimensions and nine (the loop for any dimension), and k from 2 to 6.
    #[test]
    fn flat_points_equal_a_vector_per_point() {
        let mut rng = Rng::new(17);
        // 40 points of two values only: centres chosen twice, so distances tie exactly.
        for (n, dim) in [(40, 2), (60, 1), (300, 2), (200, 3), (150, 9), (KMEANS_SAMPLE + 700, 4)] {
            let rows: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    if n == 40 {
                        return vec![(i % 2) as f64; dim];
                    }
                    if i % 7 == 3 {
                        // Repeated points, and points halfway between two clusters.
                        return vec![0.5 * (i % 2) as f64; dim];
                    }
                    (0..dim).map(|d| if d == 1 { 2.0 } else { rng.normal() + (i % 3) as f64 * 3.0 }).collect()
                })
                .collect();
            let pts = Points::from_rows(&rows);
            let k_max = if n > 1000 { 3 } else { 6 };
            for k in 2..=k_max {
                let want = by_rows::kmeans(&rows, k, 5 + k as u64, 2);
                let got = kmeans(&pts, k, 5 + k as u64, 2, Threads::ONE);
                assert_eq!(got, want, "n {n}, k {k}");
                let (got, want) = (got.unwrap(), want.unwrap());
                assert_eq!(got.inertia.to_bits(), want.inertia.to_bits());
            }
        }
    }
}
