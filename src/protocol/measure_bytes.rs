//! A pool worker's measure task in bytes, in `row_bytes`' pieces: what the introductions need
//! from the capacity results (`joint::introduce::Needs`), which the analysis worker attaches
//! to [`super::ToWorker::Measure`], and the answer — a graph's graph-only metrics
//! (`network::graph_only::GraphOnly`) and its introductions' picks — which the pool worker
//! attaches to [`super::WorkerMessage::Measured`]; and a graph's paths part (the path-length
//! summary, the new ties and the brokerage roles, [`Paths`]). Every number as its 8 bytes, so
//! the analysis gets the bits it would have computed.
//!
//! Any malformed input is an error, never a panic or a huge allocation.

use super::row_bytes::{Reader, Writer};
use crate::joint::cultivate::{PlannedTie, PlannedTies, TieReason};
use crate::joint::introduce::{Needs, Pick};
use crate::network::graph_only::GraphOnly;
use crate::report::{Brokerage, CorePeriphery, PathSummary};

/// Picks with the `joint::introduce::key` of what they were searched from.
pub type KeyedPicks = (u64, Vec<Pick>);

/// First byte of the form: another version is refused.
const VERSION: u8 = 2;

/// The metrics (and the picks, if searched, with their `joint::introduce::key`) in the binary
/// form: the version, the node count, each metric in [`GraphOnly`]'s field order, then the
/// picks.
pub fn encode(m: &GraphOnly, picks: Option<(u64, &[Pick])>) -> Vec<u8> {
    let n = m.triangles.len();
    let mut w = Writer::default();
    w.bytes.reserve(n * 60 + 100);
    w.bytes.push(VERSION);
    w.varint(n as u64);
    m.triangles.iter().for_each(|&t| w.varint(t as u64));
    m.clustering.iter().for_each(|&x| w.f64(x));
    w.flag(m.eigenvector.is_some());
    m.eigenvector.iter().flatten().for_each(|&x| w.f64(x));
    m.constraint.iter().for_each(|&x| w.number(x));
    m.community.iter().for_each(|&c| w.varint(c as u64));
    w.number(m.modularity);
    w.flag(m.hits.is_some());
    if let Some((hubs, authorities)) = &m.hits {
        hubs.iter().chain(authorities).for_each(|&x| w.f64(x));
    }
    m.core_scores.iter().for_each(|&x| w.f64(x));
    m.in_core.iter().for_each(|&c| w.flag(c));
    let cp = &m.core_periphery;
    w.varint(cp.core_size as u64);
    for x in [cp.fit, cp.core_density, cp.core_periphery_density, cp.periphery_density] {
        w.number(x);
    }
    w.flag(cp.converged);
    for list in [&m.weak, &m.strong, &m.coreness] {
        list.iter().for_each(|&c| w.varint(c as u64));
    }
    m.cut.iter().for_each(|&c| w.flag(c));
    w.number(m.degree_assortativity);
    m.ms.iter().for_each(|&x| w.f64(x));
    w.flag(picks.is_some());
    if let Some((key, picks)) = picks {
        w.f64(f64::from_bits(key));
        w.varint(picks.len() as u64);
        for p in picks {
            w.varint(p.node as u64);
            w.varint(p.to as u64);
            w.varint(p.dimension.map_or(0, |d| d as u64 + 1));
            w.number(p.their_score);
            w.varint(p.shared as u64);
            w.flag(p.also_structural_hole);
        }
    }
    w.bytes
}

