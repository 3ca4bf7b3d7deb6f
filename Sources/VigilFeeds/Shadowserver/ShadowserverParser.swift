import VigilCore

/// Reads a Shadowserver CSV report through its compiled ``ShadowserverReport``: columns are found by the header's
/// names, so column order and extra columns do not matter.
///
/// The indicator is the report's service (`ip:port/proto`) for scans of hazard kinds, else its URL, host name,
/// looked-up name or e-mail address for types about those, else its address or network. The malware family, or
/// else the tag, is kept as the note; the AS number as the reported ASN.
struct ShadowserverParser: FeedParser {
    let report: ShadowserverReport
    let context: FeedContext
    private let kind: ThreatKind
    private let isService: Bool
    private let defaultPort: Int?
    private let defaultTransport: Transport
    private var csv = CSVRecord()
    private var sawHeader = false
    private var columnCount = 0
    private var headerError: String?
    /// Column position per ``Slot`` (by raw value), -1 when the header lacks it.
    private var positions = [Int](repeating: -1, count: Slot.allCases.count)
    /// The indicator columns to try, in order, with what they hold.
    private var indicatorOrder: [(slot: Slot, type: IndicatorType)] = []
    /// The highest column position the parser reads.
    private var lastUsedPosition = -1
    private let tagDecidesKind: Bool

    /// The columns the parser reads.
    enum Slot: Int, CaseIterable {
        case time, ip, port, transport, network, url, destinationURL, fqdn, query, account, email, asn, malware, family, tag
    }

    init(report: ShadowserverReport, context: FeedContext) {
        self.report = report
        self.context = context
        kind = report.kind
        isService = report.isService
        (defaultPort, defaultTransport) = report.defaultService
        tagDecidesKind = report.name.hasSuffix("_exchange")
    }

    /// The position of a slot's column, or nil.
    @inline(__always) private func index(_ slot: Slot) -> Int? {
        let i = positions[slot.rawValue]
        return i < 0 ? nil : i
    }

    private func column(_ slot: Slot) -> String? {
        let c = report.columns
        return switch slot {
        case .time: c.time
        case .ip: c.ip
        case .port: c.port
        case .transport: c.transport
        case .network: c.network
        case .url: c.url
        case .destinationURL: kind == .malwareURL || kind == .phishingURL ? c.destinationURL : nil
        case .fqdn: c.fqdn
        case .query: c.query
        case .account: c.account
        case .email: c.email
        case .asn: c.asn
        case .malware: c.malware
        case .family: c.family
        case .tag: c.tag
        }
    }

