import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct CatalogueTests {
    @Test func catalogueHas34DivisionsAndTheirSpellings() {
        #expect(ProvinceCatalog.all.count == 34)
        #expect(Set(ProvinceCatalog.all.map(\.code)).count == 34)
        #expect(ProvinceCatalog.all.allSatisfy { !$0.englishName.isEmpty && !$0.chineseName.isEmpty && $0.code % 10000 == 0 })
        #expect(ProvinceCatalog.province(named: "广西")?.code == 450000)
        #expect(ProvinceCatalog.province(named: "广西壮族自治区")?.code == 450000)
        #expect(ProvinceCatalog.province(named: "辽宁")?.code == 210000)
        #expect(ProvinceCatalog.province(named: "辽宁省")?.code == 210000)
        #expect(ProvinceCatalog.province(named: "北京")?.code == 110000)
        #expect(ProvinceCatalog.province(named: "Inner Mongolia")?.code == 150000)
        #expect(ProvinceCatalog.province(named: "440000")?.shortName == "广东")
        #expect(ProvinceCatalog.province(named: "加州") == nil)
        #expect(ProvinceCatalog.countryCode(of: 810000) == "HK")
        #expect(ProvinceCatalog.countryCode(of: 820000) == "MO")
        #expect(ProvinceCatalog.countryCode(of: 710000) == "TW")
        #expect(ProvinceCatalog.countryCode(of: 440000) == "CN")
    }

    @Test func mapsOperatorSpellings() {
        #expect(OperatorCatalog.networkOperator(spelling: "电信") == .chinaTelecom)
        #expect(OperatorCatalog.networkOperator(spelling: "联通") == .chinaUnicom)
        #expect(OperatorCatalog.networkOperator(spelling: "铁通") == .chinaMobile)
        #expect(OperatorCatalog.networkOperator(spelling: "移动") == .chinaMobile)
        #expect(OperatorCatalog.networkOperator(spelling: "教育网") == .cernet)
        #expect(OperatorCatalog.networkOperator(spelling: "陕西广电") == .chinaBroadnet)
        #expect(OperatorCatalog.networkOperator(spelling: "长城宽带") == .greatWall)
        #expect(OperatorCatalog.networkOperator(spelling: "鹏博士") == .drPeng)
        #expect(OperatorCatalog.networkOperator(spelling: "阿里云") == .alibabaCloud)
        #expect(OperatorCatalog.networkOperator(spelling: "腾讯云") == .tencentCloud)
        #expect(OperatorCatalog.networkOperator(spelling: "华为云") == .huaweiCloud)
        #expect(OperatorCatalog.networkOperator(spelling: "百度云") == .baiduCloud)
        #expect(OperatorCatalog.networkOperator(spelling: "CHINANET-BACKBONE") == .chinaTelecom)
        #expect(OperatorCatalog.networkOperator(spelling: "0") == .unknown)
        // Known and deliberately "other"; an unheard-of spelling is "other" too, but reported as not known.
        #expect(OperatorCatalog.networkOperator(spelling: "中华电信") == .other)
        #expect(OperatorCatalog.isKnown("中华电信"))
        #expect(OperatorCatalog.networkOperator(spelling: "某某宽带") == .other)
        #expect(!OperatorCatalog.isKnown("某某宽带"))
    }

    /// Every province and operator spelling in the ip2region China rows is in the catalogues.
    @Test func everySpellingInTheDataIsCatalogued() throws {
        let relative = "refdata/ip2region/ip2region_v4_20240228_CN.txt"
        guard let path = SharedData.path(relative) else {
            print(SharedData.skipMessage(relative))
            return
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var provinces = Set<String>()
        var operators = Set<String>()
        var rows = 0
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count == 7 else { continue }
            rows += 1
            if f[4] != "0" && ProvinceCatalog.province(named: f[4]) == nil { provinces.insert(String(f[4])) }
            if !OperatorCatalog.isKnown(f[6]) { operators.insert(String(f[6])) }
        }
        #expect(rows > 60_000)
        #expect(provinces.isEmpty, "province spellings missing from the catalogue: \(provinces.sorted())")
        #expect(operators.isEmpty, "operator spellings missing from the catalogue: \(operators.sorted())")
    }

    /// The shipped table was compiled with no unmapped operator spelling.
    @Test func shippedTableHasNoUnmappedSpellings() throws {
        let table = RefTable.shipped
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        #expect(table.metadata.sources.count >= 4)
        for source in table.metadata.sources {
            #expect(source.unmappedSpellings.isEmpty, "\(source.kind): \(source.unmappedSpellings)")
        }
    }
}
