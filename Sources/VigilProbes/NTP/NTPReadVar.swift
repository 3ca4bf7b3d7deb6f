/// NTP mode 6 `READVAR` of the system variables, as a pure state machine: the request carries a sequence number the
/// server echoes (the probe's cookie), and the exchange reassembles the answer's fragments by offset and reads the
/// `name=value` pairs (the device fingerprint: `version`, `system`, `processor` …).
public struct NTPReadVar: Sendable {
    /// The 12-byte request: VN 2, mode 6, opcode 2, `sequence`, association 0, offset 0, count 0.
    public static func request(sequence: UInt16) -> [UInt8] {
        [0x16, 0x02, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0, 0, 0, 0, 0, 0]
    }

    /// The probe's cookie: answers carrying another sequence are not ours.
    public let sequence: UInt16
    /// The request's size, for the amplification.
    public let requestBytes = 12
    /// Valid answer packets and their payload bytes.
    public private(set) var packets = 0
    public private(set) var responseBytes = 0
    /// Packets dropped: not mode 6, not a response, another sequence (not ours), or malformed.
    public private(set) var ignored = 0
    private var fragments: [Int: [UInt8]] = [:]
    private var lastEnd: Int?

    /// An exchange for the request with `sequence`.
    public init(sequence: UInt16) {
        self.sequence = sequence
    }

    /// Takes one UDP payload; false when it is not part of the answer to this request.
    @discardableResult
    public mutating func receive(_ p: [UInt8]) -> Bool {
        guard p.count >= 12, p[0] & 0x07 == 6, p[1] & 0x80 != 0, p[1] & 0x1F == 2,
              UInt16(p[2]) << 8 | UInt16(p[3]) == sequence, packets < 64 else {
            ignored += 1
            return false
        }
        let offset = Int(p[8]) << 8 | Int(p[9]), count = Int(p[10]) << 8 | Int(p[11])
        guard p.count >= 12 + count, p[1] & 0x40 == 0 else {
            ignored += 1
            return false
        }
        packets += 1
        responseBytes += p.count
        fragments[offset] = Array(p[12..<(12 + count)])
        if p[1] & 0x20 == 0 { lastEnd = offset + count }
        return true
    }

    /// True when every fragment up to the last one came.
    public var complete: Bool {
        guard let lastEnd else { return false }
        var at = 0
        while at < lastEnd {
            guard let f = fragments[at], !f.isEmpty else { return false }
            at += f.count
        }
        return at == lastEnd
    }

    /// The reassembled text, as far as it is contiguous from the start.
    public var text: String {
        var bytes: [UInt8] = []
        while let f = fragments[bytes.count], !f.isEmpty { bytes += f }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The variables, unquoted: `version` → `ntpd ntpsec-1.2.2`.
    public var variables: [String: String] {
        var out: [String: String] = [:]
        var name = "", value = "", inValue = false, quoted = false
        func flush() {
            let key = name.trimmingEdgesOfSpace()
            if !key.isEmpty { out[key] = value.trimmingEdgesOfSpace() }
            name = ""; value = ""; inValue = false
        }
        for c in text {
            if quoted {
                if c == "\"" { quoted = false } else { value.append(c) }
            } else if c == "\"" && inValue {
                quoted = true
            } else if c == "," {
                flush()
            } else if c == "=" && !inValue {
                inValue = true
            } else if inValue {
                value.append(c)
            } else if !c.isNewline {
                name.append(c)
            }
        }
        flush()
        return out
    }

    /// Response payload bytes over request payload bytes.
    public var amplification: Double { Double(responseBytes) / Double(requestBytes) }

    /// `mode6Responder` once any valid answer came, else `silent`.
    public var verdict: NTPVerdict { packets > 0 ? .mode6Responder : .silent }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingEdgesOfSpace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f.isNewline { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l.isNewline { s = s.dropLast() }
        return String(s)
    }
}
