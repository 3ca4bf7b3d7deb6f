import VigilCore
import VigilEngine
import VigilStore

/// A ticket as the API writes it: times in ISO 8601, its number, and whether it is overdue now.
struct TicketJSON: Encodable {
    var id: Int64
    var number: String
    var organization: String
    var measure: String
    var state: String
    var severity: String
    var province: Int?
    var issuedAt: String
    var deadline: String
    var acknowledgedAt: String?
    var reportedDoneAt: String?
    var verifiedAt: String?
    var closedAt: String?
    var escalations: Int
    var reopenings: Int
    var notifyParent: Bool
    var notifyCyberspaceAdministration: Bool
    var note: String?
    var evidence: String?
    var threats: Int
    var overdue: Bool

    init(_ t: Ticket, now: Int64) {
        id = t.id
        number = "\(NoticeDispatcher.number(t.id))"
        organization = t.organization
        measure = t.measure.rawValue
        state = t.state.rawValue
        severity = t.severity.rawValue
        province = t.province
        issuedAt = UTCTime.format(t.issuedAt)
        deadline = UTCTime.format(t.deadline)
        acknowledgedAt = t.acknowledgedAt.map(UTCTime.format)
        reportedDoneAt = t.reportedDoneAt.map(UTCTime.format)
        verifiedAt = t.verifiedAt.map(UTCTime.format)
        closedAt = t.closedAt.map(UTCTime.format)
        escalations = t.escalations
        reopenings = t.reopenings
        notifyParent = t.notifyParent
        notifyCyberspaceAdministration = t.notifyCyberspaceAdministration
        note = t.note
        evidence = t.evidence
        threats = t.threats
        overdue = t.isOverdue(at: now)
    }
}

/// An appeal as the API writes it.
struct AppealJSON: Encodable {
    var id: Int64
    var threat: String
    var ticket: Int64?
    var filedBy: String
    var reason: String
    var state: String
    var filedAt: String
    var decidedBy: String?
    var decidedAt: String?
    var decisionReason: String?

    init(_ a: Appeal) {
        id = a.id
        threat = a.threat.description
        ticket = a.ticket
        filedBy = a.filedBy
        reason = a.reason
        state = a.state.rawValue
        filedAt = UTCTime.format(a.filedAt)
        decidedBy = a.decidedBy
        decidedAt = a.decidedAt.map(UTCTime.format)
        decisionReason = a.decisionReason
    }
}

/// An extension request as the API writes it.
struct ExtensionJSON: Encodable {
    var id: Int64
    var ticket: Int64
    var requestedBy: String
    var hours: Int
    var reason: String
    var state: String
    var requestedAt: String
    var decidedBy: String?
    var decidedAt: String?
    var decisionReason: String?

    init(_ e: ExtensionRequest) {
        id = e.id
        ticket = e.ticket
        requestedBy = e.requestedBy
        hours = e.hours
        reason = e.reason
        state = e.state.rawValue
        requestedAt = UTCTime.format(e.requestedAt)
        decidedBy = e.decidedBy
        decidedAt = e.decidedAt.map(UTCTime.format)
        decisionReason = e.decisionReason
    }
}

/// A notice as the API writes it (the recipient's address included: only those who may see the ticket see it).
struct NoticeJSON: Encodable {
    var id: Int64
    var purpose: String
    var channel: String
    var recipient: String
    var state: String
    var attempts: Int
    var lastError: String?
    var createdAt: String
    var sentAt: String?

    init(_ n: Notice) {
        id = n.id
        purpose = n.purpose
        channel = n.channel.rawValue
        recipient = n.recipient
        state = n.state.rawValue
        attempts = n.attempts
        lastError = n.lastError
        createdAt = UTCTime.format(n.createdAt)
        sentAt = n.sentAt.map(UTCTime.format)
    }
}
