import ArgumentParser
import Foundation
import VigilCore
import VigilStore

/// `vigil rechecks`: what the re-checks (复核) concluded, as fix rates per organization and per network prefix.
struct RechecksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rechecks", abstract: "Fix rates from re-checks, per organization and per network prefix (/24, /48).",
        discussion: "A re-check runs when a ticket is reported done ([probes] scope in vigil.toml). `vigil tickets show N` lists a ticket's re-checks.")

    @Option(help: "Only re-checks completed since this time (YYYY-MM-DD or ISO 8601).") var since: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        var from: Int64 = 0
        if let since {
            guard let t = UTCTime.parse(since) else { throw ValidationError("--since '\(since)' is not a time; use YYYY-MM-DD or ISO 8601") }
            from = t
        }
        let rates = try await ProbeLedger(try await db.open()).fixRates(since: from)
        if json {
            struct Output: Encodable {
                var organizations: [FixRate]
                var prefixes: [FixRate]
            }
            return try JSONOutput.print(Output(organizations: rates.organizations, prefixes: rates.prefixes))
        }
        func line(_ r: FixRate) -> String {
            let rate = r.rate.map { String(format: "%5.1f%%", $0 * 100) } ?? "    -"
            let detail = r.verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            return "  \(OutputFormatting.pad(r.key, 24)) \(rate)  fixed \(r.fixed) of \(r.concluded)   (\(detail))"
        }
        print("by organization:")
        if rates.organizations.isEmpty { print("  no completed re-checks") }
        rates.organizations.forEach { print(line($0)) }
        print("by prefix:")
        if rates.prefixes.isEmpty { print("  no completed re-checks of addresses") }
        rates.prefixes.forEach { print(line($0)) }
    }
}
