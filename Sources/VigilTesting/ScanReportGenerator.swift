import Foundation

/// Writes a seeded Shadowserver-style `scan_telnet` CSV, shaped like the peer benchmark's input: public IPv4
/// addresses, a few ports, quoted banners with commas and escaped quotes, and exact duplicate rows.
public struct ScanReportGenerator: Sendable {
    /// Rows to write, duplicates included.
    public let rows: Int
    /// The seed.
    public let seed: UInt64
    /// Share of rows that repeat an earlier row exactly.
    public let duplicateShare: Double

    /// A generator.
    public init(rows: Int, seed: UInt64 = 42, duplicateShare: Double = 0.03) {
        self.rows = rows
        self.seed = seed
        self.duplicateShare = duplicateShare
    }

    /// Writes the file and returns the number of distinct `(ip, port)` pairs in it.
    @discardableResult
    public func write(to path: String) throws -> Int {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        let ports = [23, 23, 23, 2323, 5678, 8023]
        let banners = ["", "|BusyBox v1.22.1 (2019-03-05) built-in shell (ash)|login:", "|Welcome, \"\"admin\"\", to the router|Login:", "|MikroTik v6.45.3 (stable)|Login:"]
        var buffer = "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"region\",\"city\",\"naics\",\"sic\",\"banner\"\n"
        var previous: [String] = []
        var pairs = Set<UInt64>()
        for i in 0..<rows {
            let line: String
            if !previous.isEmpty && Double(next() % 10_000) / 10_000 < duplicateShare {
                line = previous[Int(next() % UInt64(previous.count))]
            } else {
                var ip = UInt32(truncatingIfNeeded: next())
                let first = ip >> 24
                if first == 0 || first == 10 || first == 127 || first >= 224 { ip = (ip & 0x00FF_FFFF) | (1 << 24) }
                let port = ports[Int(next() % UInt64(ports.count))]
                pairs.insert(UInt64(ip) << 16 | UInt64(port))
                let seconds = i * 86_400 / max(rows, 1)
                let time = String(format: "2024-05-01 %02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                let ipText = "\(ip >> 24).\((ip >> 16) & 255).\((ip >> 8) & 255).\(ip & 255)"
                line = "\"\(time)\",\"\(ipText)\",\"tcp\",\(port),\"\",\"telnet\",\(Int(next() % 400_000)),\"CN\",\"\",\"\",0,0,\"\(banners[Int(next() % UInt64(banners.count))])\"\n"
                if previous.count < 1000 { previous.append(line) } else { previous[Int(next() % 1000)] = line }
            }
            buffer += line
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        return pairs.count
    }
}
