/// A DNS message: the header, the question and the three record sections, parsed from the wire with name
/// compression followed (and bounded), or built as a query.
public struct DNSMessage: Sendable, Hashable {
    public var id: UInt16
    /// The flags word: QR, opcode, AA, TC, RD, RA, AD, CD, and the response code's low bits.
    public var flags: UInt16
    public var questions: [Question] = []
    public var answers: [DNSRecord] = []
    public var authority: [DNSRecord] = []
    public var additional: [DNSRecord] = []

    /// A question: a name and a type (class IN).
    public struct Question: Sendable, Hashable {
        public var name: String
        public var type: UInt16
    }

    public var isResponse: Bool { flags & 0x8000 != 0 }
    public var authoritative: Bool { flags & 0x0400 != 0 }
    public var truncated: Bool { flags & 0x0200 != 0 }
    public var recursionDesired: Bool { flags & 0x0100 != 0 }
    public var recursionAvailable: Bool { flags & 0x0080 != 0 }
    /// The resolver says it validated the answer with DNSSEC.
    public var authenticData: Bool { flags & 0x0020 != 0 }
    /// The response code (extended codes above 15 are not read).
    public var responseCode: DNSResponseCode? { DNSResponseCode(rawValue: UInt8(flags & 0x000F)) }
    /// The raw response code.
    public var rawResponseCode: Int { Int(flags & 0x000F) }

    /// A query for `name` and `type`: recursion desired unless told otherwise; with `dnssec`, an EDNS record asking
    /// for signatures (DO) and checking disabled (CD), so that the probe validates for itself.
    public static func query(id: UInt16, name: String, type: UInt16, recursion: Bool = true, dnssec: Bool = false) -> [UInt8] {
        var flags: UInt16 = recursion ? 0x0100 : 0
        if dnssec { flags |= 0x0010 }
        var out: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), UInt8(flags >> 8), UInt8(flags & 0xFF), 0, 1, 0, 0, 0, 0, 0, dnssec ? 1 : 0]
        out += encode(name: name)
        out += [UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
        if dnssec { out += [0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0] } // OPT: 1232-byte UDP size, DO
        return out
    }

    /// The uncompressed, lowercased wire form of a name (labels longer than 63 bytes are cut).
    public static func encode(name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.lowercased().split(separator: ".") {
            let bytes = Array(label.utf8.prefix(63))
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
        return out
    }

    /// Parses a message; nil when it is malformed.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 12 else { return nil }
        var reader = Reader(bytes: bytes, at: 12)
        id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        flags = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        let counts = (0..<4).map { Int(bytes[4 + 2 * $0]) << 8 | Int(bytes[5 + 2 * $0]) }
        guard counts[0] <= 4 && counts[1] + counts[2] + counts[3] <= 512 else { return nil }
        for _ in 0..<counts[0] {
            guard let name = reader.name(), let type = reader.u16(), reader.u16() != nil else { return nil }
            questions.append(Question(name: name, type: type))
        }
        for (section, count) in counts.dropFirst().enumerated() {
            for _ in 0..<count {
                guard let record = reader.record() else { return nil }
                switch section {
                case 0: answers.append(record)
                case 1: authority.append(record)
                default: additional.append(record)
                }
            }
        }
    }

    /// A reader over a message's bytes.
    struct Reader {
        let bytes: [UInt8]
        var at: Int

        mutating func u16() -> UInt16? {
            guard at + 2 <= bytes.count else { return nil }
            defer { at += 2 }
            return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
        }

        mutating func u32() -> UInt32? {
            guard let high = u16(), let low = u16() else { return nil }
            return UInt32(high) << 16 | UInt32(low)
        }

        /// A name at the cursor, following compression pointers (at most 64 jumps), lowercased.
        mutating func name() -> String? {
            var labels: [String] = []
            var position = at, jumps = 0, end: Int?
            while true {
                guard position < bytes.count else { return nil }
                let length = Int(bytes[position])
                if length & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count, jumps < 64 else { return nil }
                    if end == nil { end = position + 2 }
                    position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    jumps += 1
                } else if length == 0 {
                    at = end ?? position + 1
                    return labels.joined(separator: ".")
                } else {
                    guard length <= 63, position + 1 + length <= bytes.count, labels.count < 128 else { return nil }
                    labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self).lowercased())
                    position += 1 + length
                }
            }
        }

        mutating func record() -> DNSRecord? {
            guard let owner = name(), let type = u16(), let recordClass = u16(), let ttl = u32(), let length = u16().map(Int.init),
                  at + length <= bytes.count else { return nil }
            let start = at, end = at + length
            var record = DNSRecord(name: owner, type: type, recordClass: recordClass, ttl: ttl, data: Array(bytes[start..<end]))
            // Names inside the data: expanded and lowercased (canonical form).
            switch type {
            case DNSRecordType.ns, DNSRecordType.cname, DNSRecordType.ptr:
                guard let target = name() else { return nil }
                record.target = target
                record.data = DNSMessage.encode(name: target)
            case DNSRecordType.mx:
                guard let preference = u16(), let exchange = name() else { return nil }
                record.target = exchange
                record.data = [UInt8(preference >> 8), UInt8(preference & 0xFF)] + DNSMessage.encode(name: exchange)
            case DNSRecordType.soa:
                guard let mname = name(), let rname = name(), at + 20 <= end else { return nil }
                record.data = DNSMessage.encode(name: mname) + DNSMessage.encode(name: rname) + Array(bytes[at..<(at + 20)])
            default:
                break
            }
            at = end
            return record
        }
    }
}
