import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// `vigil orgs`: the organization directory, with each organization's tickets.
struct OrgsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs", abstract: "List the organizations of the directory with their open and overdue tickets.")

    @Option(help: "Only organizations of this type: ministry, provincialAdministration, basicOperator, operatorBranch, …") var type: String?
    @Flag(help: "Only organizations with tickets.") var withTickets = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        let directory = try attribution.makeDirectory(try attribution.loadConfig())
        if let type, OrgType(rawValue: type) == nil {
            throw ValidationError("'\(type)' is not an organization type; use " + OrgType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let now = try DisposalContext.now()
        let tickets = try await DisposalLedger(db.open()).tickets(TicketFilter(limit: Int.max / 2))
        var open: [String: Int] = [:], overdue: [String: Int] = [:], total: [String: Int] = [:]
        for t in tickets {
            total[t.organization, default: 0] += 1
            if t.state.isOpen { open[t.organization, default: 0] += 1 }
            if t.isOverdue(at: now) { overdue[t.organization, default: 0] += 1 }
        }
        var ids = Set(directory.organizations.keys)
        ids.formUnion(total.keys)
        let rows = ids.sorted().compactMap { id -> [String: Any]? in
            let org = directory.organizations[id]
            if let type, org?.type.rawValue != type { return nil }
            if withTickets && total[id] == nil { return nil }
            return [
                "id": id, "name": org?.name ?? "(not in the directory)", "type": org?.type.rawValue ?? "unknown", "parent": org?.parent as Any,
                "province": org?.provinceCode as Any, "sensitive": org?.sensitive ?? false,
                "contacts": (org?.contacts ?? []).map { "\($0.channel.rawValue):\($0.address)" },
                "tickets": total[id] ?? 0, "open": open[id] ?? 0, "overdue": overdue[id] ?? 0,
            ]
        }
        if json { return print(OutputFormatting.json(rows)) }
        for r in rows {
            print("\(OutputFormatting.pad(r["id"] as? String ?? "", 26)) \(OutputFormatting.pad(r["name"] as? String ?? "", 30)) "
                + "\(OutputFormatting.pad(r["type"] as? String ?? "", 24)) tickets \(r["tickets"] ?? 0), open \(r["open"] ?? 0), overdue \(r["overdue"] ?? 0)")
        }
    }
}

/// `vigil performance`: disposal performance per organization or province.
struct PerformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance", abstract: "Disposal performance: median and 90th-percentile time to dispose, overdue and reopen rates.")

    @Flag(help: "Per province instead of per organization.") var byProvince = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let now = try DisposalContext.now()
        let groups = try await DisposalLedger(db.open()).performance(byProvince: byProvince, at: now)
        func hours(_ s: Int64?) -> String { s.map { String(format: "%.1f h", Double($0) / 3600) } ?? "-" }
        if json {
            return print(OutputFormatting.json(groups.map { g -> [String: Any] in
                [byProvince ? "province" : "organization": g.group, "tickets": g.performance.tickets,
                 "median_seconds_to_dispose": g.performance.medianSecondsToDispose as Any, "p90_seconds_to_dispose": g.performance.p90SecondsToDispose as Any,
                 "overdue_rate": g.performance.overdueRate, "reopen_rate": g.performance.reopenRate]
            }))
        }
        guard !groups.isEmpty else { return print("No tickets yet.") }
        for g in groups {
            let name = byProvince ? OutputFormatting.provinceName(Int(g.group)) : g.group
            let p = g.performance
            print("\(OutputFormatting.pad(name, 26)) tickets \(p.tickets)  median \(hours(p.medianSecondsToDispose))  p90 \(hours(p.p90SecondsToDispose))  "
                + String(format: "overdue %.0f%%  reopened %.0f%%", p.overdueRate * 100, p.reopenRate * 100))
        }
    }
}

/// `vigil audit`: the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit log, newest first, or one object's trail.")

    @Option(help: "One ticket's trail (number).") var ticket: String?
    @Option(help: "One threat's trail (id).") var threat: String?
    @Option(help: "Maximum number of entries.") var limit: Int = 100
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let ledger = DisposalLedger(try await db.open())
        let entries: [AuditEntry]
        if let ticket {
            entries = try await ledger.auditLog("ticket", String(try TicketsCommand.number(ticket)))
        } else if let threat {
            entries = try await ledger.auditLog("threat", try DisposalContext.threat(threat).description)
        } else {
            entries = try await ledger.auditLog(limit: max(0, limit))
        }
        if json { return try JSONOutput.print(entries) }
        for a in entries {
            print("\(UTCTime.format(a.at)) \(OutputFormatting.pad(a.actor, 14)) \(OutputFormatting.pad(a.action, 16)) \(a.objectType) \(a.objectID) "
                + "\(a.fromState ?? "-") → \(a.toState ?? "-")\(a.detail.map { ": \($0)" } ?? "")")
        }
    }
}
