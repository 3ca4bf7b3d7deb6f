import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore

/// `vigil tickets`: disposal tickets and the responsible organization's feedback.
struct TicketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets", abstract: "List and show disposal tickets; acknowledge, report done, appeal, extend, escalate.",
        subcommands: [List.self, Show.self, Ack.self, Done.self, Appeal.self, Extend.self, Escalate.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets, newest first.")
        @Option(name: .customLong("org"), help: "Only this organization's (directory id).") var organization: String?
        @Option(help: "Only tickets in this state (repeatable): issued, acknowledged, reportedDone, verified, closed, reopened, withdrawn.") var state: [String] = []
        @Flag(help: "Only open tickets past their deadline.") var overdue = false
        @Option(help: "Maximum number of tickets.") var limit: Int = 100
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let states = try Set(state.map { text in
                guard let s = TicketState(rawValue: text) else {
                    throw ValidationError("'\(text)' is not a ticket state; use " + TicketState.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return s
            })
            let now = try DisposalContext.now()
            let tickets = try await DisposalLedger(db.open()).tickets(TicketFilter(
                organization: organization, states: states, overdueAt: overdue ? now : nil, limit: max(0, limit)))
            if json { return try JSONOutput.print(tickets) }
            guard !tickets.isEmpty else { return print("No tickets match.") }
            for t in tickets {
                let late = t.isOverdue(at: now) ? "  OVERDUE" : ""
                print("\(OutputFormatting.pad(NoticeDispatcher.number(t.id), 9)) \(OutputFormatting.pad(t.state.rawValue, 13)) "
                    + "\(OutputFormatting.pad(t.organization, 24)) \(OutputFormatting.pad(t.measure.rawValue, 14)) \(t.severity.rawValue)  "
                    + "\(t.threats) threats  deadline \(UTCTime.format(t.deadline))\(late)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one ticket: its threats, feedback, extensions, notices and audit trail.")
        @Argument(help: "Ticket number (123 or VGL-123).") var ticket: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let id = try TicketsCommand.number(ticket)
            let store = try await db.open()
            let ledger = DisposalLedger(store)
            let t = try await DisposalContext.explain { try await ledger.ticket(id) }
            let rechecks = try await ProbeLedger(store).rechecks(ticket: id)
            let threats = try await ledger.threats(onTicket: id)
            let notices = try await ledger.notices(ticket: id)
            let extensions = try await ledger.extensions(ticket: id)
            let audit = try await ledger.auditLog("ticket", String(id))
            let now = try DisposalContext.now()
            let campaigns = try await ledger.campaigns(ofTicket: id, at: now)
            if json {
                struct Item: Encodable {
                    var ticket: Ticket
                    var threats: [[String: String]]
                    var notices: [Notice]
                    var extensions: [ExtensionRequest]
                    var audit: [AuditEntry]
                    var campaigns: [String]
                    var overdue: Bool
                    var rechecks: [Recheck]
                }
                return try JSONOutput.print(Item(
                    ticket: t, threats: threats.map { ["id": $0.threat.description, "kind": $0.kind.rawValue, "indicator": $0.indicator, "removed": $0.removed ? "yes" : "no"] },
                    notices: notices, extensions: extensions, audit: audit, campaigns: campaigns, overdue: t.isOverdue(at: now), rechecks: rechecks))
            }
            print("\(NoticeDispatcher.number(t.id))  \(t.state.rawValue)\(t.isOverdue(at: now) ? " (OVERDUE)" : "")")
            print("organization: \(t.organization)   measure: \(t.measure.rawValue) \(t.measure.chineseName)   severity: \(t.severity.rawValue)")
            print("issued \(UTCTime.format(t.issuedAt))   deadline \(UTCTime.format(t.deadline))   escalations \(t.escalations)   reopenings \(t.reopenings)")
            if t.notifyParent || t.notifyCyberspaceAdministration {
                print("also notifies: " + [t.notifyParent ? "the parent organization" : nil, t.notifyCyberspaceAdministration ? "the cyberspace administration" : nil].compactMap { $0 }.joined(separator: ", "))
            }
            if let note = t.note { print("note: \(note)") }
            if let evidence = t.evidence { print("evidence: \(evidence)") }
            if !campaigns.isEmpty { print("campaigns: " + campaigns.joined(separator: ", ")) }
            print("threats (\(threats.filter { !$0.removed }.count)):")
            for x in threats { print("  \(x.threat)  \(OutputFormatting.pad(x.kind.rawValue, 16)) \(x.indicator)\(x.removed ? "  (withdrawn)" : "")") }
            if !extensions.isEmpty {
                print("extension requests:")
                for e in extensions { print("  #\(e.id) \(e.hours) h by \(e.requestedBy): \(e.reason) — \(e.state.rawValue)\(e.decisionReason.map { ": \($0)" } ?? "")") }
            }
            if !rechecks.isEmpty {
                print("re-checks (复核):")
                for r in rechecks {
                    let state = r.verdict ?? "attempt \(r.attempts + 1) due \(UTCTime.format(r.dueAt))"
                    print("  #\(r.id) round \(r.round)  \(r.threat)  \(OutputFormatting.pad(r.probe, 18)) \(r.target)  \(state) (\(r.attempts) attempts)")
                }
            }
            print("notices:")
            for n in notices {
                print("  #\(n.id) \(OutputFormatting.pad(n.purpose, 22)) \(n.channel.rawValue) \(n.recipient)  \(n.state.rawValue), \(n.attempts) attempts\(n.lastError.map { " — \($0)" } ?? "")")
            }
            print("audit:")
            for a in audit {
                print("  \(UTCTime.format(a.at)) \(a.actor) \(a.action) \(a.fromState ?? "-") → \(a.toState ?? "-")\(a.detail.map { ": \($0)" } ?? "")")
            }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge a ticket (the organization has received it).")
        @Argument(help: "Ticket number.") var ticket: String
        @Option(help: "A note.") var note: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await TicketsCommand.move(ticket, .acknowledge, db: db, actor: actor.name, note: note, evidence: nil)
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report the measure done, with a note and evidence; a re-check verifies it.")
        @Argument(help: "Ticket number.") var ticket: String
        @Option(help: "What was done.") var note: String
        @Option(help: "Evidence: a reference, a URL, a file name.") var evidence: String?
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--note must say what was done") }
            try await TicketsCommand.move(ticket, .reportDone, db: db, actor: actor.name, note: note, evidence: evidence)
        }
    }

    struct Appeal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Appeal (申诉) the threats of a ticket, or some of them: they go to review, which reverses or upholds them.")
        @Argument(help: "Ticket number.") var ticket: String
        @Option(help: "Only this threat of the ticket (repeatable; default: all of them).") var threat: [String] = []
        @Option(help: "Why the threat is not one.") var reason: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let id = try TicketsCommand.number(ticket)
            let ledger = DisposalLedger(try await db.open())
            let on = try await DisposalContext.explain { try await ledger.threats(onTicket: id) }.filter { !$0.removed }.map(\.threat)
            let chosen = try threat.isEmpty ? on : threat.map { text in
                let t = try DisposalContext.threat(text)
                guard on.contains(t) else { throw ValidationError("threat \(t) is not on ticket \(id); see `vigil tickets show \(id)`") }
                return t
            }
            let now = try DisposalContext.now()
            for t in chosen {
                let appeal = try await DisposalContext.explain { try await ledger.appeal(t, by: actor.name, reason: reason, at: now) }
                print("appeal \(appeal.id) filed for threat \(t); it waits in `vigil review`")
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for more time on a ticket (--hours), or grant or deny a pending request (--grant/--deny).")
        @Argument(help: "Ticket number.") var ticket: String
        @Option(help: "Hours asked for.") var hours: Int?
        @Flag(help: "Grant the pending request.") var grant = false
        @Flag(help: "Deny the pending request.") var deny = false
        @Option(help: "Why.") var reason: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let id = try TicketsCommand.number(ticket)
            let ledger = DisposalLedger(try await db.open())
            let now = try DisposalContext.now()
            if let hours {
                guard !grant && !deny else { throw ValidationError("--hours asks for an extension; --grant or --deny decides one. Give one or the other") }
                let request = try await DisposalContext.explain { try await ledger.requestExtension(id, hours: hours, by: actor.name, reason: reason, at: now) }
                return print("extension request \(request.id) for \(hours) h on \(NoticeDispatcher.number(id)) is pending; decide with --grant or --deny")
            }
            guard grant != deny else { throw ValidationError("give --hours N to ask, or exactly one of --grant and --deny to decide") }
            guard let pending = try await ledger.extensions(ticket: id).last(where: { $0.state == .pending }) else {
                throw ValidationError("ticket \(id) has no pending extension request")
            }
            let decided = try await DisposalContext.explain { try await ledger.decideExtension(pending.id, grant: grant, by: actor.name, reason: reason, at: now) }
            let t = try await ledger.ticket(id)
            print("extension \(decided.id) \(decided.state.rawValue); deadline now \(UTCTime.format(t.deadline))")
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a ticket's next escalation step now (parent organization, then provincial administration).")
        @Argument(help: "Ticket number.") var ticket: String
        @Option(help: "Why.") var reason: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var attribution: AttributionOptions

        func run() async throws {
            let id = try TicketsCommand.number(ticket)
            let context = try await DisposalContext.open(db, attribution)
            let now = try DisposalContext.now()
            let updated = try await DisposalContext.explain {
                try await context.engine.escalate(try await context.ledger.ticket(id), by: actor.name, reason: reason, at: now)
            }
            print("\(NoticeDispatcher.number(id)) escalated (step \(updated.escalations)); notices go out on the next `vigil run` pass")
        }
    }

    static func number(_ text: String) throws -> Int64 {
        let digits = text.uppercased().hasPrefix("VGL-") ? String(text.dropFirst(4)) : text
        guard let id = Int64(digits), id > 0 else { throw ValidationError("'\(text)' is not a ticket number (e.g. 12 or VGL-12)") }
        return id
    }

    static func move(_ ticket: String, _ event: TicketState.Event, db: DatabaseOptions, actor: String, note: String?, evidence: String?) async throws {
        let id = try number(ticket)
        let ledger = DisposalLedger(try await db.open())
        let now = try DisposalContext.now()
        let t = try await DisposalContext.explain { try await ledger.transition(id, event, by: actor, note: note, evidence: evidence, at: now) }
        print("\(NoticeDispatcher.number(id)): \(t.state.rawValue)")
    }
}
