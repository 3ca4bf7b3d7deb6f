/// A feed format's parser: turns physical records into observations and rejects. One instance reads one batch.
///
/// Records that are not data (a header, a comment, a blank line) produce nothing and are not rows.
public protocol FeedParser {
    /// Handles one record; `line` is its 1-based physical record number in the file.
    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk)

    /// Called once after the last record: a format whose records refer to each other (STIX) emits here what it
    /// held back until the references could be resolved.
    mutating func finish(into chunk: inout ParsedChunk)
}

extension FeedParser {
    /// Formats that emit every row as they read it have nothing to finish.
    public mutating func finish(into chunk: inout ParsedChunk) {}
}
