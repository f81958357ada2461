//! The path diagram of a mediation model: X at the lower left, Y at the lower right, the
//! mediators along the top in their causal order, one arrow per path labelled with its
//! standardized coefficient (solid when p < 0.05, dashed otherwise), and a legend.
//!
//! Drawn by hand (boxes, arrows and labels; plotters has no diagram primitives) on a 600-unit
//! wide canvas with 17-unit text, so the text stays above 10 px on a 360 px phone.

use std::fmt::Write as _;

use super::text_width;
use crate::i18n::{Lang, t};
use crate::markup::escape;
use crate::report::MediationReport;
use crate::report::format::fixed;

const W: f64 = 600.0;
const FONT: u32 = 17;
const BOX_H: f64 = 52.0;

/// A label cut to fit `width` pixels at the diagram's font size (an ellipsis marks the cut).
fn fit(label: &str, width: f64) -> String {
    if f64::from(text_width(label, FONT)) <= width {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if f64::from(text_width(&format!("{out}{c}…"), FONT)) > width {
            break;
        }
        out.push(c);
    }
    format!("{out}…")
}

/// The diagram as SVG, or `None` when the model has no paths. `label` turns a variable into
/// words in the UI language.
pub fn path_diagram(m: &MediationReport, lang: Lang, label: &dyn Fn(&str) -> String) -> Option<String> {
    let first = m.paths.first()?;
    let x = first.from.clone();
    // Mediators in chain order: the targets of X's paths other than Y, in order of appearance.
    let y = m.paths.iter().map(|p| p.to.clone()).find(|to| m.paths.iter().all(|p| p.from != *to))?;
    let mut mediators: Vec<String> = Vec::new();
    for p in &m.paths {
        if p.to != y && !mediators.contains(&p.to) {
            mediators.push(p.to.clone());
        }
    }
    let k = mediators.len() as f64;
    let box_w = ((W - 40.0) / (k + 0.6)).min(170.0);
    let top = 40.0;
    let bottom = 290.0;
    let mut pos: Vec<(String, f64, f64)> = vec![(x.clone(), 20.0 + box_w / 2.0, bottom)];
    for (i, med) in mediators.iter().enumerate() {
        let cx =
            if k == 1.0 { W / 2.0 } else { 20.0 + box_w / 2.0 + (i as f64 + 0.5) * (W - 40.0 - box_w) / k };
        // Along an arch: the middle of the chain highest, so arrows between neighbours pass
        // below the boxes they skip.
        let arch = (std::f64::consts::PI * (i as f64 + 0.5) / k).sin();
        pos.push((med.clone(), cx, top + BOX_H / 2.0 + 120.0 * (1.0 - arch)));
    }
    pos.push((y.clone(), W - 20.0 - box_w / 2.0, bottom));
    let at = |name: &str| pos.iter().find(|p| p.0 == name).map(|p| (p.1, p.2));
    let height = 410.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="{W}" height="{height}" style="max-width:100%;height:auto" role="img" font-family="sans-serif" font-size="{FONT}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs><rect width="{W}" height="{height}" fill="#ffffff"/>"##
    );
    for p in &m.paths {
        let (Some((x1, y1)), Some((x2, y2))) = (at(&p.from), at(&p.to)) else { continue };
        // From box edge to box edge along the centre line.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let shrink = |w: f64| {
            let tx = if dx == 0.0 { f64::INFINITY } else { (box_w / 2.0) / dx.abs() };
            let ty = if dy == 0.0 { f64::INFINITY } else { (BOX_H / 2.0) / dy.abs() };
            tx.min(ty) * len * w
        };
        let (a, b) = (shrink(1.0) / len, 1.0 - (shrink(1.0) + 4.0) / len);
        let (sx, sy, ex, ey) = (x1 + dx * a, y1 + dy * a, x1 + dx * b, y1 + dy * b);
        let significant = p.p.is_some_and(|v| v < 0.05);
        let style = if significant {
            r##"stroke="#333" stroke-width="2""##
        } else {
            r##"stroke="#999" stroke-width="1.5" stroke-dasharray="6 4""##
        };
        let value = p.std_estimate.map_or_else(|| fixed(p.estimate, 2), |b| fixed(b, 2));
        let title = format!(
            "{} → {}: β = {value}, p {}",
            label(&p.from),
            label(&p.to),
            crate::models::text::p_text(p.p)
        );
        let _ = write!(
            s,
            r##"<g><title>{}</title><line x1="{sx:.1}" y1="{sy:.1}" x2="{ex:.1}" y2="{ey:.1}" {style} marker-end="url(#arrow)"/><text x="{:.1}" y="{:.1}" text-anchor="middle" paint-order="stroke" stroke="#ffffff" stroke-width="5" fill="#111">{}</text></g>"##,
            escape(&title),
            sx + 0.45 * (ex - sx),
            sy + 0.45 * (ey - sy) + 6.0,
            escape(&value),
        );
    }
    for (name, cx, cy) in &pos {
        let text = label(name);
        // A long label (a network position in words) on two lines rather than cut.
        let (lines, _) = super::draw::wrap(&text, f64::from(FONT), box_w - 12.0, 2);
        let lines = if lines.is_empty() { vec![fit(&text, box_w - 12.0)] } else { lines };
        let step = f64::from(FONT) + 3.0;
        let first = cy + 6.0 - step * (lines.len() as f64 - 1.0) / 2.0;
        let tspans: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(r#"<tspan x="{cx:.1}" y="{:.1}">{}</tspan>"#, first + step * i as f64, escape(l))
            })
            .collect();
        let _ = write!(
            s,
            r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{box_w:.1}" height="{BOX_H}" rx="8" fill="#eef4fb" stroke="#2c6fb7" stroke-width="1.5"/><text text-anchor="middle" fill="#111">{tspans}</text></g>"##,
            escape(&text),
            cx - box_w / 2.0,
            cy - BOX_H / 2.0,
        );
    }
    // Legend.
    let legend_y = height - 50.0;
    let _ = write!(
        s,
        r##"<line x1="20" y1="{0}" x2="60" y2="{0}" stroke="#333" stroke-width="2"/><text x="68" y="{1}">{2}</text><line x1="20" y1="{3}" x2="60" y2="{3}" stroke="#999" stroke-width="1.5" stroke-dasharray="6 4"/><text x="68" y="{4}">{5}</text>"##,
        legend_y,
        legend_y + 6.0,
        escape(&t(lang, "model.legend_significant")),
        legend_y + 28.0,
        legend_y + 34.0,
        escape(&t(lang, "model.legend_unclear")),
    );
    s.push_str("</svg>");
    Some(s)
}
