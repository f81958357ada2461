//! The SVG backend every chart draws on: an SVG writer behind plotters' drawing API that
//! measures text by an estimate instead of by a font, writes font sizes in CSS pixels, and
//! takes markup between elements (a `<title>` tooltip around a bar, a cell or a node).
//!
//! plotters measures text (axis labels, captions, legends) through its font module, which in
//! a browser build appends a hidden element to the page and reads its size: a forced layout per
//! label (the demo's charts spent most of their 60 ms there), a main-thread-only API (a Web
//! Worker has no document, so the charts could not be drawn there) and a result that depends
//! on the user's fonts. This backend answers every measurement from [`text_extent`] instead, so
//! a chart is the same SVG in the page, a worker and the CLI, and drawing it touches no DOM.
//! plotters' own SVG backend writes `font-size` as the style's size divided by 1.24 and has no
//! way to add a tooltip; this one writes the size as given and accepts [`Markup`] elements.
//! Every text, title included, is escaped with [`crate::markup::escape`].

use std::fmt::Write as _;

use plotters::element::{Drawable, PointCollection};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};

use crate::markup::escape;

/// Estimated width in pixels of `s` set at `px` pixels: wide (CJK, full-width) characters take
/// one em, others about 0.6 em (the average advance of Latin sans-serif text, digits included).
pub fn text_extent(s: &str, px: f64) -> f64 {
    s.chars().map(|c| if is_wide(c) { px } else { 0.6 * px }).sum()
}

/// Characters set one em wide: CJK ideographs and punctuation, kana, Hangul and full-width
/// forms (the East Asian Wide/Full-width blocks that survey text uses).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// An SVG document being written into a string (see the module documentation).
pub struct Svg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    closed: bool,
}

impl<'a> Svg<'a> {
    /// Draws into `buf`, an SVG of `size` (width, height) pixels whose text is set in
    /// [`super::FONT`] unless a style names another family.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        let (w, h) = size;
        let _ = writeln!(
            buf,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\">",
            escape(super::FONT)
        );
        Svg { out: buf, size, closed: false }
    }

    /// Appends markup as it is: only [`Markup`] calls this, with escaped text.
    fn push(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// ` fill="#rrggbb"` and its opacity below 1 (`attr` is `fill` or `stroke`).
    fn paint(&mut self, attr: &str, c: BackendColor) {
        paint(self.out, attr, c.rgb, c.alpha);
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (i, (x, y)) in path.into_iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            let _ = write!(self.out, "{sep}{x},{y}");
        }
        self.out.push('"');
    }
}

/// ` attr="#rrggbb"`, and `attr-opacity` (to three decimals) when translucent: an element's
/// paint, and a group's that its elements share (`Markup::lines`).
fn paint(out: &mut String, attr: &str, (r, g, b): (u8, u8, u8), alpha: f64) {
    let _ = write!(out, " {attr}=\"#{r:02x}{g:02x}{b:02x}\"");
    if alpha < 1.0 {
        let _ = write!(out, " {attr}-opacity=\"{}\"", (alpha * 1000.0).round() / 1000.0);
    }
}

