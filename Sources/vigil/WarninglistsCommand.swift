import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore

/// `vigil warninglists check`: which false-positive lists an indicator is on, and whether determination would
/// reject it for that.
struct WarninglistsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warninglists", abstract: "Check indicators against MISP warninglists and the reserved ranges.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the warninglists and reserved ranges each indicator is on, and what determination makes of it.",
            discussion: "Point --dir at a checkout of github.com/MISP/misp-warninglists (or its lists/ folder).")
        @Option(help: "Directory of MISP warninglists (default: [determination] warninglists in the configuration).") var dir: String?
        @Option(help: "Configuration file (default ./vigil.toml when present): its [determination] rules apply.") var config: String?
        @Flag(help: "Print JSON.") var json = false
        @Argument(help: "Indicators: addresses, networks, domains, URLs, e-mail addresses, hashes.") var indicators: [String]

        func run() throws {
            let settings: VigilConfig
            do {
                settings = try VigilConfig.load(path: config, required: config != nil)
            } catch {
                throw ValidationError("\(error)")
            }
            guard let directory = dir ?? settings.warninglistsDirectory else {
                throw ValidationError("pass --dir with a checkout of github.com/MISP/misp-warninglists, or set [determination] warninglists in vigil.toml")
            }
            let lists: [Warninglist]
            do {
                lists = try WarninglistDirectory.load(path: directory)
            } catch {
                throw ValidationError("\(error)")
            }
            let set = WarninglistSet(lists)
            let rules = DeterminationRules(policy: settings.determination, warninglists: set)
            var rows: [[String: Any]] = []
            for text in indicators {
                let indicator: Indicator
                do {
                    indicator = try Indicator.detect(text)
                } catch {
                    throw ValidationError("'\(text)': \(error)")
                }
                let hits = set.hits(indicator)
                let reserved = ReservedRanges.reservation(of: indicator)
                // A single report from an ordinary source: what the false-positive rules alone decide.
                let decision = rules.decide(ThreatFacts(kind: .other, indicator: indicator, reports: [.init(source: "check", seenAt: 0)]))
                if json {
                    rows.append([
                        "indicator": indicator.value, "reserved": reserved as Any,
                        "warninglists": hits.map { ["list": $0.list, "exact": $0.exact] },
                        "decision": decision.decision.rawValue, "rule": decision.rule.rawValue,
                    ])
                    continue
                }
                print(indicator.value)
                if let reserved { print("  reserved range: \(reserved)") }
                for hit in hits { print("  \(hit.exact ? "on" : "inside") \(hit.list)") }
                if hits.isEmpty && reserved == nil { print("  on no list") }
                print("  determination: \(decision.decision.rawValue) (\(decision.rule.rawValue))")
            }
            if json { print(OutputFormatting.json(["lists": lists.count, "indicators": rows])) }
        }
    }
}
