import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct AttributionTests {
    @Test func catalogueHas34DivisionsAndTheirSpellings() {
        #expect(ProvinceCatalog.all.count == 34)
        #expect(Set(ProvinceCatalog.all.map(\.code)).count == 34)
        #expect(ProvinceCatalog.province(named: "广西")?.code == 450000)
        #expect(ProvinceCatalog.province(named: "广西壮族自治区")?.code == 450000)
        #expect(ProvinceCatalog.province(named: "辽宁")?.code == 210000)
        #expect(ProvinceCatalog.province(named: "辽宁省")?.code == 210000)
        #expect(ProvinceCatalog.province(named: "北京")?.code == 110000)
        #expect(ProvinceCatalog.province(named: "Inner Mongolia")?.code == 150000)
        #expect(ProvinceCatalog.province(named: "440000")?.shortName == "广东")
        #expect(ProvinceCatalog.province(named: "加州") == nil)
    }

    @Test func mapsOperatorSpellings() {
        #expect(NetworkOperator(spelling: "电信") == .chinaTelecom)
        #expect(NetworkOperator(spelling: "联通") == .chinaUnicom)
        #expect(NetworkOperator(spelling: "铁通") == .chinaMobile)
        #expect(NetworkOperator(spelling: "移动") == .chinaMobile)
        #expect(NetworkOperator(spelling: "教育网") == .cernet)
        #expect(NetworkOperator(spelling: "陕西广电") == .chinaBroadnet)
        #expect(NetworkOperator(spelling: "中华电信") == .other)
        #expect(NetworkOperator(spelling: "0") == .unknown)
        #expect(NetworkOperator(spelling: "CHINANET-BACKBONE") == .chinaTelecom)
    }

    @Test func shippedTableAttributesWithoutSharedData() throws {
        let table = IPv4RangeTable.shipped
        #expect(table.count > 50_000)
        let address = try #require(IPv4Address("1.0.1.1"))
        let fuzhou = try #require(table.lookup(address.value))
        #expect(fuzhou.provinceCode == 350000)
        #expect(fuzhou.networkOperator == .chinaTelecom)
        #expect(fuzhou.countryCode == "CN")
        let google = try #require(IPv4Address("8.8.8.8"))
        #expect(table.lookup(google.value) == nil)
        #expect(Attributor().attribute(try Indicator.parse("1.0.1.1:123/udp", as: .service)).provinceCode == 350000)
        #expect(Attributor().attribute(try Indicator.url("http://1.0.1.1/x")).provinceCode == 350000)
    }

    @Test func shippedTableMatchesIp2RegionText() throws {
        let relative = "refdata/ip2region/ip2region_v4_20240228_CN.txt"
        guard let path = SharedData.path(relative) else {
            print(SharedData.skipMessage(relative))
            return
        }
        let loaded = try Ip2RegionRow.load(path: path)
        let shipped = IPv4RangeTable.shipped
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checked = 0
        var unknownProvince = Set<String>()
        for (index, line) in text.split(separator: "\n").enumerated() where index % 7 == 0 {
            let f = line.split(separator: "|", omittingEdgeEmpty: false)
            let start = try #require(IPv4Address(f[0])).value
            let end = try #require(IPv4Address(f[1])).value
            for address in [start, end, start + (end - start) / 2] {
                #expect(shipped.lookup(address) == loaded.lookup(address), "\(line)")
            }
            if f[4] != "0" && ProvinceCatalog.province(named: f[4]) == nil { unknownProvince.insert(String(f[4])) }
            checked += 1
        }
        #expect(checked > 9000)
        #expect(unknownProvince.isEmpty, "every province spelling maps to the catalogue: \(unknownProvince)")
    }
}

extension Substring {
    fileprivate func split(separator: Character, omittingEdgeEmpty: Bool) -> [Substring] {
        split(separator: separator, omittingEmptySubsequences: omittingEdgeEmpty)
    }
}
