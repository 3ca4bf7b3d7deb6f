import Foundation

/// Writes seeded STIX 2.1 bundles, MISP event lists and Suricata EVE logs of any size, for the feed benchmark and
/// for tests, streaming to disk so a million records never sit in memory.
public struct ExchangeFeedGenerator: Sendable {
    /// Records to write: STIX objects that carry indicators, MISP attributes, EVE events.
    public let records: Int
    /// The seed.
    public let seed: UInt64

    /// A generator.
    public init(records: Int, seed: UInt64 = 42) {
        self.records = records
        self.seed = seed
    }

    /// A SplitMix64 stream.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func address() -> String {
            let v = next()
            return "\(1 + (v >> 8) % 223).\((v >> 16) & 255).\((v >> 24) & 255).\(1 + (v >> 32) % 254)"
        }
        mutating func hex(_ count: Int) -> String {
            var out = ""
            while out.count < count { out += String(next(), radix: 16) }
            return String(out.prefix(count))
        }
    }

    /// Buffers text and writes it out in large blocks.
    final class Sink {
        let handle: FileHandle
        var buffer = ""
        init(path: String) throws {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            self.handle = handle
        }
        func write(_ text: String) {
            buffer += text
            if buffer.utf8.count > 1 << 20 { flush() }
        }
        func flush() {
            handle.write(Data(buffer.utf8))
            buffer = ""
        }
        func close() {
            flush()
            try? handle.close()
        }
    }

    static func uuid(_ r: inout Random) -> String {
        let h = r.hex(32)
        let a = Array(h)
        return String(a[0..<8]) + "-" + String(a[8..<12]) + "-4" + String(a[13..<16]) + "-a" + String(a[17..<20]) + "-" + String(a[20..<32])
    }

    /// A STIX bundle: indicators (addresses, domains, URLs, hashes, some compound `OR` patterns), each tenth
    /// indicating a malware object through a relationship.
    public func writeSTIX(to path: String) throws {
        var r = Random(state: seed)
        let sink = try Sink(path: path)
        sink.write(#"{"type": "bundle", "id": "bundle--\#(Self.uuid(&r))", "objects": ["# + "\n")
        let malwareID = "malware--\(Self.uuid(&r))"
        sink.write(#"{"type": "malware", "spec_version": "2.1", "id": "\#(malwareID)", "created": "2024-05-01T00:00:00.000Z", "modified": "2024-05-01T00:00:00.000Z", "name": "Bench RAT", "malware_types": ["remote-access-trojan"], "is_family": true}"#)
        for i in 0..<records {
            let id = "indicator--\(Self.uuid(&r))"
            let pattern: String
            switch i % 5 {
            case 0: pattern = "[ipv4-addr:value = '\(r.address())']"
            case 1: pattern = "[domain-name:value = 'h\(r.hex(10)).example.com']"
            case 2: pattern = "[url:value = 'http://\(r.address())/\(r.hex(8)).exe']"
            case 3: pattern = "[file:hashes.'SHA-256' = '\(r.hex(64))']"
            default: pattern = "[ipv4-addr:value = '\(r.address())'] OR [domain-name:value = 'c\(r.hex(8)).example.net']"
            }
            let day = 1 + i % 28
            sink.write(",\n" + #"{"type": "indicator", "spec_version": "2.1", "id": "\#(id)", "created": "2024-05-\#(day < 10 ? "0" : "")\#(day)T08:00:00.000Z", "modified": "2024-05-\#(day < 10 ? "0" : "")\#(day)T08:00:00.000Z", "name": "bench indicator \#(i)", "indicator_types": ["malicious-activity"], "pattern": "\#(pattern)", "pattern_type": "stix", "valid_from": "2024-05-\#(day < 10 ? "0" : "")\#(day)T08:00:00Z"}"#)
            if i % 10 == 0 {
                sink.write(",\n" + #"{"type": "relationship", "spec_version": "2.1", "id": "relationship--\#(Self.uuid(&r))", "created": "2024-05-01T00:00:00.000Z", "modified": "2024-05-01T00:00:00.000Z", "relationship_type": "indicates", "source_ref": "\#(id)", "target_ref": "\#(malwareID)"}"#)
            }
        }
        sink.write("\n]}\n")
        sink.close()
    }

    /// A list of MISP events of 1,000 attributes each (addresses, domains, URLs, hashes, and some comments).
    public func writeMISP(to path: String) throws {
        var r = Random(state: seed)
        let sink = try Sink(path: path)
        sink.write("[")
        var written = 0
        var event = 0
        while written < records {
            if event > 0 { sink.write(",\n") }
            sink.write(#"{"Event": {"id": "\#(event + 1)", "info": "Bench event \#(event)", "date": "2024-05-01", "uuid": "\#(Self.uuid(&r))", "Tag": [{"name": "tlp:white"}], "Attribute": ["#)
            let count = min(1000, records - written)
            for a in 0..<count {
                let (type, category, value): (String, String, String)
                switch a % 6 {
                case 0: (type, category, value) = ("ip-dst", "Network activity", r.address())
                case 1: (type, category, value) = ("domain", "Network activity", "d\(r.hex(10)).example.org")
                case 2: (type, category, value) = ("url", "Payload delivery", "http://\(r.address())/\(r.hex(6))")
                case 3: (type, category, value) = ("md5", "Payload delivery", r.hex(32))
                case 4: (type, category, value) = ("ip-src", "Network activity", r.address())
                default: (type, category, value) = ("comment", "Other", "analyst note \(a)")
                }
                sink.write((a > 0 ? ", " : "") + #"{"id": "\#(written + a + 1)", "type": "\#(type)", "category": "\#(category)", "to_ids": true, "uuid": "\#(Self.uuid(&r))", "timestamp": "\#(1_714_521_600 + a)", "comment": "", "value": "\#(value)"}"#)
            }
            sink.write("]}}")
            written += count
            event += 1
        }
        sink.write("]\n")
        sink.close()
    }

    /// An EVE log: C2 and scan alerts, and one DNS event in ten.
    public func writeEVE(to path: String) throws {
        var r = Random(state: seed)
        let sink = try Sink(path: path)
        for i in 0..<records {
            let second = i % 60
            let time = "2024-05-01T10:\((i / 60) % 60 < 10 ? "0" : "")\((i / 60) % 60):\(second < 10 ? "0" : "")\(second).\(r.below(999_999))+0800"
            switch i % 10 {
            case 0:
                sink.write(#"{"timestamp":"\#(time)","flow_id":\#(r.next() >> 12),"event_type":"dns","src_ip":"10.1.\#(r.below(255)).\#(r.below(255))","src_port":\#(1024 + r.below(60000)),"dest_ip":"10.1.0.53","dest_port":53,"proto":"UDP","dns":{"type":"query","id":\#(r.below(65535)),"rrname":"h\#(r.hex(8)).example.com","rrtype":"A","tx_id":0}}"# + "\n")
            case 1, 2, 3:
                sink.write(#"{"timestamp":"\#(time)","flow_id":\#(r.next() >> 12),"in_iface":"eth0","event_type":"alert","src_ip":"10.1.\#(r.below(255)).\#(r.below(255))","src_port":\#(1024 + r.below(60000)),"dest_ip":"\#(r.address())","dest_port":443,"proto":"TCP","direction":"to_server","alert":{"action":"allowed","gid":1,"signature_id":2030001,"rev":3,"signature":"ET MALWARE Cobalt Strike Beacon Observed","category":"A Network Trojan was detected","severity":1,"metadata":{"malware_family":["Cobalt_Strike"],"attack_target":["Client_Endpoint"]}},"app_proto":"tls"}"# + "\n")
            default:
                sink.write(#"{"timestamp":"\#(time)","flow_id":\#(r.next() >> 12),"in_iface":"eth0","event_type":"alert","src_ip":"\#(r.address())","src_port":\#(1024 + r.below(60000)),"dest_ip":"10.1.\#(r.below(255)).\#(r.below(255))","dest_port":22,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2001219,"rev":20,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":2}}"# + "\n")
            }
        }
        sink.close()
    }
}
