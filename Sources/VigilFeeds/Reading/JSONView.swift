/// A zero-copy view of one JSON value in a byte buffer: members and elements are found by scanning, and only the
/// values a reader asks for are decoded. The hot-path JSON formats (STIX, MISP, IntelMQ, EVE) read through it; it
/// is several times faster than building a ``JSONValue`` tree of every record.
///
/// ``parse(_:)`` checks that the whole buffer is one well-formed JSON value, as ``JSONScanner`` does. A view is only
/// valid while its buffer is.
public struct JSONView {
    /// The bytes of this value, without surrounding space.
    public let bytes: UnsafeBufferPointer<UInt8>

    /// What kind of value a view holds.
    public enum Kind: Sendable { case object, array, string, number, bool, null }

    /// Why the bytes are not JSON.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let message: String
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// The kind, from the first byte.
    public var kind: Kind {
        switch bytes.first {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: .number
        }
    }

    /// Checks that `buffer` holds exactly one well-formed JSON value (spaces around it allowed) and views it.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(ParseError) -> JSONView {
        var scanner = Validator(b: buffer, i: 0)
        scanner.skipSpace()
        let start = scanner.i
        try scanner.value(depth: 0)
        let end = scanner.i
        scanner.skipSpace()
        guard scanner.i == buffer.count else { throw ParseError(offset: scanner.i, message: "unexpected text after the JSON value") }
        return JSONView(bytes: UnsafeBufferPointer(rebasing: buffer[start..<end]))
    }

    /// Checks, as ``parse(_:)`` does, that `buffer` holds one well-formed JSON value, and when it is an object
    /// indexes its members in the same pass.
    public static func parseFields(_ buffer: UnsafeBufferPointer<UInt8>) throws(ParseError) -> (JSONView, JSONFields) {
        var scanner = Validator(b: buffer, i: 0)
        scanner.skipSpace()
        let start = scanner.i
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        members.reserveCapacity(16)
        try scanner.value(depth: 0, members: &members)
        let end = scanner.i
        scanner.skipSpace()
        guard scanner.i == buffer.count else { throw ParseError(offset: scanner.i, message: "unexpected text after the JSON value") }
        let view = JSONView(bytes: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        return (view, JSONFields(buffer: buffer, members: members))
    }

    /// The member named `key`, for objects (the last one when a key repeats).
    public subscript(key: StaticString) -> JSONView? {
        key.withUTF8Buffer { member(named: $0) }
    }

    /// The member named `key`, for objects.
    public func member(_ key: String) -> JSONView? {
        var key = key
        return key.withUTF8 { member(named: $0) }
    }

    private func member(named key: UnsafeBufferPointer<UInt8>) -> JSONView? {
        guard kind == .object else { return nil }
        var found: JSONView?
        forEachMember { name, value in
            if name.count == key.count + 2, Self.equal(name, from: 1, key) {
                found = value
            } else if name.contains(UInt8(ascii: "\\")), JSONView(bytes: name).string == String(decoding: key, as: UTF8.self) {
                found = value
            }
        }
        return found
    }

    /// True when `a`, from `offset`, starts with the bytes of `b`.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, from offset: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset + b.count <= a.count else { return false }
        var k = 0
        while k < b.count {
            if a[offset + k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// Calls `body` with each member's quoted key bytes and its value, in order.
    public func forEachMember(_ body: (UnsafeBufferPointer<UInt8>, JSONView) -> Void) {
        guard kind == .object else { return }
        var s = Skipper(b: bytes, i: 1)
        while true {
            s.skipSpace()
            guard s.i < bytes.count, bytes[s.i] == UInt8(ascii: "\"") else { return }
            let keyStart = s.i
            s.skipString()
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<s.i])
            s.skipSpace()
            s.i += 1  // ':'
            s.skipSpace()
            let valueStart = s.i
            s.skipValue()
            body(key, JSONView(bytes: UnsafeBufferPointer(rebasing: bytes[valueStart..<s.i])))
            s.skipSpace()
            guard s.i < bytes.count, bytes[s.i] == UInt8(ascii: ",") else { return }
            s.i += 1
        }
    }

    /// Calls `body` with each element, in order, for arrays.
    public func forEachElement(_ body: (JSONView) -> Void) {
        guard kind == .array else { return }
        var s = Skipper(b: bytes, i: 1)
        while true {
            s.skipSpace()
            guard s.i < bytes.count, bytes[s.i] != UInt8(ascii: "]") else { return }
            let start = s.i
            s.skipValue()
            body(JSONView(bytes: UnsafeBufferPointer(rebasing: bytes[start..<s.i])))
            s.skipSpace()
            guard s.i < bytes.count, bytes[s.i] == UInt8(ascii: ",") else { return }
            s.i += 1
        }
    }

    /// The elements, for arrays.
    public var elements: [JSONView] {
        var out: [JSONView] = []
        forEachElement { out.append($0) }
        return out
    }

    /// The decoded text, for strings.
    public var string: String? {
        guard kind == .string, bytes.count >= 2 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONScanner.parse(bytes))?.stringValue
    }

    /// The text of a string, a number as written, or `true`/`false`; nil for null, objects, arrays and empty strings.
    public var text: String? {
        switch kind {
        case .string:
            let s = string
            return s?.isEmpty == true ? nil : s
        case .number, .bool: return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// True when this array has a string element equal to `word` (compared as bytes, without decoding).
    public func containsString(_ word: StaticString) -> Bool {
        var found = false
        word.withUTF8Buffer { w in
            forEachElement { element in
                if !found, element.kind == .string, element.bytes.count == w.count + 2, JSONView.equal(element.bytes, from: 1, w) { found = true }
            }
        }
        return found
    }

    /// Calls `body` with a string's bytes between its quotes when it has no escapes (the usual case for times and
    /// identifiers), else with its decoded UTF-8.
    public func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard kind == .string, bytes.count >= 2 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return body(inner) }
        guard var decoded = string else { return nil }
        return decoded.withUTF8 { body($0) }
    }

    /// The strings of an array (other elements left out).
    public var strings: [String] {
        var out: [String] = []
        forEachElement { if let s = $0.string { out.append(s) } }
        return out
    }

    /// The value as a ``JSONValue`` tree.
    public var value: JSONValue? { try? JSONScanner.parse(bytes) }

    /// Moves over values already known to be well-formed.
    struct Skipper {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func skipString() {
            i += 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\\") {
                    i += 2
                } else if c == UInt8(ascii: "\"") {
                    i += 1
                    return
                } else {
                    i += 1
                }
            }
        }

        mutating func skipValue() {
            guard i < b.count else { return }
            switch b[i] {
            case UInt8(ascii: "\""):
                skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") {
                        skipString()
                        continue
                    }
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                    if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return
                        }
                    }
                    i += 1
                }
            default:
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { return }
                    i += 1
                }
            }
        }
    }

    /// Checks well-formedness without building anything.
    struct Validator {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func value(depth: Int) throws(ParseError) {
            var none: [(key: Range<Int>, value: Range<Int>)] = []
            try value(depth: depth, members: &none, record: false)
        }

        /// Checks one value; with `record`, notes each member of this (top-level) object: its key inside the quotes and
        /// its value.
        mutating func value(depth: Int, members: inout [(key: Range<Int>, value: Range<Int>)], record: Bool = true) throws(ParseError) {
            guard depth < 512 else { throw fail("nested too deeply") }
            guard i < b.count else { throw fail("unexpected end of input") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") {
                    i += 1
                    return
                }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    let keyStart = i + 1
                    try string()
                    let keyEnd = i - 1
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    skipSpace()
                    let valueStart = i
                    try value(depth: depth + 1)
                    if record { members.append((key: keyStart..<keyEnd, value: valueStart..<i)) }
                    skipSpace()
                    guard i < b.count else { throw fail("unexpected end of input in an object") }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard b[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                    i += 1
                    return
                }
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") {
                    i += 1
                    return
                }
                while true {
                    skipSpace()
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw fail("unexpected end of input in an array") }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard b[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                    i += 1
                    return
                }
            case UInt8(ascii: "\""):
                try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default:
                try number()
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let matches = word.withUTF8Buffer { JSONView.equal(b, from: i, $0) }
            guard matches else { throw fail("invalid literal") }
            i += word.utf8CodeUnitCount
        }

        mutating func string() throws(ParseError) {
            i += 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return
                }
                if c < 0x20 { throw fail("control character in a string") }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < b.count else { break }
                    switch b[i + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 2
                    case UInt8(ascii: "u"):
                        guard i + 5 < b.count else { throw fail("short \\u escape") }
                        for k in 2...5 {
                            let h = b[i + k]
                            guard (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else { throw fail("bad \\u escape") }
                        }
                        i += 6
                    default:
                        throw fail("bad escape")
                    }
                    continue
                }
                i += 1
            }
            throw fail("unterminated string")
        }

        mutating func number() throws(ParseError) {
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            var digits = 0
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                i += 1
                digits += 1
            }
            guard digits > 0 else { throw fail("unexpected character") }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var fraction = 0
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                    i += 1
                    fraction += 1
                }
                guard fraction > 0 else { throw fail("bad number") }
            }
            if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                var exponent = 0
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                    i += 1
                    exponent += 1
                }
                guard exponent > 0 else { throw fail("bad number") }
            }
        }
    }
}
