import Foundation

/// A fully qualified domain name in canonical form: lower-case ASCII, no trailing dot, IDN labels as
/// Punycode (`xn--…`).
public struct DomainName: Sendable, Hashable, CustomStringConvertible {
    /// The canonical text.
    public let value: String

    /// Canonicalizes a host name. Accepts Unicode labels (NFC-normalized, then Punycode), the ideographic
    /// full stop `。` as a separator, and one trailing dot. Rejects empty labels, labels over 63 bytes, names
    /// over 253 bytes, names without a dot, an all-numeric top-level label, and characters outside
    /// letters, digits, `-` and `_`.
    public init?(_ text: some StringProtocol) {
        if let ascii = Self.canonicalASCII(text) {
            guard !ascii.isEmpty else { return nil }
            value = ascii
            return
        }
        var s = String(text)
        if s.utf8.contains(where: { $0 >= 0x80 }) {
            s = s.replacingOccurrences(of: "。", with: ".").replacingOccurrences(of: "．", with: ".")
            s = s.precomposedStringWithCanonicalMapping
        }
        s = s.lowercased()
        if s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty else { return nil }
        var labels: [String] = []
        for raw in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !raw.isEmpty else { return nil }
            var label = String(raw)
            if label.utf8.contains(where: { $0 >= 0x80 }) {
                guard let encoded = Punycode.encode(label) else { return nil }
                label = "xn--" + encoded
            }
            guard label.utf8.count <= 63,
                label.utf8.allSatisfy({ DomainName.isLabelByte($0) }),
                label.utf8.first != UInt8(ascii: "-"), label.utf8.last != UInt8(ascii: "-")
            else { return nil }
            labels.append(label)
        }
        guard labels.count >= 2, let tld = labels.last, !tld.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        let joined = labels.joined(separator: ".")
        guard joined.utf8.count <= 253 else { return nil }
        value = joined
    }

    /// The canonical form of an all-ASCII name in one pass over its bytes: "" when it is invalid, nil when it has
    /// non-ASCII bytes and needs the full path (IDNA, full-width dots).
    static func canonicalASCII(_ text: some StringProtocol) -> String? {
        var bytes = Array(text.utf8)
        if bytes.contains(where: { $0 >= 0x80 }) { return nil }
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return "" }
        var labels = 0
        var labelStart = 0
        var tldNumeric = true
        for i in 0...bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: ".") {
                let length = i - labelStart
                guard length > 0, length <= 63, bytes[labelStart] != UInt8(ascii: "-"), bytes[i - 1] != UInt8(ascii: "-") else { return "" }
                labels += 1
                tldNumeric = bytes[labelStart..<i].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                labelStart = i + 1
                continue
            }
            guard isLabelByte(bytes[i]) else { return "" }
        }
        guard labels >= 2, !tldNumeric else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }

    public var description: String { value }
}
