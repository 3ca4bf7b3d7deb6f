/// Progress of one ingest, reported after each committed chunk.
public struct IngestProgress: Sendable {
    /// Data rows committed so far in this run.
    public var rows: Int
    /// Input bytes parsed so far.
    public var bytesRead: Int64
    /// Input size.
    public var totalBytes: Int64
    /// Seconds since the run started.
    public var elapsed: Double

    /// Rows per second so far.
    public var rowsPerSecond: Double { elapsed > 0 ? Double(rows) / elapsed : 0 }

    /// Estimated seconds left, from the byte rate.
    public var secondsLeft: Double? {
        guard bytesRead > 0, elapsed > 0 else { return nil }
        return Double(totalBytes - bytesRead) / (Double(bytesRead) / elapsed)
    }
}
