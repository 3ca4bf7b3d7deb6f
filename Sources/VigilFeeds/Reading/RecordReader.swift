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
public final class RecordReader {
    /// How records end.
    public enum Mode: Sendable {
        case lines
        case csv
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
        self.maxRecord = max(maxRecord, 1)
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
            if let (recordEnd, next) = findRecordEnd() {
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

    /// Returns (end of record, start of next) when a full record is buffered.
    private func findRecordEnd() -> (Int, Int)? {
        switch mode {
        case .lines:
            var i = start
            while i < end {
                if buffer[i] == 0x0A { return (i, i + 1) }
                i += 1
            }
            return nil
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
