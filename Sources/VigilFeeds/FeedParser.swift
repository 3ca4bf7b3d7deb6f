/// A feed format's parser: turns physical records into observations and rejects. One instance reads one batch.
///
/// Records that are not data (a header, a comment, a blank line) produce nothing and are not rows.
public protocol FeedParser {
    /// Handles one record; `line` is its 1-based physical record number in the file.
    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk)
}
