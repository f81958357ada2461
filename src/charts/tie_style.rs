//! Ties coloured and widened by a tie dimension (trust, value, intensity…) in the network
//! explorer: each tie's mean rating on the dimension is put in a class — a named level
//! (intensity's 知晓 … 整合), else a point of the scale (1 … 5), else one of five equal bands
//! of it — and each class gets a colour of a light-to-dark blue ramp (readable on white and
//! for colour-blind readers, the order seen in lightness) and a width growing with it. Ties
//! without a rating on the dimension stay thin and grey. The classes, with their counts, are
//! the legend; the SVG and the canvas draw one path per class.

use crate::network::graph::Graph;
use crate::report::{RelationReport, TieDimensionSummary};

/// Class of a tie without a rating on the dimension.
pub const UNRATED: u8 = u8::MAX;

/// Most classes of a scale drawn a colour per point; longer scales are cut in [`BANDS`].
const MAX_POINTS: usize = 7;

/// Bands of a scale with more than [`MAX_POINTS`] points (or not in whole steps).
const BANDS: usize = 5;

/// The ramp's ends: ColorBrewer Blues, its light end still visible on white.
const LIGHT: (u8, u8, u8) = (0x9E, 0xCA, 0xE1);
const DARK: (u8, u8, u8) = (0x08, 0x30, 0x6B);

/// Line widths of the lowest and highest class, in view units (the view box is 1000 wide).
const THIN: f64 = 1.0;
const THICK: f64 = 5.0;

/// One class of ties: its name in the legend, colour, line width and how many ties it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TieClass {
    /// A level's name, a scale point (`4`) or a band (`2.6–3.4`).
    pub label: String,
    pub colour: (u8, u8, u8),
    /// Line width in view units.
    pub width: f64,
    /// Ties of the graph in this class.
    pub count: usize,
}

/// The ties of one relation's graph by one tie dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct TieStyle {
    /// The dimension's key.
    pub key: String,
    /// Per tie of the graph, in its order (each node's out-ties in turn): index into
    /// `classes`, or [`UNRATED`].
    pub class: Vec<u8>,
    /// Classes, lowest first.
    pub classes: Vec<TieClass>,
    /// Ties without a rating on the dimension.
    pub unrated: usize,
    /// The scale the classes cover (lowest, highest).
    pub scale: Option<(f64, f64)>,
}

/// How ratings are put in classes: the classes' centres (nearest wins) or band edges.
enum Bins {
    /// Named levels or scale points: (label, value).
    Points(Vec<(String, f64)>),
    /// Equal bands from `lo` of width `w`.
    Bands { lo: f64, w: f64, n: usize },
}

impl Bins {
    fn of(d: &TieDimensionSummary, observed: Option<(f64, f64)>) -> Option<(Bins, Option<(f64, f64)>)> {
        if !d.levels.is_empty() {
            let mut levels: Vec<(String, f64)> = d.levels.iter().map(|l| (l.label.clone(), l.code)).collect();
            levels.sort_by(|a, b| a.1.total_cmp(&b.1));
            let scale = Some((levels[0].1, levels[levels.len() - 1].1));
            return Some((Bins::Points(levels), scale));
        }
        let (lo, hi) = d.scale.map(|[a, b]| (a, b)).or(observed)?;
        let span = hi - lo;
        let whole = span.fract() == 0.0 && lo.fract() == 0.0;
        if whole && (span as usize) < MAX_POINTS {
            let points = (0..=span as usize).map(|i| lo + i as f64).map(|v| (format!("{v:.0}"), v)).collect();
            return Some((Bins::Points(points), Some((lo, hi))));
        }
        let w = if span > 0.0 { span / BANDS as f64 } else { 1.0 };
        Some((Bins::Bands { lo, w, n: BANDS }, Some((lo, hi))))
    }

    fn len(&self) -> usize {
        match self {
            Bins::Points(p) => p.len(),
            Bins::Bands { n, .. } => *n,
        }
    }

    fn label(&self, i: usize) -> String {
        match self {
            Bins::Points(p) => p[i].0.clone(),
            Bins::Bands { lo, w, .. } => format!("{:.1}–{:.1}", lo + w * i as f64, lo + w * (i + 1) as f64),
        }
    }

    /// The class of a rating: the nearest point, or the band holding it (the ends closed).
    fn class(&self, v: f64) -> usize {
        match self {
            Bins::Points(p) => p
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1.1 - v).abs().total_cmp(&(b.1.1 - v).abs()))
                .map_or(0, |(i, _)| i),
            Bins::Bands { lo, w, n } => (((v - lo) / w).floor().max(0.0) as usize).min(n - 1),
        }
    }
}

