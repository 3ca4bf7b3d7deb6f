/// A forgiving HTML tokenizer for the page probes: tags with their attributes, text with entities decoded, and the
/// raw text of `<script>`, `<style>`, `<textarea>` and `<title>`. Comments, doctypes and processing instructions
/// are dropped. It never fails: whatever is not a tag is text. It does not build a tree; ``HiddenLinkScanner`` keeps
/// its own stack of open elements.
public enum HTMLTokenizer {
    /// Elements with no end tag.
    public static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"]

    /// Elements whose content is raw text up to their end tag.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp"]

    /// The tokens of `html`.
    public static func tokens(_ html: String) -> [HTMLToken] {
        let s = Array(html.unicodeScalars)
        var out: [HTMLToken] = []
        var text = String.UnicodeScalarView()
        var i = 0
        func flush() {
            if !text.isEmpty {
                out.append(.text(decodeEntities(String(text))))
                text = String.UnicodeScalarView()
            }
        }
        while i < s.count {
            guard s[i] == "<", i + 1 < s.count else {
                text.append(s[i])
                i += 1
                continue
            }
            let next = s[i + 1]
            if next == "!" || next == "?" {
                // A comment, doctype or processing instruction.
                flush()
                if i + 3 < s.count && s[i + 2] == "-" && s[i + 3] == "-" {
                    i = find(s, "-->", from: i + 4).map { $0 + 3 } ?? s.count
                } else {
                    i = find(s, ">", from: i + 2).map { $0 + 1 } ?? s.count
                }
                continue
            }
            let closing = next == "/"
            let nameStart = closing ? i + 2 : i + 1
            guard nameStart < s.count, s[nameStart].properties.isAlphabetic else {
                text.append(s[i])
                i += 1
                continue
            }
            flush()
            var j = nameStart
            while j < s.count, !isSpace(s[j]) && s[j] != ">" && s[j] != "/" { j += 1 }
            let name = String(String.UnicodeScalarView(s[nameStart..<j])).lowercased()
            var attributes: [String: String] = [:]
            var selfClosing = false
            // Attributes up to the closing '>'.
            while j < s.count && s[j] != ">" {
                if isSpace(s[j]) {
                    j += 1
                    continue
                }
                if s[j] == "/" {
                    selfClosing = j + 1 < s.count && s[j + 1] == ">"
                    j += 1
                    continue
                }
                let attrStart = j
                while j < s.count, !isSpace(s[j]) && s[j] != ">" && s[j] != "=" && !(s[j] == "/" && j + 1 < s.count && s[j + 1] == ">") { j += 1 }
                let attrName = String(String.UnicodeScalarView(s[attrStart..<j])).lowercased()
                var value = ""
                var k = j
                while k < s.count && isSpace(s[k]) { k += 1 }
                if k < s.count && s[k] == "=" {
                    k += 1
                    while k < s.count && isSpace(s[k]) { k += 1 }
                    if k < s.count && (s[k] == "\"" || s[k] == "'") {
                        let quote = s[k]
                        let end = find(s, quote, from: k + 1) ?? s.count
                        value = String(String.UnicodeScalarView(s[(k + 1)..<end]))
                        k = min(end + 1, s.count)
                    } else {
                        let start = k
                        while k < s.count && !isSpace(s[k]) && s[k] != ">" { k += 1 }
                        value = String(String.UnicodeScalarView(s[start..<k]))
                    }
                    j = k
                }
                if !attrName.isEmpty && attributes[attrName] == nil { attributes[attrName] = decodeEntities(value) }
                if j == attrStart { j += 1 }
            }
            i = min(j + 1, s.count)
            if closing {
                out.append(.end(name))
                continue
            }
            out.append(.start(name, attributes, selfClosing: selfClosing))
            if rawTextElements.contains(name) && !selfClosing {
                // Raw text up to the matching end tag (case-insensitive).
                let end = findEndTag(s, name, from: i) ?? s.count
                let raw = String(String.UnicodeScalarView(s[i..<end]))
                if !raw.isEmpty { out.append(.text(name == "title" || name == "textarea" ? decodeEntities(raw) : raw)) }
                out.append(.end(name))
                i = find(s, ">", from: end).map { $0 + 1 } ?? s.count
            }
        }
        flush()
        return out
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }

    static func find(_ s: [Unicode.Scalar], _ c: Unicode.Scalar, from: Int) -> Int? {
        var i = from
        while i < s.count {
            if s[i] == c { return i }
            i += 1
        }
        return nil
    }

    static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, s.count >= n.count else { return nil }
        var i = from
        while i + n.count <= s.count {
            if s[i] == n[0] && Array(s[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }

    static func findEndTag(_ s: [Unicode.Scalar], _ name: String, from: Int) -> Int? {
        let n = Array(("</" + name).unicodeScalars)
        var i = from
        while i + n.count <= s.count {
            if s[i] == "<" && i + 1 < s.count && s[i + 1] == "/" {
                var match = true
                for k in 2..<n.count where s[i + k].properties.lowercaseMapping != String(n[k]) {
                    match = false
                    break
                }
                let after = i + n.count
                if match && (after >= s.count || isSpace(s[after]) || s[after] == ">") { return i }
            }
            i += 1
        }
        return nil
    }

    /// Decodes the common named entities and numeric references.
    public static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®", "middot": "·"]
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let entity = after[..<semi]
                var decoded: String?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = named[String(entity).lowercased()]
                }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
