#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a file as physical records, in fixed-size blocks, never holding the whole file.
///
/// In line mode a record ends at `\n`. In CSV mode a `\n` inside double quotes does not end a record; a quoted
/// record longer than ``maxQuotedRecord`` is taken to be an unterminated quote and cut at its first newline, so one
/// stray quote cannot swallow the rest of the file. A trailing `\r` is removed, and a UTF-8 byte-order mark at the
/// start of the file is skipped.
///
/// In JSON mode a record is one element of the document's array: the top-level array, or the array member named
/// `member` of a top-level object (a STIX bundle's `objects`). A document that is neither is read as JSON Lines, one
/// record per line. Elements may span lines; nothing outside the array is a record.
public final class RecordReader {
    /// How records end.
    public enum Mode: Sendable, Hashable {
        case lines
        case csv
        /// Elements of a JSON array (see above), else JSON Lines.
        case json(member: String?)
    }

    /// Where a JSON-mode reader is in the document.
    private enum JSONPhase: Equatable {
        /// Before a document: looking for its array (or a lone object).
        case prefix
        /// Inside the array, reading elements; `nested` when the array is a member of an enclosing object.
        case elements(nested: Bool)
        /// After a member array: the rest of its enclosing object.
        case tail
        /// Not an array: JSON Lines.
        case lines
    }

