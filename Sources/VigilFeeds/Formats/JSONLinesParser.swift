import VigilCore

/// Reads Vigil JSON Lines (docs/formats.md): one object per line with `kind` and `indicator`, and optionally
/// `type`, `port`, `protocol`, `seen_at`, `asn`, `note` and `resolved` (a domain's or URL host's A/AAAA records).
struct JSONLinesParser: FeedParser {
    let context: FeedContext

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        if record.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        let value: JSONValue
        do {
            value = try JSONScanner.parse(record)
        } catch {
            chunk.reject(line: line, .badJSON, "not valid JSON: \(error)", raw: record)
            return
        }
        guard case .object = value else {
            chunk.reject(line: line, .badJSON, "each line must be one JSON object", raw: record)
            return
        }
        guard let kindName = value["kind"]?.stringValue else {
            chunk.reject(line: line, .missingField, "the \"kind\" member (a string) is required", raw: record)
            return
        }
        guard let kind = ThreatKind(wireName: kindName) else {
            chunk.reject(line: line, .badKind, "'\(kindName.prefix(40))' is not a Vigil kind; see docs/formats.md", raw: record)
            return
        }
        guard let rawIndicator = value["indicator"]?.stringValue, !rawIndicator.isEmpty else {
            chunk.reject(line: line, .missingField, "the \"indicator\" member (a non-empty string) is required", raw: record)
            return
        }
        var type: IndicatorType?
        if let typeName = value["type"]?.stringValue {
            guard let t = IndicatorType(rawValue: typeName) else {
                chunk.reject(line: line, .badIndicator, "'\(typeName.prefix(20))' is not an indicator type; use one of "
                    + IndicatorType.allCases.map(\.rawValue).joined(separator: ", "), raw: record)
                return
            }
            type = t
        }
        var indicator: Indicator
        do {
            indicator = try type.map { try Indicator.parse(rawIndicator, as: $0) } ?? Indicator.detect(rawIndicator)
        } catch {
            chunk.reject(line: line, .badIndicator, "\(error)", raw: record)
            return
        }
        var address = indicator.type == .ip ? IPAddress(indicator.value) : nil
        if indicator.type == .service, let colon = indicator.value.lastIndex(of: ":") {
            var host = indicator.value[..<colon]
            if host.hasPrefix("[") { host = host.dropFirst().dropLast() }
            address = IPAddress(host)
        }
        if let portValue = value["port"], portValue != .null {
            guard let text = portValue.numberText, let port = Int(text), (0...65535).contains(port) else {
                chunk.reject(line: line, .badPort, "\"port\" must be an integer 0-65535", raw: record)
                return
            }
            guard indicator.type == .ip, let ip = address else {
                chunk.reject(line: line, .badPort, "\"port\" is only allowed with an IP indicator", raw: record)
                return
            }
            var transport = Transport.tcp
            if let p = value["protocol"]?.stringValue {
                guard let t = Transport(text: p) else {
                    chunk.reject(line: line, .badPort, "\"protocol\" must be tcp, udp or sctp", raw: record)
                    return
                }
                transport = t
            }
            indicator = Indicator.service(address: ip, port: port, transport: transport)
        }
        if let resolved = value["resolved"], resolved != .null {
            guard indicator.type == .domain || indicator.type == .url else {
                chunk.reject(line: line, .badIndicator, "\"resolved\" is only allowed with a domain or URL indicator", raw: record)
                return
            }
            let items: [JSONValue]
            if case .array(let list) = resolved { items = list } else { items = [resolved] }
            for item in items {
                guard let text = item.stringValue, let ip = IPAddress(text) else {
                    chunk.reject(line: line, .badIndicator, "\"resolved\" must be an IP address or an array of them (the name's A/AAAA records)", raw: record)
                    return
                }
                if address == nil { address = ip }
            }
        }
        var seenAt = context.receivedAt
        if let t = value["seen_at"], t != .null {
            guard let parsed = (t.stringValue ?? t.numberText).flatMap({ UTCTime.parse($0) }) else {
                chunk.reject(line: line, .badTime, "\"seen_at\" must be ISO 8601 text or Unix seconds", raw: record)
                return
            }
            seenAt = parsed
        }
        let asn = value["asn"]?.numberText.flatMap { Int($0) }
        let note = value["note"]?.stringValue.map { String($0.prefix(200)) }
        chunk.observations.append(
            Observation(kind: kind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: asn, note: note,
                        address: address))
    }
}
