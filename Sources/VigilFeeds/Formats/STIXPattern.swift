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

    /// The tokens of a pattern; nil when a string or bracket is not closed.
    static func tokens(_ pattern: String) -> [Token]? {
        var out: [Token] = []
        let chars = Array(pattern)
        var i = 0
        func readQuoted(_ from: Int) -> (String, Int)? {
            var j = from + 1
            var value = ""
            while j < chars.count {
                if chars[j] == "\\", j + 1 < chars.count {
                    value.append(chars[j + 1])
                    j += 2
                    continue
                }
                if chars[j] == "'" { return (value, j + 1) }
                value.append(chars[j])
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "'" {
                guard let (value, next) = readQuoted(i) else { return nil }
                out.append(.string(value))
                i = next
            } else if "[]()".contains(c) || c == "," {
                out.append(.symbol(String(c)))
                i += 1
            } else if "=!<>".contains(c) {
                var op = String(c)
                if i + 1 < chars.count, chars[i + 1] == "=" {
                    op.append("=")
                    i += 1
                }
                out.append(.symbol(op))
                i += 1
            } else {
                // A word or an object path; a path may hold quoted segments (file:hashes.'SHA-256') and list indexes.
                var word = ""
                while i < chars.count {
                    let d = chars[i]
                    if d == "'" && word.hasSuffix(".") {
                        guard let (segment, next) = readQuoted(i) else { return nil }
                        word += "'\(segment)'"
                        i = next
                    } else if d == "[" && word.contains(":") {
                        // A list index such as [*] or [0] inside a path.
                        guard let close = chars[i...].firstIndex(of: "]") else { return nil }
                        word += String(chars[i...close])
                        i = close + 1
                    } else if d.isLetter || d.isNumber || "_-.:*".contains(d) {
                        word.append(d)
                        i += 1
                    } else {
                        break
                    }
                }
                if word.isEmpty { return nil }
                out.append(word.contains(":") ? .path(word) : .word(word))
            }
        }
        return out
    }

    /// The indicators of `pattern`; nil when it does not tokenize or its brackets do not balance.
    static func terms(_ pattern: String) -> [Term]? {
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
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
