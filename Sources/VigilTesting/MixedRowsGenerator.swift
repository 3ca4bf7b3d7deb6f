/// Builds JSON Lines inputs mixing good rows with malformed ones of every reject class, for acceptance tests.
public enum MixedRowsGenerator {
    /// `count` lines; every `badEvery`-th line is malformed. Returns the text and the number of malformed lines.
    public static func jsonLines(count: Int, badEvery: Int = 7) -> (text: String, bad: Int) {
        let badLines = [
            "{\"kind\":\"c2Server\",\"indicator\":\"300.1.2.3\",\"type\":\"ip\"}",
            "{\"kind\":\"noSuchKind\",\"indicator\":\"1.2.3.4\"}",
            "{\"indicator\":\"1.2.3.4\"}",
            "{\"kind\":\"maliciousDomain\",\"indicator\":\"bad..domain\",\"type\":\"domain\"}",
            "{\"kind\":\"openRedis\",\"indicator\":\"1.2.3.4\",\"port\":70000}",
            "{\"kind\":\"trojan\",\"indicator\":\"abc\",\"type\":\"hash\"}",
            "{\"kind\":\"c2Server\",\"indicator\":\"8.8.8.8\",\"seen_at\":\"yesterday\"}",
            "{\"kind\":\"c2Server\",",
            "not json at all",
            "[1,2,3]",
        ]
        var lines: [String] = []
        var bad = 0
        for i in 1...count {
            if i % badEvery == 0 {
                lines.append(badLines[(i / badEvery) % badLines.count])
                bad += 1
            } else {
                switch i % 5 {
                case 0: lines.append("{\"kind\":\"c2Server\",\"indicator\":\"1.\(i / 65536 % 256).\(i / 256 % 256).\(i % 256)\",\"seen_at\":\"2018-07-01T00:00:00Z\"}")
                case 1: lines.append("{\"kind\":\"maliciousDomain\",\"indicator\":\"host\(i).example.com\"}")
                case 2: lines.append("{\"kind\":\"phishingURL\",\"indicator\":\"http://phish\(i).example.net/login\"}")
                case 3: lines.append("{\"kind\":\"openRedis\",\"indicator\":\"2.\(i / 65536 % 256).\(i / 256 % 256).\(i % 256)\",\"port\":6379,\"protocol\":\"tcp\"}")
                default: lines.append("{\"kind\":\"trojan\",\"indicator\":\"\(String(repeating: "ab", count: 15))\(String(i % 100, radix: 16).count == 1 ? "0" : "")\(String(i % 100, radix: 16))\"}")
                }
            }
        }
        return (lines.joined(separator: "\n") + "\n", bad)
    }
}