/// Reads what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<(GraphOnly, Option<KeyedPicks>), &'static str> {
    let mut r = Reader::new(bytes);
    if r.byte()? != VERSION {
        return Err("another version of the form");
    }
    // Every node takes at least one byte per list: a broken count cannot allocate much.
    let n = r.count()?;
    let triangles = (0..n).map(|_| r.usize()).collect::<Result<_, _>>()?;
    let clustering = f64s(&mut r, n)?;
    let eigenvector = if r.flag()? { Some(f64s(&mut r, n)?) } else { None };
    let constraint = (0..n).map(|_| r.number()).collect::<Result<_, _>>()?;
    let community = (0..n).map(|_| r.usize()).collect::<Result<_, _>>()?;
    let modularity = r.number()?;
    let hits = if r.flag()? { Some((f64s(&mut r, n)?, f64s(&mut r, n)?)) } else { None };
    let core_scores = f64s(&mut r, n)?;
    let in_core = (0..n).map(|_| r.flag()).collect::<Result<_, _>>()?;
    let core_periphery = CorePeriphery {
        core_size: r.usize()?,
        fit: r.number()?,
        core_density: r.number()?,
        core_periphery_density: r.number()?,
        periphery_density: r.number()?,
        converged: r.flag()?,
    };
    let mut usizes = || (0..n).map(|_| r.usize()).collect::<Result<Vec<_>, _>>();
    let (weak, strong, coreness) = (usizes()?, usizes()?, usizes()?);
    let cut = (0..n).map(|_| r.flag()).collect::<Result<_, _>>()?;
    let degree_assortativity = r.number()?;
    let mut ms = [0.0; 9];
    for x in &mut ms {
        *x = r.f64()?;
    }
    let picks = if r.flag()? { Some((r.f64()?.to_bits(), read_picks(&mut r)?)) } else { None };
    if r.at != bytes.len() {
        return Err("bytes after the metrics");
    }
    let metrics = GraphOnly {
        triangles,
        clustering,
        eigenvector,
        constraint,
        community,
        modularity,
        hits,
        core_scores,
        in_core,
        core_periphery,
        weak,
        strong,
        coreness,
        cut,
        degree_assortativity,
        ms,
    };
    Ok((metrics, picks))
}

fn read_picks(r: &mut Reader) -> Result<Vec<Pick>, &'static str> {
    let count = r.count()?;
    let mut picks = Vec::with_capacity(count);
    for _ in 0..count {
        picks.push(Pick {
            node: r.usize()?,
            to: r.usize()?,
            dimension: r.usize()?.checked_sub(1),
            their_score: r.number()?,
            shared: r.usize()?,
            also_structural_hole: r.flag()?,
        });
    }
    Ok(picks)
}

/// The introductions' needs in the binary form: the version, the node and dimension counts,
/// then each list in [`Needs`]' field order.
pub fn encode_needs(needs: &Needs) -> Vec<u8> {
    let n = needs.respondent.len();
    let mut w = Writer::default();
    w.bytes.reserve(n * (11 + 8 * needs.strong.len()) + 16);
    w.bytes.push(VERSION);
    w.varint(n as u64);
    w.varint(needs.strong.len() as u64);
    needs.respondent.iter().for_each(|&r| w.flag(r));
    needs.gap.iter().for_each(|g| w.varint(g.map_or(0, |d| d as u64 + 1)));
    needs.own.iter().for_each(|&x| w.number(x));
    needs.strong.iter().flatten().for_each(|&x| w.f64(x));
    w.bytes
}

/// Reads what [`encode_needs`] wrote; lists that do not fit together are refused.
pub fn decode_needs(bytes: &[u8]) -> Result<Needs, &'static str> {
    let mut r = Reader::new(bytes);
    if r.byte()? != VERSION {
        return Err("another version of the form");
    }
    let n = r.count()?;
    let dimensions = r.count()?;
    let respondent = (0..n).map(|_| r.flag()).collect::<Result<_, _>>()?;
    let gap = (0..n).map(|_| r.usize().map(|g| g.checked_sub(1))).collect::<Result<_, _>>()?;
    let own = (0..n).map(|_| r.number()).collect::<Result<_, _>>()?;
    let strong = (0..dimensions).map(|_| f64s(&mut r, n)).collect::<Result<_, _>>()?;
    if r.at != bytes.len() {
        return Err("bytes after the needs");
    }
    let needs = Needs { respondent, gap, own, strong };
    if !needs.fits(n) {
        return Err("a gap outside the dimensions");
    }
    Ok(needs)
}

