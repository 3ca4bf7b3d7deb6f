import Foundation
import VigilCore

/// One probe attempt, kept whatever it found: what was sent, what came back (hashed, the first bytes kept), sizes,
/// timing, the parsed fields and the verdict with its reason. Findings, re-checks and watches are made of these, and
/// the store keeps every one (`probe_evidence`).
public struct ProbeEvidence: Sendable, Codable, Hashable {
    /// The probe: `ntp-monlist`, `ntp-readvar`, `ntp-time`, `dns-open-resolver`, `dns-answer`, `http-hidden-links`,
    /// `http-defacement`, `memcached-stats`, `chargen`, `ssdp`, `redis`, `tcp-banner`.
    public var probe: String
    /// The probe's version: evidence from another version is not compared blindly.
    public var probeVersion = 1
    /// `address:port/proto`, or the URL.
    public var target: String
    /// The address and port probed.
    public var address: String?
    public var port: Int?
    /// When it was sent, and seconds to the first answer.
    public var sentAt: Date
    public var rtt: Double?
    /// The request, base64.
    public var request: String?
    public var requestBytes = 0
    /// The answer: its SHA-256, its first bytes (base64), packets (or reads) and bytes.
    public var responseSHA256: String?
    public var responseHead: String?
    public var responsePackets = 0
    public var responseBytes = 0
    /// Answer bytes over request bytes (UDP payloads), where it applies.
    public var amplification: Double?
    /// Parsed fields: version strings, rcode, counts, hosts …
    public var fields: [String: String] = [:]
    /// The verdict, as the probe names it (`monlistAmplifier`, `openResolver`, `cloaking` …).
    public var verdict: String
    /// True when the verdict is a finding: a vulnerability, an exposure, a bad answer, an injected page.
    public var positive: Bool
    /// Why, in words.
    public var reason: String

    /// Evidence of one attempt.
    public init(probe: String, target: String, address: String? = nil, port: Int? = nil, sentAt: Date, verdict: String, positive: Bool, reason: String) {
        self.probe = probe
        self.target = target
        self.address = address
        self.port = port
        self.sentAt = sentAt
        self.verdict = verdict
        self.positive = positive
        self.reason = reason
    }

    /// Fills the request and response parts from raw bytes and a capture.
    public mutating func record(request bytes: [UInt8]?, response: ResponseCapture, rtt: Double?) {
        if let bytes {
            request = Data(bytes).base64EncodedString()
            requestBytes = bytes.count
        }
        responseSHA256 = response.sha256
        responseHead = response.packets > 0 ? Data(response.head).base64EncodedString() : nil
        responsePackets = response.packets
        responseBytes = response.bytes
        self.rtt = rtt
        if requestBytes > 0 && response.bytes > 0 { amplification = (Double(response.bytes) / Double(requestBytes) * 10).rounded() / 10 }
    }

    /// One line for people: target, probe, verdict, sizes, reason.
    public var summary: String {
        var parts = ["\(target)", probe, verdict]
        if responseBytes > 0 { parts.append("\(responsePackets) pkt \(responseBytes) B") }
        if let amplification, amplification > 1 { parts.append(String(format: "%.1fx", amplification)) }
        parts.append(reason)
        return parts.joined(separator: "  ")
    }
}

extension ProbeEvidence {
    /// The threat a positive finding is evidence of: its kind and indicator — the service (`ip:port/udp`, as scan
    /// reports such as Shadowserver's name it, so that both count for one threat), or the page's URL — or nil for a
    /// probe whose findings are not threats (liveness).
    public var threat: (kind: ThreatKind, indicator: Indicator)? {
        guard positive else { return nil }
        let kind: ThreatKind? = switch probe {
        case "ntp-monlist": .openNTPMonlist
        case "ntp-readvar": .openNTPMode6
        case "dns-open-resolver": .openDNSResolver
        case "memcached-stats": .openMemcached
        case "chargen": .openChargen
        case "ssdp": .openSSDP
        case "redis": .openRedis
        case "tcp-banner": port == 23 ? .openTelnet : .exposedService
        case "http-hidden-links": .hiddenLink
        case "http-defacement": .defacement
        default: nil
        }
        guard let kind else { return nil }
        if probe.hasPrefix("http-") { return (try? Indicator.detect(target)).map { (kind, $0) } }
        guard let address = address.flatMap({ IPAddress($0) }), let port else { return nil }
        let transport: Transport = target.hasSuffix("/tcp") ? .tcp : .udp
        return (kind, Indicator.service(address: address, port: port, transport: transport))
    }

    /// The device fingerprint in the evidence (mode 6 version and system, a banner, a server version), if any.
    public var fingerprint: String? {
        if probe == "ntp-readvar" {
            let parts = [fields["version"], fields["system"]].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: " | ")
        }
        return fields["version"] ?? fields["banner"] ?? fields["server"]
    }
}
