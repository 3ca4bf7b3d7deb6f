/// What a parser knows about the batch it reads.
public struct FeedContext: Sendable {
    /// When the batch was received, UTC seconds; the observation time of rows that carry none.
    public var receivedAt: Int64
    /// The input's file name, without directories.
    public var fileName: String

    /// Creates a context.
    public init(receivedAt: Int64, fileName: String) {
        self.receivedAt = receivedAt
        self.fileName = fileName
    }
}
