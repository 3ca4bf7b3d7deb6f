import VigilCore

/// Reads plain lists: one IP, CIDR, domain or URL per line; `#` and `;` start comments; an optional second column
/// (after a tab, space or comma) is kept as the observation's note, as in IPsum (`ip<TAB>count`).
struct ListParser: FeedParser {
    let kind: ThreatKind?
    let context: FeedContext

    /// The kind a bare indicator gets when none is given.
    static func defaultKind(for type: IndicatorType) -> ThreatKind? {
        switch type {
        case .ip, .cidr: .maliciousIP
        case .domain: .maliciousDomain
        case .url: .malwareURL
        case .email: .phishingEmail
        case .phone: .phishingSMS
        case .hash: .malwareSample
        case .service: .exposedService
        }
    }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        var s = 0
        var e = record.count
        while s < e, record[s] == 0x20 || record[s] == 0x09 { s += 1 }
        while e > s, record[e - 1] == 0x20 || record[e - 1] == 0x09 { e -= 1 }
        if s == e || record[s] == UInt8(ascii: "#") || record[s] == UInt8(ascii: ";") { return }
        let body = UnsafeBufferPointer(rebasing: record[s..<e])
        guard let text = String(validating: body, as: UTF8.self) else {
            chunk.reject(line: line, .badEncoding, "the line is not valid UTF-8; convert the file to UTF-8", raw: record)
            return
        }
        var first = Substring(text)
        var note: String?
        if let cut = text.firstIndex(where: { $0 == "\t" || $0 == " " || $0 == "," }) {
            first = text[..<cut]
            var rest = text[text.index(after: cut)...].drop(while: { $0 == " " || $0 == "\t" || $0 == "," })
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            let trimmed = String(rest).trimmingEdges()
            note = trimmed.isEmpty ? nil : String(trimmed.prefix(200))
        }
        let indicator: Indicator
        do {
            indicator = try Indicator.detect(first)
        } catch {
            chunk.reject(line: line, .badIndicator, "\(error)", raw: record)
            return
        }
        guard let finalKind = kind ?? ListParser.defaultKind(for: indicator.type) else {
            chunk.reject(line: line, .badKind, "no kind for this indicator; pass --kind", raw: record)
            return
        }
        let address = indicator.type == .ip ? IPAddress(indicator.value) : nil
        chunk.observations.append(
            Observation(kind: finalKind, indicator: indicator, seenAt: context.receivedAt, row: line, note: note,
                        address: address))
    }
}
