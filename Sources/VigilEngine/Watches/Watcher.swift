import Foundation
import VigilCore
import VigilProbes
import VigilStore

/// Runs watches (重大活动保障) 24×7: every due watch's names are resolved at each of its resolvers (and validated with
/// DNSSEC where anchored), its pages fetched as a browser and as a spider and compared with their baselines, its
/// hosts connected to. A check that turns bad raises an alert (DNS answer changed, DNSSEC bogus, page defaced, hidden
/// links appeared, unreachable), once, and a `recovered` alert when it turns good again; each alert goes to the
/// watch's contacts by e-mail and webhook, retried like ticket notices. Every check's evidence is kept.
public struct Watcher: Sendable {
    public let ledger: WatchLedger
    public let probes: ProbeLedger
    public let settings: Settings

    /// Where watches may probe and how alerts are sent.
    public struct Settings: Sendable {
        public var scope: ProbeScope
        public var timeout: Duration
        public var mail: DisposalSettings.Mail?
        public var webhookSecret: String
        public var trustRootsFile: String?
        public var retry: RetrySchedule

        public init(scope: ProbeScope, timeout: Duration = .seconds(3), mail: DisposalSettings.Mail? = nil, webhookSecret: String = "", trustRootsFile: String? = nil,
                    retry: RetrySchedule = .standard) {
            self.scope = scope
            self.timeout = timeout
            self.mail = mail
            self.webhookSecret = webhookSecret
            self.trustRootsFile = trustRootsFile
            self.retry = retry
        }
    }

    /// What a pass did.
    public struct Summary: Sendable, Hashable {
        public var runs = 0
        public var checks = 0
        public var alerts: [String: Int] = [:]
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// Watches that could not run, with why (an unreadable specification, a store error).
        public var errors: [String] = []
    }

    /// The actor named in the audit log for baselines a watch takes itself.
    public static let actor = "vigil-watch"

    public init(ledger: WatchLedger, probes: ProbeLedger, settings: Settings) {
        self.ledger = ledger
        self.probes = probes
        self.settings = settings
    }

    /// Runs the due watches and delivers due alerts.
    public func pass(at now: Int64) async throws -> Summary {
        var summary = Summary()
        for watch in try await ledger.due(at: now) {
            do {
                let (alerts, checks) = try await run(watch, at: now)
                summary.runs += 1
                summary.checks += checks
                for a in alerts { summary.alerts[a.kind, default: 0] += 1 }
            } catch let error as StoreError where error.code == .conflict {
                continue  // another worker ran it
            } catch {
                // One broken watch must not stop the others, nor the alerts already raised.
                summary.errors.append("\(watch.name): \(error)")
            }
        }
        try await deliver(at: now, into: &summary)
        return summary
    }

    /// One check's outcome.
    struct Result {
        var key: String
        var verdict: String
        var bad: Bool
        var kind: String
        var detail: String
        var unreachable = false
        var evidence: [ProbeEvidence] = []
    }

