import VigilCore

/// The output of parsing a run of records: observations, rejects, and the row count they account for.
public struct ParsedChunk: Sendable {
    /// Accepted rows.
    public var observations: [Observation] = []
    /// Rejected rows.
    public var rejects: [Reject] = []
    /// Data rows seen; always `observations.count + rejects.count`.
    public var rows: Int { observations.count + rejects.count }
    /// The last physical record number included.
    public var lastLine: Int = 0
    /// Input bytes consumed up to the end of this chunk.
    public var bytesRead: Int = 0

    /// An empty chunk.
    public init() {}

    /// Adds a reject built from a raw record.
    public mutating func reject(line: Int, _ code: RejectReason.Code, _ message: String, raw: UnsafeBufferPointer<UInt8>) {
        rejects.append(Reject(row: line, reason: RejectReason(code, message), raw: String(decoding: raw, as: UTF8.self)))
    }
}
