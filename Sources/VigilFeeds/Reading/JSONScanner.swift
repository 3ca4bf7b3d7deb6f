/// A strict RFC 8259 JSON parser over bytes, for JSON Lines. About an order of magnitude faster than
/// `JSONDecoder` on small flat objects, and checked against `JSONSerialization` in tests.
public struct JSONScanner {
    /// Where and why parsing failed.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// Parses exactly one JSON value, allowing surrounding whitespace.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> JSONValue {
        var scanner = JSONScanner(bytes)
        scanner.skipSpace()
        let value = try scanner.value()
        scanner.skipSpace()
        guard scanner.i == bytes.count else { throw ParseError(offset: scanner.i, message: "unexpected text after the value") }
        return value
    }

    /// Parses a string's UTF-8 bytes.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var bytes = Array(text.utf8)
        let result = bytes.withUnsafeMutableBufferPointer { buf in
            Result { () throws(ParseError) -> JSONValue in try parse(UnsafeBufferPointer(buf)) }
        }
        return try result.get()
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

    private mutating func value() throws(ParseError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of input") }
        switch b[i] {
        case 0x7B: return try object()
        case 0x5B: return try array()
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(ParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("unexpected end of input") }
        let p = word.utf8Start
        for k in 0..<n where b[i + k] != p[k] { throw fail("invalid literal") }
        i += n
    }

    private mutating func object() throws(ParseError) -> JSONValue {
        depth += 1
        guard depth <= 64 else { throw fail("nesting deeper than 64") }
        defer { depth -= 1 }
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < b.count, b[i] == 0x7D {
            i += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard i < b.count, b[i] == 0x22 else { throw fail("expected a member name in quotes") }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == 0x3A else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of input in object") }
            if b[i] == 0x2C {
                i += 1
                continue
            }
            if b[i] == 0x7D {
                i += 1
                return .object(members)
            }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array() throws(ParseError) -> JSONValue {
        depth += 1
        guard depth <= 64 else { throw fail("nesting deeper than 64") }
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == 0x5D {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of input in array") }
            if b[i] == 0x2C {
                i += 1
                continue
            }
            if b[i] == 0x5D {
                i += 1
                return .array(items)
            }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func number() throws(ParseError) -> String {
        let s = i
        if b[i] == 0x2D { i += 1 }
        guard i < b.count, b[i] >= 0x30 && b[i] <= 0x39 else { throw fail("invalid number") }
        if b[i] == 0x30 {
            i += 1
        } else {
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        }
        if i < b.count, b[i] == 0x2E {
            i += 1
            let f = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > f else { throw fail("invalid number") }
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let f = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > f else { throw fail("invalid number") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[s..<i]), as: UTF8.self)
    }

    private mutating func hex4() throws(ParseError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func string() throws(ParseError) -> String {
        i += 1
        let s = i
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                let raw = UnsafeBufferPointer(rebasing: b[s..<i])
                i += 1
                guard let text = String(validating: raw, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return text
            }
            if c == 0x5C { break }
            if c < 0x20 { throw fail("control character in string") }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: b[s..<i]))
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return text
            }
            if c < 0x20 { throw fail("control character in string") }
            if c != 0x5C {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < b.count else { break }
            let e = b[i]
            i += 1
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { throw fail("lone surrogate") }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail("lone surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }
}
