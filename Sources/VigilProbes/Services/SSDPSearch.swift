/// SSDP `M-SEARCH` sent unicast to one device on UDP 1900 (Shadowserver's open-SSDP test): a device that answers
/// from the internet is a reflector (and leaks its model). Nothing in an answer echoes a cookie, so answers are
/// matched by the target's address and the exchange's own source port, and read until the timeout (devices answer
/// once per service, over a few seconds).
public struct SSDPSearch: Sendable {
    /// One device answer.
    public struct Answer: Sendable, Hashable {
        /// The status line, such as `HTTP/1.1 200 OK`.
        public var status: String
        /// Headers by lowercased name: `server`, `location`, `st`, `usn` …
        public var headers: [String: String]
    }

    /// The request, unicast, for `upnp:rootdevice`.
    public static let request: [UInt8] = Array((
        "M-SEARCH * HTTP/1.1\r\nHost:239.255.255.250:1900\r\nST:upnp:rootdevice\r\nMan:\"ssdp:discover\"\r\nMX:3\r\n\r\n"
    ).utf8)

    /// At most this many answers are read per target.
    public static let answerCap = 64

    /// The request's size, for the amplification.
    public let requestBytes = SSDPSearch.request.count
    /// Valid answers, in order.
    public private(set) var answers: [Answer] = []
    /// Their payload bytes.
    public private(set) var responseBytes = 0
    /// Datagrams that were not SSDP answers.
    public private(set) var ignored = 0

    /// An exchange.
    public init() {}

    /// Takes one UDP payload; false when it is not an SSDP answer.
    @discardableResult
    public mutating func receive(_ p: [UInt8]) -> Bool {
        let text = String(decoding: p, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map(String.init)
        guard answers.count < Self.answerCap, let status = lines.first, status.hasPrefix("HTTP/1.") else {
            ignored += 1
            return false
        }
        lines.removeFirst()
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased().trimmingEdgesOfSpace()] = String(line[line.index(after: colon)...]).trimmingEdgesOfSpace()
        }
        answers.append(Answer(status: status.trimmingEdgesOfSpace(), headers: headers))
        responseBytes += p.count
        return true
    }

    /// True once the cap is reached; otherwise the exchange reads until its timeout.
    public var complete: Bool { answers.count >= Self.answerCap }

    /// Response payload bytes over request payload bytes.
    public var amplification: Double { Double(responseBytes) / Double(requestBytes) }

    /// `amplifier` once a device answered, else `silent`.
    public var verdict: AmplifierVerdict { answers.isEmpty ? .silent : .amplifier }
}
