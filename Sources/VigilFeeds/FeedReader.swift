import VigilCore

/// Streams one input file through a format's parser and hands out chunks of parsed rows.
public struct FeedReader {
    /// The format.
    public let format: FeedFormat
    /// Rows per chunk.
    public let chunkRows: Int

    /// A reader for a format.
    public init(format: FeedFormat, chunkRows: Int = 50_000) {
        self.format = format
        self.chunkRows = chunkRows
    }

    /// Reads `path` and calls `onChunk` with each chunk, in order; return false from it to stop early.
    public func read(path: String, context: FeedContext, onChunk: (ParsedChunk) throws -> Bool) throws {
        var parser = try format.makeParser(context: context)
        let reader = try RecordReader(path: path, mode: format.recordMode)
        var chunk = ParsedChunk()
        chunk.observations.reserveCapacity(chunkRows)
        var line = 0
        var stopped = false
        struct Stop: Error {}
        do {
            try reader.forEachRecord { record in
                line += 1
                parser.consume(record: record, line: line, into: &chunk)
                if chunk.rows >= chunkRows {
                    chunk.lastLine = line
                    chunk.bytesRead = reader.bytesRead
                    let keepGoing = try onChunk(chunk)
                    chunk = ParsedChunk()
                    chunk.observations.reserveCapacity(chunkRows)
                    if !keepGoing { throw Stop() }
                }
            }
        } catch is Stop {
            stopped = true
        }
        if !stopped {
            parser.finish(into: &chunk)
            chunk.lastLine = line
            chunk.bytesRead = reader.bytesRead
            _ = try onChunk(chunk)
        }
    }
}
