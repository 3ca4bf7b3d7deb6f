import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigilCore
import VigilEngine

/// `vigil run`: the engine loop — determination, tickets, deadlines and notices — until SIGINT or SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run determination, ticketing, escalation and notices continuously (or once with --once).",
        discussion: """
            Each pass determines new threats, issues tickets for confirmed ones, escalates overdue tickets and delivers \
            due notices. Running it twice, or again after a kill, issues no duplicate ticket and sends no duplicate notice. \
            SIGINT or SIGTERM stops it after the pass in progress.
            """)

    @Flag(help: "Do one pass and exit.") var once = false
    @Option(help: "Seconds between passes.") var interval: Int = 60
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        let context = try await DisposalContext.open(db, attribution)
        if once {
            let summary = try await DisposalContext.explain { try await context.engine.pass(at: try DisposalContext.now()) }
            print(RunCommand.describe(summary))
            if let watcher = context.watcher {
                let watches = try await DisposalContext.explain { try await watcher.pass(at: try DisposalContext.now()) }
                print(WatchService.describe(watches))
            }
            return
        }
        var logger = Logger(label: "vigil.run")
        logger.logLevel = .notice
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: DisposalService(engine: context.engine, interval: .seconds(interval)))]
        if let watcher = context.watcher { services.append(.init(service: WatchService(watcher: watcher))) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    static func describe(_ s: DisposalEngine.Summary) -> String {
        let d = s.determined
        var line = "determined: \(d[.confirmed] ?? 0) confirmed, \(d[.rejected] ?? 0) rejected, \(d[.needsReview] ?? 0) to review; "
            + "tickets issued: \(s.ticketsIssued) (\(s.threatsTicketed) threats placed, \(s.unassigned) without an owner); "
            + "escalations: \(s.escalations); notices: \(s.noticesWritten) written, \(s.notices.sent) sent, \(s.notices.retrying) to retry, \(s.notices.failed) failed"
        let v = s.verification
        if !v.isQuiet {
            line += "; re-checks: \(v.scheduled) scheduled, \(v.attempts) attempts"
            if !v.verdicts.isEmpty { line += " (" + v.verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")" }
            line += ", \(v.verified) tickets verified, \(v.reopened) reopened"
        }
        if s.withoutContact > 0 {
            line += "\nnote: \(s.withoutContact) tickets have no one to notify: their organizations have no e-mail or webhook contact "
                + "([[organizations]] emails/webhooks or [directory] csv in vigil.toml); `vigil orgs --with-tickets` lists them"
        }
        if s.notices.waitingForMail > 0 {
            line += "\nnote: \(s.notices.waitingForMail) e-mail notices wait: no SMTP server is configured ([notices] smtp_host in vigil.toml)"
        }
        if s.notices.waitingForSecret > 0 {
            line += "\nnote: \(s.notices.waitingForSecret) webhook notices wait: no signing key ([notices] webhook_secret or $VIGIL_WEBHOOK_SECRET)"
        }
        return line
    }
}

/// The engine loop as a service: a pass, then a pause, until graceful shutdown.
struct DisposalService: Service {
    let engine: DisposalEngine
    let interval: Duration

    func run() async throws {
        Self.say("vigil run: engine started, a pass every \(interval); SIGINT or SIGTERM stops it")
        while !Task.isShuttingDownGracefully {
            let now = try DisposalContext.now()
            do {
                let summary = try await engine.pass(at: now)
                if !summary.isQuiet { Self.say("[\(UTCTimeText.now())] " + RunCommand.describe(summary)) }
            } catch {
                OutputFormatting.writeError("vigil run: the pass failed: \(error); retrying after \(interval)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        Self.say("vigil run: stopped")
    }

    /// Prints a line at once, also when standard output is a file or a pipe (a log collector sees it as it happens).
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}

/// Watches (重大活动保障), 24×7: every few seconds the due watches run and due alerts are sent.
struct WatchService: Service {
    let watcher: Watcher
    var tick: Duration = .seconds(5)

    func run() async throws {
        DisposalService.say("vigil: watches running (checked every \(tick); each watch at its own interval)")
        while !Task.isShuttingDownGracefully {
            do {
                let summary = try await watcher.pass(at: try DisposalContext.now())
                if !summary.errors.isEmpty || (summary.runs > 0 && (!summary.alerts.isEmpty || summary.sent + summary.failed > 0)) {
                    DisposalService.say("[\(UTCTimeText.now())] " + Self.describe(summary))
                }
            } catch {
                OutputFormatting.writeError("vigil: the watch pass failed: \(error); retrying after \(tick)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    static func describe(_ s: Watcher.Summary) -> String {
        let alerts = s.alerts.isEmpty ? "no alerts" : s.alerts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var line = "watches: \(s.runs) run, \(s.checks) checks, \(alerts); alert deliveries: \(s.sent) sent, \(s.retrying) to retry, \(s.failed) failed"
        for error in s.errors { line += "\nwatch not run: \(error)" }
        return line
    }
}

enum UTCTimeText {
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
