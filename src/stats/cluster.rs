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

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Largest number of points k-means is fitted on; above it the centroids are fitted on a seeded
/// sample of this size and every point is then assigned to its nearest centroid (as
/// mini-batch k-means does), so profiles of a million organizations take seconds, not minutes.
pub const KMEANS_SAMPLE: usize = 20_000;

/// Index of the nearest centroid (the first one on ties).
fn nearest(p: &[f64], centroids: &[Vec<f64>]) -> usize {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (c, centroid) in centroids.iter().enumerate() {
        let d = dist2(p, centroid);
        if d < best_d {
            best_d = d;
            best = c;
        }
    }
    best
}

/// k-means on `points` (all of equal dimension) with `restarts` seeded k-means++ starts, run on
/// up to `threads` threads (the same solution for any number); `None` when there are fewer
/// points than clusters. Above [`KMEANS_SAMPLE`] points the fit uses a seeded sample.
///
/// # Complexity
/// O(restarts · iterations · min(n, sample) · k · d + n · k · d).
pub fn kmeans(points: &[Vec<f64>], k: usize, seed: u64, restarts: usize, threads: Threads) -> Option<KMeans> {
    kmeans_with(points, &Samples::draw(points, seed), k, (seed, restarts), threads)
}

/// The seeded samples of a set of points that [`kmeans`] fits on and [`silhouette_sampled`]
/// measures on (none below their sizes). The same for every k: a caller trying several draws
/// them once ([`kmeans_with`], [`silhouette_with`]) instead of shuffling all the points again
/// for each.
pub struct Samples {
    /// The points k-means is fitted on (above [`KMEANS_SAMPLE`]).
    fit: Option<Vec<Vec<f64>>>,
    /// The indices of the points the silhouette is measured on, in order (above
    /// [`SILHOUETTE_SAMPLE`]).
    silhouette: Option<Vec<usize>>,
}

impl Samples {
    pub fn draw(points: &[Vec<f64>], seed: u64) -> Self {
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
            idx.iter().map(|&i| points[i].clone()).collect()
        });
        let silhouette = (n > SILHOUETTE_SAMPLE).then(|| sample(&mut Rng::new(seed), SILHOUETTE_SAMPLE));
        Samples { fit, silhouette }
    }
}

/// [`kmeans`] with its sample drawn beforehand (`samples` of these `points`).
pub fn kmeans_with(
    points: &[Vec<f64>],
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
    let labels: Vec<usize> = points.iter().map(|p| nearest(p, &fitted.centroids)).collect();
    let inertia = points.iter().zip(&labels).map(|(p, l)| dist2(p, &fitted.centroids[*l])).sum();
    Some(renumber(KMeans { labels, centroids: fitted.centroids, inertia }))
}

