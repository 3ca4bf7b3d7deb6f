import Foundation
import VigilAttribution
import VigilCore
import VigilFeeds

/// A realistic, seeded mixed data set for `vigil demo`: Shadowserver scan reports, a CNCERT-style JSON Lines
/// feed covering every category, an IPsum-style list and an operator's CSV, with overlaps between them and a
/// few malformed rows, over addresses spread across China's provinces and operators.
public struct DemoDataset: Sendable {
    /// One generated input and how to ingest it.
    public struct Input: Sendable {
        public var path: String
        public var format: FeedFormat
        public var source: String
    }

    /// The files, in ingest order.
    public let inputs: [Input]

    /// Writes the data set into `directory` (created if needed).
    /// `start` is the first day's midnight (UTC seconds; default 2018-10-01) and the data covers 90 days from it;
    /// `reportDays` are the days (from `start`) with a Shadowserver scan report of each type.
    public init(
        directory: String, seed: UInt64 = 20181001, scale: Int = 1, table: RefTable = .shipped, start: Int64 = 1_538_352_000, reportDays: [Int] = [0, 1]
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: seed)
        let day0 = start
        // Ranges attributed to a mainland province, to draw addresses from.
        let chinese = table.v4Starts.indices.filter { i in
            let a = table.attributions[Int(table.v4Records[i])]
            return a.countryCode == "CN" && a.provinceCode != nil
        }
        func cnAddress() -> String {
            guard let i = chinese.randomElement(using: &rng) else { return "203.0.113.\(Int.random(in: 1...254, using: &rng))" }
            let start = table.v4Starts[i]
            let end = i + 1 < table.v4Starts.count ? table.v4Starts[i + 1] - 1 : UInt32.max
            let v = start &+ UInt32(UInt64.random(in: 0...UInt64(end - start), using: &rng))
            return IPv4Address(v).description
        }
        func stamp(_ t: Int64) -> String {
            let iso = UTCTime.format(t)
            return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
        }
        var inputs: [Input] = []
        func write(_ name: String, _ lines: [String]) throws -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        // Shadowserver scan reports on the report days; each later report re-reports a third of the first one's services.
        let scans: [(String, String, Int, Int)] = [
            ("scan_ntpmonitor", "udp", 123, 900), ("scan_dns", "udp", 53, 700), ("scan_telnet", "tcp", 23, 800),
            ("scan_redis", "tcp", 6379, 300), ("scan_snmp", "udp", 161, 400), ("scan_chargen", "udp", 19, 150),
            ("scan_portmapper", "udp", 111, 250), ("scan_ntp", "udp", 123, 350),
        ]
        var c2Pool: [String] = []
        for (type, proto, port, baseCount) in scans {
            let count = baseCount * scale
            let ips = (0..<count).map { _ in cnAddress() }
            c2Pool.append(contentsOf: ips.prefix(5))
            for (n, day) in reportDays.enumerated() {
                var lines = ["\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"region\",\"city\""]
                let chosen = n == 0 ? ips : Array(ips.prefix(count / 3)) + (0..<(count / 5)).map { _ in cnAddress() }
                for ip in chosen {
                    let t = day0 + Int64(day) * 86_400 + Int64.random(in: 0..<86_400, using: &rng)
                    lines.append("\"\(stamp(t))\",\"\(ip)\",\"\(proto)\",\(port),\"\",\"\(type.dropFirst(5))\",4134,\"CN\",\"\",\"\"")
                }
                let date = String(UTCTime.format(day0 + Int64(day) * 86_400).prefix(10))
                inputs.append(Input(path: try write("\(date)-\(type)-cn-geo.csv", lines), format: .shadowserver(reportType: nil), source: "shadowserver"))
            }
        }

