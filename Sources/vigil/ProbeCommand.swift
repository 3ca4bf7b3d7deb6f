import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilFeeds
import VigilProbes
import VigilStore

/// `vigil probe`: Vigil's own eyes. Each subcommand scans targets inside a scope file and prints what it found.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe targets for NTP reflectors, open resolvers, exposed services and hidden links, inside a scope file.",
        discussion: """
            A target is an IP address, a CIDR block or IP:PORT (a URL for `http`). Every target must be inside the scope file's
            `allow` (or, for loopback and test namespaces, `lab`) ranges; `optout` ranges are skipped. Scope file:
              allow 61.135.0.0/16        # ranges you are authorised to probe
              lab 127.0.0.0/8            # loopback (tests, drills)
              optout 61.135.7.0/24 CERT-2026-118 asked 2026-11-02
            Examples: vigil probe ntp 61.135.0.0/24 --scope scope.txt --rate 500
                      vigil probe dns 61.135.0.0/24 --scope scope.txt --zone scan.cert.example --expect 192.0.2.53
                      vigil probe service 61.135.1.9:11211 --service memcached --scope scope.txt
                      vigil probe http https://www.gov.example/ --scope scope.txt
            """,
        subcommands: [ProbeNTPCommand.self, ProbeDNSCommand.self, ProbeServiceCommand.self, ProbeHTTPCommand.self]
    )
}

/// What every `vigil probe` subcommand takes.
struct ProbeOptions: ParsableArguments {
    @Option(help: "The scope file (allow / lab / optout lines). Required: nothing is probed without one.") var scope: String
    @Option(help: "Packets (or new connections) per second, at most 100000.") var rate: Int = 1_000
    @Option(help: "Seconds each full probe waits for answers.") var timeout: Double = 1.5
    @Flag(help: "Print JSON lines: every attempt's evidence.") var json = false
    @Flag(help: "Print every attempt, not only findings.") var all = false
    @Flag(help: "Record the findings: each becomes an observation from the source `vigil-probe` (probe evidence for determination), with its evidence kept.")
    var record = false
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    /// The scope, read and checked.
    func loadScope() throws -> ProbeScope {
        guard let text = try? String(contentsOfFile: scope, encoding: .utf8) else {
            throw ValidationError("cannot read the scope file '\(scope)'; write one with `allow CIDR` lines for the ranges you are authorised to probe")
        }
        do { return try ProbeScope.parse(text, file: scope) } catch { throw ValidationError("\(error)") }
    }

    func validate() throws {
        guard (1...100_000).contains(rate) else { throw ValidationError("--rate is packets per second, from 1 to 100000") }
        guard timeout > 0 && timeout <= 60 else { throw ValidationError("--timeout is seconds, above 0 and at most 60") }
    }

    /// The targets as spaces, every block inside the scope; otherwise exits with a message naming the scope file.
    func spaces(_ targets: [String], defaultPorts: [Int], scope: ProbeScope) throws -> [TargetSpace] {
        let spaces: [TargetSpace]
        do { spaces = try TargetSpace.parse(targets, defaultPorts: defaultPorts) } catch { throw ValidationError("\(error)") }
        for block in spaces.flatMap(\.blocks) {
            if case .refused(let why) = scope.check(block: block) { try refuse(why) }
        }
        return spaces
    }

    /// Exits with status 3 and a message naming the scope file; nothing has been sent.
    func refuse(_ why: String) throws -> Never {
        OutputFormatting.writeError("vigil probe: refused, nothing was sent: \(why) (scope file \(scope)). Probe only ranges you are authorised for; add them to \(scope) as `allow CIDR`.")
        throw ExitCode(3)
    }

    func runner(_ scope: ProbeScope) -> ProbeRunner {
        var runner = ProbeRunner(scope: scope, rate: rate)
        runner.timeout = .milliseconds(Int(timeout * 1000))
        runner.cooldown = .milliseconds(Int(max(1, timeout) * 1000))
        return runner
    }

