import ArgumentParser
import VigilCore
import VigilStore

/// `vigil rejects`: rows that were not accepted, with their reasons.
struct RejectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rejects", abstract: "List rejected rows with row number, reason and raw text.")

    @Option(help: "Only this batch (see `vigil batches`).") var batch: Int64?
    @Option(help: "Maximum number of rejects.") var limit: Int = 100
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let rejects = try await db.open().rejects(batchID: batch, limit: limit)
        if json {
            let items: [[String: Any]] = rejects.map {
                ["batch": $0.batchID, "row": $0.reject.row, "code": $0.reject.reason.code.rawValue, "reason": $0.reject.reason.message, "raw": $0.reject.raw]
            }
            print(OutputFormatting.json(["rejects": items, "count": items.count]))
            return
        }
        if rejects.isEmpty { print("no rejects") }
        for r in rejects {
            print("batch \(r.batchID) row \(r.reject.row): [\(r.reject.reason.code)] \(r.reject.reason.message)\n    \(r.reject.raw.prefix(200))")
        }
    }
}
