import VigilCore

/// A reject as stored, with its batch.
public struct StoredReject: Sendable, Hashable {
    public var batchID: Int64
    public var reject: Reject

    /// Creates a stored reject.
    public init(batchID: Int64, reject: Reject) {
        self.batchID = batchID
        self.reject = reject
    }
}
