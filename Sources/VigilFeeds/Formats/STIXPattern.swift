import VigilCore

/// Reads the indicators out of a STIX 2.1 pattern (`[ipv4-addr:value = '198.51.100.1'] OR [url:value = '…']`).
///
/// Every equality comparison (`=`, and each value of `IN (…)`) on an object path Vigil has an indicator for becomes
/// one indicator, whether it is joined by `OR` or `AND`, inside one observation expression or across several.
/// Comparisons that cannot be acted on alone (`MATCHES`, `LIKE`, `!=`, ranges, `NOT`) are left out.
struct STIXPattern {
    /// An indicator found in a pattern, with the object path it came from.
    struct Term: Equatable {
        let type: IndicatorType
        let value: String
        let path: String
    }

    /// The indicator type an object path names, or nil when Vigil has none for it.
    static func indicatorType(path: String) -> IndicatorType? {
        // The usual spellings first, without normalizing.
        switch path {
        case "ipv4-addr:value", "ipv6-addr:value": return .ip
        case "domain-name:value": return .domain
        case "url:value": return .url
        case "email-addr:value": return .email
        case "file:hashes.'SHA-256'", "file:hashes.MD5", "file:hashes.'SHA-1'", "file:hashes.'SHA-512'": return .hash
        default: break
        }
        let p = path.lowercased().replacingOccurrences("'", "").replacingOccurrences("\"", "")
        switch p {
        case "ipv4-addr:value", "ipv6-addr:value", "network-traffic:dst_ref.value", "network-traffic:src_ref.value":
            return .ip
        case "domain-name:value", "network-traffic:dst_ref.domain", "email-addr:domain":
            return .domain
        case "url:value":
            return .url
        case "email-addr:value", "email-message:from_ref.value", "email-message:sender_ref.value":
            return .email
        default:
            if (p.hasPrefix("file:hashes.") || p.hasPrefix("artifact:hashes.")) && !p.hasSuffix("ssdeep") && !p.hasSuffix("tlsh") {
                return .hash
            }
            return nil
        }
    }

    enum Token: Equatable {
        case path(String), string(String), word(String), symbol(String)
    }

