import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct OrganizationDirectoryTests {
    /// A one-range table: 10.0.0.0/24 is China Unicom in Guangdong, 10.0.1.0/24 is an unnamed operator in Zhejiang,
    /// 10.0.2.0/24 is China Telecom with no province.
    static let table = RefDataCompiler().compile([
        RefSourceData(info: RefSourceInfo(kind: .ip2region, path: "t", date: "2024-01-01", ipv4Ranges: 0, ipv6Ranges: 0), v4: [
            RefInterval(block: CIDRRange("10.0.0.0/24")!, values: RefValues(country: "CN", province: 440000, networkOperator: .chinaUnicom)),
            RefInterval(block: CIDRRange("10.0.1.0/24")!, values: RefValues(country: "CN", province: 330000, networkOperator: .other, operatorName: "某宽带")),
            RefInterval(block: CIDRRange("10.0.2.0/24")!, values: RefValues(country: "CN", networkOperator: .chinaTelecom)),
        ], v6: []),
    ])

    @Test func standardDirectoryHasBranchesAndAdministrations() throws {
        let d = OrganizationDirectory.standard
        for group in ["chinatelecom", "chinaunicom", "chinamobile"] {
            let branches = d.organizations.values.filter { $0.parent == group && $0.type == .operatorBranch }
            #expect(branches.count == 31, "\(group)")
        }
        #expect(d.organizations.values.filter { $0.type == .provincialAdministration }.count == 31)
        let gd = try #require(d.organizations["chinaunicom-440000"])
        #expect(gd.name == "中国联通广东分公司")
        #expect(d.organizations["chinatelecom-110000"]?.name == "中国电信北京分公司")
        #expect(d.organizations["chinatelecom-110000"]?.parent == "chinatelecom")
        #expect(d.organizations["ca-440000"]?.name == "广东省通信管理局")
    }

    @Test func chinaUnicomInGuangdongGoesToItsBranch() {
        let a = Attributor(table: Self.table).attribute(address: IPAddress("10.0.0.9")!)
        #expect(a.organizationName == "中国联通广东分公司")
        #expect(a.organizationID == "chinaunicom-440000")
        #expect(a.organizationRule == ResolutionRule.operatorInProvince.rawValue)
    }

    /// The same, on the shipped table: every China Unicom range it places in Guangdong resolves to the branch.
    @Test func chinaUnicomInGuangdongOnTheShippedTable() throws {
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        let table = RefTable.shipped
        let attributor = Attributor()
        var checked = 0
        for (i, record) in table.v4Records.enumerated() {
            let a = table.attributions[Int(record)]
            guard a.networkOperator == .chinaUnicom, a.provinceCode == 440000 else { continue }
            let got = attributor.attribute(address: .v4(IPv4Address(table.v4Starts[i])))
            #expect(got.organizationName == "中国联通广东分公司")
            checked += 1
        }
        #expect(checked > 100)
        #expect(attributor.attribute(try Indicator.parse("58.248.0.1", as: .ip)).organizationName == "中国联通广东分公司")
    }

    @Test func unknownCasesFallBackToTheAdministrationThenTheMinistry() throws {
        let attributor = Attributor(table: Self.table)
        let zj = attributor.attribute(address: IPAddress("10.0.1.1")!)
        #expect(zj.organizationID == "ca-330000")
        #expect(zj.organizationName == "浙江省通信管理局")
        #expect(zj.organizationRule == ResolutionRule.provincialAdministration.rawValue)
        let telecom = attributor.attribute(address: IPAddress("10.0.2.1")!)
        #expect(telecom.organizationID == "chinatelecom")
        #expect(telecom.organizationRule == ResolutionRule.networkOperator.rawValue)
        let nowhere = attributor.attribute(address: IPAddress("192.0.2.1")!)
        #expect(nowhere.organizationID == "miit")
        #expect(nowhere.organizationRule == ResolutionRule.ministry.rawValue)
        let phone = attributor.attribute(try Indicator.parse("+8613800138000", as: .phone))
        #expect(phone.organizationRule == ResolutionRule.ministry.rawValue)
    }

    @Test func cnDomainsGoToTheRegistryOrTheRegistrar() throws {
        let attributor = Attributor(table: Self.table)
        let cn = attributor.attribute(try Indicator.parse("login.bad-bank.com.cn", as: .domain))
        #expect(cn.organizationID == "cnnic")
        #expect(cn.organizationRule == ResolutionRule.domainSuffix.rawValue)
        #expect(cn.registrableDomain == "bad-bank.com.cn")
        let idn = attributor.attribute(try Indicator.parse("http://食狮.中国/x", as: .url))
        #expect(idn.organizationID == "cnnic")
        #expect(idn.registrableDomain == "xn--85x722f.xn--fiqs8s")

        let registrar = Organization(id: "hichina", name: "阿里云计算有限公司（万网）", type: .domainRegistrar, responsibilities: [.registrar("万网")])
        let withRegistrar = Attributor(table: Self.table, directory: OrganizationDirectory.standard.merging([registrar]))
        let r = withRegistrar.attribute(try Indicator.parse("bad-bank.cn", as: .domain), registrar: "万网")
        #expect(r.organizationID == "hichina")
        #expect(r.organizationRule == ResolutionRule.registrar.rawValue)
        // A configured registry replaces the default one.
        let registry = Organization(id: "my-registry", name: "Registry", type: .domainRegistry, responsibilities: [.domainSuffix("cn")])
        let replaced = Attributor(table: Self.table, directory: OrganizationDirectory([registry]))
        #expect(replaced.attribute(try Indicator.parse("x.cn", as: .domain)).organizationID == "my-registry")
        // A name under no rule and with no A record goes to the ministry; with one, to whoever answers for it.
        let com = attributor.attribute(try Indicator.parse("example.com", as: .domain))
        #expect(com.organizationRule == ResolutionRule.ministry.rawValue)
        let hosted = attributor.attribute(try Indicator.parse("http://example.com/login", as: .url), hosts: [IPAddress("10.0.0.5")!])
        #expect(hosted.organizationID == "chinaunicom-440000")
        #expect(hosted.provinceCode == 440000)
        #expect(hosted.registrableDomain == "example.com")
    }

    @Test func specificRulesWinOverGeneralOnes() throws {
        let directory = OrganizationDirectory.standard.merging([
            Organization(id: "idc", name: "某IDC", type: .internetCompany, responsibilities: [.cidr("10.0.0.0/24")]),
            Organization(id: "idc-rack", name: "某IDC机柜", type: .internetCompany, parent: "idc", responsibilities: [.cidr("10.0.0.128/25")]),
            Organization(id: "appstore", name: "应用商店", type: .internetCompany, responsibilities: [.urlHost("apps.example.com")]),
            Organization(id: "as-owner", name: "AS owner", type: .internetCompany, responsibilities: [.asn(64500)]),
        ])
        let attributor = Attributor(table: Self.table, directory: directory)
        #expect(attributor.attribute(address: IPAddress("10.0.0.1")!).organizationID == "idc")
        let rack = attributor.attribute(address: IPAddress("10.0.0.200")!)
        #expect(rack.organizationID == "idc-rack")
        #expect(rack.organizationRule == ResolutionRule.cidr.rawValue)
        #expect(rack.provinceCode == 440000, "the directory does not change the location fields")
        #expect(attributor.attribute(try Indicator.parse("http://cdn.apps.example.com/app.apk", as: .url)).organizationID == "appstore")
        #expect(attributor.attribute(try Indicator.parse("http://apps.example.com/app.apk", as: .url)).organizationRule == ResolutionRule.urlHost.rawValue)
        #expect(directory.resolve(attribution: Attribution(asn: 64500))?.organization.id == "as-owner")
        // An operator that answers for itself everywhere (a cloud provider) is chosen over the administration.
        let cloud = OrganizationDirectory.standard.merging([
            Organization(id: "aliyun", name: "阿里云", type: .internetCompany, responsibilities: [.networkOperator(.alibabaCloud)]),
        ])
        let hz = cloud.resolve(attribution: Attribution(countryCode: "CN", provinceCode: 330000, networkOperator: .alibabaCloud))
        #expect(hz?.organization.id == "aliyun")
        #expect(hz?.rule == .networkOperator)
        // China Telecom in Hong Kong has no branch in the directory: the group answers.
        #expect(cloud.resolve(attribution: Attribution(countryCode: "HK", provinceCode: 810000, networkOperator: .chinaTelecom))?.organization.id == "chinatelecom")
    }

    @Test func responsibilitiesParseFromText() {
        #expect(Responsibility("operator:联通@广东") == .operatorInProvince(.chinaUnicom, 440000))
        #expect(Responsibility("operator:chinaMobile") == .networkOperator(.chinaMobile))
        #expect(Responsibility("cidr:203.0.113.0/24") == .cidr("203.0.113.0/24"))
        #expect(Responsibility("asn:AS4134") == .asn(4134))
        #expect(Responsibility("suffix:.公司.cn") == .domainSuffix("xn--55qx5d.cn"))
        #expect(Responsibility("host:Apps.Example.com") == .urlHost("apps.example.com"))
        #expect(Responsibility("registrar:万网") == .registrar("万网"))
        #expect(Responsibility("cidr:not-a-block") == nil)
        #expect(Responsibility("operator:chinaUnicom@加州") == nil)
        #expect(Responsibility("colour:blue") == nil)
        #expect(Responsibility("operator:@") == nil)
        #expect(Responsibility("operator:chinaUnicom@") == nil)
        #expect(Responsibility("operator:chinaUnicorn") == nil, "a misspelt operator is an error, not 'other'")
        #expect(Responsibility("operator:a@b@c") == nil)
        for text in ["operator:chinaUnicom@440000", "cidr:203.0.113.0/24", "asn:4134", "suffix:cn", "host:apps.example.com", "registrar:万网"] {
            #expect(Responsibility(text)?.description == text)
        }
    }

    @Test func organizationsImportFromCSV() throws {
        let orgs = try OrganizationCSV.parse("""
            id,name,type,parent,province,emails,webhooks,responsible_for
            gd-idc,"广东某IDC, 有限公司",internetCompany,,广东,abuse@idc.example;noc@idc.example,https://idc.example/hook,cidr:203.0.113.0/24;asn:64501
            """)
        #expect(orgs.count == 1)
        let org = try #require(orgs.first)
        #expect(org.name == "广东某IDC, 有限公司")
        #expect(org.provinceCode == 440000)
        #expect(org.contacts.count == 3)
        #expect(org.contacts.filter { $0.channel == .webhook }.map(\.address) == ["https://idc.example/hook"])
        #expect(org.responsibilities == [.cidr("203.0.113.0/24"), .asn(64501)])
        #expect(throws: OrganizationCSV.ReadError.self) { try OrganizationCSV.parse("id,name,type\nx,X,notAType\n") }
        do {
            _ = try OrganizationCSV.parse("\u{FEFF}id, name ,type\r\n\r\na,A,internetCompany\r\n\r\nb,B,notAType\r\n")
            Issue.record("a bad type was accepted")
        } catch let error as OrganizationCSV.ReadError {
            #expect(error.line == 5, "blank lines count, and a BOM and spaces in the header are fine")
        }
        #expect(throws: OrganizationCSV.ReadError.self) { try OrganizationCSV.parse("id,name,type,responsible_for\nx,X,internetCompany,cidr:nope\n") }
        #expect(throws: OrganizationCSV.ReadError.self) { try OrganizationCSV.parse("name,type\nX,internetCompany\n") }
    }
}

@Suite struct OrganizationDirectoryMergingTests {
    @Test func addingContactsKeepsWhatAnOrganizationAnswersFor() throws {
        let standard = OrganizationDirectory.standard
        let before = try #require(standard.organizations["chinatelecom-440000"])
        #expect(!before.responsibilities.isEmpty)
        let merged = standard.merging([
            Organization(id: "chinatelecom-440000", name: "中国电信广东分公司", type: .operatorBranch, contacts: [Contact(channel: .email, address: "soc@gd.example")],
                         sensitive: true),
            Organization(id: "new-org", name: "New", type: .internetCompany, responsibilities: [.asn(64500)]),
        ])
        let after = try #require(merged.organizations["chinatelecom-440000"])
        #expect(after.contacts == [Contact(channel: .email, address: "soc@gd.example")] && after.sensitive)
        #expect(after.responsibilities == before.responsibilities && after.parent == before.parent && after.provinceCode == 440000)
        #expect(merged.organizations["new-org"]?.responsibilities == [.asn(64500)])
        #expect(merged.organizations.count == standard.organizations.count + 1)
    }
}