    /// With --record, keeps every attempt's evidence, and ingests the findings as observations of `vigil-probe` (their
    /// evidence tied to the threat).
    func recordFindings(_ evidence: [ProbeEvidence]) async throws {
        guard record else { return }
        let findings = evidence.compactMap { e in e.threat.map { (e, $0.kind, $0.indicator) } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let store = try await db.open()
        // The attempts that found nothing are evidence too (a later re-check compares with them).
        try await ProbeLedger(store).store(evidence.filter { $0.threat == nil }.map { $0.stored() })
        guard !findings.isEmpty else {
            OutputFormatting.writeError("vigil probe: no findings; \(evidence.count) attempts' evidence kept in \(db.path)")
            return
        }
        struct Line: Encodable {
            var kind: String
            var indicator: String
            var type: String
            var seen_at: Int64
            var note: String
        }
        var text = ""
        for (e, kind, indicator) in findings {
            let line = Line(kind: kind.rawValue, indicator: indicator.value, type: indicator.type.rawValue, seen_at: Int64(e.sentAt.timeIntervalSince1970),
                            note: String("\(e.probe): \(e.reason)".prefix(200)))
            text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-probe-\(UUID().uuidString).jsonl")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try await IngestPipeline(store: store, attributor: try attribution.makeAttributor()).ingest(path: path, format: .jsonLines, sourceName: DisposalLedger.probeSource)
        try await ProbeLedger(store).store(findings.map { e, kind, indicator in e.stored(threat: ThreatID(kind: kind, indicator: indicator)) })
        OutputFormatting.writeError("vigil probe: recorded \(summary.observations) findings as observations of \(DisposalLedger.probeSource) in \(db.path) (batch \(summary.batchID)), with their evidence")
    }

    /// Prints the evidence: findings (or everything with --all), then a count.
    func print(_ evidence: [ProbeEvidence], probe: String) throws {
        let shown = all || json ? evidence : evidence.filter(\.positive)
        if json {
            for e in shown { Swift.print(e.json) }
            return
        }
        for e in shown { Swift.print(e.summary) }
        let findings = evidence.filter(\.positive).count
        OutputFormatting.writeError("vigil probe \(probe): \(findings) finding\(findings == 1 ? "" : "s") among \(evidence.count) answering targets")
    }
}

struct ProbeNTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ntp", abstract: "Find NTP reflectors: monlist (mode 7) and READVAR (mode 6), with amplification and fingerprint.")
    @Argument(help: "IP addresses, CIDR blocks or IP:PORT (port 123 by default).") var targets: [String]
    @OptionGroup var options: ProbeOptions

    func run() async throws {
        let scope = try options.loadScope()
        let spaces = try options.spaces(targets, defaultPorts: [123], scope: scope)
        let evidence = try await options.runner(scope).ntp(spaces)
        try options.print(evidence, probe: "ntp")
        try await options.recordFindings(evidence)
    }
}

struct ProbeDNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dns", abstract: "Find open resolvers: ask each target for a unique name under a zone you control.")
    @Argument(help: "IP addresses, CIDR blocks or IP:PORT (port 53 by default).") var targets: [String]
    @Option(help: "A zone whose authoritative server you run; its names must answer --expect (e.g. a `*.scan` wildcard).") var zone: String
    @Option(help: "The address(es) every name under --zone resolves to (repeatable).") var expect: [String]
    @OptionGroup var options: ProbeOptions

    func run() async throws {
        let scope = try options.loadScope()
        let expected = try Set(expect.map { text -> IPAddress in
            guard let a = IPAddress(text) else { throw ValidationError("--expect '\(text)' is not an IP address") }
            return a
        })
        guard !expected.isEmpty else { throw ValidationError("give --expect: the address your zone's names resolve to") }
        let spaces = try options.spaces(targets, defaultPorts: [53], scope: scope)
        let evidence = try await options.runner(scope).dns(spaces, zone: zone, expected: expected)
        try options.print(evidence, probe: "dns")
        try await options.recordFindings(evidence)
    }
}

struct ProbeServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "Find exposed services: memcached, CharGen, SSDP (UDP); Redis and any TCP banner.")
    @Argument(help: "IP addresses, CIDR blocks or IP:PORT (the service's usual port by default).") var targets: [String]
    @Option(help: "memcached, chargen, ssdp, redis or tcp.") var service: String
    @OptionGroup var options: ProbeOptions

    func run() async throws {
        guard let which = ExposedService(rawValue: service.lowercased()) else {
            throw ValidationError("--service '\(service)' is not one of \(ExposedService.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let scope = try options.loadScope()
        let spaces = try options.spaces(targets, defaultPorts: [which.defaultPort], scope: scope)
        let evidence = try await options.runner(scope).service(which, spaces)
        try options.print(evidence, probe: "service \(which.rawValue)")
        try await options.recordFindings(evidence)
    }
}

struct ProbeHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "Find hidden links (暗链) and cloaking: each page is fetched as a browser and as a search spider.")
    @Argument(help: "URLs (http:// or https://); IP:PORT means http://IP:PORT/.") var targets: [String]
    @Option(help: "A keyword file (one word per line) that replaces the built-in gambling and pornography list.") var keywords: String?
    @OptionGroup var options: ProbeOptions

    func run() async throws {
        let scope = try options.loadScope()
        var urls: [URL] = []
        for target in targets {
            let text = target.contains("://") ? target : "http://\(target)/"
            guard let url = URL(string: text), let host = url.host, url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("'\(target)' is not a URL; give http://host/path or IP:PORT")
            }
            if let address = IPAddress(host.trimmingCharacters(in: ["[", "]"])), case .refused(let why) = scope.check(address) { try options.refuse(why) }
            urls.append(url)
        }
        var scanner = HiddenLinkScanner()
        if let keywords {
            guard let text = try? String(contentsOfFile: keywords, encoding: .utf8) else { throw ValidationError("cannot read the keyword file '\(keywords)'") }
            scanner.keywords = KeywordList(file: text)
        }
        let all = await options.runner(scope).http(urls, scanner: scanner)
        // A redirect (or a name) that leads out of the scope is refused there; the other pages' results still count.
        let refused = all.filter { $0.verdict == "refused" }, evidence = all.filter { $0.verdict != "refused" }
        try options.print(evidence, probe: "http")
        try await options.recordFindings(evidence)
        if let first = refused.first {
            OutputFormatting.writeError("vigil probe: \(refused.count) of \(all.count) pages refused, nothing sent there: \(first.target): \(first.reason) (scope file \(options.scope))")
            throw ExitCode(3)
        }
    }
}