    /// Runs one watch now; returns the alerts raised and the number of checks.
    public func run(_ watch: Watch, at now: Int64) async throws -> (alerts: [WatchAlert], checks: Int) {
        guard var spec = try? JSONDecoder().decode(WatchSpec.self, from: Data(watch.spec.utf8)) else {
            throw StoreError(.invalidArgument, "watch \(watch.name) has an unreadable specification; replace it with `vigil watch add`")
        }
        let previous = Dictionary(try await ledger.checks(watch: watch.id).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let validator = spec.anchors.isEmpty ? nil : DNSSECValidator(anchors: spec.anchors.compactMap(DNSSECValidator.TrustAnchor.init))
        var results: [Result] = []
        for name in spec.names {
            let expectation = DNSExpectation(name: name.name, type: DNSRecordType.named(name.type) ?? DNSRecordType.a, ranges: name.expect, cnameSuffixes: name.cnameSuffixes)
            for resolver in spec.resolvers {
                guard let (address, port) = WatchSpec.endpoint(resolver, defaultPort: 53) else { continue }
                results.append(await dns(expectation, address, port, validator))
            }
        }
        var baselineTaken = false
        for (i, page) in spec.pages.enumerated() {
            let (checked, baseline) = await self.page(page)
            results += checked
            if page.baseline == nil, let baseline {
                spec.pages[i].baseline = baseline
                baselineTaken = true
            }
        }
        for host in spec.hosts {
            guard let (address, port) = WatchSpec.endpoint(host, defaultPort: 0) else { continue }
            let key = "host:\(host)"
            let sentAt = Date()
            let probe = try? await ServiceProbe.banner(address, port: port, scope: settings.scope, timeout: min(settings.timeout, .milliseconds(500)))
            let up = probe.map { $0.1 == .banner || $0.1 == .openSilent } ?? false
            var r = Result(key: key, verdict: up ? "up" : probe.map { $0.1.rawValue } ?? "refusedByScope", bad: !up, kind: "unreachable",
                           detail: up ? "\(host) accepts connections" : "\(host) does not accept connections (\(probe.map { $0.1.rawValue } ?? "outside the scope"))",
                           unreachable: true)
            if let (b, v, o) = probe { r.evidence.append(.banner(address, port: port, b, v, o, request: nil, sentAt: sentAt)) }
            results.append(r)
        }

        var states: [WatchCheckState] = [], alerts: [WatchAlert] = []
        for r in results {
            let before = previous[r.key]
            let failures = r.bad ? (before?.failures ?? 0) + 1 : 0
            let alerting = r.bad && (!r.unreachable || failures >= spec.unreachableAfter)
            if alerting && (before?.alerting != true || before?.verdict != r.verdict) {
                alerts.append(WatchAlert(watchID: watch.id, key: r.key, kind: r.kind, detail: r.detail, raisedAt: now))
            } else if !alerting && before?.alerting == true {
                alerts.append(WatchAlert(watchID: watch.id, key: r.key, kind: "recovered", detail: r.detail, raisedAt: now))
            }
            states.append(WatchCheckState(key: r.key, verdict: r.verdict, failures: failures, alerting: alerting, detail: String(r.detail.prefix(500)), checkedAt: now))
        }
        let evidence = results.flatMap { $0.evidence.map { $0.stored() } }
        let raised = try await ledger.recordRun(watch, states: states, evidence: evidence, alerts: alerts, contacts: spec.contacts, at: now)
        if baselineTaken, let text = try? String(decoding: JSONEncoder().encode(spec), as: UTF8.self) {
            try await ledger.update(watch.id, spec: text, by: Self.actor, at: now)
        }
        return (raised, results.count)
    }

    func dns(_ expectation: DNSExpectation, _ resolver: IPAddress, _ port: Int, _ validator: DNSSECValidator?) async -> Result {
        let key = "dns:\(expectation.name)@\(resolver):\(port)"
        let sentAt = Date()
        do {
            let result = try await DNSProbe.watch(expectation, resolver: resolver, port: port, validator: validator, scope: settings.scope, timeout: settings.timeout)
            var verdict = result.verdict.rawValue
            var kind = switch result.verdict {
            case .changed: "dnsChanged"
            case .injected: "dnsInjected"
            default: "dnsFailure"
            }
            if case .bogus = result.dnssec {
                verdict += "+dnssecBogus"
                if !result.verdict.isAlert { kind = "dnssecBogus" }  // a changed answer stays `dnsChanged`; the detail says DNSSEC failed too
            }
            let evidence = ProbeEvidence.dnsAnswer(expectation, resolver: resolver, port: port, result, sentAt: sentAt)
            // A lost packet or a passing failure is not an alert until it repeats (`unreachableAfter` runs); a changed,
            // injected or bogus answer is one at once.
            let transient = (result.verdict == .timeout || result.verdict == .servfail) && kind == "dnsFailure"
            return Result(key: key, verdict: verdict, bad: result.isAlert, kind: kind, detail: "\(evidence.reason) at \(resolver):\(port)", unreachable: transient,
                          evidence: [evidence])
        } catch let refused as ProbeRefused {
            return Result(key: key, verdict: "refusedByScope", bad: true, kind: "dnsFailure", detail: refused.description)
        } catch {
            return Result(key: key, verdict: "error", bad: true, kind: "dnsFailure", detail: "\(error)", unreachable: true)
        }
    }

    func page(_ page: WatchSpec.Page) async -> (results: [Result], baseline: PageBaseline?) {
        guard let url = URL(string: page.url) else { return ([], nil) }
        let connectTo = page.connectTo.flatMap { IPAddress($0) }
        let sentAt = Date()
        let report: WebProbe.HiddenLinkReport
        do {
            // Once more after a moment before calling the page down: one lost connection is not an outage.
            do {
                report = try await WebProbe.hiddenLinks(url, connectTo: connectTo, scope: settings.scope, timeout: max(settings.timeout, .seconds(5)))
            } catch let refused as ProbeRefused {
                throw refused
            } catch {
                try await Task.sleep(for: .milliseconds(500))
                report = try await WebProbe.hiddenLinks(url, connectTo: connectTo, scope: settings.scope, timeout: max(settings.timeout, .seconds(5)))
            }
        } catch {
            return ([Result(key: "page:\(page.url)#reach", verdict: "down", bad: true, kind: "unreachable", detail: "\(page.url) cannot be fetched: \(error)", unreachable: true)],
                    nil)
        }
        var results = [Result(key: "page:\(page.url)#reach", verdict: "up", bad: false, kind: "unreachable",
                              detail: "\(page.url) answers HTTP \(report.browser.status)", unreachable: true)]
        let links = ProbeEvidence.hiddenLinks(report, sentAt: sentAt)
        results.append(Result(key: "page:\(page.url)#links", verdict: report.verdict.rawValue, bad: report.verdict != .clean, kind: "hiddenLink",
                              detail: "\(page.url): \(links.reason)", evidence: [links]))
        let current = PageBaseline(html: report.browser.text, pageURL: report.browser.url)
        guard let baseline = page.baseline else {
            results.append(Result(key: "page:\(page.url)#content", verdict: "baseline", bad: false, kind: "defaced", detail: "\(page.url): baseline taken"))
            return (results, current)
        }
        let check = DefacementCheck(baseline: baseline, current: current)
        let evidence = ProbeEvidence.defacement(check, report.browser, sentAt: sentAt)
        results.append(Result(key: "page:\(page.url)#content", verdict: check.verdict.rawValue, bad: check.verdict == .defaced, kind: "defaced",
                              detail: "\(page.url): \(evidence.reason)", evidence: [evidence]))
        return (results, nil)
    }

    /// Sends due alert deliveries.
    func deliver(at now: Int64, into summary: inout Summary) async throws {
        let due = try await ledger.dueDeliveries(at: now)
        guard !due.isEmpty else { return }
        let webhooks = WebhookClient(trustRootsFile: settings.trustRootsFile)
        var names: [Int64: String] = [:]
        for d in due {
            guard let alert = try await ledger.alert(d.alertID) else { continue }
            if names[alert.watchID] == nil { names[alert.watchID] = try await ledger.watch(alert.watchID)?.name ?? "watch \(alert.watchID)" }
            let watchName = names[alert.watchID] ?? ""
            let subject = "[Vigil 重大活动保障] \(watchName): \(Self.title(alert.kind)) — \(alert.key)"
            let body = "\(subject)\n\n\(alert.detail)\n\nraised: \(UTCTime.format(alert.raisedAt))\nwatch: \(watchName)\ncheck: \(alert.key)\nalert: #\(alert.id)\n"
            var ok = false, permanent = false, detail = ""
            do {
                if d.channel == "email" {
                    guard let mail = settings.mail else { throw DeliveryProblem(description: "no SMTP server configured ([notices] smtp_host in vigil.toml)") }
                    let message = MailMessage(from: mail.from, to: [d.recipient], subject: subject, text: body, date: now,
                                              messageID: "<vigil-alert-\(alert.id)-\(d.id)@\(mail.heloName)>")
                    let client = SMTPClient(host: mail.host, port: mail.port, heloName: mail.heloName, requireTLS: mail.requireTLS, trustRootsFile: settings.trustRootsFile)
                    let receipt = try await client.send(from: mail.from, to: [d.recipient], message: message.rendered())
                    (ok, detail) = (true, receipt.reply)
                } else {
                    let payload: [String: Any] = ["event": "watch-alert", "watch": watchName, "alert": alert.id, "kind": alert.kind, "check": alert.key,
                                                  "detail": alert.detail, "raised_at": UTCTime.format(alert.raisedAt)]
                    let data = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
                    let response = try await webhooks.post(d.recipient, body: data, headers: [
                        (WebhookSignature.header, WebhookSignature.sign(body: data, secret: settings.webhookSecret, timestamp: now)),
                        ("X-Vigil-Delivery", "alert-\(d.id)"), ("X-Vigil-Event", "watch-alert"),
                    ])
                    (ok, permanent, detail) = (response.isSuccess, !response.isSuccess && !response.isTemporary, "HTTP \(response.status)")
                }
            } catch {
                detail = "\(error)"
            }
            let retryAt = ok || permanent ? nil : settings.retry.delay(after: d.attempts + 1).map { now + $0 }
            do {
                try await ledger.recordDelivery(d, sent: ok, retryAt: retryAt, detail: detail, at: now)
            } catch let error as StoreError where error.code == .conflict {
                continue
            }
            if ok { summary.sent += 1 } else if retryAt != nil { summary.retrying += 1 } else { summary.failed += 1 }
        }
    }

    /// An alert kind in words.
    public static func title(_ kind: String) -> String {
        switch kind {
        case "dnsChanged": "DNS answer changed (解析被篡改)"
        case "dnsInjected": "DNS answer injected (解析被劫持)"
        case "dnsFailure": "DNS resolution failing (解析异常)"
        case "dnssecBogus": "DNSSEC validation failed (DNSSEC校验失败)"
        case "defaced": "page defaced (网页篡改)"
        case "hiddenLink": "hidden links appeared (暗链)"
        case "unreachable": "unreachable (无法访问)"
        case "recovered": "recovered (已恢复)"
        default: kind
        }
    }

    /// Why an alert could not be sent (retried on the notice schedule).
    struct DeliveryProblem: Error, CustomStringConvertible {
        var description: String
    }
}