/// What a graph's paths part found, each with the key of what it was computed from: the
/// path-length summary (`network::path_summary::key`), the new ties
/// (`joint::cultivate::ties_key`) and, when there is a brokerage attribute, the brokerage roles
/// (`network::brokerage::key`).
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    pub summary: (u64, Option<PathSummary>),
    pub ties: (u64, PlannedTies),
    pub brokerage: Option<(u64, Vec<Brokerage>)>,
}

/// The paths part in the binary form: the version, the summary's key and fields, the ties'
/// key, count and fields, whether the distances were sampled, then the brokerage roles' key,
/// count and five counts each.
pub fn encode_paths(d: &Paths) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.push(VERSION);
    let (key, summary) = &d.summary;
    w.f64(f64::from_bits(*key));
    w.flag(summary.is_some());
    if let Some(p) = summary {
        w.varint(p.diameter as u64);
        w.f64(p.average_path_length);
        w.varint(p.component_nodes as u64);
        w.varint(p.sources as u64);
        w.flag(p.sampled);
    }
    let (key, planned) = &d.ties;
    w.f64(f64::from_bits(*key));
    w.varint(planned.ties.len() as u64);
    for t in &planned.ties {
        w.varint(t.a as u64);
        w.varint(t.b as u64);
        w.varint(TieReason::ALL.iter().position(|r| *r == t.reason).unwrap_or(0) as u64);
        w.varint(t.components_after as u64);
        w.number(t.before);
        w.number(t.after);
    }
    w.flag(planned.sampled);
    w.flag(d.brokerage.is_some());
    if let Some((key, roles)) = &d.brokerage {
        w.f64(f64::from_bits(*key));
        w.varint(roles.len() as u64);
        for r in roles {
            for c in [r.coordinator, r.itinerant, r.gatekeeper, r.representative, r.liaison] {
                w.varint(c as u64);
            }
        }
    }
    w.bytes
}

/// Reads what [`encode_paths`] wrote.
pub fn decode_paths(bytes: &[u8]) -> Result<Paths, &'static str> {
    let mut r = Reader::new(bytes);
    if r.byte()? != VERSION {
        return Err("another version of the form");
    }
    let key = r.f64()?.to_bits();
    let summary = if r.flag()? {
        Some(PathSummary {
            diameter: r.usize()?,
            average_path_length: r.f64()?,
            component_nodes: r.usize()?,
            sources: r.usize()?,
            sampled: r.flag()?,
        })
    } else {
        None
    };
    let ties_key = r.f64()?.to_bits();
    let count = r.count()?;
    let mut ties = Vec::with_capacity(count);
    for _ in 0..count {
        ties.push(PlannedTie {
            a: r.usize()?,
            b: r.usize()?,
            reason: *TieReason::ALL.get(r.usize()?).ok_or("an unknown reason")?,
            components_after: r.usize()?,
            before: r.number()?,
            after: r.number()?,
        });
    }
    let sampled = r.flag()?;
    let brokerage = if r.flag()? { Some((r.f64()?.to_bits(), read_roles(&mut r)?)) } else { None };
    if r.at != bytes.len() {
        return Err("bytes after the paths");
    }
    Ok(Paths { summary: (key, summary), ties: (ties_key, PlannedTies { ties, sampled }), brokerage })
}

fn read_roles(r: &mut Reader) -> Result<Vec<Brokerage>, &'static str> {
    let count = r.count()?;
    let mut roles = Vec::with_capacity(count);
    for _ in 0..count {
        roles.push(Brokerage {
            coordinator: r.usize()?,
            itinerant: r.usize()?,
            gatekeeper: r.usize()?,
            representative: r.usize()?,
            liaison: r.usize()?,
        });
    }
    Ok(roles)
}

