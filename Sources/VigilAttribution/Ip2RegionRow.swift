import VigilCore

/// Reads ip2region's text format, `start|end|country|area|province|city|isp`, where `0` means unknown.
public enum Ip2RegionRow {
    /// Why an ip2region file could not be loaded.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// 1-based line number.
        public let line: Int
        /// What is wrong.
        public let message: String
        public var description: String { "ip2region line \(line): \(message)" }
    }

    /// Maps one row's names to an attribution. Hong Kong, Macao and Taiwan get their own ISO codes.
    public static func attribution(country: String, province: String, city: String, isp: String) -> Attribution {
        let province = province == "0" ? "" : province
        let city = city == "0" ? "" : city
        let isp = isp == "0" ? "" : isp
        let division = ProvinceCatalog.province(named: province)
        var code: String? = country == "中国" ? "CN" : nil
        switch division?.code {
        case 810000: code = "HK"
        case 820000: code = "MO"
        case 710000: code = "TW"
        default: break
        }
        let op = NetworkOperator(spelling: isp)
        return Attribution(
            countryCode: code, provinceCode: division?.code, city: city.isEmpty ? nil : city,
            networkOperator: op, operatorName: op == .other ? isp : nil)
    }

    /// Loads a whole ip2region text file (full or China-only) into a range table. Rows must be ascending.
    public static func load(path: String) throws -> IPv4RangeTable {
        guard let data = FileBytes.read(path: path) else {
            throw LoadError(line: 0, message: "cannot read \(path); check the path and permissions")
        }
        var starts: [UInt32] = []
        var ends: [UInt32] = []
        var values: [UInt32] = []
        var interner = AttributionInterner()
        var lineNumber = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if rawLine.isEmpty { continue }
            let line = String(decoding: rawLine, as: UTF8.self)
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 7, let s = IPv4Address(f[0]), let e = IPv4Address(f[1]), s <= e else {
                throw LoadError(line: lineNumber, message: "expected start|end|country|area|province|city|isp")
            }
            if let last = ends.last, s.value <= last {
                throw LoadError(line: lineNumber, message: "range overlaps or is out of order")
            }
            let a = attribution(country: String(f[2]), province: String(f[4]), city: String(f[5]), isp: String(f[6]))
            if f[2] == "0" && a == .unknown { continue }
            starts.append(s.value)
            ends.append(e.value)
            values.append(interner.intern(a))
        }
        return IPv4RangeTable(starts: starts, ends: ends, values: values, attributions: interner.attributions, origin: path)
    }
}
