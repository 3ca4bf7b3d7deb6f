import NIOCore

/// Splits a byte stream into lines (without the CR LF), as SMTP replies come.
struct LineReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer: [UInt8] = []
    private var start = 0
    /// A line longer than this is a broken or hostile server.
    static let limit = 64 * 1024

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// True when bytes beyond the last line returned are waiting.
    var hasBufferedBytes: Bool { start < buffer.count }

    /// The next line, or nil at the end of the stream (a partial last line is returned first).
    mutating func next() async throws -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                if start > 4096 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            guard buffer.count - start < Self.limit else {
                throw SMTPError.protocolViolation("the server sent a line longer than \(Self.limit) bytes")
            }
            guard var chunk = try await iterator.next() else {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            buffer += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
    }
}

extension Duration {
    /// The same span as SwiftNIO counts it.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
