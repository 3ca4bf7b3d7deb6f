import VigilCore

/// Reads MISP event JSON: one event (`{"Event": {…}}`), a list of them, or a search response (`{"response": […]}`).
///
/// Each attribute, in the event or in one of its objects, is a row, numbered in file order. Attributes whose type
/// names an address, domain, URL, e-mail address, phone number or file hash become observations; the kind follows
/// the MISP type and category (table in docs/feeds.md). Other types (comments, links, registry keys, file names, …)
/// are rejected as `unsupported`, so they are counted and kept. The event's and the attribute's tags are kept in the
/// note, with the event's title and the attribute's comment.
struct MISPEventParser: FeedParser {
    let context: FeedContext
    private var attributeRow = 0

    init(context: FeedContext) { self.context = context }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        let document: JSONView
        do {
            document = try JSONView.parse(record)
        } catch {
            attributeRow += 1
            chunk.reject(line: attributeRow, .badJSON, "not a JSON object (\(error)); is this a MISP event export?", raw: record)
            return
        }
        let top = document.fields
        let eventView = top["Event"] ?? document
        let event = eventView.fields
        guard eventView.kind == .object, event["Attribute"] != nil || event["Object"] != nil || event["info"] != nil else {
            attributeRow += 1
            chunk.reject(line: attributeRow, .badJSON, "expected a MISP event ({\"Event\": {\"info\", \"Attribute\", …}})", raw: record)
            return
        }
        let eventTags = Self.tags(event["Tag"])
        let info = event["info"]?.string
        let eventTime = event["date"]?.string.flatMap { UTCTime.parse($0) }
            ?? event["timestamp"].flatMap(Self.epoch) ?? context.receivedAt
        event["Attribute"]?.forEachElement { attribute in
            attributeRow += 1
            read(attribute, objectName: nil, info: info, eventTags: eventTags, eventTime: eventTime, into: &chunk)
        }
        event["Object"]?.forEachElement { object in
            let name = object["name"]?.string
            object["Attribute"]?.forEachElement { attribute in
                attributeRow += 1
                read(attribute, objectName: name, info: info, eventTags: eventTags, eventTime: eventTime, into: &chunk)
            }
        }
    }

    private func read(
        _ view: JSONView, objectName: String?, info: String?, eventTags: [String], eventTime: Int64, into chunk: inout ParsedChunk
    ) {
        let attribute = view.fields
        func reject(_ code: RejectReason.Code, _ message: String) {
            chunk.rejects.append(Reject(row: attributeRow, reason: RejectReason(code, message), raw: String(decoding: view.bytes, as: UTF8.self)))
        }
        guard let type = attribute["type"]?.string, let value = attribute["value"]?.string, !value.isEmpty else {
            reject(.missingField, "a MISP attribute needs a type and a value")
            return
        }
        let category = attribute["category"]?.string ?? ""
        let tags = eventTags + Self.tags(attribute["Tag"])
        guard let (indicatorText, indicatorType, port, address) = Self.indicator(type: type, value: value) else {
            reject(.unsupported, "MISP type '\(type)' (\(category)) carries no indicator Vigil acts on; kept, not imported")
            return
        }
        let indicator: Indicator
        do {
            indicator = try Indicator.parse(indicatorText, as: indicatorType == .ip && indicatorText.contains("/") ? .cidr : indicatorType)
        } catch {
            reject(.badIndicator, "\(type) '\(value.prefix(80))': \(error)")
            return
        }
        let attributeTags = tags.count > eventTags.count ? " " + tags[eventTags.count...].joined(separator: " ") : ""
        let kind = Self.kind(type: type, category: category, indicator: indicator.type, hints: (info ?? "") + " " + eventTags.joined(separator: " ") + attributeTags)
        var seenAt = eventTime
        if let firstSeen = attribute["first_seen"] {
            guard let t = firstSeen.string.flatMap({ UTCTime.parse($0) }) else {
                reject(.badTime, "first_seen '\((firstSeen.string ?? "").prefix(40))' is not a time")
                return
            }
            seenAt = t
        } else if let stamp = attribute["timestamp"] {
            guard let t = Self.epoch(stamp), t > 0 else {
                reject(.badTime, "timestamp '\((stamp.text ?? "").prefix(40))' is not a Unix time")
                return
            }
            seenAt = t
        }
        var noteParts: [String] = []
        if let info { noteParts.append(info) }
        if let objectName { noteParts.append("object \(objectName)") }
        if let comment = attribute["comment"]?.string, !comment.isEmpty { noteParts.append(comment) }
        if let port { noteParts.append("port \(port)") }
        if attribute["to_ids"]?.text == "false" { noteParts.append("to_ids=false") }
        if !tags.isEmpty { noteParts.append("tags: " + tags.joined(separator: ", ")) }
        let resolved = indicator.type == .ip ? IPAddress(indicator.value) : address.flatMap { IPAddress($0) }
        chunk.observations.append(
            Observation(kind: kind, indicator: indicator, seenAt: seenAt, row: attributeRow,
                        note: noteParts.isEmpty ? nil : noteParts.joined(separator: " — ").clipped(500), address: resolved))
    }

    /// The indicator a MISP attribute holds: its text, type, a port and an address that go with it.
    static func indicator(type: String, value: String) -> (String, IndicatorType, String?, String?)? {
        func split(_ v: String) -> (String, String) {
            guard let bar = v.firstIndex(of: "|") else { return (v, "") }
            return (String(v[..<bar]), String(v[v.index(after: bar)...]))
        }
        switch type {
        case "ip-src", "ip-dst": return (value, .ip, nil, nil)
        case "ip-src|port", "ip-dst|port":
            let (ip, port) = split(value)
            return (ip, .ip, port, nil)
        case "domain", "hostname": return (value, .domain, nil, nil)
        case "domain|ip":
            let (domain, ip) = split(value)
            return (domain, .domain, nil, ip)
        case "hostname|port":
            let (host, port) = split(value)
            return (host, .domain, port, nil)
        case "url": return (value, .url, nil, nil)
        case "email", "email-src", "email-dst", "email-reply-to": return (value, .email, nil, nil)
        case "phone-number": return (value, .phone, nil, nil)
        case "md5", "sha1", "sha224", "sha256", "sha384", "sha512": return (value, .hash, nil, nil)
        case "filename|md5", "filename|sha1", "filename|sha256", "filename|sha512", "malware-sample":
            let (_, hash) = split(value)
            return hash.isEmpty ? nil : (hash, .hash, nil, nil)
        default: return nil
        }
    }

    /// The kind of an attribute, from its MISP type and category and the event's words and tags.
    static func kind(type: String, category: String, indicator: IndicatorType, hints: String) -> ThreatKind {
        let phishing = ASCIISearch.contains(hints, "phish")
        switch indicator {
        case .hash:
            if ASCIISearch.contains(hints, "ransomware") { return .ransomware }
            if ASCIISearch.contains(hints, "android") || ASCIISearch.contains(hints, "mobile") { return .mobileMalware }
            return .malwareSample
        case .url:
            if phishing { return .phishingURL }
            return category == "Network activity" && ASCIISearch.contains(hints, "c2") ? .c2Server : .malwareURL
        case .domain:
            if phishing { return .maliciousDomain }
            return category == "Network activity" && !type.hasPrefix("ip-src") ? .c2Server : .maliciousDomain
        case .ip, .cidr, .service:
            if type.hasPrefix("ip-src") { return .maliciousIP }
            return category == "Network activity" ? .c2Server : .maliciousIP
        case .email: return .phishingEmail
        case .phone: return .phishingSMS
        }
    }

    static func tags(_ value: JSONView?) -> [String] {
        var out: [String] = []
        value?.forEachElement { tag in if let name = tag["name"]?.string { out.append(name) } }
        return out
    }

    static func epoch(_ value: JSONView) -> Int64? {
        value.text.flatMap { Int64($0) }
    }
}
