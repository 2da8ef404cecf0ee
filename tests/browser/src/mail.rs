//! Reading a received mail as its recipient would: every text part decoded from its
//! transfer encoding (7bit, quoted-printable or base64), and the links in it.

use base64::Engine as _;

/// The decoded text of every part of the raw message `raw`, one after the other (HTML parts
/// included, as markup), and the headers as they are.
pub fn readable_text(raw: &str) -> String {
    let lines: Vec<&str> = raw
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let mut out = String::new();
    let mut encoding = String::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if let Some(value) = header_value(line, "content-transfer-encoding") {
            encoding = value.to_ascii_lowercase();
        }
        out.push_str(line);
        out.push('\n');
        index += 1;
        if line.is_empty() && !encoding.is_empty() {
            // A part's body: up to the next boundary line.
            let start = index;
            while index < lines.len() && !lines[index].starts_with("--") {
                index += 1;
            }
            out.push_str(&decode(&lines[start..index], &encoding));
            out.push('\n');
            encoding.clear();
        }
    }
    out
}

fn header_value<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    key.trim()
        .eq_ignore_ascii_case(name)
        .then_some(value.trim())
}

fn decode(lines: &[&str], encoding: &str) -> String {
    match encoding {
        "base64" => {
            let joined: String = lines.iter().map(|line| line.trim()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .map_or_else(
                    |_| lines.join("\n"),
                    |bytes| String::from_utf8_lossy(&bytes).into_owned(),
                )
        }
        "quoted-printable" => quoted_printable(lines),
        _ => lines.join("\n"),
    }
}

fn quoted_printable(lines: &[&str]) -> String {
    let mut bytes = Vec::new();
    for line in lines {
        let (content, soft) = line
            .strip_suffix('=')
            .map_or((*line, false), |content| (content, true));
        let raw = content.as_bytes();
        let mut at = 0;
        while at < raw.len() {
            let hex = raw
                .get(at + 1..at + 3)
                .and_then(|pair| std::str::from_utf8(pair).ok())
                .and_then(|pair| u8::from_str_radix(pair, 16).ok());
            match (raw[at], hex) {
                (b'=', Some(byte)) => {
                    bytes.push(byte);
                    at += 3;
                }
                (byte, _) => {
                    bytes.push(byte);
                    at += 1;
                }
            }
        }
        if !soft {
            bytes.push(b'\n');
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every link in `text` that starts with `prefix`, in order, without repeats (a link ends at
/// whitespace, a quote or an angle bracket).
pub fn links_starting(text: &str, prefix: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')'))
            .unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',']).to_owned();
        if !links.contains(&link) {
            links.push(link);
        }
        rest = &tail[end..];
    }
    links
}

#[cfg(test)]
mod tests {
    use super::{links_starting, readable_text};

    #[test]
    fn parts_are_decoded_by_their_transfer_encoding() {
        let raw = "Subject: x\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 http://h/s/=\r\nfds_1\r\n--b\r\n\
                   Content-Transfer-Encoding: base64\r\n\r\nw6l0w6k=\r\n--b--\r\n";
        let text = readable_text(raw);
        assert!(text.contains("Café http://h/s/fds_1"), "{text}");
        assert!(text.contains("été"), "{text}");
        assert_eq!(
            links_starting(&text, "http://h/s/"),
            vec!["http://h/s/fds_1"]
        );
    }
}
