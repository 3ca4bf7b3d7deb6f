import VigilCore

/// Reads IntelMQ events: JSON objects with IntelMQ's harmonized field names (`source.ip`, `source.url`,
/// `classification.type`, `time.source`, …), one per line or in an array — what IntelMQ's file output writes, so a
/// CERT already running IntelMQ can point its output at Vigil.
///
/// The kind comes from `classification.identifier` where it names a service Vigil tracks by name (the Shadowserver
/// table), else from `classification.type` (``IntelMQEventParser/kindByType``). The indicator is the exposed service
/// (`source.ip:source.port/protocol.transport`) for hazards, the URL for URL kinds, the host name for compromised
/// hosts (a compromised website is the site), else the address, network, host name, URL or malware hash, in that order.
struct IntelMQEventParser: FeedParser {
    let context: FeedContext

    /// IntelMQ classification types (its taxonomy, including the older names) and the kinds they become.
    static let kindByType: [String: ThreatKind] = [
        "c2-server": .c2Server, "c2server": .c2Server, "infected-system": .compromisedHost, "botnet drone": .compromisedHost,
        "malware-distribution": .malwareURL, "malware-configuration": .malwareURL, "malware": .malwareSample,
        "phishing": .phishingURL, "spam": .maliciousIP, "scanner": .maliciousIP, "sniffing": .maliciousIP,
        "brute-force": .maliciousIP, "ids-alert": .maliciousIP, "exploit": .maliciousIP, "blacklist": .maliciousIP,
        "tor": .maliciousIP, "proxy": .exposedService, "dga-domain": .maliciousDomain,
        "system-compromise": .compromisedHost, "application-compromise": .compromisedHost,
        "privileged-account-compromise": .compromisedHost, "unprivileged-account-compromise": .compromisedHost,
        "compromised": .compromisedHost, "defacement": .defacement, "unauthorised-information-modification": .defacement,
        "data-leak": .dataLeak, "data-loss": .dataLeak, "leak": .dataLeak, "unauthorised-information-access": .dataLeak,
        "ddos": .bot, "dos": .bot, "vulnerable-system": .exposedService, "vulnerable service": .exposedService,
        "potentially-unwanted-accessible": .exposedService, "ddos-amplifier": .exposedService,
        "information-disclosure": .vulnerability, "weak-crypto": .vulnerability, "masquerade": .vulnerability,
        "other": .other, "undetermined": .other, "unknown": .other,
    ]

    init(context: FeedContext) { self.context = context }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        guard let (_, event) = JSONRecord.object(record, line: line, advice: "IntelMQ events are JSON objects, one per line", into: &chunk) else {
            return
        }
        func text(_ key: String) -> String? { event.member(key)?.text }
        let identifier = text("classification.identifier")
        let type = text("classification.type")
        let mapped = identifier.flatMap { ShadowserverKindTable.byIdentifier[$0] } ?? type.flatMap { Self.kindByType[$0.lowercased()] }
        guard var kind = mapped else {
            chunk.reject(
                line: line, type == nil ? .missingField : .badKind,
                type.map { "classification.type '\($0)' is not one Vigil maps; see docs/feeds.md" } ?? "the event has no classification.type",
                raw: record)
            return
        }
        let transport = text("protocol.transport").flatMap { Transport(text: $0) } ?? .tcp
        var indicator: Indicator?
        var problem: String?
        func take(_ key: String, as type: IndicatorType) -> Bool {
            guard let value = text(key) else { return false }
            do {
                indicator = try Indicator.parse(value, as: type)
                return true
            } catch {
                problem = "\(key) '\(value.prefix(80))': \(error)"
                return true
            }
        }
        if kind.category == .hazard, let ip = text("source.ip"), let port = text("source.port").flatMap({ Int($0) }), port <= 65535 {
            do {
                indicator = try Indicator.service(ip: ip, port: port, transport: transport)
            } catch {
                problem = "source.ip '\(ip.prefix(60))': \(error)"
            }
        } else {
            let urlFirst = kind == .phishingURL || kind == .malwareURL || kind == .defacement
            // A compromised website is the site, as in the Shadowserver reader.
            let order: [(String, IndicatorType)] =
                (urlFirst ? [("source.url", .url)] : []) + (kind == .compromisedHost ? [("source.fqdn", .domain)] : [])
                + [("source.ip", .ip), ("source.network", .cidr), ("source.fqdn", .domain), ("source.url", .url),
                   ("source.account", .email), ("malware.hash.sha256", .hash), ("malware.hash.sha1", .hash), ("malware.hash.md5", .hash)]
            for (key, type) in order where take(key, as: type) { break }
        }
        guard let indicator else {
            chunk.reject(line: line, problem == nil ? .missingField : .badIndicator,
                         problem ?? "the event names no source.ip, source.network, source.fqdn, source.url or malware hash", raw: record)
            return
        }
        // A URL kind without a URL is about the host that served it.
        if (kind == .phishingURL || kind == .malwareURL), indicator.type == .ip || indicator.type == .cidr { kind = .maliciousIP }
        if (kind == .phishingURL || kind == .malwareURL), indicator.type == .domain { kind = .maliciousDomain }
        if indicator.type == .hash { kind = .malwareSample }
        let timeField = text("time.source") != nil ? "time.source" : "time.observation"
        let timeText = text(timeField)
        var seenAt = context.receivedAt
        if let timeText {
            guard let parsed = UTCTime.parse(timeText) else {
                chunk.reject(line: line, .badTime, "\(timeField) '\(timeText.prefix(40))' is not an ISO 8601 time", raw: record)
                return
            }
            seenAt = parsed
        }
        let note = [text("malware.name"), identifier, text("event_description.text"), text("feed.name").map { "feed \($0)" }]
            .compactMap { $0 }.joined(separator: " — ")
        let address = indicator.type == .ip || indicator.type == .service ? text("source.ip").flatMap { IPAddress($0) } : nil
        chunk.observations.append(
            Observation(kind: kind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: text("source.asn").flatMap { Int($0) },
                        note: note.isEmpty ? nil : note.clipped(300), address: address))
    }
}