/// Lloyd's algorithm with k-means++ seeding, best of `restarts` (the first of equal ones).
/// The restarts draw one seeded sequence in turn, `k` draws each (one per centre chosen), so
/// restart `r` starts `r · k` draws in ([`Rng::skip`]) and the restarts can run on separate
/// threads with the draws of one thread running them all.
fn fit(points: &[Vec<f64>], k: usize, seed: u64, restarts: usize, threads: Threads) -> Option<KMeans> {
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
fn lloyd(points: &[Vec<f64>], k: usize, rng: &mut Rng) -> KMeans {
    let n = points.len();
    let d = points.first().map_or(0, Vec::len);
    // k-means++ seeding.
    let mut centroids = vec![points[rng.below(n)].clone()];
    while centroids.len() < k {
        let dists: Vec<f64> =
            points.iter().map(|p| centroids.iter().map(|c| dist2(p, c)).fold(f64::MAX, f64::min)).collect();
        let next = if dists.iter().sum::<f64>() > 0.0 { rng.weighted(&dists) } else { rng.below(n) };
        centroids.push(points[next].clone());
    }
    let mut labels = vec![0usize; n];
    let mut sums = vec![vec![0.0; d]; k];
    let mut counts = vec![0usize; k];
    for _ in 0..300 {
        let mut changed = false;
        for (i, p) in points.iter().enumerate() {
            let l = nearest(p, &centroids);
            if l != labels[i] {
                labels[i] = l;
                changed = true;
            }
        }
        // New centres: member means, summed in point order.
        for s in sums.iter_mut() {
            s.iter_mut().for_each(|v| *v = 0.0);
        }
        counts.iter_mut().for_each(|c| *c = 0);
        for (p, &l) in points.iter().zip(&labels) {
            counts[l] += 1;
            for (acc, v) in sums[l].iter_mut().zip(p) {
                *acc += v;
            }
        }
        for (c, centroid) in centroids.iter_mut().enumerate() {
            if counts[c] == 0 {
                continue;
            }
            for (v, s) in centroid.iter_mut().zip(&sums[c]) {
                *v = s / counts[c] as f64;
            }
        }
        if !changed {
            break;
        }
    }
    let inertia: f64 = points.iter().zip(&labels).map(|(p, l)| dist2(p, &centroids[*l])).sum();
    KMeans { labels, centroids, inertia }
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
pub fn silhouette_sampled(points: &[Vec<f64>], labels: &[usize], seed: u64) -> Option<f64> {
    silhouette_with(points, labels, &Samples::draw(points, seed))
}

/// [`silhouette_sampled`] with its sample drawn beforehand (`samples` of these `points`).
pub fn silhouette_with(points: &[Vec<f64>], labels: &[usize], samples: &Samples) -> Option<f64> {
    let Some(idx) = &samples.silhouette else {
        return silhouette(points, labels);
    };
    let p: Vec<Vec<f64>> = idx.iter().map(|i| points[*i].clone()).collect();
    let l: Vec<usize> = idx.iter().map(|i| labels[*i]).collect();
    silhouette(&p, &l)
}

/// Mean silhouette width (Rousseeuw 1987) with Euclidean distances, as scikit-learn
/// `silhouette_score`: points in singleton clusters count as 0. `None` for fewer than two
/// clusters or when every point is its own cluster.
pub fn silhouette(points: &[Vec<f64>], labels: &[usize]) -> Option<f64> {
    let k = labels.iter().copied().max()? + 1;
    if k < 2 || k >= points.len() {
        return None;
    }
    let mut size = vec![0usize; k];
    for &l in labels {
        size[l] += 1;
    }
    let mut total = 0.0;
    for (i, p) in points.iter().enumerate() {
        let own = labels[i];
        if size[own] < 2 {
            continue;
        }
        let mut sums = vec![0.0; k];
        for (j, q) in points.iter().enumerate() {
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
        let pts = vec![vec![0.0, 0.0], vec![0.0, 1.0], vec![10.0, 10.0], vec![10.0, 11.0], vec![0.5, 0.5]];
        let km = kmeans(&pts, 2, 1, 5, Threads::ONE).unwrap();
        assert_eq!(km.labels, vec![0, 0, 1, 1, 0]);
        let s = silhouette(&pts, &km.labels).unwrap();
        assert!(s > 0.9, "{s}");
        // By hand for a 1-D case: points 0, 1 | 5: a(0)=1, b(0)=5 → 0.8; a(1)=1, b(1)=4 → 0.75;
        // the singleton counts 0: mean 0.5167.
        let s = silhouette(&[vec![0.0], vec![1.0], vec![5.0]], &[0, 0, 1]).unwrap();
        assert!((s - (0.8 + 0.75) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn samples_drawn_once_give_what_each_call_draws() {
        let mut rng = Rng::new(4);
        let pts: Vec<Vec<f64>> = (0..KMEANS_SAMPLE + 500)
            .map(|i| vec![rng.normal() + (i % 3) as f64 * 4.0, rng.normal()])
            .collect();
        let samples = Samples::draw(&pts, 8);
        assert_eq!(samples.fit.as_ref().map(Vec::len), Some(KMEANS_SAMPLE));
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
        assert!(fit.iter().any(|p| !pts[..KMEANS_SAMPLE].contains(p)));
    }

    #[test]
    fn restarts_on_threads_match_one_sequence_of_draws() {
        let mut rng = Rng::new(3);
        let pts: Vec<Vec<f64>> =
            (0..400).map(|_| vec![rng.normal(), 2.0 * rng.normal(), rng.f64()]).collect();
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
}
