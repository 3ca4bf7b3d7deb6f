import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

/// Checks the shipped table against the raw reference data it was built from: where independent sources agree,
/// the table must say the same.
@Suite struct SourceAgreementTests {
    /// Disjoint-or-nested IPv4 ranges with a value, looked up by binary search; an address covered by two ranges
    /// with different values is ambiguous and gives nil.
    struct RangeIndex<Value: Equatable> {
        var ranges: [(start: UInt32, end: UInt32, value: Value)] = []

        mutating func add(_ cidr: some StringProtocol, _ value: Value) {
            guard let block = CIDRRange(cidr), !block.isIPv6 else { return }
            ranges.append((UInt32(block.start), UInt32(block.end), value))
        }

        mutating func seal() { ranges.sort { $0.start < $1.start } }

        func value(at address: UInt32) -> Value? {
            var lo = 0
            var hi = ranges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ranges[mid].start <= address { lo = mid + 1 } else { hi = mid }
            }
            var found: Value?
            var i = lo - 1
            // Walk back over ranges that start earlier but may still cover the address (nesting is shallow).
            while i >= 0 && i >= lo - 64 {
                let r = ranges[i]
                if r.start <= address && address <= r.end {
                    if let f = found, f != r.value { return nil }
                    found = r.value
                }
                i -= 1
            }
            return found
        }
    }

    @Test func tableMatchesWhereTheSourcesAgree() throws {
        guard let ip2region = SharedData.path("refdata/ip2region/ip2region_v4_20240228_CN.txt"),
              let cncity = SharedData.path("refdata/metowolf-iplist/data/cncity"),
              let operatorLists = SharedData.path("refdata/china-operator-ip") else {
            print(SharedData.skipMessage("refdata/{ip2region,metowolf-iplist,china-operator-ip}"))
            return
        }
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        let table = RefTable.shipped

        var divisions = RangeIndex<Int>()
        for province in ProvinceCatalog.all {
            let path = "\(cncity)/\(province.code).txt"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") { divisions.add(line, province.code) }
        }
        divisions.seal()
        var operators = RangeIndex<NetworkOperator>()
        for (file, op) in [("chinanet", NetworkOperator.chinaTelecom), ("unicom", .chinaUnicom), ("cmcc", .chinaMobile), ("cernet", .cernet)] {
            let text = try String(contentsOfFile: "\(operatorLists)/\(file).txt", encoding: .utf8)
            for line in text.split(separator: "\n") { operators.add(line, op) }
        }
        operators.seal()
        #expect(divisions.ranges.count > 10_000)
        #expect(operators.ranges.count > 5_000)

        var provinceAgreed = 0, provinceMatched = 0
        var operatorAgreed = 0, operatorMatched = 0
        var provinceMisses: [String] = []
        var operatorMisses: [String] = []
        let text = try String(contentsOfFile: ip2region, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 7, let s = IPv4Address(f[0]), let e = IPv4Address(f[1]) else { continue }
            let province = ProvinceCatalog.province(named: f[4])?.code
            let op = OperatorCatalog.networkOperator(spelling: f[6])
            for address in [s.value, s.value + (e.value - s.value) / 2, e.value] {
                let got = table.attribution(v4: address)
                if let province, divisions.value(at: address) == province {
                    provinceAgreed += 1
                    if got.provinceCode == province { provinceMatched += 1 } else if provinceMisses.count < 5 { provinceMisses.append("\(IPv4Address(address)) want \(province) got \(String(describing: got.provinceCode))") }
                }
                if op != .other, op != .unknown, operators.value(at: address) == op {
                    operatorAgreed += 1
                    if got.networkOperator == op { operatorMatched += 1 } else if operatorMisses.count < 5 { operatorMisses.append("\(IPv4Address(address)) want \(op) got \(got.networkOperator)") }
                }
            }
        }
        #expect(provinceAgreed > 50_000, "the agreement set is large enough to mean something")
        #expect(operatorAgreed > 50_000)
        let provinceRate = Double(provinceMatched) / Double(max(provinceAgreed, 1))
        let operatorRate = Double(operatorMatched) / Double(max(operatorAgreed, 1))
        print("province agreement set \(provinceAgreed): \(provinceRate * 100)% match; operator agreement set \(operatorAgreed): \(operatorRate * 100)% match")
        #expect(provinceRate >= 0.99, "\(provinceMisses)")
        #expect(operatorRate >= 0.99, "\(operatorMisses)")
    }

    /// No range of the table carries a Chinese province under another country; and where the sources agree that an
    /// address is outside China (APNIC delegates it to another country, ip2region has no Chinese row for it and
    /// metowolf's China list does not contain it), it has no province, at the start, middle and end of every such
    /// APNIC delegation.
    @Test func addressesOutsideChinaNeverGetAChineseProvince() throws {
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        let table = RefTable.shipped
        for a in table.attributions {
            if let p = a.provinceCode {
                #expect(a.countryCode == ProvinceCatalog.countryCode(of: p), "\(a)")
            }
        }
        for ip in ["8.8.8.8", "1.1.1.1", "9.9.9.9", "208.67.222.222", "2001:4860:4860::8888", "2606:4700:4700::1111"] {
            #expect(table.lookup(IPAddress(ip)!).0.provinceCode == nil, "\(ip)")
        }
        guard let apnic = SharedData.path("refdata/apnic-delegated/delegated-apnic-latest"),
              let ip2region = SharedData.path("refdata/ip2region/ip2region_v4_20240228_CN.txt"),
              let china = SharedData.path("refdata/metowolf-iplist/data/cncity/100000.txt") else {
            print(SharedData.skipMessage("refdata/{apnic-delegated,ip2region,metowolf-iplist}"))
            return
        }
        var inChina = RangeIndex<Bool>()
        for line in try String(contentsOfFile: china, encoding: .utf8).split(separator: "\n") { inChina.add(line, true) }
        for line in try String(contentsOfFile: ip2region, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            if f.count == 7, let s = IPv4Address(f[0]), let e = IPv4Address(f[1]) { inChina.ranges.append((s.value, e.value, true)) }
        }
        inChina.seal()
        var checked = 0
        var claimedByLocationSources = 0
        let chinese: Set<Substring> = ["CN", "HK", "MO", "TW"]
        for line in try String(contentsOfFile: apnic, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count >= 7, f[2] == "ipv4", f[1].count == 2, !chinese.contains(f[1]), f[6] == "allocated" || f[6] == "assigned",
                  let start = IPv4Address(f[3]), let count = UInt32(f[4]), count > 0 else { continue }
            for address in [start.value, start.value + count / 2, start.value + (count - 1)] {
                if inChina.value(at: address) != nil {
                    claimedByLocationSources += 1
                    continue
                }
                let a = table.attribution(v4: address)
                #expect(a.provinceCode == nil, "\(IPv4Address(address)) is delegated to \(f[1]) but got province \(a.provinceCode ?? 0)")
                checked += 1
            }
        }
        #expect(checked > 50_000)
        #expect(claimedByLocationSources < checked / 20, "few delegations abroad are placed in China by a location source")
    }
}