type Drawn = Result<(), DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        if !self.closed {
            self.out.push_str("</svg>\n");
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha > 0.0 {
            let _ = write!(self.out, "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\"");
            self.paint("fill", color);
            self.out.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            let _ =
                write!(self.out, "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"", from.0, from.1, to.0, to.1);
            self.paint("stroke", style.color());
            let _ = writeln!(self.out, " stroke-width=\"{}\"/>", style.stroke_width());
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            let (x, y, w, h) = (x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
            let _ = write!(self.out, "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"");
            if fill {
                self.paint("fill", style.color());
            } else {
                self.out.push_str(" fill=\"none\"");
                self.paint("stroke", style.color());
                let _ = write!(self.out, " stroke-width=\"{}\"", style.stroke_width());
            }
            self.out.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            self.out.push_str("<polyline fill=\"none\"");
            self.paint("stroke", style.color());
            let _ = write!(self.out, " stroke-width=\"{}\"", style.stroke_width());
            self.points(path);
            self.out.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            let _ = write!(self.out, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\"");
            if fill {
                self.paint("fill", style.color());
            } else {
                self.out.push_str(" fill=\"#ffffff\"");
                self.paint("stroke", style.color());
                let _ = write!(self.out, " stroke-width=\"{}\"", style.stroke_width());
            }
            self.out.push_str("/>\n");
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            self.out.push_str("<polygon");
            self.paint("fill", style.color());
            self.points(vert);
            self.out.push_str("/>\n");
        }
        Ok(())
    }

    /// `<text>` at `pos` with the style's anchor (`text-anchor`, and `dy` for the vertical
    /// position), its size in pixels, weight and rotation about `pos`.
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, (x, y): BackendCoord) -> Drawn {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let _ = write!(self.out, "<text x=\"{x}\" y=\"{y}\"");
        let anchor = style.anchor();
        match anchor.v_pos {
            VPos::Top => self.out.push_str(" dy=\"0.76em\""),
            VPos::Center => self.out.push_str(" dy=\"0.35em\""),
            VPos::Bottom => {}
        }
        match anchor.h_pos {
            HPos::Left => {}
            HPos::Center => self.out.push_str(" text-anchor=\"middle\""),
            HPos::Right => self.out.push_str(" text-anchor=\"end\""),
        }
        let family = style.family();
        if family.as_str() != super::FONT {
            let _ = write!(self.out, " font-family=\"{}\"", escape(family.as_str()));
        }
        let _ = write!(self.out, " font-size=\"{}\"", (style.size() * 100.0).round() / 100.0);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(self.out, " font-style=\"{}\"", other.as_str());
            }
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            FontTransform::None => 0,
        };
        if degrees != 0 {
            let _ = write!(self.out, " transform=\"rotate({degrees} {x} {y})\"");
        }
        if colour.rgb != (0, 0, 0) || colour.alpha < 1.0 {
            self.paint("fill", colour);
        }
        let _ = writeln!(self.out, ">{}</text>", escape(text));
        Ok(())
    }

    /// The estimate of [`text_extent`] at the style's size; the height is one line.
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<std::io::Error>> {
        let px = style.size();
        Ok((text_extent(text, px).round() as u32, px.round() as u32))
    }
}

/// Markup drawn between elements, as given: made only by this type's constructors —
/// [`Markup::tip`] (a group with an escaped `<title>`, which browsers show on hover),
/// [`Markup::legend`] and [`Markup::end`], and [`Markup::lines`] and [`Markup::dots`] (many
/// ties or dots as bare paths), which write numbers and escaped styles only.
pub struct Markup(String);

impl Markup {
    /// Opens the group of a legend (`class="legend"`); close it with [`Markup::end`].
    pub fn legend() -> Markup {
        Markup("<g class=\"legend\">\n".to_string())
    }

    /// Opens a group whose elements show `tip` on hover; close it with [`Markup::end`].
    pub fn tip(tip: &str) -> Markup {
        Markup(format!("<g><title>{}</title>\n", escape(tip)))
    }

    /// Straight lines of one colour and width (`colour` as RGB and opacity), as a group of bare
    /// paths: a network's ties were each a `<polyline>` repeating their style — 5.6 MB for
    /// 50,000 ties, read on the page's thread in one task of 50–80 ms. Each line stays an
    /// element of its own, so translucent lines still darken where they cross.
    pub fn lines(
        colour: ((u8, u8, u8), f64),
        width: u32,
        lines: impl Iterator<Item = (BackendCoord, BackendCoord)>,
    ) -> Markup {
        let mut s = String::from("<g fill=\"none\"");
        paint(&mut s, "stroke", colour.0, colour.1);
        let _ = writeln!(s, " stroke-width=\"{width}\">");
        for ((x1, y1), (x2, y2)) in lines {
            let _ = writeln!(s, "<path d=\"M{x1} {y1}L{x2} {y2}\"/>");
        }
        s.push_str("</g>\n");
        Markup(s)
    }

