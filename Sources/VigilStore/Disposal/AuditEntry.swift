/// One row of the audit log: who did what to which object, from what to what, and why.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    /// UTC seconds.
    public var at: Int64
    /// `system` for the engine, else a person's or organization's name.
    public var actor: String
    /// What was done: `determine`, `decide`, `issue`, `acknowledge`, `reportDone`, `appeal`, `extend`, `escalate` …
    public var action: String
    /// `threat`, `ticket`, `appeal`, `extension`, `notice`, `campaign`.
    public var objectType: String
    public var objectID: String
    public var fromState: String?
    public var toState: String?
    public var detail: String?
    /// The client address of the API or dashboard request that made the change; nil for the CLI and the engine.
    public var sourceIP: String?

    public init(
        id: Int64, at: Int64, actor: String, action: String, objectType: String, objectID: String, fromState: String?, toState: String?, detail: String?,
        sourceIP: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.fromState = fromState
        self.toState = toState
        self.detail = detail
        self.sourceIP = sourceIP
    }
}
