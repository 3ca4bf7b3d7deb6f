import Foundation

/// A URL in canonical form.
///
/// Canonicalization: the scheme and host are lower-cased (the host through ``DomainName`` or
/// ``IPAddress``, so IDN hosts become Punycode); the default port of the scheme is dropped; an empty path
/// becomes `/`; percent-escapes get upper-case hex digits, and escapes of unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) are decoded; bytes outside printable ASCII are percent-encoded; the fragment is
/// dropped, because it never reaches the server. Common defanging (`hxxp`, `[.]`) is undone.
public struct CanonicalURL: Sendable, Hashable, CustomStringConvertible {
    /// The canonical text.
    public let value: String
    /// The canonical host (domain or IP text, IPv6 without brackets).
    public let host: String
    /// The scheme, lower-case.
    public let scheme: String

    private static let defaultPorts: [String: Int] = ["http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443]

    /// Parses and canonicalizes. Requires `scheme://host`.
    public init?(_ text: some StringProtocol) {
        var s = String(text).trimmingSpaces()
        if s.utf8.contains(UInt8(ascii: "[")) {
            s = s.replacingOccurrences(of: "[.]", with: ".").replacingOccurrences(of: "[:]", with: ":")
        }
        guard let schemeEnd = Self.schemeSeparator(in: s) else { return nil }
        var scheme = s[..<schemeEnd.lowerBound].lowercased()
        if scheme == "hxxp" { scheme = "http" }
        if scheme == "hxxps" { scheme = "https" }
        guard !scheme.isEmpty, scheme.utf8.allSatisfy({ CanonicalURL.isSchemeByte($0) }),
            scheme.utf8.first.map({ $0 >= 0x61 && $0 <= 0x7A }) == true
        else { return nil }
        var rest = s[schemeEnd.upperBound...]
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<hash] }
        // Byte searches: the delimiters are ASCII, and searching UTF-8 skips grapheme breaking.
        let authorityEnd = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let pathAndQuery = rest[authorityEnd...]
        var userinfo = ""
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            userinfo = String(authority[..<at]) + "@"
            authority = authority[authority.utf8.index(after: at)...]
        }
        var hostText: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostText = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.utf8.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.utf8.lastIndex(of: UInt8(ascii: ":")) {
            hostText = authority[..<colon]
            portText = authority[authority.utf8.index(after: colon)...]
        } else {
            hostText = authority
        }
        let canonicalHost: String
        let hostInURL: String
        if let ip = IPAddress(hostText) {
            canonicalHost = ip.description
            if case .v6 = ip { hostInURL = "[\(canonicalHost)]" } else { hostInURL = canonicalHost }
        } else if let domain = DomainName(hostText) {
            canonicalHost = domain.value
            hostInURL = canonicalHost
        } else if hostText.lowercased() == "localhost" {
            canonicalHost = "localhost"
            hostInURL = canonicalHost
        } else {
            return nil
        }
        var portSuffix = ""
        if let p = portText, !p.isEmpty {
            guard p.utf8.count <= 5, let port = Int(p), port > 0, port <= 65535 else { return nil }
            if CanonicalURL.defaultPorts[scheme] != port { portSuffix = ":\(port)" }
        }
        var path = CanonicalURL.normalizePercentEncoding(String(pathAndQuery))
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        self.scheme = scheme
        self.host = canonicalHost
        self.value = "\(scheme)://\(CanonicalURL.normalizePercentEncoding(userinfo))\(hostInURL)\(portSuffix)\(path)"
    }

    /// The range of the first `://`, found on the UTF-8 bytes.
    private static func schemeSeparator(in s: String) -> Range<String.Index>? {
        let u = s.utf8
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == UInt8(ascii: ":") {
                let j = u.index(after: i)
                if j != u.endIndex, u[j] == UInt8(ascii: "/") {
                    let k = u.index(after: j)
                    if k != u.endIndex, u[k] == UInt8(ascii: "/") { return i..<u.index(after: k) }
                }
            }
            i = u.index(after: i)
        }
        return nil
    }

    private static func isSchemeByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
            || b == 0x2E || b == 0x5F || b == 0x7E
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// Upper-cases escape digits, decodes escaped unreserved characters and escapes raw bytes that may not
    /// appear in a URL (controls, space, non-ASCII, and a `%` that starts no valid escape).
    static func normalizePercentEncoding(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hex = Array("0123456789ABCDEF".utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x25, i + 2 < bytes.count, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                let decoded = h << 4 | l
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out.append(0x25)
                    out.append(hex[Int(h)])
                    out.append(hex[Int(l)])
                }
                i += 3
                continue
            }
            if b <= 0x20 || b >= 0x7F || b == 0x25 || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x60
                || b == 0x7B || b == 0x7D || b == 0x7C || b == 0x5C || b == 0x5E
            {
                out.append(0x25)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { value }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    public func trimmingEdges() -> String { trimmingSpaces() }

    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
