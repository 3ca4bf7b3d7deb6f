import VigilCore

/// Reads generic CSV through a ``CSVMapping``.
struct CSVParser: FeedParser {
    let mapping: CSVMapping
    let context: FeedContext
    private var csv: CSVRecord
    private var resolved: [String: Int]?
    private var expectedFields: Int?
    private var setupError: String?
    private var indexes = Indexes()

    struct Indexes {
        var indicator = 0
        var kind: Int?
        var time: Int?
        var port: Int?
        var transport: Int?
        var asn: Int?
        var note: Int?
    }

    init(mapping: CSVMapping, context: FeedContext) {
        self.mapping = mapping
        self.context = context
        csv = CSVRecord(separator: mapping.separator)
    }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        if record.isEmpty { return }
        csv.split(record)
        if resolved == nil {
            var header: [String: Int] = [:]
            if mapping.hasHeader {
                for i in 0..<csv.count { header[csv.string(i).trimmingEdges().lowercased()] = i }
                expectedFields = csv.count
            }
            resolved = header
            resolveColumns(header)
            if mapping.hasHeader { return }
        }
        if let setupError {
            chunk.reject(line: line, .missingField, setupError, raw: record)
            return
        }
        if csv.unterminatedQuote {
            chunk.reject(line: line, .unterminatedQuote, "a quoted field is not closed; fix the quoting", raw: record)
            return
        }
        if let expectedFields, csv.count != expectedFields {
            chunk.reject(line: line, .fieldCount, "expected \(expectedFields) fields as in the header, found \(csv.count)", raw: record)
            return
        }
        let needed = [indexes.indicator, indexes.kind, indexes.time, indexes.port, indexes.transport, indexes.asn, indexes.note]
            .compactMap { $0 }.max() ?? 0
        guard needed < csv.count else {
            chunk.reject(line: line, .fieldCount, "the row has \(csv.count) fields; the mapping needs column #\(needed + 1)", raw: record)
            return
        }
        let rawIndicator = csv.string(indexes.indicator).trimmingEdges()
        guard !rawIndicator.isEmpty else {
            chunk.reject(line: line, .missingField, "the indicator column \(mapping.indicator) is empty", raw: record)
            return
        }
        var indicator: Indicator
        do {
            indicator = try mapping.indicatorType.map { try Indicator.parse(rawIndicator, as: $0) }
                ?? Indicator.detect(rawIndicator)
        } catch {
            chunk.reject(line: line, .badIndicator, "\(error)", raw: record)
            return
        }
        var address: IPAddress?
        if indicator.type == .ip { address = IPAddress(indicator.value) }
        if let p = indexes.port, !csv.isEmpty(p) {
            guard let ip = address else {
                chunk.reject(line: line, .badPort, "a port is given but the indicator '\(indicator.value.prefix(80))' is not an IP", raw: record)
                return
            }
            guard let port = csv.integer(p), port <= 65535 else {
                chunk.reject(line: line, .badPort, "'\(csv.string(p).prefix(20))' is not a port number 0-65535", raw: record)
                return
            }
            var transport = Transport.tcp
            if let t = indexes.transport, !csv.isEmpty(t) {
                guard let parsed = Transport(text: csv.string(t).trimmingEdges()) else {
                    chunk.reject(line: line, .badPort, "'\(csv.string(t).prefix(20))' is not tcp, udp or sctp", raw: record)
                    return
                }
                transport = parsed
            }
            indicator = Indicator.service(address: ip, port: port, transport: transport)
        }
        var kind = mapping.kind
        if let k = indexes.kind, !csv.isEmpty(k) {
            let name = csv.string(k).trimmingEdges()
            // A Vigil kind, or the wording of a Chinese report (僵尸网络, 仿冒网站, …).
            guard let parsed = ThreatKind(wireName: name) ?? ChineseThreatTerms.kind(for: name) else {
                chunk.reject(line: line, .badKind, "'\(name.prefix(40))' is neither a Vigil kind nor a known Chinese threat type; see `vigil kinds`", raw: record)
                return
            }
            kind = parsed
        }
        guard let finalKind = kind ?? ListParser.defaultKind(for: indicator.type) else {
            chunk.reject(line: line, .badKind, "no kind for this row: map a kind column or pass --kind", raw: record)
            return
        }
        var seenAt = context.receivedAt
        if let t = indexes.time, !csv.isEmpty(t) {
            let text = csv.string(t).trimmingEdges()
            guard let parsed = UTCTime.parse(text, localOffset: mapping.localOffset) else {
                chunk.reject(line: line, .badTime, "'\(text.prefix(40))' is not a time; use ISO 8601 or Unix seconds", raw: record)
                return
            }
            seenAt = parsed
        }
        let asn = indexes.asn.flatMap { csv.integer($0) }
        let note = indexes.note.flatMap { csv.isEmpty($0) ? nil : String(csv.string($0).prefix(200)) }
        chunk.observations.append(
            Observation(kind: finalKind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: asn, note: note,
                        address: address))
    }

    private mutating func resolveColumns(_ header: [String: Int]) {
        func index(_ column: CSVMapping.Column?) -> Int?? {
            guard let column else { return .some(nil) }
            switch column {
            case .number(let n): return .some(n - 1)
            case .name(let name):
                guard let i = header[name.lowercased()] else {
                    setupError = mapping.hasHeader
                        ? "the mapping names column '\(name)', which the header does not have; check --column"
                        : "the mapping names column '\(name)' but the file has no header; use column numbers"
                    return nil
                }
                return .some(i)
            }
        }
        guard let ind = index(mapping.indicator), let indicator = ind else { return }
        indexes.indicator = indicator
        guard let k = index(mapping.kindColumn), let t = index(mapping.time), let p = index(mapping.port),
            let tr = index(mapping.transport), let a = index(mapping.asn), let n = index(mapping.note)
        else { return }
        indexes.kind = k
        indexes.time = t
        indexes.port = p
        indexes.transport = tr
        indexes.asn = a
        indexes.note = n
    }
}
