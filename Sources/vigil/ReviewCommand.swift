import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil review`: the review queue — threats no rule decided, and appeals.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "List the review queue: appeals first, then threats no rule decided.",
        discussion: "Decide with: vigil determine THREAT --confirm|--reject --reason TEXT")

    @Option(help: "Maximum number of items.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let items = try await DisposalLedger(db.open()).reviewQueue(limit: max(0, limit))
        if json {
            print(OutputFormatting.json(items.map { item -> [String: Any] in
                var row: [String: Any] = [
                    "threat": item.threat.description, "kind": item.kind.rawValue, "indicator": item.indicator,
                    "organization": item.organization as Any, "province": item.province as Any,
                    "decision": item.determination.determination.decision.rawValue, "rule": item.determination.determination.rule.rawValue,
                    "evidence": item.determination.determination.evidence, "decided_at": UTCTime.format(item.determination.decidedAt),
                ]
                if let appeal = item.appeal {
                    row["appeal"] = ["id": appeal.id, "filed_by": appeal.filedBy, "reason": appeal.reason, "ticket": appeal.ticket as Any,
                                     "filed_at": UTCTime.format(appeal.filedAt)] as [String: Any]
                }
                return row
            }))
            return
        }
        guard !items.isEmpty else {
            print("The review queue is empty.")
            return
        }
        for item in items {
            let why = item.appeal.map { "APPEAL \($0.id) by \($0.filedBy): \($0.reason)" }
                ?? item.determination.determination.evidence.joined(separator: "; ")
            print("\(item.threat)  \(OutputFormatting.pad(item.kind.rawValue, 16)) \(item.indicator)  [\(item.organization ?? "no owner")]  \(why)")
        }
    }
}

/// `vigil determine`: a person's decision on a threat.
struct DetermineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "determine", abstract: "Confirm or reject a threat by hand (or decide its pending appeal), with a reason.",
        discussion: "Rejecting a confirmed threat takes it off its ticket; a ticket left with no threats is withdrawn.")

    @Argument(help: "The threat id (16 hex digits).") var threat: String
    @Flag(help: "Confirm it (with a pending appeal: uphold the threat).") var confirm = false
    @Flag(help: "Reject it as a false positive (with a pending appeal: reverse it).") var reject = false
    @Option(help: "Why, for the audit log.") var reason: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        guard confirm != reject else { throw ValidationError("give exactly one of --confirm and --reject") }
        let id = try DisposalContext.threat(threat)
        let ledger = DisposalLedger(try await db.open())
        let now = try DisposalContext.now()
        let stored = try await DisposalContext.explain { try await ledger.decide(id, confirm: confirm, reason: reason, by: actor.name, at: now) }
        print("\(id): \(stored.determination.decision.rawValue) (\(stored.determination.rule.rawValue)) by \(stored.determination.decidedBy): \(stored.reason ?? "")")
    }
}
