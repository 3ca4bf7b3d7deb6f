import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// `vigil campaigns`: campaigns (专项治理) with scope, targets and progress.
struct CampaignsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns", abstract: "Define campaigns (专项治理) and follow their progress against targets.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or redefine a campaign.",
            discussion: "Example: vigil campaigns add 勒索软件专项 --from 2026-10-01 --to 2027-01-01 --kind ransomware --target 0.9")
        @Argument(help: "The name.") var name: String
        @Option(help: "Start of the period (YYYY-MM-DD or ISO 8601, UTC).") var from: String
        @Option(help: "End of the period, exclusive.") var to: String
        @Option(help: "A kind in scope (repeatable; none: any).") var kind: [String] = []
        @Option(help: "A province in scope, code or name (repeatable).") var province: [String] = []
        @Option(name: .customLong("org"), help: "An organization in scope, directory id (repeatable).") var organization: [String] = []
        @Option(help: "Target: the share of its threats verified fixed by the end, 0 to 1.") var target: Double = 0.9
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard let start = UTCTime.parse(from), let end = UTCTime.parse(to), end > start else {
                throw ValidationError("--from and --to must be times (YYYY-MM-DD or ISO 8601) with --to after --from")
            }
            guard (0...1).contains(target) else { throw ValidationError("--target is a share between 0 and 1, e.g. 0.9") }
            let kinds = try Set(kind.map { k in
                guard let kind = ThreatKind(wireName: k) else { throw ValidationError("'\(k)' is not a kind; run `vigil kinds`") }
                return kind
            })
            let provinces = try Set(province.map { p in
                guard let province = ProvinceCatalog.province(named: p) else { throw ValidationError("'\(p)' is not a province") }
                return province.code
            })
            let campaign = Campaign(name: name, start: start, end: end, kinds: kinds, provinces: provinces, organizations: Set(organization), targetFixedShare: target)
            try await DisposalContext.explain { try await DisposalLedger(db.open()).addCampaign(campaign, by: actor.name, at: try DisposalContext.now()) }
            print("campaign '\(name)' saved")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with their progress.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let ledger = DisposalLedger(try await db.open())
            let now = try DisposalContext.now()
            var rows: [[String: Any]] = []
            for c in try await ledger.campaigns() {
                rows.append(CampaignsCommand.row(c, try await ledger.progress(of: c, at: now)))
            }
            if json { return print(OutputFormatting.json(rows)) }
            guard !rows.isEmpty else { return print("No campaigns; add one with `vigil campaigns add`.") }
            for r in rows { print(CampaignsCommand.line(r)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one campaign: scope, progress against its target, tickets.")
        @Argument(help: "The name.") var name: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let ledger = DisposalLedger(try await db.open())
            let now = try DisposalContext.now()
            let c = try await DisposalContext.explain { try await ledger.campaign(named: name) }
            let progress = try await ledger.progress(of: c, at: now)
            var row = CampaignsCommand.row(c, progress)
            row["tickets"] = progress.tickets
            if json { return print(OutputFormatting.json(row)) }
            print(CampaignsCommand.line(row))
            print("scope: kinds \(c.kinds.isEmpty ? "any" : c.kinds.map(\.rawValue).sorted().joined(separator: ", ")); "
                + "provinces \(c.provinces.isEmpty ? "any" : c.provinces.sorted().map(String.init).joined(separator: ", ")); "
                + "organizations \(c.organizations.isEmpty ? "any" : c.organizations.sorted().joined(separator: ", "))")
            print("tickets: " + (progress.tickets.isEmpty ? "none" : progress.tickets.map { "VGL-\($0)" }.joined(separator: ", ")))
        }
    }

    static func row(_ c: Campaign, _ p: (progress: Campaign.Progress, tickets: [Int64])) -> [String: Any] {
        [
            "name": c.name, "from": UTCTime.format(c.start), "to": UTCTime.format(c.end), "target_fixed_share": c.targetFixedShare,
            "found": p.progress.found, "confirmed": p.progress.confirmed, "disposed": p.progress.disposed, "verified": p.progress.verified,
            "overdue": p.progress.overdue, "fixed_share": p.progress.fixedShare, "meets_target": c.meetsTarget(p.progress),
        ]
    }

    static func line(_ r: [String: Any]) -> String {
        let share = (r["fixed_share"] as? Double ?? 0) * 100
        let target = (r["target_fixed_share"] as? Double ?? 0) * 100
        return "\(r["name"] ?? "")  \(r["from"] ?? "") → \(r["to"] ?? "")  found \(r["found"] ?? 0), confirmed \(r["confirmed"] ?? 0), "
            + "disposed \(r["disposed"] ?? 0), verified \(r["verified"] ?? 0), overdue \(r["overdue"] ?? 0)  "
            + String(format: "fixed %.0f%% of target %.0f%%", share, target) + ((r["meets_target"] as? Bool ?? false) ? " (met)" : "")
    }
}

/// `vigil incidents grade`: grade an incident (事件分级) from its impact.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents", abstract: "Grade security incidents (事件分级) I–IV from their impact.", subcommands: [Grade.self])

    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade an incident from its impact; the grade raises its ticket's severity and shortens the deadline.",
            discussion: "Thresholds: [disposal.grading] in vigil.toml (records leaked 100M+ I, 10M+ II, 1M+ III, 100k+ IV by default).")
        @Argument(help: "The threat id.") var threat: String
        @Option(help: "Users affected.") var users: Int64?
        @Option(help: "Records leaked.") var records: Int64?
        @Option(help: "Provinces involved.") var provinces: Int?
        @Flag(help: "Critical information infrastructure is hit.") var criticalInfrastructure = false
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var attribution: AttributionOptions

        func run() async throws {
            let id = try DisposalContext.threat(threat)
            let impact = IncidentImpact(usersAffected: users, recordsLeaked: records, provinces: provinces, criticalInfrastructure: criticalInfrastructure)
            let policy = try attribution.loadConfig().disposal.grading
            guard let grade = policy.grade(impact) else {
                return print("\(id): below every grading threshold (\(impact)); not graded")
            }
            let config = try attribution.loadConfig()
            let ledger = DisposalLedger(try await db.open())
            let now = try DisposalContext.now()
            try await DisposalContext.explain { try await ledger.grade(id, impact: impact, grade: grade, by: actor.name, at: now) }
            print("\(id): grade \(grade.rawValue) \(grade.chineseName) (\(grade.colour) alert); severity at least \(grade.severity.rawValue)")
            // A ticket already open for it is raised now; one issued later starts at that severity.
            if let ticketID = try await ledger.openTicket(of: id) {
                let t = try await ledger.ticket(ticketID)
                guard t.severity < grade.severity else { return }
                let deadline = config.disposal.deadlines.deadline(measure: t.measure, severity: grade.severity, issuedAt: t.issuedAt)
                try await DisposalContext.explain {
                    try await ledger.raise(ticketID, to: grade.severity, deadline: deadline, by: actor.name, reason: "incident \(id) graded \(grade.rawValue)", at: now)
                }
                print("ticket VGL-\(ticketID) raised to \(grade.severity.rawValue); deadline \(UTCTime.format(min(t.deadline, deadline)))")
            }
        }
    }
}