    /// Round dots of one colour, filled or as 2-pixel rings (`((x, y), radius)` each), as one
    /// path: an SVG image of 5,000 circles, each in a group with its `<title>`, took Chromium
    /// 700 ms on the page's thread; one path per colour is drawn in one go.
    pub fn dots(
        colour: (u8, u8, u8),
        filled: bool,
        dots: impl Iterator<Item = (BackendCoord, i32)>,
    ) -> Markup {
        let mut s = String::from("<path");
        paint(&mut s, if filled { "fill" } else { "stroke" }, colour, 1.0);
        if !filled {
            s.push_str(" fill=\"none\" stroke-width=\"2\"");
        }
        s.push_str(" d=\"");
        for ((x, y), r) in dots {
            let _ = write!(s, "M{} {y}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0", x - r, 2 * r, 2 * r);
        }
        s.push_str("\"/>\n");
        Markup(s)
    }

    /// Closes the group opened by [`Markup::tip`] or [`Markup::legend`].
    pub fn end() -> Markup {
        Markup("</g>\n".to_string())
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a Markup {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Empty<&'a BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::empty()
    }
}

impl Drawable<Svg<'_>> for Markup {
    fn draw<I: Iterator<Item = BackendCoord>>(&self, _: I, backend: &mut Svg<'_>, _: (u32, u32)) -> Drawn {
        backend.push(&self.0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn chinese_is_one_em_latin_six_tenths() {
        assert_eq!(text_extent("能力", 10.0), 20.0);
        assert_eq!(text_extent("ab", 10.0), 12.0);
        assert_eq!(text_extent("（Ａ）", 10.0), 30.0);
        assert_eq!(text_extent("", 10.0), 0.0);
    }

    /// plotters asks the backend for text sizes; the answer is the estimate at the size the
    /// SVG declares (20 px): two ideographs and two letters, one line high.
    #[test]
    fn measures_with_the_estimate() {
        let mut out = String::new();
        let svg = Svg::with_string(&mut out, (200, 100));
        let font: TextStyle = ("sans-serif", 20.0).into();
        assert_eq!(svg.estimate_text_size("能力ab", &font).expect("size"), (64, 20));
    }

    /// A titled area is placed below the title's measured height (20 px) and its padding
    /// (plotters: half the height, at most 5 px, above and below): a circle at y = 5 of the
    /// area lands at 5 + 20 + 2 × 5 = 35. Text is escaped, its size written as given, and a
    /// tooltip group wraps what is drawn between its markup.
    #[test]
    fn writes_sizes_as_given_escapes_text_and_groups_tooltips() {
        let mut out = String::new();
        {
            let root = Svg::with_string(&mut out, (200, 100)).into_drawing_area();
            root.fill(&WHITE).expect("fill");
            let root = root.titled("能力<&>", ("sans-serif", 20.0)).expect("title");
            root.draw(&Markup::tip("A & \"B\" <i>")).expect("tip");
            root.draw(&Circle::new((5, 5), 2, BLACK.filled())).expect("circle");
            root.draw(&Markup::end()).expect("end");
            root.present().expect("present");
        }
        assert!(
            out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\""),
            "{out}"
        );
        assert!(out.contains("font-size=\"20\"") && out.contains(">能力&lt;&amp;&gt;</text>"), "{out}");
        assert!(
            out.contains("<g><title>A &amp; &quot;B&quot; &lt;i&gt;</title>\n<circle cx=\"5\" cy=\"35\" r=\"2\" fill=\"#000000\"/>\n</g>"),
            "{out}"
        );
        assert!(out.ends_with("</svg>\n"), "{out}");
    }
}
