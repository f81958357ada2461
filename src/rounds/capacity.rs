//! Who took part in two rounds, and how capacity changed: per dimension (paired differences,
//! paired t, Wilcoxon, d_z) and per organization (index and dimension changes with the
//! Jacobson–Truax reliable change index).

use std::collections::{BTreeMap, HashMap};

use crate::report::rounds::{CapacityChange, DimensionChange, Membership, OrgChange, OrgDimensionChange};
use crate::report::{DimensionReport, OrgCapacity, Report};
use crate::rounds::matching::Identities;
use crate::stats::paired::{cohen_dz, paired_t, wilcoxon};
use crate::stats::{finite, mean};

/// |RCI| above this is a reliable change (p < .05, two-sided).
pub const RCI_CRITICAL: f64 = 1.96;

/// Organizations by identity in round `w`.
fn by_identity<'a>(ids: &Identities, reports: &[&'a Report], w: usize) -> HashMap<usize, &'a OrgCapacity> {
    ids.orgs[w].iter().copied().zip(&reports[w].capacity.organizations).collect()
}

/// Joined, left and stayed between the first and last of `ws`; organizations per round of `ws`.
pub fn membership(ids: &Identities, reports: &[&Report], ws: &[usize]) -> Membership {
    let (a, b) = (ws[0], ws[ws.len() - 1]);
    let earlier = by_identity(ids, reports, a);
    let later = by_identity(ids, reports, b);
    let joined = ids.orgs[b].iter().filter(|i| !earlier.contains_key(i)).map(|i| ids.names[*i].clone());
    let left = ids.orgs[a].iter().filter(|i| !later.contains_key(i)).map(|i| earlier[i].name.clone());
    let stayed = ids.orgs[b].iter().filter(|i| earlier.contains_key(i)).map(|i| later[i].name.clone());
    Membership {
        per_wave: ws.iter().map(|w| reports[*w].capacity.organizations.len()).collect(),
        joined: joined.collect(),
        left: left.collect(),
        stayed: stayed.collect(),
    }
}

/// Capacity change between the first and last of `ws` (means for every round of `ws`).
pub fn capacity(ids: &Identities, reports: &[&Report], ws: &[usize]) -> CapacityChange {
    let (a, b) = (ws[0], ws[ws.len() - 1]);
    let earlier = by_identity(ids, reports, a);
    let with_id: Vec<(usize, &OrgCapacity, &OrgCapacity)> = ids.orgs[b]
        .iter()
        .zip(&reports[b].capacity.organizations)
        .filter_map(|(i, later)| earlier.get(i).map(|e| (*i, *e, later)))
        .collect();
    let pairs: Vec<(&OrgCapacity, &OrgCapacity)> = with_id.iter().map(|(_, e, l)| (*e, *l)).collect();
    let rounds: Vec<HashMap<usize, &OrgCapacity>> =
        ws.iter().map(|w| by_identity(ids, reports, *w)).collect();
    let dims: Vec<(&DimensionReport, &DimensionReport)> = reports[b]
        .capacity
        .dimensions
        .iter()
        .filter_map(|d| reports[a].capacity.dimensions.iter().find(|e| e.key == d.key).map(|e| (e, d)))
        .collect();
    let dimensions = dims.iter().map(|(e, l)| dimension_change(e, l, &pairs, reports, ws)).collect();
    let organizations = with_id
        .iter()
        .map(|(identity, e, l)| {
            let index = rounds.iter().map(|orgs| orgs.get(identity).and_then(|o| o.index)).collect();
            let dimensions = dims
                .iter()
                .map(|(de, dl)| {
                    let mut change = org_dimension(score(e, &de.key), score(l, &dl.key), rci_se(de));
                    change.scores = rounds
                        .iter()
                        .map(|orgs| orgs.get(identity).and_then(|o| score(o, &dl.key)))
                        .collect();
                    (dl.key.clone(), change)
                })
                .collect::<BTreeMap<_, _>>();
            OrgChange { name: l.name.clone(), index, change: diff(e.index, l.index), dimensions }
        })
        .collect();
    CapacityChange { dimensions, organizations }
}

fn score(o: &OrgCapacity, key: &str) -> Option<f64> {
    o.scores.get(key).copied().flatten()
}

fn diff(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    finite(b? - a?)
}

/// √2 · SD₁ · √(1 − α₁) of the earlier round's dimension; `None` without a positive value.
fn rci_se(d: &DimensionReport) -> Option<f64> {
    let (sd, alpha) = (d.sd?, d.alpha?);
    let se = std::f64::consts::SQRT_2 * sd * (1.0 - alpha).sqrt();
    finite(se).filter(|s| *s > 0.0)
}

/// An organization's change in one dimension with its RCI.
fn org_dimension(before: Option<f64>, after: Option<f64>, se: Option<f64>) -> OrgDimensionChange {
    let change = diff(before, after);
    let rci = change.zip(se).and_then(|(c, s)| finite(c / s));
    let reliable = rci.map(|r| {
        if r > RCI_CRITICAL {
            "improved"
        } else if r < -RCI_CRITICAL {
            "declined"
        } else {
            "unchanged"
        }
        .to_string()
    });
    OrgDimensionChange { scores: Vec::new(), change, rci, reliable }
}

/// One dimension's means per round and the paired tests over organizations scored in both.
fn dimension_change(
    earlier: &DimensionReport,
    later: &DimensionReport,
    pairs: &[(&OrgCapacity, &OrgCapacity)],
    reports: &[&Report],
    ws: &[usize],
) -> DimensionChange {
    let key = &later.key;
    let d: Vec<f64> = pairs.iter().filter_map(|(e, l)| diff(score(e, key), score(l, key))).collect();
    let t = paired_t(&d);
    let w = wilcoxon(&d);
    DimensionChange {
        key: key.clone(),
        label: later.label.clone(),
        label_zh: later.label_zh.clone(),
        label_zh_hant: later.label_zh_hant.clone(),
        scale_min: later.scale_min,
        scale_max: later.scale_max,
        means: ws
            .iter()
            .map(|w| reports[*w].capacity.dimensions.iter().find(|x| x.key == *key).and_then(|x| x.mean))
            .collect(),
        n_paired: d.len(),
        change: mean(&d),
        t: t.map(|t| t.t),
        t_p: t.map(|t| t.p),
        wilcoxon_p: w.map(|w| w.0),
        wilcoxon_method: w.map(|w| w.1.key().to_string()),
        dz: cohen_dz(&d),
        rci_se: rci_se(earlier),
        alphas: ws
            .iter()
            .map(|w| {
                let d = reports[*w].capacity.dimensions.iter().find(|x| x.key == *key);
                d.and_then(|x| x.alpha.or(x.alpha_pairwise))
            })
            .collect(),
    }
}
