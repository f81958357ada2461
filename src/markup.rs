//! Escaping text for markup: one helper for every writer of HTML, SVG and XML — the printable
//! report and the profiles (`export::html`, `export::profile`), the charts' SVG backend
//! (`charts::backend`) and the explorer's SVG (`charts::explorer`), GEXF and GraphML
//! (`export::graph`) and the page's table and picker HTML.

/// Escapes text for HTML, SVG and XML content and attribute values (`&`, `<`, `>`, `"`, `'`);
/// drops the control characters that XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` cut at its backticks into pieces, each with whether it was between a pair of them:
/// a locale string marks what a reader types as it is (a column header such as `org_name`) with
/// backticks, and the page shows those pieces as code. An unpaired backtick is kept as text.
pub fn literal_pieces(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else { break };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &rest[open + 1..open + 1 + len]));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// Percent-encodes everything except RFC 3986 unreserved characters (UTF-8 bytes), for a value
/// in a URL fragment.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); `None` for malformed escapes or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_mark_literal_pieces() {
        assert_eq!(
            literal_pieces("a column called `org_name`, `name` or `机构名称`."),
            vec![
                (false, "a column called "),
                (true, "org_name"),
                (false, ", "),
                (true, "name"),
                (false, " or "),
                (true, "机构名称"),
                (false, "."),
            ]
        );
        assert_eq!(literal_pieces("`ks_1`"), vec![(true, "ks_1")]);
        assert_eq!(literal_pieces("plain"), vec![(false, "plain")]);
        assert_eq!(literal_pieces("one ` alone"), vec![(false, "one ` alone")]);
        assert_eq!(literal_pieces(""), Vec::<(bool, &str)>::new());
    }

    #[test]
    fn escapes_markup_and_drops_forbidden_control_characters() {
        assert_eq!(
            escape("<b a=\"1\">R&D 'x'</b>"),
            "&lt;b a=&quot;1&quot;&gt;R&amp;D &apos;x&apos;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{1}b\tc\nd"), "ab\tc\nd");
        assert_eq!(escape("同行"), "同行");
    }
}