    /// The tokens of a pattern; nil when a string is not closed. Works on the UTF-8 bytes: paths and keywords are
    /// ASCII, and string literals are copied out whole.
    static func tokens(_ pattern: String) -> [Token]? {
        var out: [Token] = []
        var pattern = pattern
        return pattern.withUTF8 { b -> [Token]? in
            var i = 0
            func readQuoted(_ from: Int) -> (String, Int)? {
                var j = from + 1
                var escaped = false
                var start = j
                var value: [UInt8] = []
                while j < b.count {
                    let c = b[j]
                    if c == UInt8(ascii: "\\"), j + 1 < b.count {
                        if !escaped { value = Array(b[start..<j]) } else { value += b[start..<j] }
                        escaped = true
                        value.append(b[j + 1])
                        j += 2
                        start = j
                        continue
                    }
                    if c == UInt8(ascii: "'") {
                        if escaped {
                            value += b[start..<j]
                            return (String(decoding: value, as: UTF8.self), j + 1)
                        }
                        return (String(decoding: UnsafeBufferPointer(rebasing: b[start..<j]), as: UTF8.self), j + 1)
                    }
                    j += 1
                }
                return nil
            }
            func isWordByte(_ d: UInt8) -> Bool {
                (d >= 0x30 && d <= 0x39) || (d | 0x20 >= 0x61 && d | 0x20 <= 0x7A) || d == 0x5F || d == 0x2D || d == 0x2E || d == 0x3A || d == 0x2A || d >= 0x80
            }
            while i < b.count {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                    i += 1
                } else if c == UInt8(ascii: "'") {
                    guard let (value, next) = readQuoted(i) else { return nil }
                    out.append(.string(value))
                    i = next
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: ",") {
                    out.append(.symbol(String(UnicodeScalar(c))))
                    i += 1
                } else if c == UInt8(ascii: "=") || c == UInt8(ascii: "!") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") {
                    if i + 1 < b.count, b[i + 1] == UInt8(ascii: "=") {
                        out.append(.symbol(String(UnicodeScalar(c)) + "="))
                        i += 2
                    } else {
                        out.append(.symbol(String(UnicodeScalar(c))))
                        i += 1
                    }
                } else {
                    // A word or an object path; a path may hold quoted segments (file:hashes.'SHA-256') and list indexes.
                    var word: [UInt8] = []
                    var hasColon = false
                    while i < b.count {
                        let d = b[i]
                        if d == UInt8(ascii: "'") && word.last == UInt8(ascii: ".") {
                            guard let (segment, next) = readQuoted(i) else { return nil }
                            word.append(UInt8(ascii: "'"))
                            word += Array(segment.utf8)
                            word.append(UInt8(ascii: "'"))
                            i = next
                        } else if d == UInt8(ascii: "[") && hasColon {
                            // A list index such as [*] or [0] inside a path.
                            var close = i
                            while close < b.count, b[close] != UInt8(ascii: "]") { close += 1 }
                            guard close < b.count else { return nil }
                            word += b[i...close]
                            i = close + 1
                        } else if isWordByte(d) {
                            if d == UInt8(ascii: ":") { hasColon = true }
                            word.append(d)
                            i += 1
                        } else {
                            break
                        }
                    }
                    if word.isEmpty { return nil }
                    let text = String(decoding: word, as: UTF8.self)
                    out.append(hasColon ? .path(text) : .word(text))
                }
            }
            return out
        }
    }

    /// The most common pattern, `[path = 'value']` with a plain path and a value without quotes or escapes, read
    /// without tokenizing; nil when the pattern is anything else.
    static func simpleTerm(_ pattern: String) -> [Term]? {
        var pattern = pattern
        return pattern.withUTF8 { b -> [Term]? in
            guard b.count > 8, b[0] == UInt8(ascii: "["), b[b.count - 1] == UInt8(ascii: "]"), b[b.count - 2] == UInt8(ascii: "'") else { return nil }
            var i = 1
            while i < b.count, b[i] != UInt8(ascii: " "), b[i] != UInt8(ascii: "'") { i += 1 }
            let pathEnd = i
            // " = '"
            guard pathEnd > 1, i + 4 < b.count, b[i] == UInt8(ascii: " "), b[i + 1] == UInt8(ascii: "="), b[i + 2] == UInt8(ascii: " "),
                b[i + 3] == UInt8(ascii: "'")
            else { return nil }
            let valueStart = i + 4
            let valueEnd = b.count - 2
            guard valueStart <= valueEnd else { return nil }
            for k in valueStart..<valueEnd where b[k] == UInt8(ascii: "'") || b[k] == UInt8(ascii: "\\") { return nil }
            let path = String(decoding: UnsafeBufferPointer(rebasing: b[1..<pathEnd]), as: UTF8.self)
            guard let type = indicatorType(path: path) else { return [] }
            return [Term(type: type, value: String(decoding: UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]), as: UTF8.self), path: path)]
        }
    }

    /// The indicators of `pattern`; nil when it does not tokenize or its brackets do not balance.
    static func terms(_ pattern: String) -> [Term]? {
        if let single = simpleTerm(pattern) { return single }
        guard let tokens = tokens(pattern) else { return nil }
        var depth = 0
        for token in tokens {
            if token == .symbol("[") || token == .symbol("(") { depth += 1 }
            if token == .symbol("]") || token == .symbol(")") { depth -= 1 }
            if depth < 0 { return nil }
        }
        guard depth == 0 else { return nil }
        var terms: [Term] = []
        var i = 0
        while i < tokens.count {
            guard case .path(let path) = tokens[i] else {
                i += 1
                continue
            }
            let negated = i > 0 && tokens[i - 1] == .word("NOT") || i + 1 < tokens.count && tokens[i + 1] == .word("NOT")
            let opIndex = i + 1 < tokens.count && tokens[i + 1] == .word("NOT") ? i + 2 : i + 1
            guard !negated, opIndex < tokens.count, let type = indicatorType(path: path) else {
                i += 1
                continue
            }
            if tokens[opIndex] == .symbol("="), opIndex + 1 < tokens.count, case .string(let value) = tokens[opIndex + 1] {
                terms.append(Term(type: type, value: value, path: path))
                i = opIndex + 2
            } else if tokens[opIndex] == .word("IN"), opIndex + 1 < tokens.count, tokens[opIndex + 1] == .symbol("(") {
                var j = opIndex + 2
                while j < tokens.count, tokens[j] != .symbol(")") {
                    if case .string(let value) = tokens[j] { terms.append(Term(type: type, value: value, path: path)) }
                    j += 1
                }
                i = j + 1
            } else {
                i = opIndex + 1
            }
        }
        return terms
    }
}

extension String {
    /// The text with every `target` replaced (no Foundation on this path).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, utf8.contains(where: { target.utf8.first == $0 }) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
