import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore

/// What the determination and disposal commands share: the store, the ledger and the engine built from vigil.toml.
struct DisposalContext {
    let store: any Store
    let ledger: DisposalLedger
    let engine: DisposalEngine
    let config: VigilConfig
    /// The watches' runner, when `[probes] scope` is configured.
    var watcher: Watcher? = nil

    static func open(_ db: DatabaseOptions, _ attribution: AttributionOptions) async throws -> DisposalContext {
        try await open(store: try await db.open(), attribution)
    }

    /// The context on an open store.
    static func open(store: any Store, _ attribution: AttributionOptions) async throws -> DisposalContext {
        let config = try attribution.loadConfig()
        let directory = try attribution.makeDirectory(config)
        let lists: [Warninglist]
        do {
            lists = try config.warninglistsDirectory.map { try WarninglistDirectory.load(path: $0) } ?? WarninglistDirectory.shipped()
        } catch {
            throw ValidationError("\(error)")
        }
        let d = config.disposal
        let settings = DisposalSettings(
            rules: DeterminationRules(policy: config.determination, warninglists: WarninglistSet(lists)),
            planner: TicketPlanner(measureOverrides: d.measureOverrides, deadlines: d.deadlines), escalation: d.escalation, grading: d.grading,
            mail: d.smtpHost.map {
                DisposalSettings.Mail(host: $0, port: d.smtpPort, from: d.from, heloName: d.helo, requireTLS: d.requireTLS)
            },
            webhookSecret: d.webhookSecret, trustRootsFile: d.trustRoots, retry: RetrySchedule(initial: d.retryInitial, maximum: d.retryMax, attempts: d.retryAttempts),
            cyberspaceAdministration: d.cyberspaceAdministration, answerAt: d.answerAt ?? DisposalSettings().answerAt)
        let ledger = DisposalLedger(store)
        let verification: VerificationSettings?
        do { verification = try config.probes.settings() } catch { throw ValidationError("\(error)") }
        let verifier = verification.map { Verifier(disposal: ledger, probes: ProbeLedger(store), settings: $0) }
        let watcher = verification.map {
            Watcher(ledger: WatchLedger(store), probes: ProbeLedger(store), settings: .init(
                scope: $0.scope, timeout: $0.timeout, mail: settings.mail, webhookSecret: settings.webhookSecret, trustRootsFile: settings.trustRootsFile,
                retry: settings.retry))
        }
        return DisposalContext(store: store, ledger: ledger, engine: DisposalEngine(ledger: ledger, settings: settings, directory: directory, verifier: verifier),
                               config: config, watcher: watcher)
    }

    /// Seconds since 1970 now, or `$VIGIL_NOW` (ISO 8601) when set: tests and drills move the clock with it.
    static func now() throws -> Int64 {
        if let text = ProcessInfo.processInfo.environment["VIGIL_NOW"] {
            guard let t = UTCTime.parse(text) else { throw ValidationError("VIGIL_NOW='\(text)' is not a time; use ISO 8601, e.g. 2026-11-27T08:00:00Z") }
            return t
        }
        return Int64(Date().timeIntervalSince1970)
    }

    /// A threat id from its 16 hex digits.
    static func threat(_ text: String) throws -> ThreatID {
        guard let id = ThreatID(hex: text.lowercased()) else {
            throw ValidationError("'\(text)' is not a threat id (16 hex digits, as `vigil threats` and `vigil review` print them)")
        }
        return id
    }

    /// Runs `work`, turning store errors into messages for the user.
    static func explain<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as StoreError where [.conflict, .notFound, .invalidArgument].contains(error.code) {
            throw ValidationError(error.message)
        }
    }
}

/// `--as NAME`: who acts, for the audit log.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Who is acting, for the audit log: a user name or an organization id (default: $VIGIL_USER, else $USER).")
    var actor: String?

    var name: String {
        actor ?? ProcessInfo.processInfo.environment["VIGIL_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "operator"
    }
}

/// JSON for Codable values: sorted snake_case keys, as every other listing prints.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
