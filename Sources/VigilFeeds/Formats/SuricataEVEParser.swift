import VigilCore

/// Reads Suricata's EVE JSON log, one event per line.
///
/// An `alert` becomes observations. For a command-and-control alert (rule metadata `malware_family`, a C2 tag, a
/// trojan or C2 category, or "CnC"/"C2" in the signature) the compromised host is the flow's client — the internal
/// host that called out — and the server is the C2; for any other alert the flow's client is the attacking source.
/// The flow's client is the packet's source unless the alert fired on a reply (`direction: to_client`). The
/// signature, its id and category are the note.
///
/// Every other event (`dns`, `http`, `tls`, `fileinfo`, `flow`, …) is evidence, not a threat: it is kept as it
/// came, with the code `evidence`, so `vigil rejects` shows it and nothing is lost.
struct SuricataEVEParser: FeedParser {
    let context: FeedContext

    init(context: FeedContext) { self.context = context }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        guard let (_, event) = JSONRecord.object(record, line: line, advice: "EVE logs are JSON objects, one per line", into: &chunk) else {
            return
        }
        guard let type = event["event_type"]?.string else {
            chunk.reject(line: line, .badJSON, "an EVE event must be a JSON object with an event_type", raw: record)
            return
        }
        guard type == "alert", let alertView = event["alert"] else {
            let what = [event["src_ip"]?.string, event["dest_ip"]?.string].compactMap { $0 }.joined(separator: " → ")
            chunk.reject(line: line, .evidence, "Suricata \(type) event\(what.isEmpty ? "" : " \(what)"), kept as evidence", raw: record)
            return
        }
        guard let timeText = event["timestamp"]?.string else {
            chunk.reject(line: line, .missingField, "the alert has no timestamp", raw: record)
            return
        }
        guard let seenAt = UTCTime.parse(timeText) else {
            chunk.reject(line: line, .badTime, "'\(timeText.prefix(40))' is not an EVE timestamp", raw: record)
            return
        }
        guard let source = event["src_ip"]?.string, let destination = event["dest_ip"]?.string else {
            chunk.reject(line: line, .missingField, "the alert has no src_ip and dest_ip", raw: record)
            return
        }
        let alert = alertView.fields
        let reply = event["direction"]?.string == "to_client" || alert["direction"]?.string == "to_client"
        let client = reply ? destination : source
        let server = reply ? source : destination
        let serverPort = (reply ? event["src_port"] : event["dest_port"])?.text
        let signature = alert["signature"]?.string ?? ""
        let category = alert["category"]?.string ?? ""
        let metadata = alert["metadata"]?.fields
        let family = metadata?["malware_family"].flatMap { value in value.kind == .array ? value.strings.first : value.string }
        let tags = (metadata?["tag"]?.strings ?? []).map { $0.lowercased() }
        let isC2 = family != nil || category == "A Network Trojan was detected" || tags.contains { $0 == "c2" || $0.hasPrefix("command") }
            || ASCIISearch.contains(signature, "cnc") || ASCIISearch.contains(signature, " c2") || ASCIISearch.contains(signature, "command and control")
            || ASCIISearch.contains(category, "command and control")
        let note = [signature, alert["signature_id"]?.text.map { "sid \($0)" }, category.isEmpty ? nil : category, family]
            .compactMap { $0 }.joined(separator: " — ")
        func add(_ kind: ThreatKind, _ address: String, extra: String? = nil) -> Bool {
            guard let ip = IPAddress(address) else { return false }
            let text = extra.map { note + " — " + $0 } ?? note
            chunk.observations.append(
                Observation(kind: kind, indicator: Indicator(uncheckedType: .ip, value: ip.description), seenAt: seenAt, row: line,
                            note: text.clipped(300), address: ip))
            return true
        }
        if isC2 {
            guard add(.compromisedHost, client) else {
                chunk.reject(line: line, .badIndicator, "'\(client.prefix(60))' is not an IP address", raw: record)
                return
            }
            _ = add(.c2Server, server, extra: serverPort.map { "port \($0)" })
        } else if !add(.maliciousIP, client) {
            chunk.reject(line: line, .badIndicator, "'\(client.prefix(60))' is not an IP address", raw: record)
        }
    }
}
