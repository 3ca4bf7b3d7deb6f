import VigilCore
import VigilStore

/// An audit-log row as the API writes it, with its time in ISO 8601.
struct AuditJSON: Encodable {
    var id: Int64
    var at: String
    var actor: String
    var action: String
    var objectType: String
    var objectId: String
    var fromState: String?
    var toState: String?
    var detail: String?
    var sourceIp: String?

    init(_ e: AuditEntry) {
        id = e.id
        at = UTCTime.format(e.at)
        actor = e.actor
        action = e.action
        objectType = e.objectType
        objectId = e.objectID
        fromState = e.fromState
        toState = e.toState
        detail = e.detail
        sourceIp = e.sourceIP
    }
}
