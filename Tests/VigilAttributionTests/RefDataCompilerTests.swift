import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct RefDataCompilerTests {
    static func v4(_ cidr: String, _ values: RefValues, rank: Int = 0) -> RefInterval {
        RefInterval(block: CIDRRange(cidr)!, values: values, rank: rank)
    }

    static func source(_ kind: RefSourceKind, v4: [RefInterval], v6: [RefInterval] = []) -> RefSourceData {
        RefSourceData(info: RefSourceInfo(kind: kind, path: "test-\(kind.rawValue)", date: "2024-01-01", ipv4Ranges: 0, ipv6Ranges: 0), v4: v4, v6: v6)
    }

    /// Four sources over 10.0.0.0/24 that disagree, and an override.
    static let sources: [RefSourceData] = [
        source(.ip2region, v4: [v4("10.0.0.0/24", RefValues(country: "CN", province: 440000, city: "广州市", networkOperator: .chinaTelecom))]),
        source(.divisionLists, v4: [v4("10.0.0.0/25", RefValues(country: "CN", province: 110000, city: "北京市"))]),
        source(.operatorLists, v4: [v4("10.0.0.0/24", RefValues(networkOperator: .chinaUnicom))],
               v6: [RefInterval(block: CIDRRange("2408:8000::/20")!, values: RefValues(networkOperator: .chinaUnicom))]),
        source(.apnic, v4: [v4("10.0.0.0/24", RefValues(country: "CN")), v4("10.0.1.0/24", RefValues(country: "JP"))],
               v6: [RefInterval(block: CIDRRange("2408:8000::/20")!, values: RefValues(country: "CN"))]),
        source(.ip2region, v4: [v4("10.0.1.0/24", RefValues(country: "CN", province: 440000, networkOperator: .chinaTelecom))]),
        source(.overrides, v4: [v4("10.0.0.128/26", RefValues(networkOperator: .chinaMobile))]),
        source(.asnTable, v4: [v4("10.0.0.0/16", RefValues(asn: 4837))]),
    ]

    static func attribution(_ table: RefTable, _ ip: String) -> (Attribution, FieldProvenance) {
        table.lookup(IPAddress(ip)!)
    }

    @Test func eachFieldComesFromTheFirstSourceInItsPrecedence() {
        let table = RefDataCompiler().compile(Self.sources)
        let (a, p) = Self.attribution(table, "10.0.0.1")
        #expect(a.provinceCode == 110000)
        #expect(p.province == .divisionLists)
        #expect(a.city == "北京市")
        #expect(a.networkOperator == .chinaUnicom)
        #expect(p.networkOperator == .operatorLists)
        #expect(a.countryCode == "CN")
        #expect(p.country == .apnic)
        #expect(a.asn == 4837)
        #expect(p.asn == .asnTable)

        let (b, q) = Self.attribution(table, "10.0.0.200")
        #expect(b.provinceCode == 440000)
        #expect(q.province == .ip2region)
        #expect(b.networkOperator == .chinaUnicom)

        let (c, r) = Self.attribution(table, "10.0.0.130")
        #expect(c.networkOperator == .chinaMobile)
        #expect(r.networkOperator == .overrides)
        #expect(c.provinceCode == 440000)

        let (outside, _) = Self.attribution(table, "10.0.2.1")
        #expect(outside.provinceCode == nil)
        #expect(outside.networkOperator == .unknown)
        #expect(outside.asn == 4837)
        let (none, noneSource) = Self.attribution(table, "192.0.2.1")
        #expect(none == Attribution.unknown)
        #expect(noneSource == FieldProvenance())
    }

    @Test func ipv6RangesAreAttributed() {
        let table = RefDataCompiler().compile(Self.sources)
        let (a, p) = Self.attribution(table, "2408:8001::1")
        #expect(a.networkOperator == .chinaUnicom)
        #expect(a.countryCode == "CN")
        #expect(p.country == .apnic)
        #expect(Self.attribution(table, "2409::1").0.networkOperator == .unknown)
        #expect(Self.attribution(table, "::1").0 == .unknown)
        #expect(Self.attribution(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").0 == .unknown)
    }

    @Test func precedenceIsConfigurable() {
        let table = RefDataCompiler(precedence: [.province: [.ip2region, .divisionLists], .networkOperator: [.ip2region, .operatorLists]]).compile(Self.sources)
        let (a, p) = Self.attribution(table, "10.0.0.1")
        #expect(a.provinceCode == 440000)
        #expect(p.province == .ip2region)
        #expect(a.networkOperator == .chinaTelecom)
        #expect(table.metadata.precedence["province"] == [.ip2region, .divisionLists])
    }

    @Test func chineseProvinceIsDroppedWhereTheCountryIsElsewhere() {
        let table = RefDataCompiler().compile(Self.sources)
        let (a, p) = Self.attribution(table, "10.0.1.7")
        #expect(a.countryCode == "JP")
        #expect(a.provinceCode == nil, "an address APNIC places in Japan gets no Chinese province")
        #expect(p.province == nil)
        #expect(table.metadata.suppressedProvinces == 256)
    }

    @Test func disagreementsAreCounted() throws {
        let table = RefDataCompiler().compile(Self.sources)
        let province = try #require(table.metadata.disagreements.first { $0.field == .province })
        #expect(Set([province.first, province.second]) == [.ip2region, .divisionLists])
        #expect(province.compared == 128)
        #expect(province.differing == 128)
        let op = try #require(table.metadata.disagreements.first { $0.field == .networkOperator && Set([$0.first, $0.second]) == [.ip2region, .operatorLists] })
        #expect(op.compared == 256, "both speak only on 10.0.0.0/24")
        #expect(op.differing == 256)
    }

    @Test func nestedRangesInOneSourcePreferTheMoreSpecific() {
        let table = RefDataCompiler().compile([
            Self.source(.divisionLists, v4: [
                Self.v4("20.0.0.0/8", RefValues(country: "CN"), rank: 0),
                Self.v4("20.1.0.0/16", RefValues(country: "CN", province: 320000), rank: 1),
                Self.v4("20.1.2.0/24", RefValues(country: "CN", province: 320000, city: "南京市"), rank: 2),
            ]),
        ])
        #expect(Self.attribution(table, "20.9.9.9").0.provinceCode == nil)
        #expect(Self.attribution(table, "20.9.9.9").0.countryCode == "CN")
        #expect(Self.attribution(table, "20.1.9.9").0.provinceCode == 320000)
        #expect(Self.attribution(table, "20.1.9.9").0.city == nil)
        #expect(Self.attribution(table, "20.1.2.3").0.city == "南京市")
        #expect(Self.attribution(table, "20.1.3.0").0.city == nil)
        #expect(Self.attribution(table, "21.0.0.0").0 == .unknown)
    }

    @Test func binaryFileRoundTrips() throws {
        let table = RefDataCompiler().compile(Self.sources)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.vgrt")
        try RefTableFile.write(table, to: path)
        let back = try RefTableFile.read(path: path)
        #expect(back.metadata == table.metadata)
        #expect(back.v4Starts == table.v4Starts)
        #expect(back.v6Starts == table.v6Starts)
        for ip in ["10.0.0.1", "10.0.0.130", "10.0.0.200", "10.0.1.7", "10.0.2.1", "192.0.2.1", "2408:8001::1", "::1"] {
            #expect(back.lookup(IPAddress(ip)!) == table.lookup(IPAddress(ip)!), "\(ip)")
        }
    }

    @Test func damagedFilesAreRefusedWithAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.vgrt")
        var bytes = try RefTableFile.encode(RefDataCompiler().compile(Self.sources))
        bytes.removeLast(10)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: RefTableFile.FormatError.self) { try RefTableFile.read(path: path) }
        try Data("not a table".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try RefTableFile.read(path: path)
            Issue.record("a text file was accepted as a table")
        } catch {
            #expect("\(error)".contains("vigil refdata compile"))
        }
    }

    @Test func overridesFileIsParsedAndChecked() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("overrides.tsv")
        try "# our own knowledge\n203.0.113.0/24\tprovince=浙江\toperator=联通\tasn=AS4837\tcity=杭州市\n2001:db8::/32\tcountry=cn\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let data = try RefSourceReader.overrides(path: path)
        #expect(data.v4.count == 1)
        #expect(data.v4[0].values == RefValues(province: 330000, city: "杭州市", networkOperator: .chinaUnicom, asn: 4837))
        #expect(data.v6.first?.values.country == "CN")
        try "203.0.113.0/24\tcolour=blue\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RefSourceReader.ReadError.self) { try RefSourceReader.overrides(path: path) }
        try "203.0.113.0/24\tprovince=加州\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RefSourceReader.ReadError.self) { try RefSourceReader.overrides(path: path) }
    }

    /// A city comes only from a source that agrees on the province, and spellings of one city are unified.
    @Test func citiesStayInTheirProvinceAndSpellingsAreUnified() {
        let table = RefDataCompiler().compile([
            Self.source(.divisionLists, v4: [Self.v4("30.0.0.0/24", RefValues(country: "CN", province: 110000), rank: 1)]),
            Self.source(.ip2region, v4: [
                Self.v4("30.0.0.0/24", RefValues(country: "CN", province: 460000, city: "三亚市")),
                Self.v4("30.0.1.0/24", RefValues(country: "CN", province: 210000, city: "大连")),
                Self.v4("30.0.2.0/24", RefValues(country: "CN", province: 210000, city: "大连市")),
            ]),
        ])
        let beijing = Self.attribution(table, "30.0.0.1").0
        #expect(beijing.provinceCode == 110000)
        #expect(beijing.city == nil, "Sanya is not in Beijing")
        #expect(Self.attribution(table, "30.0.1.1").0.city == "大连市")
        #expect(table.citiesByProvince[210000] == ["大连市"])
        #expect(table.citiesByProvince[110000] == nil)
    }

    /// In the shipped table no city name appears under two provinces.
    @Test func shippedCitiesBelongToOneProvinceEach() throws {
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        let cities = RefTable.shipped.citiesByProvince
        var owner: [String: Int] = [:]
        for (province, names) in cities {
            for name in names {
                #expect(owner[name] == nil, "\(name) is under \(owner[name] ?? 0) and \(province)")
                owner[name] = province
            }
        }
        #expect(cities[110000] == ["北京市"])
        #expect(cities[440000]?.contains("深圳市") == true)
        #expect(owner.count > 300)
    }
}