    /// Header names that mean the same column in older and newer layouts.
    static let synonyms: [String: [String]] = [
        "ip": ["src_ip"], "src_ip": ["ip"], "port": ["src_port"], "src_port": ["port"], "asn": ["src_asn"],
        "src_asn": ["asn"], "protocol": ["transport"],
    ]

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        if record.isEmpty { return }
        csv.split(record)
        guard sawHeader else {
            readHeader()
            return
        }
        if let headerError {
            chunk.reject(line: line, .missingField, headerError, raw: record)
            return
        }
        if csv.unterminatedQuote {
            chunk.reject(line: line, .unterminatedQuote, "a quoted field is not closed; fix the quoting", raw: record)
            return
        }
        // Shadowserver's files (and IntelMQ) let a row stop short of the header when the missing trailing fields are
        // empty; such a row is read when every column Vigil uses is present. A row with more fields than the header
        // is ambiguous and rejected.
        guard csv.count == columnCount || (csv.count < columnCount && csv.count > lastUsedPosition) else {
            chunk.reject(line: line, .fieldCount, "expected \(columnCount) fields as in the header, found \(csv.count)", raw: record)
            return
        }
        guard let timeColumn = index(.time), let seenAt = UTCTime.parse(csv.bytes(timeColumn)) else {
            let text = index(.time).map { csv.string($0) } ?? ""
            chunk.reject(
                line: line, text.isEmpty ? .missingField : .badTime,
                text.isEmpty ? "the \(report.columns.time) column is empty"
                    : "'\(text.prefix(40))' is not a time; expected YYYY-MM-DD HH:MM:SS (UTC)", raw: record)
            return
        }
        var address: IPAddress?
        if let i = index(.ip), !csv.isEmpty(i) {
            address = IPv4Address.parse(csv.bytes(i)).map(IPAddress.v4) ?? IPAddress(csv.string(i).trimmingEdges())
        }
        var problem: Problem?
        guard let indicator = makeIndicator(address: address, problem: &problem) else {
            let problem = problem ?? Problem(code: .missingField, message: "the row has no indicator")
            chunk.reject(line: line, problem.code, problem.message, raw: record)
            return
        }
        let asn = index(.asn).flatMap { csv.integer($0) }.flatMap { $0 == 0 ? nil : $0 }
        let malware = (index(.malware).flatMap { csv.isEmpty($0) ? nil : csv.string($0) })
            ?? (index(.family).flatMap { csv.isEmpty($0) ? nil : csv.string($0) })
        let tag = index(.tag).flatMap { csv.isEmpty($0) ? nil : csv.string($0) }
        let rowKind = tagDecidesKind ? ShadowserverKindTable.kind(for: report, tag: tag.map { Substring($0) }) : kind
        chunk.observations.append(
            Observation(kind: rowKind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: asn, note: malware ?? tag,
                        address: indicator.type == .ip || indicator.type == .service ? address : nil))
    }

    struct Problem: Error {
        let code: RejectReason.Code
        let message: String
    }

    /// The row's indicator, taken from the first of the report's indicator columns that is filled in.
    private func makeIndicator(address: IPAddress?, problem: inout Problem?) -> Indicator? {
        if isService, let address {
            var transport = defaultTransport
            if let p = index(.transport), !csv.isEmpty(p) {
                guard let t = Transport(text: csv.string(p)) else {
                    problem = Problem(code: .badPort, message: "'\(csv.string(p).prefix(20))' is not tcp, udp or sctp")
                    return nil
                }
                transport = t
            }
            var port = defaultPort
            if let pi = index(.port), !csv.isEmpty(pi) {
                guard let v = csv.integer(pi), v <= 65535 else {
                    problem = Problem(code: .badPort, message: "'\(csv.string(pi).prefix(20))' is not a port number 0-65535")
                    return nil
                }
                port = v
            }
            // Without a port the exposed service is still an exposed address.
            if let port { return Indicator.service(address: address, port: port, transport: transport) }
            return Indicator(uncheckedType: .ip, value: address.description)
        }
        for (slot, type) in indicatorOrder {
            guard let i = index(slot), !csv.isEmpty(i) else { continue }
            if slot == .ip {
                if let address { return Indicator(uncheckedType: .ip, value: address.description) }
                let value = csv.string(i).trimmingEdges()
                // Block lists put networks in the ip column.
                if let block = try? Indicator.cidr(value) { return block }
                problem = Problem(code: .badIndicator, message: "'\(value.prefix(80))' in column \(column(slot) ?? "ip") is not an IP address")
                return nil
            }
            var value = csv.string(i).trimmingEdges()
            if type == .cidr, !value.contains("/") { continue }
            if type == .domain, let schemeEnd = value.firstRange(of: "://") {
                // A website column may hold a URL; the host is the name.
                value = String(value[schemeEnd.upperBound...].prefix(while: { $0 != "/" && $0 != ":" && $0 != "?" }))
            }
            do {
                return try Indicator.parse(value, as: type)
            } catch {
                problem = Problem(
                    code: .badIndicator,
                    message: "'\(value.prefix(80))' in column \(column(slot) ?? "?") is not a valid \(type.rawValue)")
                return nil
            }
        }
        let wanted = indicatorOrder.compactMap { column($0.slot) }
        problem = Problem(
            code: .missingField,
            message: wanted.isEmpty ? "\(report.name) rows name nothing Vigil can act on"
                : "the row has no indicator: " + wanted.joined(separator: ", ") + " are all empty")
        return nil
    }

    private mutating func readHeader() {
        sawHeader = true
        columnCount = csv.count
        var byName: [String: Int] = [:]
        for i in 0..<csv.count {
            let name = csv.string(i).trimmingEdges().lowercased()
            if byName[name] == nil { byName[name] = i }
        }
        for slot in Slot.allCases {
            guard let name = column(slot) else { continue }
            if let i = byName[name] ?? Self.synonyms[name]?.lazy.compactMap({ byName[$0] }).first { positions[slot.rawValue] = i }
        }
        let order: [(slot: Slot, type: IndicatorType)] =
            switch kind {
            case .malwareURL, .phishingURL: [(.url, .url), (.destinationURL, .url), (.fqdn, .domain), (.network, .cidr), (.ip, .ip)]
            case .maliciousDomain: [(.query, .domain), (.fqdn, .domain), (.network, .cidr), (.ip, .ip)]
            case .dataLeak: [(.email, .email), (.account, .email), (.fqdn, .domain), (.ip, .ip)]
            case .compromisedHost: [(.fqdn, .domain), (.network, .cidr), (.ip, .ip), (.email, .email)]
            default: [(.network, .cidr), (.ip, .ip), (.fqdn, .domain), (.url, .url), (.email, .email)]
            }
        indicatorOrder = order.filter { index($0.slot) != nil }
        lastUsedPosition = positions.max() ?? -1
        let indicatorSlots: [Slot] = [.ip, .network, .url, .destinationURL, .fqdn, .query, .account, .email]
        if index(.time) == nil || !indicatorSlots.contains(where: { index($0) != nil }) {
            let wanted = [report.columns.time] + indicatorSlots.compactMap { column($0) }.prefix(2)
            headerError = "the header has no '\(wanted.joined(separator: "', '"))' columns; is this a Shadowserver "
                + "report of type \(report.name)? Name the file YYYY-MM-DD-<type>-….csv or pass --report-type"
        }
    }
}
