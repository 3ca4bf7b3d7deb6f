/// An input row that could not be normalized (拒收记录). It is kept, with its row number, reason and raw text.
public struct Reject: Sendable, Hashable {
    /// The 1-based data row in the batch.
    public var row: Int
    /// Why it was rejected.
    public var reason: RejectReason
    /// The raw line, decoded leniently and shortened to 4 KiB.
    public var raw: String

    /// Creates a reject.
    public init(row: Int, reason: RejectReason, raw: String) {
        self.row = row
        self.reason = reason
        self.raw = raw.utf8.count > 4096 ? String(decoding: raw.utf8.prefix(4096), as: UTF8.self) : raw
    }
}
