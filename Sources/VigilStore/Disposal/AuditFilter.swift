/// Which audit-log rows to read: every field narrows, `beforeID` pages backwards (newest first).
public struct AuditFilter: Sendable, Hashable {
    public var actor: String?
    public var action: String?
    /// `threat`, `ticket`, `user`, `session`, `batch` …
    public var objectType: String?
    public var objectID: String?
    /// UTC seconds.
    public var since: Int64?
    /// Only rows older than this id (the cursor of the page before).
    public var beforeID: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, objectType: String? = nil, objectID: String? = nil, since: Int64? = nil,
                beforeID: Int64? = nil, limit: Int = 100) {
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.since = since
        self.beforeID = beforeID
        self.limit = limit
    }
}