fn f64s(r: &mut Reader, n: usize) -> Result<Vec<f64>, &'static str> {
    let bytes = r.take(n.checked_mul(8).ok_or("cut short")?)?;
    Ok(bytes.chunks_exact(8).map(|c| f64::from_le_bytes(super::row_bytes::eight(c))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::generate;
    use crate::network::graph_only::Settings;

    fn bits(m: &GraphOnly) -> Vec<u64> {
        let mut out: Vec<u64> = m.triangles.iter().map(|&t| t as u64).collect();
        out.extend(m.clustering.iter().map(|x| x.to_bits()));
        out.extend(m.eigenvector.iter().flatten().map(|x| x.to_bits()));
        out.extend(m.constraint.iter().map(|x| x.map_or(1, f64::to_bits)));
        out.extend(m.community.iter().map(|&c| c as u64));
        out.extend(m.modularity.map(f64::to_bits));
        if let Some((h, a)) = &m.hits {
            out.extend(h.iter().chain(a).map(|x| x.to_bits()));
        }
        out.extend(m.core_scores.iter().map(|x| x.to_bits()));
        out.extend(m.in_core.iter().map(|&c| u64::from(c)));
        let cp = &m.core_periphery;
        out.push(cp.core_size as u64);
        for x in [cp.fit, cp.core_density, cp.core_periphery_density, cp.periphery_density] {
            out.push(x.map_or(1, f64::to_bits));
        }
        out.push(u64::from(cp.converged));
        for list in [&m.weak, &m.strong, &m.coreness] {
            out.extend(list.iter().map(|&c| c as u64));
        }
        out.extend(m.cut.iter().map(|&c| u64::from(c)));
        out.extend(m.degree_assortativity.map(f64::to_bits));
        out.extend(m.ms.iter().map(|x| x.to_bits()));
        out
    }

    fn computed(n: usize, seed: u64) -> GraphOnly {
        let g = crate::network::graph::Graph::from_edges(n, &generate::block_model(n, n * 6, 4, seed));
        let settings = Settings { community: Default::default(), resolution: 1.0, seed };
        GraphOnly::compute(&g, settings, &|| 0.0)
    }

    #[test]
    fn metrics_come_back_with_every_bit() {
        let mut odd = computed(300, 7);
        odd.eigenvector = None;
        odd.hits = None;
        odd.modularity = None;
        odd.constraint[0] = None;
        odd.constraint[1] = Some(f64::NAN);
        odd.clustering[2] = -0.0;
        odd.triangles[3] = usize::MAX;
        odd.core_periphery.fit = Some(f64::INFINITY);
        odd.strong[4] = usize::MAX;
        odd.degree_assortativity = None;
        odd.ms[8] = 12.5;
        let picks = vec![
            Pick {
                node: 0,
                to: 5,
                dimension: Some(2),
                their_score: Some(-0.0),
                shared: 3,
                also_structural_hole: true,
            },
            Pick {
                node: usize::MAX,
                to: 1,
                dimension: None,
                their_score: None,
                shared: 0,
                also_structural_hole: false,
            },
            Pick {
                node: 7,
                to: 8,
                dimension: Some(0),
                their_score: Some(f64::NAN),
                shared: 9,
                also_structural_hole: false,
            },
        ];
        for m in [computed(300, 7), computed(1, 3), odd] {
            let (back, none) = decode(&encode(&m, None)).expect("reads back");
            assert_eq!(bits(&back), bits(&m));
            assert!(none.is_none());
            let (back, some) = decode(&encode(&m, Some((u64::MAX - 3, &picks)))).expect("reads back");
            assert_eq!(bits(&back), bits(&m));
            let pick_bits = |p: &[Pick]| {
                p.iter()
                    .map(|p| {
                        (
                            p.node,
                            p.to,
                            p.dimension,
                            p.their_score.map(f64::to_bits),
                            p.shared,
                            p.also_structural_hole,
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let (key, some) = some.expect("picks");
            assert_eq!(key, u64::MAX - 3);
            assert_eq!(pick_bits(&some), pick_bits(&picks));
        }
    }

    fn needs() -> Needs {
        Needs {
            respondent: vec![true, false, true, true],
            gap: vec![Some(1), None, Some(0), None],
            own: vec![Some(2.5), None, Some(-0.0), Some(f64::NAN)],
            strong: vec![vec![f64::NAN, 4.0, 1e-300, 0.0], vec![3.0, f64::NAN, f64::INFINITY, -1.0]],
        }
    }

    #[test]
    fn needs_come_back_with_every_bit() {
        let n = needs();
        let back = decode_needs(&encode_needs(&n)).expect("reads back");
        let bits = |n: &Needs| {
            let own: Vec<_> = n.own.iter().map(|x| x.map(f64::to_bits)).collect();
            let strong: Vec<u64> = n.strong.iter().flatten().map(|x| x.to_bits()).collect();
            (n.respondent.clone(), n.gap.clone(), own, strong)
        };
        assert_eq!(bits(&back), bits(&n));
        // A gap naming no dimension is refused.
        let mut wrong = needs();
        wrong.gap[0] = Some(2);
        assert!(decode_needs(&encode_needs(&wrong)).is_err());
    }

    /// Every prefix of `bytes` is refused, as is a byte more; random bit flips never panic.
    fn refuses_malformed<T>(bytes: &[u8], decode: impl Fn(&[u8]) -> Result<T, &'static str>) {
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "a prefix of {cut} bytes");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut rng = crate::rng::Rng::new(9);
        for _ in 0..300 {
            let mut b = bytes.to_vec();
            let at = rng.below(b.len());
            b[at] ^= 1 << rng.below(8);
            let _ = decode(&b);
        }
        // A huge count in a short message allocates nothing.
        assert!(decode(&[VERSION, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }

    fn paths() -> Paths {
        let summary = PathSummary {
            diameter: 9,
            average_path_length: 3.25,
            component_nodes: 400,
            sources: 200,
            sampled: true,
        };
        let tie =
            |a, b, reason, before, after| PlannedTie { a, b, reason, components_after: 4, before, after };
        let ties = vec![
            tie(0, 5, TieReason::ConnectIsolate, None, None),
            tie(usize::MAX, 1, TieReason::JoinComponents, Some(-0.0), Some(f64::NAN)),
            tie(7, 8, TieReason::ShortenPaths, Some(2.68), Some(2.5)),
        ];
        let roles = vec![
            Brokerage {
                coordinator: 1,
                itinerant: 0,
                gatekeeper: usize::MAX,
                representative: 7,
                liaison: 300,
            },
            Brokerage::default(),
        ];
        Paths {
            summary: (u64::MAX - 5, Some(summary)),
            ties: (3, PlannedTies { ties, sampled: true }),
            brokerage: Some((9, roles)),
        }
    }

    #[test]
    fn paths_come_back_with_every_bit() {
        let bits = |d: &Paths| {
            let ties: Vec<_> = d
                .ties
                .1
                .ties
                .iter()
                .map(|t| {
                    (
                        t.a,
                        t.b,
                        t.reason,
                        t.components_after,
                        t.before.map(f64::to_bits),
                        t.after.map(f64::to_bits),
                    )
                })
                .collect();
            let summary = d.summary.1.map(|p| {
                (p.diameter, p.average_path_length.to_bits(), p.component_nodes, p.sources, p.sampled)
            });
            (d.summary.0, summary, d.ties.0, ties, d.ties.1.sampled, d.brokerage.clone())
        };
        let mut none = paths();
        none.summary.1 = None;
        none.ties.1 = PlannedTies { ties: Vec::new(), sampled: false };
        none.brokerage = None;
        for d in [paths(), none] {
            assert_eq!(bits(&decode_paths(&encode_paths(&d)).expect("reads back")), bits(&d));
        }
    }

    #[test]
    fn malformed_bytes_are_refused_without_a_panic() {
        let pick = Pick {
            node: 1,
            to: 2,
            dimension: Some(0),
            their_score: Some(1.0),
            shared: 1,
            also_structural_hole: false,
        };
        refuses_malformed(&encode(&computed(120, 5), Some((7, &[pick]))), decode);
        refuses_malformed(&encode_needs(&needs()), decode_needs);
        refuses_malformed(&encode_paths(&paths()), decode_paths);
    }
}
