#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a file to UTF-8 with the C library's iconv, block by block. A byte-order mark is dropped; a byte
/// sequence that is not valid in the source encoding becomes U+FFFD, so that its row is rejected by its parser (or
/// kept as text) rather than the whole file being lost.
public enum Transcoder {
    /// Why a conversion failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Writes `input`, in `encoding`, to `output` as UTF-8. Returns the number of invalid sequences replaced.
    @discardableResult
    public static func toUTF8(input: String, encoding: TextEncoding, output: String, blockSize: Int = 1 << 20) throws(Failure) -> Int {
        let source = open(input, O_RDONLY)
        guard source >= 0 else { throw Failure(description: "cannot read \(input): \(String(cString: strerror(errno)))") }
        defer { close(source) }
        let target = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard target >= 0 else { throw Failure(description: "cannot write \(output): \(String(cString: strerror(errno)))") }
        defer { close(target) }
        let converter = iconv_open("UTF-8", encoding.iconvName)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw Failure(description: "this system's iconv cannot convert \(encoding.iconvName); install the C library's gconv modules (libc6)")
        }
        defer { iconv_close(converter) }
        let unit = encoding == .utf16LE || encoding == .utf16BE ? 2 : 1
        var pending: [UInt8] = []
        var out = [UInt8](repeating: 0, count: blockSize * 4 + 16)
        var block = [UInt8](repeating: 0, count: blockSize)
        var replaced = 0
        var first = true
        while true {
            let n = block.withUnsafeMutableBytes { read(source, $0.baseAddress, blockSize) }
            guard n >= 0 else { throw Failure(description: "cannot read \(input): \(String(cString: strerror(errno)))") }
            let atEnd = n == 0
            pending.append(contentsOf: block[0..<n])
            if first, let mark = TextEncoding.byteOrderMark(pending), mark.encoding == encoding {
                pending.removeFirst(mark.length)
                first = false
            } else if pending.count >= 3 {
                first = false
            }
            var consumed = 0
            while consumed < pending.count {
                var written = 0
                var stop = false
                var error: Int32 = 0
                let total = pending.count
                pending.withUnsafeMutableBytes { inRaw in
                    out.withUnsafeMutableBytes { outRaw in
                        var inPointer: UnsafeMutablePointer<CChar>? = inRaw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + consumed }
                        var inLeft = total - consumed
                        var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                        var outLeft = outRaw.count
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        if result == -1 { error = errno }
                        written = outRaw.count - outLeft
                        consumed = total - inLeft
                        stop = result != -1
                    }
                }
                try writeAll(target, out, count: written, path: output)
                if stop { break }
                switch error {
                case E2BIG:
                    continue
                case EINVAL:
                    // A character cut by the end of the block: keep its bytes for the next one, unless there is none.
                    if atEnd {
                        replaced += 1
                        try writeAll(target, [0xEF, 0xBF, 0xBD], count: 3, path: output)
                        consumed = pending.count
                    }
                    stop = true
                default:
                    // EILSEQ: not a character of the source encoding.
                    replaced += 1
                    try writeAll(target, [0xEF, 0xBF, 0xBD], count: 3, path: output)
                    consumed = min(consumed + unit, pending.count)
                }
                if stop { break }
            }
            pending.removeFirst(consumed)
            if atEnd { break }
        }
        return replaced
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], count: Int, path: String) throws(Failure) {
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, count - offset) }
            guard n > 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }
}
