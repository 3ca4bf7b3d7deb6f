import VigilCore

/// Reads a Shadowserver CSV report by its header: `timestamp`, `ip`, and for scans `protocol` and `port`.
/// Other columns are ignored; `asn` and `tag` are kept as evidence.
struct ShadowserverParser: FeedParser {
    let report: ShadowserverReport
    let context: FeedContext
    private var csv = CSVRecord()
    private var columns: [String: Int]?
    private var columnCount = 0
    private var ipIndex = -1
    private var timeIndex = -1
    private var portIndex: Int?
    private var protocolIndex: Int?
    private var asnIndex: Int?
    private var tagIndex: Int?
    private var headerError: String?

    init(report: ShadowserverReport, context: FeedContext) {
        self.report = report
        self.context = context
    }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        if record.isEmpty { return }
        csv.split(record)
        guard columns != nil else {
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
        guard csv.count == columnCount else {
            chunk.reject(line: line, .fieldCount, "expected \(columnCount) fields as in the header, found \(csv.count)", raw: record)
            return
        }
        var address = IPv4Address.parse(csv.bytes(ipIndex)).map(IPAddress.v4)
        var network: Indicator?
        if address == nil {
            let value = csv.string(ipIndex).trimmingEdges()
            address = IPAddress(value)
            if address == nil, !report.isService, let block = try? Indicator.cidr(value) {
                network = block
            }
            if address == nil && network == nil {
                chunk.reject(
                    line: line, value.isEmpty ? .missingField : .badIndicator,
                    value.isEmpty ? "the ip column is empty" : "'\(value.prefix(80))' is not an IP address"
                        + (report.isService ? "" : " or CIDR"), raw: record)
                return
            }
        }
        guard let seenAt = UTCTime.parse(csv.bytes(timeIndex)) else {
            chunk.reject(line: line, .badTime, "'\(csv.string(timeIndex).prefix(40))' is not a time; expected YYYY-MM-DD HH:MM:SS (UTC)", raw: record)
            return
        }
        let indicator: Indicator
        if let network {
            indicator = network
        } else if let address, report.isService {
            var transport = report.defaultTransport
            if let p = protocolIndex, !csv.isEmpty(p) {
                guard let t = Transport(text: csv.string(p)) else {
                    chunk.reject(line: line, .badPort, "'\(csv.string(p).prefix(20))' is not tcp, udp or sctp", raw: record)
                    return
                }
                transport = t
            }
            var port = report.defaultPort
            if let pi = portIndex, !csv.isEmpty(pi) {
                guard let v = csv.integer(pi), v <= 65535 else {
                    chunk.reject(line: line, .badPort, "'\(csv.string(pi).prefix(20))' is not a port number 0-65535", raw: record)
                    return
                }
                port = v
            }
            guard let port else {
                chunk.reject(line: line, .missingField, "the port column is empty and \(report.name) has no default port", raw: record)
                return
            }
            indicator = Indicator.service(address: address, port: port, transport: transport)
        } else if let address {
            indicator = Indicator(uncheckedType: .ip, value: address.description)
        } else {
            return
        }
        let asn = asnIndex.flatMap { csv.integer($0) }
        let note = tagIndex.flatMap { csv.isEmpty($0) ? nil : csv.string($0) }
        chunk.observations.append(
            Observation(kind: report.kind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: asn, note: note,
                        address: address))
    }

    private mutating func readHeader() {
        var map: [String: Int] = [:]
        for i in 0..<csv.count { map[csv.string(i).lowercased()] = i }
        columns = map
        columnCount = csv.count
        guard let ip = map["ip"] ?? map["src_ip"], let time = map["timestamp"] else {
            headerError = "the header has no 'timestamp' and 'ip' columns; is this a Shadowserver report of type \(report.name)?"
            return
        }
        ipIndex = ip
        timeIndex = time
        portIndex = map["port"] ?? map["src_port"]
        protocolIndex = map["protocol"]
        asnIndex = map["asn"]
        tagIndex = report.isService ? map["tag"] : (map["reason"] ?? map["tag"])
    }
}
