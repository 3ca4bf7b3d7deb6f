/// What is known about an input before it is parsed: the raw batch record of the collect stage.
public struct BatchDescriptor: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the input bytes; the identity of the batch.
    public var sha256: String
    /// The reporting source's name.
    public var sourceName: String
    /// The format name (`jsonl`, `csv`, `list`, `shadowserver`).
    public var format: String
    /// The Shadowserver report type, when there is one.
    public var reportType: String?
    /// The file name the input arrived under.
    public var fileName: String
    /// Size in bytes.
    public var size: Int64
    /// When it was received, UTC seconds.
    public var receivedAt: Int64

    /// Creates a descriptor.
    public init(sha256: String, sourceName: String, format: String, reportType: String? = nil, fileName: String, size: Int64, receivedAt: Int64) {
        self.sha256 = sha256
        self.sourceName = sourceName
        self.format = format
        self.reportType = reportType
        self.fileName = fileName
        self.size = size
        self.receivedAt = receivedAt
    }
}
