import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds
import VigilPublish
import VigilStore

/// `vigil export rpz|ips|domains|urls|hosts|suricata`: blocklists that follow the threats' state. A threat is listed
/// while it is confirmed and not verified fixed; it is lifted when reversed or verified. Every change is recorded and
/// moves the list's serial (the RPZ zone's SOA serial) on.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a blocklist (rpz, ips, domains, urls, hosts, suricata) that follows the threats' state.",
        discussion: """
            Examples: vigil export rpz --out /etc/unbound/rpz.vigil.zone   (then reload the resolver)
                      vigil export ips --kind c2Server --since 2026-11-01
                      vigil export suricata --out iprep/vigil.list; vigil export suricata --categories --out iprep/categories.txt
                      vigil export suricata --rules --out vigil.rules
                      vigil export changes rpz                              (what was listed and lifted, and why)
                      vigil export stix --out vigil.stix.json               (a STIX 2.1 bundle of the confirmed threats)
                      vigil export misp|csv|intelmq --out FILE              (a MISP event, CSV, IntelMQ events)
            [publish] in vigil.toml sets the zone's name, the policy per kind (nxdomain, nodata, redirect, passthru), the
            redirect target and the kinds published.
            """)

    @Argument(help: "rpz, ips, domains, urls, hosts, suricata; stix, misp, csv, intelmq; or `changes LIST` for a list's recorded changes.") var list: String
    @Argument(help: "With `changes`: the list.") var changesOf: String?
    @Option(help: "Only these kinds in the file (repeatable; the stored list stays whole).") var kind: [String] = []
    @Option(help: "Only threats confirmed since this time in the file (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Write here (atomically) instead of standard output.") var out: String?
    @Flag(help: "With suricata: write the categories file (categories.txt) instead.") var categories = false
    @Flag(help: "With suricata: write the rules (one per reputation category, one per listed domain) instead.") var rules = false
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        let store = try await db.open()
        let ledger = PublicationLedger(store)
        if list == "changes" {
            guard let name = changesOf, BlocklistFormat(rawValue: name) != nil else { throw ValidationError("give the list: vigil export changes rpz|ips|domains|urls|hosts|suricata") }
            for c in try await ledger.changes(list: name, since: try since.map(Self.time) ?? 0) {
                print("\(UTCTime.format(c.at)) serial \(c.serial) \(c.change) \(c.entry)  (\(c.kind.rawValue) \(c.threat), \(c.reason))")
            }
            return
        }
        if ["stix", "misp", "csv", "intelmq"].contains(list) {
            let kinds = try Self.kinds(kind)
            let since = try since.map(Self.time)
            let threats = try await ledger.allListable().filter { t in (kinds.isEmpty || kinds.contains(t.kind)) && (since.map { t.decidedAt >= $0 } ?? true) }
            switch list {
            case "stix": try write(try STIXExport.json(threats))
            case "misp": try write(try ExchangeExport.misp(threats, at: try DisposalContext.now()))
            case "csv": try write(ExchangeExport.csv(threats))
            default:
                // The Shadowserver identifier of each kind that has one, so an IntelMQ pipeline (and Vigil) reads the kind back.
                var identifiers: [ThreatKind: String] = [:]
                for (identifier, kind) in ShadowserverKindTable.byIdentifier.sorted(by: { $0.key < $1.key }) where identifiers[kind] == nil { identifiers[kind] = identifier }
                try write(try ExchangeExport.intelmq(threats, identifiers: identifiers))
            }
            OutputFormatting.writeError("vigil export \(list): \(threats.count) confirmed threats (not verified fixed)")
            return
        }
        guard let format = BlocklistFormat(rawValue: list) else {
            throw ValidationError("'\(list)' is not a list; use " + BlocklistFormat.allCases.map(\.rawValue).joined(separator: ", ") + " stix, misp, csv or intelmq")
        }
        if categories || rules {
            guard format == .suricata else { throw ValidationError("--categories and --rules go with suricata") }
            if categories { return try write(Blocklist.suricataCategories) }
            let settings = try attribution.loadConfig().publish
            return try write(Blocklist.suricataRules(try await ledger.allListable(kinds: settings.kinds), settings: settings, at: try DisposalContext.now()))
        }
        let kinds = try Self.kinds(kind)
        let settings = try attribution.loadConfig().publish
        let export = try await Publisher(ledger: ledger, settings: settings).export(format, kinds: kinds, since: try since.map(Self.time), at: try DisposalContext.now())
        try write(export.text)
        let r = export.refresh
        OutputFormatting.writeError("vigil export \(format.rawValue): \(export.written) entries written; the list holds \(r.entries) (serial \(r.serial)): \(r.listed) listed, \(r.lifted) lifted since the last export")
    }

    static func kinds(_ names: [String]) throws -> Set<ThreatKind> {
        try Set(names.map { name -> ThreatKind in
            guard let k = ThreatKind(wireName: name) else { throw ValidationError("'\(name)' is not a kind; run `vigil kinds`") }
            return k
        })
    }

    static func time(_ text: String) throws -> Int64 {
        guard let t = UTCTime.parse(text) else { throw ValidationError("'\(text)' is not a time; use YYYY-MM-DD or ISO 8601") }
        return t
    }

    /// Writes to --out through a temporary file renamed into place (a resolver never reads half a zone), or prints.
    func write(_ text: String) throws { try OutputFormatting.write(text, to: out) }
}