        // CNCERT-style JSON Lines: every category, plus some malformed rows.
        let tlds = ["com", "net", "cn", "top", "xyz", "info", "com.cn"]
        func word() -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            return String((0..<Int.random(in: 5...10, using: &rng)).map { _ in letters.randomElement(using: &rng) ?? "a" })
        }
        func hex(_ n: Int) -> String { (0..<n).map { _ in String(Int.random(in: 0..<16, using: &rng), radix: 16) }.joined() }
        var jsonl: [String] = []
        func add(_ kind: ThreatKind, _ indicator: String, extra: String = "") {
            let t = day0 + Int64.random(in: 0..<(90 * 86_400), using: &rng)
            jsonl.append("{\"kind\":\"\(kind.rawValue)\",\"indicator\":\"\(indicator)\",\"seen_at\":\"\(UTCTime.format(t))\"\(extra)}")
        }
        for _ in 0..<(150 * scale) { add(.c2Server, c2Pool.randomElement(using: &rng) ?? cnAddress()) }
        for _ in 0..<(200 * scale) { add(.maliciousIP, cnAddress()) }
        for _ in 0..<(250 * scale) { add(.maliciousDomain, "\(word()).\(tlds.randomElement(using: &rng) ?? "com")") }
        for _ in 0..<(200 * scale) { add(.phishingURL, "http://\(word()).\(tlds.randomElement(using: &rng) ?? "com")/login/\(word()).html") }
        for _ in 0..<(120 * scale) { add(.malwareURL, "http://\(cnAddress()):8080/\(word()).apk") }
        for _ in 0..<(60 * scale) { add(.phishingEmail, "\(word())@\(word()).com") }
        for _ in 0..<(60 * scale) { add(.phishingSMS, "1\(Int.random(in: 3...9, using: &rng))\(Int.random(in: 100_000_000...999_999_999, using: &rng))") }
        for _ in 0..<(180 * scale) { add(.trojan, hex(64)) }
        for _ in 0..<(80 * scale) { add(.virus, hex(32)) }
        for _ in 0..<(120 * scale) { add(.bot, cnAddress()) }
        for _ in 0..<(150 * scale) { add(.mobileMalware, hex(40)) }
        for _ in 0..<(40 * scale) { add(.ransomware, hex(64)) }
        for _ in 0..<(120 * scale) { add(.vulnerability, cnAddress(), extra: ",\"port\":443,\"protocol\":\"tcp\",\"note\":\"CVE-2018-11776\"") }
        for _ in 0..<(160 * scale) { add(.weakPassword, cnAddress(), extra: ",\"port\":22,\"protocol\":\"tcp\"") }
        for _ in 0..<(60 * scale) { add(.backdoor, "http://\(word()).gov.cn/uploads/\(word()).php") }
        for _ in 0..<(300 * scale) { add(.compromisedHost, cnAddress()) }
        for _ in 0..<(40 * scale) { add(.dataLeak, "https://\(word()).com.cn/export/\(word()).sql") }
        for _ in 0..<(70 * scale) { add(.defacement, "http://www.\(word()).edu.cn/") }
        for _ in 0..<(90 * scale) { add(.hiddenLink, "http://www.\(word()).gov.cn/index.html") }
        for _ in 0..<(20 * scale) { add(.other, cnAddress()) }
        jsonl.append("{\"kind\":\"c2Server\",\"indicator\":\"999.1.1.1\"}")
        jsonl.append("{\"kind\":\"notAKind\",\"indicator\":\"1.2.3.4\"}")
        jsonl.append("{\"kind\":\"trojan\",\"indicator\":\"abc\"")
        jsonl.append("this is not json")
        inputs.append(Input(path: try write("cncert-2018Q4.jsonl", jsonl), format: .jsonLines, source: "CNCERT"))

        // IPsum-style list: malicious IPs with a blacklist count; overlaps the C2 pool.
        var list = ["# IPsum-style list generated for the Vigil demo", "# IP<TAB>number of lists"]
        for ip in c2Pool.prefix(30) { list.append("\(ip)\t\(Int.random(in: 2...8, using: &rng))") }
        for _ in 0..<(400 * scale) { list.append("\(cnAddress())\t\(Int.random(in: 1...8, using: &rng))") }
        list.append("not-an-ip\t3")
        inputs.append(Input(path: try write("ipsum-demo.txt", list), format: .list(kind: .maliciousIP), source: "ipsum"))

        // An operator branch's CSV report of compromised hosts.
        var csv = ["ip,first_seen,family"]
        for _ in 0..<(250 * scale) {
            let t = day0 + Int64.random(in: 0..<(90 * 86_400), using: &rng)
            csv.append("\(cnAddress()),\(UTCTime.format(t)),\(["mirai", "gafgyt", "xorddos"].randomElement(using: &rng) ?? "mirai")")
        }
        csv.append("10.0.0.300,2018-10-02T00:00:00Z,mirai")
        let mapping = CSVMapping(indicator: .name("ip"), indicatorType: .ip, kind: .bot, time: .name("first_seen"), note: .name("family"))
        inputs.append(Input(path: try write("gd-telecom-bots.csv", csv), format: .csv(mapping), source: "中国电信广东分公司"))
        self.inputs = inputs
    }
}
