/// The answer to opening a batch.
public enum BatchOpening: Sendable, Hashable {
    /// The same bytes were already ingested completely; nothing to do.
    case alreadyIngested(BatchRecord)
    /// Ingest may proceed into this batch. `resumed` is true when an earlier, interrupted run left it running.
    case open(batchID: Int64, sourceID: Int64, resumed: Bool)
}
