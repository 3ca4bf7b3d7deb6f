import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct RefDataCompilerTests {
    static func v4(_ cidr: String, _ values: RefValues, rank: Int = 0, layer: Int = 0) -> RefInterval {
        RefInterval(block: CIDRRange(cidr)!, values: values, rank: rank, layer: layer)
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

    @Test func partialOverlapsKeepEveryAddress() {
        // Two ip2region files whose ranges overlap partially: no address of either is lost.
        let table = RefDataCompiler().compile([
            Self.source(.ip2region, v4: [RefInterval(start: 100, end: 199, values: RefValues(country: "CN", province: 110000))]),
            Self.source(.ip2region, v4: [RefInterval(start: 150, end: 299, values: RefValues(country: "CN", province: 120000))]),
        ])
        func province(_ v: UInt32) -> Int? { table.attribution(v4: v).provinceCode }
        #expect(province(99) == nil)
        #expect(province(100) == 110000)
        #expect(province(149) == 110000)
        #expect(province(150) == 110000, "the narrower range wins where both cover")
        #expect(province(199) == 110000)
        #expect(province(200) == 120000, "the tail of the wider range is kept")
        #expect(province(299) == 120000)
        #expect(province(300) == nil)
    }

    @Test func layersOfOneSourceDoNotHideEachOther() {
        // metowolf-iplist: a city block with an operator block inside it, and an operator block containing a city.
        let table = RefDataCompiler().compile([
            Self.source(.divisionLists, v4: [
                Self.v4("40.0.0.0/16", RefValues(country: "CN", province: 440000, city: "深圳市"), rank: 2),
                Self.v4("40.0.1.0/24", RefValues(networkOperator: .tencentCloud), layer: 1),
                Self.v4("41.0.0.0/8", RefValues(networkOperator: .chinaTelecom), layer: 1),
                Self.v4("41.1.0.0/16", RefValues(country: "CN", province: 320000, city: "南京市"), rank: 2),
            ]),
        ])
        let inner = Self.attribution(table, "40.0.1.1").0
        #expect(inner.provinceCode == 440000)
        #expect(inner.city == "深圳市")
        #expect(inner.networkOperator == .tencentCloud)
        let city = Self.attribution(table, "41.1.2.3").0
        #expect(city.networkOperator == .chinaTelecom)
        #expect(city.city == "南京市")
        #expect(Self.attribution(table, "40.0.2.1").0.networkOperator == .unknown)
    }

    @Test func overridesAreNeverOverruled() {
        let located = [
            Self.source(.ip2region, v4: [Self.v4("50.0.0.0/16", RefValues(country: "CN", province: 440000, city: "广州市"))]),
            Self.source(.divisionLists, v4: [Self.v4("50.0.0.0/16", RefValues(country: "CN", province: 440000))]),
            Self.source(.apnic, v4: [Self.v4("51.0.0.0/16", RefValues(country: "JP"))]),
        ]
        let table = RefDataCompiler().compile(located + [
            Self.source(.overrides, v4: [
                Self.v4("50.0.1.0/24", RefValues(country: "US")),
                Self.v4("51.0.1.0/24", RefValues(province: 330000)),
            ]),
        ])
        let us = Self.attribution(table, "50.0.1.1")
        #expect(us.0.countryCode == "US")
        #expect(us.1.country == .overrides)
        #expect(us.0.provinceCode == nil, "the user's country wins over two agreeing location sources")
        let agreed = Self.attribution(table, "50.0.2.1").0
        #expect(agreed.provinceCode == 440000)
        let zj = Self.attribution(table, "51.0.1.1")
        #expect(zj.0.provinceCode == 330000)
        #expect(zj.1.province == .overrides)
        #expect(zj.0.countryCode == "CN", "the user's province sets the country over APNIC's")
        #expect(Self.attribution(table, "51.0.2.1").0.countryCode == "JP")
    }

    @Test func listFilesWithWindowsLineEndsAndBadLines() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("ops"), withIntermediateDirectories: true)
        try "# China Unicom\r\n1.2.3.0/24\r\n\r\n5.6.0.0/16\r\n".write(toFile: dir.file("ops/unicom.txt"), atomically: true, encoding: .utf8)
        let data = try RefSourceReader.operatorLists(directory: dir.file("ops"))
        #expect(data.v4.count == 2)
        #expect(data.v4.allSatisfy { $0.values.networkOperator == .chinaUnicom })
        try "1.2.3.0/24\nnot-a-block\n".write(toFile: dir.file("ops/unicom.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try RefSourceReader.operatorLists(directory: dir.file("ops"))
            Issue.record("a bad line was skipped silently")
        } catch {
            #expect("\(error)".contains("line 2"), "\(error)")
        }
        try "2|apnic|20260618|1|19830613|20260617|+1000\nnothing useful\n".write(toFile: dir.file("apnic.txt"), atomically: true, encoding: .utf8)
        #expect(throws: RefSourceReader.ReadError.self) { try RefSourceReader.apnic(path: dir.file("apnic.txt")) }
        try "203.0.113.0/24\tasn=99999999999\n".write(toFile: dir.file("o.tsv"), atomically: true, encoding: .utf8)
        #expect(throws: RefSourceReader.ReadError.self) { try RefSourceReader.overrides(path: dir.file("o.tsv")) }
        try "203.0.113.0/24\tcountry=China\n".write(toFile: dir.file("o.tsv"), atomically: true, encoding: .utf8)
        #expect(throws: RefSourceReader.ReadError.self) { try RefSourceReader.overrides(path: dir.file("o.tsv")) }
    }

    @Test func hostileTableFilesAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("t.vgrt")
        let good = try RefTableFile.encode(RefDataCompiler().compile(Self.sources))
        // Every truncation is refused with an error, never a crash.
        for cut in stride(from: 1, to: good.count, by: max(1, good.count / 97)) {
            try Data(good[..<cut]).write(to: URL(fileURLWithPath: path))
            #expect(throws: (any Error).self) { try RefTableFile.read(path: path) }
        }
        // A record count of 4 billion after valid metadata.
        var huge = Array(good[..<8])
        let metaCount = Int(UInt32(littleEndian: good[8..<12].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        huge += good[8..<(12 + metaCount)]
        huge += [0, 0, 0, 0]  // empty string pool
        huge += [0xFF, 0xFF, 0xFF, 0xFF]
        try Data(huge).write(to: URL(fileURLWithPath: path))
        #expect(throws: RefTableFile.FormatError.self) { try RefTableFile.read(path: path) }
        try Data((good + [1, 2, 3])).write(to: URL(fileURLWithPath: path))
        #expect(throws: RefTableFile.FormatError.self) { try RefTableFile.read(path: path) }
    }
}