/// Colour `i` of a ramp of `n`, from light to dark.
pub fn ramp(i: usize, n: usize) -> (u8, u8, u8) {
    let t = if n > 1 { i as f64 / (n - 1) as f64 } else { 1.0 };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    (mix(LIGHT.0, DARK.0), mix(LIGHT.1, DARK.1), mix(LIGHT.2, DARK.2))
}

impl TieStyle {
    /// The ties of `g` (the graph of `rel`) by dimension `d`: a tie's rating is the rated
    /// tie's mean, or in an undirected graph that of either direction (their mean when both
    /// are rated). `None` when no tie is rated on it.
    pub fn new(rel: &RelationReport, g: &Graph, d: &TieDimensionSummary) -> Option<TieStyle> {
        let mut rated: rustc_hash::FxHashMap<(usize, usize), f64> = Default::default();
        let mut observed: Option<(f64, f64)> = None;
        for t in &rel.rated_ties {
            if let Some(&v) = t.ratings.get(&d.key) {
                rated.insert((t.source, t.target), v);
                observed = Some(observed.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
            }
        }
        let (bins, scale) = Bins::of(d, observed)?;
        let n = bins.len().min(UNRATED as usize);
        let rating = |v: usize, w: usize| match (rated.get(&(v, w)), rel.directed) {
            (Some(x), true) => Some(*x),
            (_, true) => None,
            (a, false) => match (a, rated.get(&(w, v))) {
                (Some(x), Some(y)) => Some((x + y) / 2.0),
                (x, y) => x.or(y).copied(),
            },
        };
        let mut counts = vec![0usize; n];
        let mut class = Vec::with_capacity(g.edge_count());
        for v in 0..g.node_count() {
            for &w in g.out(v) {
                let c = rating(v, w as usize).map(|x| bins.class(x).min(n - 1));
                if let Some(c) = c {
                    counts[c] += 1;
                }
                class.push(c.map_or(UNRATED, |c| c as u8));
            }
        }
        let unrated = class.iter().filter(|c| **c == UNRATED).count();
        if unrated == class.len() {
            return None;
        }
        let classes = (0..n)
            .map(|i| TieClass {
                label: bins.label(i),
                colour: ramp(i, n),
                width: if n > 1 { THIN + (THICK - THIN) * i as f64 / (n - 1) as f64 } else { THICK },
                count: counts[i],
            })
            .collect();
        Some(TieStyle { key: d.key.clone(), class, classes, unrated, scale })
    }

    /// The ties as path data per class (`M x y L x y` each, lowest class first, then the
    /// unrated ties last), and the focused node's ties apart, as
    /// [`super::explorer::edge_paths`] writes them: whole units of `1 / scale` view units,
    /// at most `limit` ties off the focus, spread evenly.
    pub fn paths(
        &self,
        g: &Graph,
        pts: &[(f64, f64)],
        focus: Option<usize>,
        limit: usize,
        scale: f64,
    ) -> (Vec<String>, String) {
        let m = g.edge_count();
        let stride = m.div_ceil(limit.max(1)).max(1);
        let at: Vec<(i32, i32)> =
            pts.iter().map(|p| ((p.0 * scale).round() as i32, (p.1 * scale).round() as i32)).collect();
        let mut out = vec![String::new(); self.classes.len() + 1];
        let mut d_focus = String::new();
        let mut i = 0usize;
        for v in 0..g.node_count() {
            for &w in g.out(v) {
                let w = w as usize;
                let line = [('M', at[v].0), (' ', at[v].1), ('L', at[w].0), (' ', at[w].1)];
                let focused = focus.is_some() && (focus == Some(v) || focus == Some(w));
                if focused {
                    super::explorer::push_ints(&mut d_focus, &line);
                } else if i.is_multiple_of(stride) {
                    let c = self.class.get(i).copied().unwrap_or(UNRATED);
                    let k = if c == UNRATED { self.classes.len() } else { c as usize };
                    super::explorer::push_ints(&mut out[k], &line);
                }
                i += 1;
            }
        }
        (out, d_focus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{RatedTie, TieLevel};

    fn dim(key: &str, scale: Option<[f64; 2]>, levels: &[(&str, f64)]) -> TieDimensionSummary {
        TieDimensionSummary {
            key: key.into(),
            label: None,
            label_zh: None,
            label_zh_hant: None,
            mean: None,
            n: 0,
            scale,
            levels: levels.iter().map(|(l, c)| TieLevel { code: *c, label: l.to_string() }).collect(),
        }
    }

    fn relation(directed: bool, ties: &[(usize, usize, &str, f64)]) -> RelationReport {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let mut rel = a.report.network.relations[0].clone();
        rel.directed = directed;
        rel.rated_ties = ties
            .iter()
            .map(|(s, t, k, v)| RatedTie { source: *s, target: *t, ratings: [(k.to_string(), *v)].into() })
            .collect();
        rel
    }

    #[test]
    fn ties_are_classed_by_level_point_or_band() {
        // 0 → 1, 1 → 2, 2 → 0, 2 → 3 (the last unrated).
        let g = Graph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 1.0)]);
        let rel = relation(true, &[(0, 1, "trust", 4.5), (1, 2, "trust", 1.0), (2, 0, "trust", 2.4)]);
        // A 1–5 scale: a class per point, a mean to the nearest (4.5 ties to the lower: 4).
        let s = TieStyle::new(&rel, &g, &dim("trust", Some([1.0, 5.0]), &[])).unwrap();
        let labels: Vec<&str> = s.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "4", "5"]);
        assert_eq!(s.class, [3, 0, 1, UNRATED]);
        assert_eq!((s.unrated, s.classes[3].count, s.classes[4].count), (1, 1, 0));
        assert_eq!((s.classes[0].colour, s.classes[4].colour), (LIGHT, DARK));
        assert_eq!((s.classes[0].width, s.classes[4].width), (THIN, THICK));
        // Named levels (intensity), whatever their order in the codebook.
        let rel = relation(true, &[(0, 1, "intensity", 3.0), (1, 2, "intensity", 1.0)]);
        let named =
            dim("intensity", Some([1.0, 4.0]), &[("协调", 3.0), ("知晓", 1.0), ("合作", 2.0), ("整合", 4.0)]);
        let s = TieStyle::new(&rel, &g, &named).unwrap();
        let labels: Vec<&str> = s.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["知晓", "合作", "协调", "整合"]);
        assert_eq!(s.class, [2, 0, UNRATED, UNRATED]);
        // A 0–10 scale: five bands of 2, the top one closed.
        let rel = relation(true, &[(0, 1, "value", 10.0), (1, 2, "value", 3.9), (2, 0, "value", 0.0)]);
        let s = TieStyle::new(&rel, &g, &dim("value", Some([0.0, 10.0]), &[])).unwrap();
        assert_eq!(s.classes[1].label, "2.0–4.0");
        assert_eq!(s.class, [4, 1, 0, UNRATED]);
        // Nothing rated on the dimension: no style.
        assert_eq!(TieStyle::new(&rel, &g, &dim("trust", Some([1.0, 5.0]), &[])), None);
    }

    #[test]
    fn an_undirected_tie_takes_either_directions_rating() {
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        // 0–1 rated both ways (2 and 4: mean 3), 1–2 rated only from 2 (5).
        let rel = relation(false, &[(0, 1, "trust", 2.0), (1, 0, "trust", 4.0), (2, 1, "trust", 5.0)]);
        let s = TieStyle::new(&rel, &g, &dim("trust", Some([1.0, 5.0]), &[])).unwrap();
        assert_eq!(s.class, [2, 4]);
        // Directed, 1 → 2 has no rating of its own.
        let rel = relation(true, &[(0, 1, "trust", 2.0), (2, 1, "trust", 5.0)]);
        let s = TieStyle::new(&rel, &g, &dim("trust", Some([1.0, 5.0]), &[])).unwrap();
        assert_eq!(s.class, [1, UNRATED]);
        // Paths: one per class and the unrated last; the focus's ties apart.
        let pts = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)];
        let (paths, focus) = s.paths(&g, &pts, None, usize::MAX, 10.0);
        assert_eq!(paths.len(), 6);
        assert_eq!((paths[1].as_str(), paths[5].as_str()), ("M0 0L10 10", "M10 10L20 20"));
        assert!(focus.is_empty());
        let (paths, focus) = s.paths(&g, &pts, Some(0), usize::MAX, 10.0);
        assert_eq!((paths[1].as_str(), focus.as_str()), ("", "M0 0L10 10"));
        // The SVG draws the unrated ties grey, then each class in its colour and width.
        let scene = crate::charts::explorer::Scene {
            pts: pts.to_vec(),
            radius: vec![5.0; 3],
            colour: vec![(0, 0, 0); 3],
            near: vec![true; 3],
            labels: Vec::new(),
            focus: None,
            ties: Some(std::sync::Arc::new(s.clone())),
        };
        let svg = crate::charts::explorer::scene_svg(&rel, &g, &scene);
        let class = &s.classes[1];
        let want = format!(
            "<path data-tie-class=\"1\" d=\"M0 0L1 1\" stroke=\"{}\" stroke-width=\"{:.2}\"",
            crate::charts::explorer::hex(class.colour),
            class.width
        );
        assert!(svg.contains(&want), "{svg}");
        assert!(svg.contains("<path d=\"M1 1L2 2\" stroke=\"#969696\""), "{svg}");
        assert_eq!(svg.matches("data-tie-class").count(), 1);
    }
}
