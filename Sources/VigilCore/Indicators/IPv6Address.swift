import Foundation

/// An IPv6 address held as two 64-bit halves.
public struct IPv6Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The upper 64 bits.
    public var high: UInt64
    /// The lower 64 bits.
    public var low: UInt64

    /// Wraps two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses RFC 4291 text: hex groups, one `::`, and an optional embedded dotted-quad tail.
    /// A zone index (`%eth0`) is rejected, because it has no meaning outside one host.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count <= 45, !string.contains("%") else { return nil }
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        var seenDoubleColon = false
        if let range = string.range(of: "::") {
            if string[range.upperBound...].contains("::") { return nil }
            seenDoubleColon = true
            let head = string[..<range.lowerBound]
            let rest = string[range.upperBound...]
            guard let h = IPv6Address.groups(head, allowIPv4Tail: false),
                let t = IPv6Address.groups(rest, allowIPv4Tail: true)
            else { return nil }
            groups = h
            tail = t
        } else {
            guard let all = IPv6Address.groups(Substring(string), allowIPv4Tail: true) else { return nil }
            groups = all
        }
        var words: [UInt16]
        if seenDoubleColon {
            let missing = 8 - groups.count - tail.count
            guard missing >= 1 else { return nil }
            words = groups + Array(repeating: 0, count: missing) + tail
        } else {
            guard groups.count == 8 else { return nil }
            words = groups
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(words[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(words[i]) }
        self.init(high: high, low: low)
    }

    private static func groups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if index == pieces.count - 1, allowIPv4Tail, piece.contains(".") {
                guard let v4 = IPv4Address(piece) else { return nil }
                result.append(UInt16(v4.value >> 16))
                result.append(UInt16(v4.value & 0xFFFF))
                continue
            }
            guard (1...4).contains(piece.utf8.count), let word = UInt16(piece, radix: 16) else { return nil }
            result.append(word)
        }
        return result
    }

    /// The eight 16-bit groups.
    public var words: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
    }

    /// The RFC 5952 canonical text: lower-case hex, no leading zeros, the longest run (two or more) of zero
    /// groups compressed to `::`, and IPv4-mapped addresses written with a dotted-quad tail.
    public var description: String {
        let w = words
        if high == 0, low >> 32 == 0xFFFF {
            return "::ffff:" + IPv4Address(UInt32(truncatingIfNeeded: low)).description
        }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && w[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                let length = i - runStart
                if length > bestLength && length >= 2 {
                    bestStart = runStart
                    bestLength = length
                }
                runStart = -1
            }
        }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLength
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(w[i], radix: 16)
            i += 1
        }
        return out
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