    /// Why reading failed.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "cannot read \(path): \(message)" }
    }

    private let fd: Int32
    private let path: String
    private let mode: Mode
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    private var atFileStart = true
    private let blockSize: Int
    /// The largest quoted CSV record accepted before it is treated as an unterminated quote.
    public let maxQuotedRecord: Int
    /// The longest record handed out; a longer one is cut to this length (so its parser rejects it) and the rest of
    /// it is skipped, so a file without line breaks is never held in memory.
    public let maxRecord: Int
    private var skippingOverlong = false
    private var jsonPhase = JSONPhase.prefix
    /// Bytes consumed so far, for progress.
    public private(set) var bytesRead: Int = 0

    /// Opens a file for streaming.
    public init(
        path: String, mode: Mode, blockSize: Int = 1 << 20, maxQuotedRecord: Int = 1 << 20, maxRecord: Int = 4 << 20
    ) throws(ReadError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ReadError(path: path, message: String(cString: strerror(errno)) + "; check the path and permissions")
        }
        self.fd = fd
        self.path = path
        self.mode = mode
        self.blockSize = blockSize
        self.maxQuotedRecord = maxQuotedRecord
        // A JSON document read whole (one MISP event, one STIX object) may be far larger than a line.
        if case .json = mode { self.maxRecord = max(maxRecord, 256 << 20) } else { self.maxRecord = max(maxRecord, 1) }
        buffer = [UInt8](repeating: 0, count: blockSize * 2)
    }

    deinit { close(fd) }

    /// Calls `body` with each record in order. The buffer is only valid during the call.
    public func forEachRecord(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        while true {
            if skippingOverlong {
                if let newline = firstNewline() {
                    start = newline + 1
                    skippingOverlong = false
                } else {
                    start = end
                    if eof { return }
                    try fill()
                    continue
                }
            }
            if var (recordEnd, next) = findRecordEnd() {
                if next <= start && recordEnd <= start {
                    // No progress would loop for ever: hand out one byte as a record, which its parser rejects.
                    recordEnd = start + 1
                    next = start + 1
                }
                var stop = recordEnd
                if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                let s = start
                start = next
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<stop])) }
                continue
            }
            if end - start > maxRecord {
                let s = start
                start = s + maxRecord
                skippingOverlong = true
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<(s + maxRecord)])) }
                continue
            }
            if eof {
                if case .json = mode, jsonPhase != .lines, onlyClosingBytes() { return }
                if start < end {
                    var stop = end
                    if buffer[stop - 1] == 0x0D { stop -= 1 }
                    let s = start
                    start = end
                    try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<stop])) }
                }
                return
            }
            try fill()
        }
    }

    private func firstNewline() -> Int? {
        var i = start
        while i < end {
            if buffer[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// True when what is left holds no element: only spaces, commas and closing brackets.
    private func onlyClosingBytes() -> Bool {
        var i = start
        while i < end {
            switch buffer[i] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D: i += 1
            default: return false
            }
        }
        return true
    }

    /// The end of the line starting at `start`, and where the next begins, when a whole line is buffered.
    private func lineEnd() -> (Int, Int)? {
        var i = start
        while i < end {
            if buffer[i] == 0x0A { return (i, i + 1) }
            i += 1
        }
        return nil
    }

    /// Returns (end of record, start of next) when a full record is buffered.
    private func findRecordEnd() -> (Int, Int)? {
        switch mode {
        case .json(let member):
            return findJSONRecordEnd(member: member)
        case .lines:
            return lineEnd()
        case .csv:
            var inQuotes = false
            var i = start
            while i < end {
                let b = buffer[i]
                if b == 0x22 {
                    inQuotes.toggle()
                } else if b == 0x0A && !inQuotes {
                    return (i, i + 1)
                }
                i += 1
            }
            if inQuotes && (end - start > maxQuotedRecord || eof) {
                var j = start
                while j < end {
                    if buffer[j] == 0x0A { return (j, j + 1) }
                    j += 1
                }
            }
            return nil
        }
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// JSON mode: finds where the records start, then each element's end. After an array or a lone object, the
    /// next document in the file (concatenated bundles, JSON Lines of objects) is read the same way.
    private func findJSONRecordEnd(member: String?) -> (Int, Int)? {
        while true {
            switch jsonPhase {
            case .lines:
                return lineEnd()
            case .prefix:
                var i = start
                while i < end && isSpace(buffer[i]) { i += 1 }
                start = i
                guard i < end else { return nil }
                if buffer[i] == UInt8(ascii: "[") {
                    start = i + 1
                    jsonPhase = .elements(nested: false)
                } else if buffer[i] == UInt8(ascii: "{"), let member {
                    // Look for `"member": [` at depth 1 of the top-level object; an object without one is one record.
                    switch findMemberArray(from: i, member: Array(member.utf8)) {
                    case nil:
                        return nil
                    case .array(let open)?:
                        start = open + 1
                        jsonPhase = .elements(nested: true)
                    case .objectEnd(let close)?:
                        return (close + 1, close + 1)
                    case .truncated?:
                        return (end, end)
                    }
                } else {
                    jsonPhase = .lines
                }
            case .tail:
                // The rest of the object whose member array just closed: skip it, then the next document.
                guard let close = closingOfEnclosingObject() else { return nil }
                start = close + 1
                jsonPhase = .prefix
            case .elements(let nested):
                var i = start
                while i < end && (isSpace(buffer[i]) || buffer[i] == 0x2C) { i += 1 }
                start = i
                guard i < end else { return nil }
                if buffer[i] == UInt8(ascii: "]") {
                    start = i + 1
                    jsonPhase = nested ? .tail : .prefix
                    continue
                }
                return elementEnd(from: i)
            }
        }
    }

    /// The end of the array element starting at `from`, and where the next begins: at a `,` or the array's `]` at
    /// depth 0. A stray `}` at depth 0 is part of the element (which then fails to parse), never its end.
    private func elementEnd(from: Int) -> (Int, Int)? {
        let limit = end
        let scanStart = start
        return buffer.withUnsafeBufferPointer { p -> (Int, Int)? in
            func trimmed(_ stop: Int) -> Int {
                var stop = stop
                while stop > scanStart, p[stop - 1] == 0x20 || p[stop - 1] == 0x0A || p[stop - 1] == 0x0D || p[stop - 1] == 0x09 { stop -= 1 }
                return stop
            }
            var depth = 0
            var i = from
            while i < limit {
                let b = p[i]
                if b == 0x22 {
                    // A string: only a quote or a backslash matters inside it.
                    i += 1
                    while i < limit {
                        let c = p[i]
                        if c == 0x5C {
                            i += 2
                            continue
                        }
                        if c == 0x22 { break }
                        i += 1
                    }
                    if i >= limit { return nil }
                } else if b == 0x7B || b == 0x5B {
                    depth += 1
                } else if b == 0x7D || b == 0x5D {
                    if depth > 0 {
                        depth -= 1
                    } else if b == 0x5D {
                        // The array closes: the element ends here; the `]` is read on the next call.
                        return (trimmed(i), i)
                    }
                } else if b == 0x2C && depth == 0 {
                    return (trimmed(i), i + 1)
                }
                i += 1
            }
            return nil
        }
    }

    /// The `}` closing the object enclosing the position `start` (depth 1), skipping strings; nil when not buffered.
    private func closingOfEnclosingObject() -> Int? {
        var depth = 1
        var i = start
        var strings = JSONStrings()
        while i < end {
            let b = buffer[i]
            if strings.step(b) != .structural {
                i += 1
                continue
            }
            if b == 0x7B || b == 0x5B {
                depth += 1
            } else if b == 0x7D || b == 0x5D {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// Where a top-level object's member array is.
    private enum MemberSearch {
        /// The `[` opening the member's array.
        case array(Int)
        /// The object's closing `}`: it has no such member.
        case objectEnd(Int)
        /// The input ended inside the object.
        case truncated
    }

    /// Finds the array member `member` of the object opening at `from`; nil when more input is needed.
    private func findMemberArray(from: Int, member: [UInt8]) -> MemberSearch? {
        var depth = 0
        var i = from
        var strings = JSONStrings()
        var stringStart = 0
        var lastKey: Range<Int>?
        while i < end {
            let b = buffer[i]
            switch strings.step(b) {
            case .opened:
                stringStart = i + 1
                i += 1
                continue
            case .closed:
                if depth == 1 { lastKey = stringStart..<i }
                i += 1
                continue
            case .inside:
                i += 1
                continue
            case .structural:
                break
            }
            if b == 0x7B || b == 0x5B {
                depth += 1
                if b == 0x5B, depth == 2, let key = lastKey, buffer[key].elementsEqual(member) { return .array(i) }
            } else if b == 0x7D || b == 0x5D {
                depth -= 1
                if depth == 0 { return .objectEnd(i) }
            }
            i += 1
        }
        return eof ? .truncated : nil
    }

    private func fill() throws(ReadError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, remaining)
                }
            }
            start = 0
            end = remaining
        }
        if buffer.count - end < blockSize {
            buffer.append(contentsOf: repeatElement(0, count: max(blockSize, buffer.count)))
        }
        let n = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return read(fd, base + end, blockSize)
        }
        guard n >= 0 else { throw ReadError(path: path, message: String(cString: strerror(errno))) }
        if n == 0 { eof = true }
        bytesRead += n
        end += n
        if atFileStart && end >= 3 {
            atFileStart = false
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        } else if atFileStart && eof {
            atFileStart = false
        }
    }
}

/// Whether a byte scan over JSON text is inside a string: the quote and escape handling both JSON scans share.
private struct JSONStrings {
    enum Step { case structural, opened, inside, closed }
    private var inString = false
    private var escaped = false

    /// Feeds one byte: outside any string (`structural`), opening or closing one, or inside it.
    mutating func step(_ b: UInt8) -> Step {
        if inString {
            if escaped {
                escaped = false
            } else if b == 0x5C {
                escaped = true
            } else if b == 0x22 {
                inString = false
                return .closed
            }
            return .inside
        }
        if b == 0x22 {
            inString = true
            return .opened
        }
        return .structural
    }
}
