import VigilCore

/// Reads the dates feeds write in their headers and in some rows, in the forms ``UTCTime`` does not read:
/// RFC 1123 (`Mon, 14 Sep 2015 04:39:22 GMT`, `Tue, 22 Dec 2015 12:19:03 +0000`) and `ctime`-like forms
/// (`Tue Dec 15 15:33:38 2015 UTC`, `Sat Nov 12 00:15:01 UTC 2016`), with a zone of GMT, UTC, Z, ±HHMM or a common
/// North American or European abbreviation; no zone means UTC.
enum HeaderDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "gmt": 0, "utc": 0, "z": 0, "ut": 0, "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600, "cet": 3600, "cest": 7200,
    ]

    /// Seconds since 1970, or nil when `text` is not such a date.
    static func parse(_ text: some StringProtocol) -> Int64? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { $0.lowercased() }
        var month: Int?
        var day: Int?
        var year: Int?
        var clock: (Int, Int, Int)?
        var offset = 0
        for token in tokens {
            if let m = months.firstIndex(where: { token.hasPrefix($0) }), token.count <= 9, token.allSatisfy(\.isLetter) {
                month = m + 1
            } else if token.contains(":") {
                let parts = token.split(separator: ":").map { Int($0) }
                guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return nil }
                clock = (parts[0] ?? 0, parts[1] ?? 0, parts.count > 2 ? parts[2] ?? 0 : 0)
            } else if let zone = zones[token] {
                offset = zone
            } else if (token.hasPrefix("+") || token.hasPrefix("-")), token.count == 5, let value = Int(token.dropFirst()) {
                offset = (token.hasPrefix("-") ? -1 : 1) * ((value / 100) * 3600 + (value % 100) * 60)
            } else if let n = Int(token) {
                if token.count == 4 { year = n } else if token.count <= 2 { day = n } else { return nil }
            } else if token.allSatisfy(\.isLetter), token.count <= 9 {
                continue  // a weekday name
            } else {
                return nil
            }
        }
        guard let month, let day, let year, (1...31).contains(day), (1970...2999).contains(year) else { return nil }
        let (h, m, s) = clock ?? (0, 0, 0)
        guard (0...23).contains(h), (0...59).contains(m), (0...60).contains(s) else { return nil }
        let iso = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T"
            + "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m):\(s < 10 ? "0" : "")\(s)Z"
        guard let utc = UTCTime.parse(iso) else { return nil }
        return utc - Int64(offset)
    }
}
