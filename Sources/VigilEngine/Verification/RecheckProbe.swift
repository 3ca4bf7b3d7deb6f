import Foundation
import VigilCore
import VigilProbes

/// Which probe re-checks which kind of threat, and one attempt of it: whether the threat is still there, whether the
/// service (or host) still answers a harmless request, whether the port is plainly closed, and the device's
/// fingerprint, with every probe attempt's evidence.
public enum RecheckProbe {
    /// One attempt's result.
    public struct Outcome: Sendable {
        /// The vulnerability probe found the threat.
        public var vulnerable = false
        /// A harmless liveness probe of the same service answered.
        public var alive = false
        /// The host refused the connection: up, with the service gone.
        public var closed = false
        /// The answering device's fingerprint (mode 6 version and system, a banner, a server version).
        public var fingerprint: String?
        /// Every probe sent, as evidence.
        public var evidence: [ProbeEvidence] = []
    }

    /// The probe and target for a threat of `kind` with `indicator`, or nil when Vigil has no probe for it (or lacks
    /// the open-resolver zone).
    public static func plan(kind: ThreatKind, indicator: String, settings: VerificationSettings) -> (probe: String, target: String)? {
        func host(_ port: Int) -> String? {
            if let a = IPAddress(indicator) { return a.bitWidth == 128 ? "[\(a)]:\(port)" : "\(a):\(port)" }
            if let spaces = try? TargetSpace.parse([indicator], defaultPorts: [port]), spaces.count == 1, spaces[0].count == 1 {
                let t = spaces[0].target(at: 0)
                return t.address.bitWidth == 128 ? "[\(t.address)]:\(t.port)" : "\(t.address):\(t.port)"
            }
            return nil
        }
        func url() -> String? {
            if indicator.hasPrefix("http://") || indicator.hasPrefix("https://") { return indicator }
            return indicator.contains("/") || indicator.contains(" ") ? nil : "http://\(indicator)/"
        }
        let planned: (String, String?) = switch kind {
        case .openNTPMonlist: ("ntp-monlist", host(123))
        case .openNTPMode6: ("ntp-readvar", host(123))
        case .openDNSResolver: ("dns-open-resolver", settings.dnsZone == nil || settings.dnsExpected.isEmpty ? nil : host(53))
        case .openMemcached: ("memcached-stats", host(11211))
        case .openChargen: ("chargen", host(19))
        case .openSSDP: ("ssdp", host(1900))
        case .openRedis: ("redis", host(6379))
        case .openTelnet: ("tcp-banner", host(23))
        case .hiddenLink: ("http-hidden-links", url())
        case .defacement: ("http-defacement", url())
        default: ("", nil)
        }
        guard let target = planned.1 else { return nil }
        return (planned.0, target)
    }

