import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// Delivers due notices: renders each (bilingual text with the CSV of threats), sends it by e-mail (SMTP) or webhook
/// (signed JSON), and records every attempt; failures are retried on the schedule, permanent ones given up at once.
public struct NoticeDispatcher: Sendable {
    let ledger: DisposalLedger
    let settings: DisposalSettings
    let directory: OrganizationDirectory
    let webhooks: WebhookClient

    public init(ledger: DisposalLedger, settings: DisposalSettings, directory: OrganizationDirectory) {
        self.ledger = ledger
        self.settings = settings
        self.directory = directory
        webhooks = WebhookClient(trustRootsFile: settings.trustRootsFile)
    }

    /// What one round of deliveries did.
    public struct Outcome: Sendable, Hashable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// E-mail notices left waiting because no SMTP server is configured.
        public var waitingForMail = 0
        /// Webhook notices left waiting because no signing key is configured.
        public var waitingForSecret = 0
    }

    /// How long a claimed notice is left to its worker before another may try it: longer than any one attempt
    /// (connection and answer timeouts are 30 s each).
    public static let claimSeconds: Int64 = 300

    /// Attempts every notice due at `start`. Each attempt is claimed, signed and recorded at its own time (`start` plus
    /// the time spent since), so a long round neither signs with a stale time nor holds an expired claim.
    public func deliverDue(at start: Int64) async throws -> Outcome {
        let began = ContinuousClock.now
        func now() -> Int64 { start + (ContinuousClock.now - began).components.seconds }
        var outcome = Outcome()
        var skipped = Set<Int64>()
        var channels: Set<Notice.Channel> = [.email, .webhook]
        if settings.mail == nil {
            channels.remove(.email)
            outcome.waitingForMail = try await ledger.pendingNotices(channel: .email)
        }
        // An unsigned webhook could be forged by anyone; wait for a key instead.
        if settings.webhookSecret.isEmpty {
            channels.remove(.webhook)
            outcome.waitingForSecret = try await ledger.pendingNotices(channel: .webhook)
        }
        while true {
            let due = try await ledger.dueNotices(at: now(), channels: channels, limit: 200).filter { !skipped.contains($0.id) }
            guard !due.isEmpty else { break }
            for candidate in due {
                skipped.insert(candidate.id)
                // Claimed first, so that a second worker — or this one restarted after a kill — does not send it too.
                let claimedAt = now()
                guard let notice = try await ledger.claim(candidate, until: claimedAt + Self.claimSeconds, at: claimedAt) else { continue }
                let result = await attempt(notice, at: now())
                let finished = now()
                let next: Int64? = result.ok || result.permanent ? nil : settings.retry.delay(after: notice.attempts + 1).map { finished + $0 }
                do {
                    try await ledger.recordDelivery(notice, ok: result.ok, detail: result.detail, nextAttemptAt: next, at: finished)
                } catch let error as StoreError where error.code == .conflict {
                    continue  // another worker recorded it
                }
                if result.ok { outcome.sent += 1 } else if next == nil { outcome.failed += 1 } else { outcome.retrying += 1 }
            }
        }
        return outcome
    }

    /// One attempt: success, or the failure and whether it is permanent.
    func attempt(_ notice: Notice, at now: Int64) async -> (ok: Bool, permanent: Bool, detail: String) {
        do {
            let ticket = try await ledger.ticket(notice.ticket)
            let purpose = NoticePurpose(stored: notice.purpose) ?? .issued
            // A notice the ticket has outgrown (a reminder after the work was reported done, a new-ticket notice after
            // it was withdrawn) is not sent: it would tell the organization something no longer true.
            let stillTrue = switch purpose {
            case .issued, .reminder, .escalationParent, .escalationProvince: ticket.state.isOpen
            case .withdrawn: ticket.state == .withdrawn
            }
            guard stillTrue else { return (false, true, "not sent: the ticket is now \(ticket.state.rawValue)") }
            let threats = try await ledger.threatRecords(onTicket: ticket.id)
            let content = NoticeContent(NoticeContent.Ticket(
                number: Self.number(ticket.id), organization: directory.organizations[ticket.organization]?.name ?? ticket.organization,
                measure: ticket.measure, deadline: ticket.deadline, threats: threats, answerAt: settings.answerAt), purpose: purpose)
            switch notice.channel {
            case .email:
                guard let mail = settings.mail else { return (false, false, "no SMTP server configured") }
                let message = MailMessage(
                    from: mail.from, to: [notice.recipient], subject: content.subject, text: content.body,
                    attachment: (content.attachmentName, "text/csv; charset=utf-8", content.attachment), date: now,
                    messageID: "<vigil-notice-\(notice.id)-\(ticket.id)@\(mail.heloName)>")
                let client = SMTPClient(host: mail.host, port: mail.port, heloName: mail.heloName, requireTLS: mail.requireTLS, trustRootsFile: settings.trustRootsFile)
                let receipt = try await client.send(from: mail.from, to: [notice.recipient], message: message.rendered())
                return (true, false, "\(receipt.reply)\(receipt.tls ? " (STARTTLS)" : "")")
            case .webhook:
                let body = try Self.webhookBody(notice: notice, ticket: ticket, threats: threats, content: content, now: now)
                let signature = WebhookSignature.sign(body: body, secret: settings.webhookSecret, timestamp: now)
                let response = try await webhooks.post(notice.recipient, body: body, headers: [
                    (WebhookSignature.header, signature), ("X-Vigil-Delivery", String(notice.id)), ("X-Vigil-Event", notice.purpose),
                ])
                let detail = "HTTP \(response.status) \(response.body.prefix(200))"
                return (response.isSuccess, !response.isSuccess && !response.isTemporary, detail)
            }
        } catch let error as SMTPError {
            return (false, !error.isTemporary && !Self.isConnectionTrouble(error), error.description)
        } catch let error as WebhookClient.Failure {
            return (false, error.description.contains("is not an http(s) URL") || error.description.contains("no TLS"), error.description)
        } catch {
            return (false, false, "\(error)")
        }
    }

    static func isConnectionTrouble(_ error: SMTPError) -> Bool {
        if case .protocolViolation = error { return true }
        return false
    }

    /// A ticket's number as notices and people write it.
    public static func number(_ id: Int64) -> String { "VGL-\(id)" }

    /// The webhook payload.
    struct Payload: Codable {
        struct ThreatItem: Codable {
            var id: String
            var kind: String
            var indicator: String
            var firstSeen: String
        }
        struct TicketItem: Codable {
            var id: Int64
            var number: String
            var organization: String
            var measure: String
            var state: String
            var severity: String
            var deadline: String
            var threats: [ThreatItem]
        }
        var notice: Int64
        var event: String
        var sentAt: String
        var ticket: TicketItem
        var subject: String
        var text: String
    }

    static func webhookBody(notice: Notice, ticket: Ticket, threats: [Threat], content: NoticeContent, now: Int64) throws -> Data {
        let payload = Payload(
            notice: notice.id, event: notice.purpose, sentAt: UTCTime.format(now),
            ticket: .init(id: ticket.id, number: number(ticket.id), organization: ticket.organization, measure: ticket.measure.rawValue,
                          state: ticket.state.rawValue, severity: ticket.severity.rawValue, deadline: UTCTime.format(ticket.deadline),
                          threats: threats.map { .init(id: $0.id.description, kind: $0.kind.rawValue, indicator: $0.indicator.value, firstSeen: UTCTime.format($0.firstSeen)) }),
            subject: content.subject, text: content.body)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }
}
