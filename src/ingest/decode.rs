//! Text decoding: BOMs, strict UTF-8, then GB18030 (what Excel on Chinese Windows writes).
//!
//! The WHATWG GBK decoder is the GB18030 decoder, so GB18030 covers GBK and GB2312 files too.
//! The chosen encoding is reported so the user can override it when the guess is wrong.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use super::IngestError;
use crate::diag::Warning;

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

/// Decodes bytes to text.
///
/// # Errors
/// [`IngestError::Binary`] when the bytes contain NUL bytes without a UTF-16 BOM (a binary
/// file that is not a workbook).
pub fn decode(name: &str, bytes: &[u8], override_label: Option<&str>) -> Result<Decoded, IngestError> {
    let mut warnings = Vec::new();
    if let Some(label) = override_label {
        if let Some(enc) = Encoding::for_label(label.as_bytes()) {
            let (text, _, had_errors) = enc.decode(bytes);
            if had_errors {
                warnings.push(replaced_warning(name, enc.name()));
            }
            return Ok(Decoded { text: text.into_owned(), encoding: enc.name().to_string(), warnings });
        }
        warnings.push(Warning::at(
            name,
            None,
            None,
            format!("unknown encoding “{label}”; detected the encoding instead."),
            format!("未知编码“{label}”，已改为自动检测。"),
        ));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(replaced_warning(name, enc.name()));
        }
        let label = if enc == UTF_8 { "UTF-8 (BOM)".to_string() } else { enc.name().to_string() };
        return Ok(Decoded { text: text.into_owned(), encoding: label, warnings });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = head.iter().position(|b| *b == 0) {
        // UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let zeros_even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        let enc = if zeros_odd * 10 > half * 8 {
            Some(UTF_16LE)
        } else if zeros_even * 10 > half * 8 {
            Some(UTF_16BE)
        } else {
            None
        };
        let Some(enc) = enc else {
            return Err(IngestError::Binary { file: name.to_string(), offset });
        };
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            warnings.push(replaced_warning(name, enc.name()));
        }
        return Ok(Decoded { text: text.into_owned(), encoding: enc.name().to_string(), warnings });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text: text.to_string(), encoding: "UTF-8".to_string(), warnings }),
        Err(_) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                warnings.push(replaced_warning(name, "GB18030"));
            }
            Ok(Decoded { text: text.into_owned(), encoding: "GB18030".to_string(), warnings })
        }
    }
}

fn replaced_warning(name: &str, enc: &str) -> Warning {
    Warning::at(
        name,
        None,
        None,
        format!(
            "some bytes are not valid {enc} and were replaced with “�”. If the text looks garbled, choose another encoding."
        ),
        format!("部分字节不是有效的 {enc} 编码，已替换为“�”。如果文字显示乱码，请选择其他编码。"),
    )
}

#[cfg(test)]
mod tests {
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
