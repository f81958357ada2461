//! Text decoding: BOMs, strict UTF-8, then GB18030 (what Excel on Chinese Windows writes).
//!
//! The WHATWG GBK decoder is the GB18030 decoder, so GB18030 covers GBK and GB2312 files too.
//! The chosen encoding is reported so the user can override it when the guess is wrong.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::IngestError;
use crate::diag::{Warning, args};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without any BOM.
    pub text: String,
    /// Encoding name as shown to the user.
    pub encoding: String,
    /// Problems such as replaced bytes.
    pub warnings: Vec<Warning>,
}

/// Decodes a whole byte buffer to text, choosing the encoding as [`super::stream`] does for
/// a file read in pieces (one definition: [`super::stream::choose_encoding`]).
///
/// # Errors
/// [`IngestError::Binary`] when the bytes contain NUL bytes without a UTF-16 BOM (a binary
/// file that is not a workbook).
pub fn decode(name: &str, bytes: &[u8], override_label: Option<&str>) -> Result<Decoded, IngestError> {
    let mut warnings = Vec::new();
    if let Some(w) = unknown_label(name, override_label) {
        warnings.push(w);
    }
    let enc = super::stream::choose_encoding(name, bytes, true, override_label)?;
    let (text, replaced) = super::stream::decode_all(bytes, enc);
    if replaced {
        warnings.push(replaced_warning(name, enc.encoding.name()));
    }
    Ok(Decoded { text, encoding: enc.label.to_string(), warnings })
}

/// UTF-16 without a BOM, recognized by a NUL in every other byte of mostly-ASCII text.
pub fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let zeros_odd = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let zeros_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if zeros_odd * 10 > half * 8 {
        Some(UTF_16LE)
    } else if zeros_even * 10 > half * 8 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A warning when the user's forced encoding label is unknown (the encoding is detected).
pub fn unknown_label(name: &str, label: Option<&str>) -> Option<Warning> {
    let label = label?;
    Encoding::for_label(label.as_bytes())
        .is_none()
        .then(|| Warning::at(name, None, None, "warn.encoding_unknown", args([("label", label.into())])))
}

/// A warning that undecodable bytes were replaced.
pub fn replaced_warning(name: &str, enc: &str) -> Warning {
    Warning::at(name, None, None, "warn.bytes_replaced", args([("encoding", enc.to_uppercase().into())]))
}

#[cfg(test)]
mod tests {
    use encoding_rs::GB18030;

    use super::*;

    #[test]
    fn utf8_gbk_and_utf16() {
        let d = decode("a.csv", "机构,城市\n".as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        let (gbk, _, _) = GB18030.encode("机构,城市\n");
        let d = decode("a.csv", &gbk, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "机构,城市\n");
        let mut u16 = vec![0xFF, 0xFE];
        for u in "名称,x\n".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode("a.csv", &u16, None).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "名称,x\n");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("a,b".as_bytes());
        assert_eq!(decode("a.csv", &bom, None).unwrap().text, "a,b");
        assert!(matches!(
            decode("a.bin", &[1, 2, 0, 200, 3, 9, 0xff, 7], None),
            Err(IngestError::Binary { .. })
        ));
    }
}
