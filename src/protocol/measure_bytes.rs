//! A graph's graph-only metrics (`network::graph_only::GraphOnly`) as a pool worker sends them
//! to the analysis worker ([`super::WorkerMessage::Measured`]): every number as its 8 bytes,
//! so the analysis gets the bits it would have computed, in `row_bytes`' pieces.
//!
//! Any malformed input is an error, never a panic or a huge allocation.

use super::row_bytes::{Reader, Writer};
use crate::network::graph_only::GraphOnly;
use crate::report::CorePeriphery;

/// First byte of the form: another version is refused.
const VERSION: u8 = 1;

/// The metrics in the binary form: the version, the node count, then each metric in
/// [`GraphOnly`]'s field order.
pub fn encode(m: &GraphOnly) -> Vec<u8> {
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
    m.ms.iter().for_each(|&x| w.f64(x));
    w.bytes
}

/// Reads what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<GraphOnly, &'static str> {
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
    let mut ms = [0.0; 6];
    for x in &mut ms {
        *x = r.f64()?;
    }
    if r.at != bytes.len() {
        return Err("bytes after the metrics");
    }
    Ok(GraphOnly {
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
        ms,
    })
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
        odd.ms[5] = 12.5;
        for m in [computed(300, 7), computed(1, 3), odd] {
            let back = decode(&encode(&m)).expect("reads back");
            assert_eq!(bits(&back), bits(&m));
        }
    }

    #[test]
    fn malformed_bytes_are_refused_without_a_panic() {
        let bytes = encode(&computed(120, 5));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "a prefix of {cut} bytes");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut rng = crate::rng::Rng::new(9);
        for _ in 0..300 {
            let mut b = bytes.clone();
            let at = rng.below(b.len());
            b[at] ^= 1 << rng.below(8);
            let _ = decode(&b);
        }
        // A huge count in a short message allocates nothing.
        assert!(decode(&[VERSION, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }
}
