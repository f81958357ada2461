//! Capacity profiles: k-means on standardized dimension scores, k from 2 to 6 chosen by the
//! mean silhouette width (on a seeded sample of 1,000 organizations above that size),
//! deterministic for a seed.

use std::collections::BTreeMap;

use crate::diag::{Arg, UserMessage, args};
use crate::i18n::Lang;
use crate::report::{OrgCapacity, Profile, Typology};
use crate::stats::cluster::{Points, Samples, kmeans_with, silhouette_with};
use crate::stats::par::Threads;
use crate::stats::{mean, sd};

/// Fewest organizations (with every dimension scored) for a typology.
const MIN_ORGS: usize = 8;

/// Finds profiles and writes each organization's profile number into `orgs`; the k-means
/// restarts run on up to `threads` threads (the same profiles for any number).
/// `None` with fewer than [`MIN_ORGS`] fully scored organizations or no varying dimension.
pub fn profiles(
    keys: &[String],
    scores: &[Vec<Option<f64>>],
    seed: u64,
    threads: Threads,
    orgs: &mut [OrgCapacity],
) -> Option<Typology> {
    let n = orgs.len();
    let complete: Vec<usize> = (0..n).filter(|o| scores.iter().all(|d| d[*o].is_some())).collect();
    if complete.len() < MIN_ORGS {
        return None;
    }
    // Standardize each dimension over the included organizations; constant dimensions drop out.
    let mut used: Vec<(usize, f64, f64)> = Vec::new();
    for (d, col) in scores.iter().enumerate() {
        let vals: Vec<f64> = complete.iter().filter_map(|o| col[*o]).collect();
        let (m, s) = (mean(&vals)?, sd(&vals)?);
        if s > 0.0 {
            used.push((d, m, s));
        }
    }
    if used.is_empty() {
        return None;
    }
    let mut points = Points::with_capacity(used.len(), complete.len());
    for o in &complete {
        points.push(used.iter().map(|(d, m, s)| (scores[*d][*o].unwrap_or(*m) - m) / s));
    }
    let mut by_k = Vec::new();
    let mut best: Option<(usize, f64, Vec<usize>)> = None;
    // One seeded sample of a large survey for every k.
    let samples = Samples::draw(&points, seed);
    for k in 2..=6usize.min(points.len() - 1) {
        let Some(km) = kmeans_with(&points, &samples, k, (seed, 5), threads) else {
            by_k.push((k, None));
            continue;
        };
        let s = silhouette_with(&points, &km.labels, &samples);
        by_k.push((k, s));
        if let Some(s) = s
            && best.as_ref().is_none_or(|b| s > b.1 + 1e-12)
        {
            best = Some((k, s, km.labels));
        }
    }
    let (k, sil, labels) = best?;
    for (i, o) in complete.iter().enumerate() {
        orgs[*o].profile = Some(labels[i]);
    }
    let profiles = (0..k)
        .map(|c| {
            let members: Vec<usize> =
                complete.iter().zip(&labels).filter(|(_, l)| **l == c).map(|(o, _)| *o).collect();
            let mut centroid = BTreeMap::new();
            let mut centroid_z = BTreeMap::new();
            for (d, m, s) in &used {
                let vals: Vec<f64> = members.iter().filter_map(|o| scores[*d][*o]).collect();
                let avg = mean(&vals).unwrap_or(*m);
                centroid.insert(keys[*d].clone(), avg);
                centroid_z.insert(keys[*d].clone(), (avg - m) / s);
            }
            // Rendered again with the dimensions' labels when the report is complete.
            let description = describe(&centroid_z);
            let text = |l| description.as_ref().map(|m| m.text(l)).unwrap_or_default();
            let (label, label_zh) = (text(Lang::En), text(Lang::Zh));
            Profile { id: c, size: members.len(), centroid, centroid_z, label, label_zh, description }
        })
        .collect();
    Some(Typology { k, silhouette: sil, silhouette_by_k: by_k, seed, excluded: n - complete.len(), profiles })
}

/// Plain-language description of a profile from its standardized centroid.
/// (`None` without dimensions.)
fn describe(z: &BTreeMap<String, f64>) -> Option<UserMessage> {
    let (best, hi) = z.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
    let (worst, lo) = z.iter().min_by(|a, b| a.1.total_cmp(b.1))?;
    let dim = |k: &String| Arg::Dimension(k.clone());
    Some(if *lo > 0.3 {
        UserMessage::new("typology.strong", args([("best", dim(best))]))
    } else if *hi < -0.3 {
        UserMessage::new("typology.developing", args([("worst", dim(worst))]))
    } else {
        UserMessage::new("typology.mixed", args([("best", dim(best)), ("worst", dim(worst))]))
    })
}