    /// One attempt of `probe` against `target`.
    public static func attempt(_ probe: String, target: String, settings: VerificationSettings) async -> Outcome {
        var o = Outcome()
        let scope = settings.scope, timeout = settings.timeout
        let sentAt = Date()
        if probe.hasPrefix("http-") {
            guard let url = URL(string: target) else { return o }
            if probe == "http-hidden-links" {
                if let report = try? await WebProbe.hiddenLinks(url, scope: scope, timeout: max(timeout, .seconds(10))) {
                    let e = ProbeEvidence.hiddenLinks(report, sentAt: sentAt)
                    o.vulnerable = e.positive
                    o.alive = true
                    o.fingerprint = report.browser.header("server").map { String($0.prefix(200)) }
                    o.evidence.append(e)
                }
            } else if let response = try? await HTTPFetch(timeout: max(timeout, .seconds(10))).get(url, scope: scope) {
                // Without a baseline, a defacement is re-checked by its signatures in the page.
                let page = PageBaseline(html: response.text, pageURL: response.url)
                let found = KeywordList.defacement.matches(in: page.title + " " + page.text)
                var e = ProbeEvidence(probe: probe, target: target, address: response.address.description, port: response.url.port, sentAt: sentAt,
                                      verdict: found.isEmpty ? "noSignature" : "defaced", positive: !found.isEmpty,
                                      reason: found.isEmpty ? "no defacement signature in the page" : "defacement signatures: \(found.joined(separator: ", "))")
                var capture = ResponseCapture()
                capture.append(response.body)
                e.record(request: nil, response: capture, rtt: response.firstByte)
                e.fields = ["status": String(response.status), "title": String(page.title.prefix(200))]
                o.vulnerable = e.positive
                o.alive = true
                o.evidence.append(e)
            }
            return o
        }
        guard let spaces = try? TargetSpace.parse([target], defaultPorts: [0]), let space = spaces.first, space.count == 1 else { return o }
        let t = space.target(at: 0)
        let address = t.address, port = t.port
        func tcpAlive() async -> (alive: Bool, closed: Bool) {
            guard let (_, verdict, _) = try? await ServiceProbe.banner(address, port: port, scope: scope, timeout: .milliseconds(500)) else { return (false, false) }
            return (verdict == .banner || verdict == .openSilent, verdict == .closed)
        }
        switch probe {
        case "ntp-monlist":
            if let (m, timing) = try? await NTPProbe.monlist(address, port: port, scope: scope, timeout: timeout) {
                o.evidence.append(.monlist(address, port: port, m, timing, sentAt: sentAt))
                o.vulnerable = m.verdict == .monlistAmplifier
            }
            o.alive = (try? await NTPProbe.alive(address, port: port, scope: scope, timeout: timeout)) ?? false
            o.evidence.append(.ntpTime(address, port: port, alive: o.alive, sentAt: sentAt))
        case "ntp-readvar":
            if let (rv, timing) = try? await NTPProbe.readVar(address, port: port, scope: scope, timeout: timeout) {
                o.evidence.append(.readVar(address, port: port, rv, timing, sentAt: sentAt))
                o.vulnerable = rv.verdict == .mode6Responder
                if o.vulnerable { o.fingerprint = o.evidence.last?.fingerprint }
            }
            o.alive = (try? await NTPProbe.alive(address, port: port, scope: scope, timeout: timeout)) ?? false
            o.evidence.append(.ntpTime(address, port: port, alive: o.alive, sentAt: sentAt))
        case "dns-open-resolver":
            if let zone = settings.dnsZone, let (verdict, exchange, timing) = try? await DNSProbe.openResolver(address, port: port, zone: zone, expected: settings.dnsExpected,
                                                                                                          scope: scope, timeout: timeout) {
                let request = exchange.answer.flatMap { $0.questions.first }.map { DNSMessage.query(id: exchange.id, name: $0.name, type: $0.type) }
                o.evidence.append(.openResolver(address, port: port, verdict, exchange, request: request, response: timing.response, rtt: timing.firstAnswer, sentAt: sentAt))
                o.vulnerable = verdict.isOpen
                o.alive = verdict == .closed
            }
        case "memcached-stats":
            if let (m, timing) = try? await ServiceProbe.memcached(address, port: port, scope: scope, timeout: timeout) {
                o.evidence.append(.memcached(address, port: port, m, timing, sentAt: sentAt))
                o.vulnerable = m.verdict == .amplifier
                o.fingerprint = o.evidence.last?.fingerprint
            }
            (o.alive, o.closed) = await tcpAlive()
        case "chargen":
            if let (c, timing) = try? await ServiceProbe.chargen(address, port: port, scope: scope, timeout: timeout) {
                o.evidence.append(.chargen(address, port: port, c, timing, sentAt: sentAt))
                o.vulnerable = c.verdict == .amplifier
            }
        case "ssdp":
            if let (s, timing) = try? await ServiceProbe.ssdp(address, port: port, scope: scope, timeout: max(timeout, .seconds(2))) {
                o.evidence.append(.ssdp(address, port: port, s, timing, sentAt: sentAt))
                o.vulnerable = s.verdict == .amplifier
                o.fingerprint = o.evidence.last?.fingerprint
            }
        case "redis":
            if let (r, outcome) = try? await ServiceProbe.redis(address, port: port, scope: scope, timeout: max(timeout, .seconds(2))) {
                let e = ProbeEvidence.redis(address, port: port, r, outcome, sentAt: sentAt)
                o.evidence.append(e)
                o.vulnerable = e.positive
                o.alive = outcome.connection == .open && !e.positive
                o.closed = outcome.connection == .refused
                o.fingerprint = e.fingerprint
            }
        case "tcp-banner":
            if let (b, verdict, outcome) = try? await ServiceProbe.banner(address, port: port, scope: scope, timeout: max(timeout, .seconds(2))) {
                o.evidence.append(.banner(address, port: port, b, verdict, outcome, request: nil, sentAt: sentAt))
                o.vulnerable = verdict == .banner || verdict == .openSilent
                o.closed = verdict == .closed
                o.fingerprint = o.evidence.last?.fingerprint
            }
        default:
            break
        }
        return o
    }
}
