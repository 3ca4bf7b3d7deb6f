/// The character encoding of an input file. Parsers read UTF-8; anything else is converted first.
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// GB18030, which contains GBK and GB2312: what Chinese Windows and Excel write by default.
    case gb18030

    public var description: String { rawValue }

    /// The name iconv knows it by.
    public var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .gb18030: "GB18030"
        }
    }

    /// The values `--encoding` accepts, for messages.
    public static let choices = "utf-8, utf-16le, utf-16be or gb18030 (also gbk, gb2312)"

    /// An encoding by name, case-insensitively, with the usual aliases (`utf8`, `gbk`, `gb2312`, `cp936`, `utf-16`
    /// meaning little-endian as Windows writes it).
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "utf16", "ucs-2": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936", "gb-18030": self = .gb18030
        default: return nil
        }
    }

    /// The length of a byte-order mark at the start of `head` and the encoding it names, if there is one.
    public static func byteOrderMark(_ head: [UInt8]) -> (encoding: TextEncoding, length: Int)? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// The encoding of a file whose first bytes are `head`, or nil when it cannot be told.
    ///
    /// - A byte-order mark decides.
    /// - Mostly NUL bytes on one side of each pair: UTF-16 without a mark.
    /// - Valid UTF-8, or UTF-8 with a few broken sequences (those rows are rejected one by one): UTF-8.
    /// - Otherwise, non-ASCII bytes that all form GB18030 characters, most of them in the common GB2312 area (which
    ///   tells it from Big5, whose byte ranges overlap), and read as UTF-8 they are badly broken: GB18030.
    /// - Anything else (binary data, another legacy encoding) cannot be told.
    public static func detect(_ head: [UInt8]) -> TextEncoding? {
        if let mark = byteOrderMark(head) { return mark.encoding }
        if head.isEmpty { return .utf8 }
        if let utf16 = utf16WithoutMark(head) { return utf16 }
        let utf8 = utf8Counts(head)
        if utf8.invalid == 0 { return .utf8 }
        let gb = gb18030Counts(head)
        // GBK bytes sometimes pair up as UTF-8 by chance, but they leave many broken sequences; damaged UTF-8 leaves
        // few, and real UTF-8 hanzi are not valid GB18030 throughout.
        if gb.invalid == 0, gb.characters > 0, gb.common * 2 >= gb.characters, utf8.invalid * 4 >= utf8.valid { return .gb18030 }
        // Mostly UTF-8 with some damage, or ASCII with a few stray bytes: the damaged rows become rejects.
        if utf8.invalid <= utf8.valid || utf8.invalid * 100 < head.count { return .utf8 }
        return nil
    }

    private static func utf16WithoutMark(_ head: [UInt8]) -> TextEncoding? {
        guard head.count >= 4 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for (i, byte) in head.enumerated() where byte == 0 {
            if i & 1 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = head.count / 2
        if oddZeros * 10 >= pairs * 3 && evenZeros * 10 < oddZeros { return .utf16LE }
        if evenZeros * 10 >= pairs * 3 && oddZeros * 10 < evenZeros { return .utf16BE }
        return nil
    }

    /// Well-formed multi-byte UTF-8 sequences and invalid bytes; a sequence cut by the end of `head` counts as
    /// neither.
    private static func utf8Counts(_ bytes: [UInt8]) -> (valid: Int, invalid: Int) {
        var valid = 0
        var invalid = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default:
                invalid += 1
                i += 1
                continue
            }
            if i + length > bytes.count { break }
            var ok = bytes[i + 1] >= low && bytes[i + 1] <= high
            if ok && length > 2 {
                for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    /// GB18030 characters (two or four bytes), invalid bytes, and two-byte characters in the GB2312 area
    /// (lead 0xB0–0xF7, trail 0xA1–0xFE: the common hanzi).
    private static func gb18030Counts(_ bytes: [UInt8]) -> (characters: Int, invalid: Int, common: Int) {
        var characters = 0
        var invalid = 0
        var common = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            guard b >= 0x81 && b <= 0xFE else {
                invalid += 1
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { break }
            let t = bytes[i + 1]
            if (t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE) {
                characters += 1
                if b >= 0xB0 && b <= 0xF7 && t >= 0xA1 { common += 1 }
                i += 2
            } else if t >= 0x30 && t <= 0x39 {
                guard i + 3 < bytes.count else { break }
                if bytes[i + 2] >= 0x81 && bytes[i + 2] <= 0xFE && bytes[i + 3] >= 0x30 && bytes[i + 3] <= 0x39 {
                    characters += 1
                    i += 4
                } else {
                    invalid += 1
                    i += 1
                }
            } else {
                invalid += 1
                i += 1
            }
        }
        return (characters, invalid, common)
    }
}
