/// NTP mode 7 `MON_GETLIST_1` ("monlist", CVE-2013-5211) as a pure state machine: the request, and an exchange that
/// takes the answering packets one by one, keeps only valid ones, and gives the verdict and the evidence
/// (packets, payload bytes, items, amplification). No sockets here: the prober feeds it.
public struct NTPMonlist: Sendable {
    /// `REQ_MON_GETLIST_1`.
    public static let requestCode: UInt8 = 42
    /// `IMPL_XNTPD`.
    public static let implementation: UInt8 = 3
    /// The size of `info_monitor_1`.
    public static let itemSize = 72
    /// At most this many packets are read per target (a full monlist is 100).
    public static let packetCap = 200

    /// The request: `17 00 03 2a`, then zero padding to `length` bytes (nmap sends 48).
    public static func request(length: Int = 48) -> [UInt8] {
        [0x17, 0x00, implementation, requestCode] + [UInt8](repeating: 0, count: max(0, length - 4))
    }

    /// What a target answered, so far.
    public private(set) var packets = 0
    /// UDP payload bytes of the valid answers.
    public private(set) var responseBytes = 0
    /// Monitor entries listed.
    public private(set) var items = 0
    /// Distinct client addresses among the entries (third-party data: counted, never published).
    public private(set) var peers = Set<[UInt8]>()
    /// The error code of an error answer (4: no data, the monitor is off).
    public private(set) var errorCode: Int?
    /// True when the last packet (M bit clear) came.
    public private(set) var complete = false
    /// Packets dropped as not an answer to this request.
    public private(set) var ignored = 0
    /// The request's size, for the amplification.
    public let requestBytes: Int

    /// An exchange for a request of `requestBytes`.
    public init(requestBytes: Int = 48) {
        self.requestBytes = requestBytes
    }

    /// Takes one UDP payload from the target's port 123; returns false when it is not a valid answer.
    @discardableResult
    public mutating func receive(_ p: [UInt8]) -> Bool {
        guard packets < Self.packetCap, p.count >= 8, p[0] & 0x80 != 0, p[0] & 0x07 == 7, p[3] == Self.requestCode, p[2] == Self.implementation || p[2] == 2
        else {
            ignored += 1
            return false
        }
        let error = Int(p[4]) >> 4
        let count = (Int(p[4]) & 0x0F) << 8 | Int(p[5])
        let size = (Int(p[6]) & 0x0F) << 8 | Int(p[7])
        if error != 0 {
            packets += 1
            responseBytes += p.count
            errorCode = error
            complete = true
            return true
        }
        guard size == Self.itemSize, count * size <= 500, p.count >= 8 + count * size else {
            ignored += 1
            return false
        }
        packets += 1
        responseBytes += p.count
        items += count
        for i in 0..<count {
            let item = 8 + i * size
            let v6 = p[item + 32] != 0 || p[item + 33] != 0 || p[item + 34] != 0 || p[item + 35] != 0
            peers.insert(v6 ? Array(p[(item + 40)..<(item + 56)]) : Array(p[(item + 16)..<(item + 20)]))
        }
        if p[0] & 0x40 == 0 { complete = true }
        return true
    }

    /// Response payload bytes over request payload bytes (Shadowserver's definition).
    public var amplification: Double { requestBytes == 0 ? 0 : Double(responseBytes) / Double(requestBytes) }

    /// The verdict so far.
    public var verdict: NTPVerdict {
        if items > 0 { return .monlistAmplifier }
        if errorCode == 4 { return .mode7EnabledNoData }
        if packets > 0 { return .notVulnerable }
        return .silent
    }
}

/// What an NTP probe found.
public enum NTPVerdict: String, Sendable, Hashable, Codable {
    /// Mode 7 monlist answered with entries: a DDoS reflector.
    case monlistAmplifier
    /// Mode 7 is enabled but the monitor has no data (error 4).
    case mode7EnabledNoData
    /// Mode 6 READVAR answered: the system variables leak and amplify (~30x).
    case mode6Responder
    /// It answered, but not with what the probe looks for.
    case notVulnerable
    /// Nothing valid came back.
    case silent
}
