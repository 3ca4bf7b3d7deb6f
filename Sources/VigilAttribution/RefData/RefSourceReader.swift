import Foundation
import VigilCore

/// Reads each kind of reference data into ranges.
public enum RefSourceReader {
    /// Why a source could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The file or directory.
        public let path: String
        /// What is wrong, with the line where there is one.
        public let message: String
        /// `path: message`.
        public var description: String { "\(path): \(message)" }
    }

    static func lines(_ path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, message: "cannot read it; check the path")
        }
        // Every line, empty ones included, so that line numbers in errors are right; \n, \r\n and \r all end a line.
        return String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// The CIDR blocks of a list file: one per line, `#` comments and blank lines allowed, anything else an error.
    static func cidrLines(_ path: String) throws -> [CIDRRange] {
        var out: [CIDRRange] = []
        for (n, raw) in try lines(path).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let block = CIDRRange(line) else {
                throw ReadError(path: path, message: "line \(n + 1) '\(line.prefix(60))' is not a CIDR block")
            }
            out.append(block)
        }
        return out
    }

    /// The data's own date where it says one: a `_YYYYMMDD` in the file name, else the first `(YYYY-MM-DD)` in a
    /// `SOURCE.txt` next to it; otherwise the file's modification time.
    static func fileDate(_ path: String) -> String {
        let name = Array((path as NSString).lastPathComponent.utf8)
        var i = 0
        while i + 9 <= name.count {
            if name[i] == UInt8(ascii: "_"), name[(i + 1)..<(i + 9)].allSatisfy({ $0 >= 48 && $0 <= 57 }),
               i + 9 == name.count || !(name[i + 9] >= 48 && name[i + 9] <= 57) {
                let d = String(decoding: name[(i + 1)..<(i + 9)], as: UTF8.self)
                if d.hasPrefix("19") || d.hasPrefix("20") { return "\(d.prefix(4))-\(d.dropFirst(4).prefix(2))-\(d.suffix(2))" }
            }
            i += 1
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let folder = exists && isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        if let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent("SOURCE.txt"), encoding: .utf8),
           let match = text.firstMatch(of: /\((\d{4}-\d{2}-\d{2})\)/) {
            return String(match.1)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let date = (attributes?[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        return String(UTCTime.format(Int64(date.timeIntervalSince1970)).prefix(10))
    }

    /// ip2region text, full or China-only. Rows abroad give a country (when the name is known) and the operator's
    /// name, never a Chinese province.
    public static func ip2region(path: String, date: String? = nil) throws -> RefSourceData {
        var v4: [RefInterval] = []
        var unmapped = Set<String>()
        for (n, line) in try lines(path).enumerated() where !line.isEmpty {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 7, let s = IPv4Address(f[0]), let e = IPv4Address(f[1]), s <= e else {
                throw ReadError(path: path, message: "line \(n + 1) is not start|end|country|area|province|city|isp")
            }
            var values = RefValues()
            let isp = f[6] == "0" ? "" : String(f[6])
            if !isp.isEmpty {
                if f[2] == "中国" {
                    values.networkOperator = OperatorCatalog.networkOperator(spelling: isp)
                    if !OperatorCatalog.isKnown(isp) { unmapped.insert(isp) }
                } else {
                    // An operator abroad is, by rule, "other", with its name kept.
                    values.networkOperator = .other
                }
                if values.networkOperator == .other { values.operatorName = isp }
            }
            if f[2] == "中国" {
                let division = ProvinceCatalog.province(named: f[4])
                values.province = division?.code
                values.country = division.map { ProvinceCatalog.countryCode(of: $0.code) } ?? "CN"
                if division != nil, f[5] != "0" { values.city = String(f[5]) }
            } else if f[2] != "0" {
                values.country = CountryNames.isoCode(chineseName: f[2])
            }
            if values == RefValues() { continue }
            v4.append(RefInterval(start: UInt128(s.value), end: UInt128(e.value), values: values))
        }
        let info = RefSourceInfo(kind: .ip2region, path: path, date: date ?? fileDate(path), ipv4Ranges: 0, ipv6Ranges: 0, unmappedSpellings: unmapped.sorted())
        return RefSourceData(info: info, v4: v4, v6: [])
    }

    /// china-operator-ip: a directory of `<operator>.txt` (IPv4) and `<operator>6.txt` (IPv6) CIDR lists.
    /// `china.txt`/`china6.txt` give the country; the others give the operator.
    public static func operatorLists(directory: String, date: String? = nil) throws -> RefSourceData {
        let names: [String: NetworkOperator?] = [
            "chinanet": .chinaTelecom, "unicom": .chinaUnicom, "cmcc": .chinaMobile, "crtc": .chinaMobile, "cernet": .cernet,
            "cstnet": .cstnet, "drpeng": .drPeng, "gwbn": .greatWall, "china": nil,
        ]
        var v4: [RefInterval] = []
        var v6: [RefInterval] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard !files.isEmpty else { throw ReadError(path: directory, message: "no CIDR lists in this directory") }
        for file in files.sorted() where file.hasSuffix(".txt") && !file.hasSuffix("46.txt") {
            var base = String(file.dropLast(4))
            let isV6File = base.hasSuffix("6")
            if isV6File { base.removeLast() }
            guard let op = names[base] else { continue }
            let values = op.map { RefValues(networkOperator: $0) } ?? RefValues(country: "CN")
            // The country list is its own layer: its large blocks must not hide the operators' blocks.
            let layer = op == nil ? 1 : 0
            for block in try cidrLines((directory as NSString).appendingPathComponent(file)) {
                if block.isIPv6 { v6.append(RefInterval(block: block, values: values, layer: layer)) } else { v4.append(RefInterval(block: block, values: values, layer: layer)) }
            }
        }
        return RefSourceData(info: RefSourceInfo(kind: .operatorLists, path: directory, date: date ?? fileDate(directory), ipv4Ranges: 0, ipv6Ranges: 0), v4: v4, v6: v6)
    }

    /// metowolf-iplist: `data/cncity/<GB/T 2260 code>.txt` (country 100000, provinces, cities; names from
    /// `cncity_codes.tsv`) and `data/isp/<name>.txt` operator lists.
    public static func divisionLists(root: String, date: String? = nil) throws -> RefSourceData {
        let codesPath = (root as NSString).appendingPathComponent("cncity_codes.tsv")
        var cityNames: [Int: (name: String, province: Int)] = [:]
        if FileManager.default.fileExists(atPath: codesPath) {
            for line in try lines(codesPath).dropFirst() {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                // Placeholder rows such as 省直辖县(*) name no city.
                if f.count >= 4, f[2] == "city", !f[1].contains("*"), let code = Int(f[0]), let province = Int(f[3]) {
                    cityNames[code] = (String(f[1]), province)
                }
            }
        }
        let cncity = (root as NSString).appendingPathComponent("data/cncity")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: cncity)) ?? []
        guard !files.isEmpty else { throw ReadError(path: cncity, message: "no <code>.txt division lists here") }
        var v4: [RefInterval] = []
        var v6: [RefInterval] = []
        func add(_ path: String, _ values: RefValues, rank: Int) throws {
            for block in try cidrLines(path) {
                if block.isIPv6 { v6.append(RefInterval(block: block, values: values, rank: rank)) } else { v4.append(RefInterval(block: block, values: values, rank: rank)) }
            }
        }
        for file in files.sorted() where file.hasSuffix(".txt") {
            guard let code = Int(file.dropLast(4)) else { continue }
            let path = (cncity as NSString).appendingPathComponent(file)
            if code == 100000 {
                try add(path, RefValues(country: "CN"), rank: 0)
            } else if code % 10000 == 0, ProvinceCatalog.province(code: code) != nil {
                try add(path, RefValues(country: ProvinceCatalog.countryCode(of: code), province: code), rank: 1)
            } else if let city = cityNames[code], ProvinceCatalog.province(code: city.province) != nil {
                try add(path, RefValues(country: ProvinceCatalog.countryCode(of: city.province), province: city.province, city: city.name), rank: 2)
            }
        }
        let ispDir = (root as NSString).appendingPathComponent("data/isp")
        let ispNames: [String: (NetworkOperator, String?)] = [
            "chinatelecom": (.chinaTelecom, nil), "chinaunicom": (.chinaUnicom, nil), "chinamobile": (.chinaMobile, nil),
            "cernet": (.cernet, nil), "cstnet": (.cstnet, nil), "drpeng": (.drPeng, nil), "aliyun": (.alibabaCloud, nil),
            "tencent": (.tencentCloud, nil), "huawei": (.huaweiCloud, nil), "baidu": (.baiduCloud, nil),
            "bytedance": (.other, "字节跳动"), "volcengine": (.other, "火山引擎"), "cloudflare": (.other, "Cloudflare"),
            "digitalocean": (.other, "DigitalOcean"), "googlecloud": (.other, "Google Cloud"), "microsoft": (.other, "Microsoft"),
        ]
        var isp: [RefInterval] = []
        var isp6: [RefInterval] = []
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: ispDir)) ?? []).sorted() where file.hasSuffix(".txt") {
            guard let (op, name) = ispNames[String(file.dropLast(4))] else { continue }
            for block in try cidrLines((ispDir as NSString).appendingPathComponent(file)) {
                let interval = RefInterval(block: block, values: RefValues(networkOperator: op, operatorName: name), layer: 1)
                if block.isIPv6 { isp6.append(interval) } else { isp.append(interval) }
            }
        }
        // Operator ranges cut across division ranges: they are a separate layer of the same source.
        return RefSourceData(info: RefSourceInfo(kind: .divisionLists, path: root, date: date ?? fileDate(root), ipv4Ranges: 0, ipv6Ranges: 0), v4: v4 + isp, v6: v6 + isp6)
    }

    /// The APNIC delegation file: the country of every delegated IPv4 and IPv6 block.
    public static func apnic(path: String) throws -> RefSourceData {
        var v4: [RefInterval] = []
        var v6: [RefInterval] = []
        var date: String?
        for line in try lines(path) where !line.hasPrefix("#") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            if date == nil, f.count >= 3, f[0] == "2", f[2].count == 8 {
                date = "\(f[2].prefix(4))-\(f[2].dropFirst(4).prefix(2))-\(f[2].suffix(2))"
                continue
            }
            guard f.count >= 7, f[1] != "*", f[1].count == 2, f[6] == "allocated" || f[6] == "assigned" else { continue }
            let cc = String(f[1]).uppercased()
            if f[2] == "ipv4", let start = IPv4Address(f[3]), let count = UInt64(f[4]), count > 0 {
                let end = min(UInt64(start.value) + min(count, 1 << 32) - 1, UInt64(UInt32.max))
                v4.append(RefInterval(start: UInt128(start.value), end: UInt128(end), values: RefValues(country: cc)))
            } else if f[2] == "ipv6", let block = CIDRRange("\(f[3])/\(f[4])") {
                v6.append(RefInterval(block: block, values: RefValues(country: cc)))
            }
        }
        if v4.isEmpty && v6.isEmpty {
            throw ReadError(path: path, message: "no allocated or assigned ipv4/ipv6 records; is this an RIR delegation file (registry|cc|type|start|value|date|status)?")
        }
        return RefSourceData(info: RefSourceInfo(kind: .apnic, path: path, date: date ?? fileDate(path), ipv4Ranges: 0, ipv6Ranges: 0), v4: v4, v6: v6)
    }

    /// A `prefix<TAB>asn` table (also `prefix asn`, and `AS` prefixes).
    public static func asnTable(path: String) throws -> RefSourceData {
        var v4: [RefInterval] = []
        var v6: [RefInterval] = []
        for (n, line) in try lines(path).enumerated() where !line.isEmpty && !line.hasPrefix("#") && !line.hasPrefix(";") {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            guard f.count >= 2, let block = CIDRRange(f[0]), let asn = Int(f[1].uppercased().replacingOccurrences(of: "AS", with: "")), asn > 0, asn <= Int(UInt32.max) else {
                throw ReadError(path: path, message: "line \(n + 1) is not prefix<TAB>asn")
            }
            let interval = RefInterval(block: block, values: RefValues(asn: asn))
            if block.isIPv6 { v6.append(interval) } else { v4.append(interval) }
        }
        return RefSourceData(info: RefSourceInfo(kind: .asnTable, path: path, date: fileDate(path), ipv4Ranges: 0, ipv6Ranges: 0), v4: v4, v6: v6)
    }

    /// The user's overrides: `CIDR<TAB>field=value<TAB>…` with fields `country`, `province` (code or name), `city`,
    /// `operator` (a ``NetworkOperator`` name or a spelling), `asn`. `#` starts a comment.
    public static func overrides(path: String) throws -> RefSourceData {
        var v4: [RefInterval] = []
        var v6: [RefInterval] = []
        for (n, line) in try lines(path).enumerated() {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if body.isEmpty { continue }
            let f = body.split(whereSeparator: { $0 == "\t" })
            guard let block = CIDRRange(f[0]), f.count >= 2 else {
                throw ReadError(path: path, message: "line \(n + 1): expected CIDR<TAB>field=value…")
            }
            var values = RefValues()
            for pair in f.dropFirst() {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { throw ReadError(path: path, message: "line \(n + 1): '\(pair)' is not field=value") }
                switch kv[0] {
                case "country":
                    let code = kv[1].uppercased()
                    guard code.count == 2, code.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else {
                        throw ReadError(path: path, message: "line \(n + 1): country must be a two-letter ISO 3166 code such as CN or US")
                    }
                    values.country = code
                case "province":
                    guard let p = ProvinceCatalog.province(named: kv[1]) else { throw ReadError(path: path, message: "line \(n + 1): unknown province '\(kv[1])'") }
                    values.province = p.code
                case "city":
                    guard !kv[1].isEmpty, !kv[1].contains(where: \.isNewline) else { throw ReadError(path: path, message: "line \(n + 1): city is empty") }
                    values.city = kv[1]
                case "operator":
                    let op = NetworkOperator(rawValue: kv[1]) ?? OperatorCatalog.networkOperator(spelling: kv[1])
                    values.networkOperator = op
                    if op == .other { values.operatorName = kv[1] }
                case "asn":
                    guard let asn = Int(kv[1].uppercased().replacingOccurrences(of: "AS", with: "")), asn > 0, asn <= Int(UInt32.max) else {
                        throw ReadError(path: path, message: "line \(n + 1): asn must be a number 1-4294967295, optionally with AS in front")
                    }
                    values.asn = asn
                default:
                    throw ReadError(path: path, message: "line \(n + 1): unknown field '\(kv[0])'; use country, province, city, operator, asn")
                }
            }
            let interval = RefInterval(block: block, values: values)
            if block.isIPv6 { v6.append(interval) } else { v4.append(interval) }
        }
        return RefSourceData(info: RefSourceInfo(kind: .overrides, path: path, date: fileDate(path), ipv4Ranges: 0, ipv6Ranges: 0), v4: v4, v6: v6)
    }
}
