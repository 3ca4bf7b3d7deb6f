import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilProbes
import VigilStore

/// `vigil watch`: watches for a major event (重大活动保障) — names, pages and hosts checked around the clock by `vigil
/// run` or `vigil serve` (with `[probes] scope` in vigil.toml), alerting by e-mail and webhook when something changes.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Add, list and inspect watches (重大活动保障): DNS answers, page content and hidden links, host reachability.",
        discussion: """
            Example: vigil watch add summit-2026 --interval 60 \\
                       --dns www.gov.example=192.0.2.0/28 --resolver 202.96.128.86 --resolver 114.114.114.114 --anchors anchors.txt \\
                       --page https://www.gov.example/ --host 192.0.2.10:443 --notify email:soc@cert.example --notify webhook:https://soc.example/hook
            `vigil run` (or `vigil serve`) runs due watches every few seconds; a page's baseline is taken on its first run.
            """,
        subcommands: [Add.self, List.self, Show.self, Alerts.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a watch.")
        @Argument(help: "The watch's name (the event).") var name: String
        @Option(help: "Seconds between runs (at least 10).") var interval: Int64 = 300
        @Option(help: "NAME=CIDR[,CIDR…]: a name and the addresses it must resolve to (repeatable); NAME/AAAA=… for IPv6.") var dns: [String] = []
        @Option(help: "NAME=SUFFIX: a CDN CNAME suffix the name may point to (repeatable).") var cname: [String] = []
        @Option(help: "A resolver to ask, ADDRESS or ADDRESS:PORT (repeatable).") var resolver: [String] = []
        @Option(help: "A file of DNSSEC trust anchors (DNSKEY lines, or BIND trust-anchors entries).") var anchors: String?
        @Option(help: "A page to watch (repeatable); its baseline is taken on the first run.") var page: [String] = []
        @Option(help: "Connect to this address for the pages instead of resolving their host.") var connectTo: String?
        @Option(help: "ADDRESS:PORT that must accept connections (repeatable).") var host: [String] = []
        @Option(help: "email:ADDRESS or webhook:URL to alert (repeatable).") var notify: [String] = []
        @Option(help: "Failed runs in a row before a page or host counts as unreachable.") var unreachableAfter = 2
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            var names: [String: WatchSpec.Name] = [:], order: [String] = []
            for entry in dns {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--dns '\(entry)': write NAME=CIDR[,CIDR…]") }
                var name = parts[0], type = "A"
                if name.uppercased().hasSuffix("/AAAA") { (name, type) = (String(name.dropLast(5)), "AAAA") }
                var blocks: [CIDRBlock] = []
                for text in parts[1].split(separator: ",") {
                    if let b = CIDRBlock(text) { blocks.append(b) } else if let a = IPAddress(text) { blocks.append(CIDRBlock(address: a, prefixLength: a.bitWidth)) } else {
                        throw ValidationError("--dns '\(entry)': '\(text)' is not an address or CIDR block")
                    }
                }
                if names[name] == nil { order.append(name) }
                names[name] = WatchSpec.Name(name: name, type: type, expect: (names[name]?.expect ?? []) + blocks, cnameSuffixes: names[name]?.cnameSuffixes ?? [])
            }
            for entry in cname {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--cname '\(entry)': write NAME=SUFFIX") }
                if names[parts[0]] == nil { order.append(parts[0]) }
                var n = names[parts[0]] ?? WatchSpec.Name(name: parts[0], expect: [])
                n.cnameSuffixes.append(parts[1].lowercased())
                names[parts[0]] = n
            }
            var anchorLines: [String] = []
            if let anchors {
                guard let text = try? String(contentsOfFile: anchors, encoding: .utf8) else { throw ValidationError("cannot read the anchors file '\(anchors)'") }
                anchorLines = text.split(whereSeparator: \.isNewline).map(String.init).filter { DNSSECValidator.TrustAnchor($0) != nil }
                guard !anchorLines.isEmpty else { throw ValidationError("'\(anchors)' has no DNSKEY trust anchor (zone. IN DNSKEY 257 3 13 KEY)") }
            }
            let spec = WatchSpec(names: order.compactMap { names[$0] }, resolvers: resolver, anchors: anchorLines,
                                 pages: page.map { WatchSpec.Page(url: $0, connectTo: connectTo) }, hosts: host, notify: notify, unreachableAfter: unreachableAfter)
            do { try spec.validate() } catch { throw ValidationError("\(error)") }
            let text = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
            let watch = try await DisposalContext.explain {
                try await WatchLedger(try await db.open()).add(name: name, spec: text, intervalSeconds: interval, by: ProcessInfo.processInfo.environment["USER"] ?? "cli",
                                                               at: try DisposalContext.now())
            }
            print("watch \(watch.name) (#\(watch.id)) added: \(spec.names.count) names × \(spec.resolvers.count) resolvers, \(spec.pages.count) pages, \(spec.hosts.count) hosts, "
                + "every \(interval) s, alerts to \(spec.notify.isEmpty ? "nobody (add --notify)" : spec.notify.joined(separator: ", "))")
            if spec.notify.isEmpty { OutputFormatting.writeError("note: without --notify, alerts are only listed (`vigil watch alerts`)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List watches with their checks in alert.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let ledger = WatchLedger(try await db.open())
            let watches = try await ledger.watches()
            if json { return try JSONOutput.print(watches) }
            if watches.isEmpty { print("no watches; add one with `vigil watch add`") }
            for w in watches {
                let checks = try await ledger.checks(watch: w.id)
                print("#\(w.id) \(OutputFormatting.pad(w.name, 20)) every \(w.intervalSeconds) s  \(w.enabled ? "enabled" : "disabled")  "
                    + "last run \(w.lastRunAt.map(UTCTime.format) ?? "never")  checks \(checks.count), in alert \(checks.filter(\.alerting).count)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a watch: what it checks, each check's last verdict, its latest alerts.")
        @Argument(help: "The watch's name.") var name: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let ledger = WatchLedger(try await db.open())
            guard let w = try await ledger.watch(named: name) else { throw ValidationError("no watch '\(name)'; `vigil watch list` shows them") }
            print("#\(w.id) \(w.name)  every \(w.intervalSeconds) s  \(w.enabled ? "enabled" : "disabled")  added by \(w.createdBy) \(UTCTime.format(w.createdAt))")
            if let spec = try? JSONDecoder().decode(WatchSpec.self, from: Data(w.spec.utf8)) {
                for n in spec.names { print("  name \(n.name) \(n.type) → \(n.expect.map(\.description).joined(separator: ", "))\(n.cnameSuffixes.isEmpty ? "" : " or CNAME *." + n.cnameSuffixes.joined(separator: ", *."))") }
                if !spec.resolvers.isEmpty { print("  resolvers \(spec.resolvers.joined(separator: ", "))\(spec.anchors.isEmpty ? "" : "; DNSSEC anchors \(spec.anchors.count)")") }
                for p in spec.pages { print("  page \(p.url)\(p.baseline == nil ? " (baseline on the first run)" : " (baseline: \(p.baseline?.title ?? ""))")") }
                for h in spec.hosts { print("  host \(h)") }
                print("  alerts to \(spec.notify.isEmpty ? "nobody" : spec.notify.joined(separator: ", "))")
            }
            print("checks:")
            for c in try await ledger.checks(watch: w.id) {
                print("  \(c.alerting ? "ALERT" : "ok   ") \(OutputFormatting.pad(c.key, 48)) \(c.verdict)  \(UTCTime.format(c.checkedAt))")
            }
            print("latest alerts:")
            for a in try await ledger.alerts(watch: w.id, limit: 10) { print("  #\(a.id) \(UTCTime.format(a.raisedAt)) \(Watcher.title(a.kind)): \(a.detail)") }
        }
    }

    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts, newest first, with their deliveries.")
        @Argument(help: "A watch's name (all watches when left out).") var name: String?
        @Option(help: "How many.") var limit = 50
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let ledger = WatchLedger(try await db.open())
            var id: Int64?
            if let name {
                guard let w = try await ledger.watch(named: name) else { throw ValidationError("no watch '\(name)'; `vigil watch list` shows them") }
                id = w.id
            }
            let alerts = try await ledger.alerts(watch: id, limit: limit)
            if json { return try JSONOutput.print(alerts) }
            if alerts.isEmpty { print("no alerts") }
            for a in alerts {
                let deliveries = try await ledger.deliveries(alert: a.id).map { "\($0.channel):\($0.recipient) \($0.state)" }.joined(separator: ", ")
                print("#\(a.id) \(UTCTime.format(a.raisedAt)) watch #\(a.watchID) \(Watcher.title(a.kind)) \(a.key)\n    \(a.detail)\(deliveries.isEmpty ? "" : "\n    sent to: \(deliveries)")")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a watch (its history stays).")
        @Argument(help: "The watch's name.") var name: String
        @OptionGroup var db: DatabaseOptions
        func run() async throws { try await WatchCommand.set(name, enabled: false, db) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a stopped watch again.")
        @Argument(help: "The watch's name.") var name: String
        @OptionGroup var db: DatabaseOptions
        func run() async throws { try await WatchCommand.set(name, enabled: true, db) }
    }

    static func set(_ name: String, enabled: Bool, _ db: DatabaseOptions) async throws {
        let ledger = WatchLedger(try await db.open())
        guard let w = try await ledger.watch(named: name) else { throw ValidationError("no watch '\(name)'; `vigil watch list` shows them") }
        try await ledger.setEnabled(w.id, enabled, by: ProcessInfo.processInfo.environment["USER"] ?? "cli", at: try DisposalContext.now())
        print("watch \(name) \(enabled ? "enabled" : "disabled")")
    }
}
