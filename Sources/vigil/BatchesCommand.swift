import Foundation
import ArgumentParser
import VigilCore
import VigilStore

/// `vigil batches`: the raw batches recorded by collect.
struct BatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batches", abstract: "List ingested batches with their SHA-256 and row accounting.")

    @Option(help: "Maximum number of batches.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let batches = try await db.open().batches(limit: limit)
        if json {
            let items: [[String: Any]] = batches.map { b in
                ["id": b.id, "sha256": b.sha256, "source": b.sourceName, "format": b.format, "report_type": (b.reportType as Any?) ?? NSNull(),
                 "file_name": b.fileName, "size": b.size, "received_at": UTCTime.format(b.receivedAt), "status": b.status.rawValue,
                 "rows": b.rows, "observations": b.observations, "rejects": b.rejects, "new_threats": b.newThreats, "new_sightings": b.newSightings]
            }
            print(OutputFormatting.json(["batches": items]))
            return
        }
        for b in batches {
            print("#\(b.id) \(b.status.rawValue) \(b.fileName) source=\(b.sourceName) format=\(b.format) rows=\(b.rows) obs=\(b.observations) rejects=\(b.rejects) new_threats=\(b.newThreats) sha256=\(b.sha256.prefix(16))…")
        }
    }
}
