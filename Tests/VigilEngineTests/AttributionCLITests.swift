import Foundation
import Testing
import VigilAttribution
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// The attribution commands, run as a user runs them: `refdata compile`, `whois`, `attribute --json`, `refdata apply`.
@Suite struct AttributionCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func vigil(_ arguments: [String], stdin: String? = nil, directory: String? = nil) async throws -> Run? {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return nil
        }
        let io = try TemporaryDirectory("vigil-cli")
        defer { io.remove() }
        let input = try io.write("stdin", stdin ?? "")
        let process = try ChildProcess(
            binary, arguments, input: input, output: io.file("stdout"), errorLog: io.file("stderr"), directory: directory)
        let status = await process.wait()
        let stdout = (try? String(contentsOfFile: io.file("stdout"), encoding: .utf8)) ?? ""
        return Run(status: status, stdout: stdout, stderr: process.errorText)
    }

    /// A small ip2region file and an override: 198.18.0.0/24 is Unicom in Guangdong by ip2region, and the user says
    /// 198.18.0.128/25 is China Mobile.
    static func compileSmallTable(in dir: TemporaryDirectory, overrideProvince: String? = nil) async throws -> String? {
        let ip2region = dir.file("small_ip2region.txt")
        try "198.18.0.0|198.18.0.255|中国|0|广东省|广州市|联通\n198.18.1.0|198.18.1.255|美国|0|0|0|Level3\n"
            .write(toFile: ip2region, atomically: true, encoding: .utf8)
        let overrides = dir.file("overrides.tsv")
        var text = "198.18.0.128/25\toperator=移动\n"
        if let overrideProvince { text += "198.18.0.0/24\tprovince=\(overrideProvince)\n" }
        try text.write(toFile: overrides, atomically: true, encoding: .utf8)
        let table = dir.file("small-\(overrideProvince ?? "none").vgrt")
        guard let run = try await vigil(["refdata", "compile", "--out", table, "--ip2region", ip2region, "--overrides", overrides]) else { return nil }
        #expect(run.status == 0, "\(run.stderr)")
        return table
    }

    @Test func whoisNamesEverySourceAndMarksOverrides() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let table = try await Self.compileSmallTable(in: dir) else { return }
        guard let plain = try await Self.vigil(["whois", "198.18.0.9", "--refdata", table]) else { return }
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("province:") && $0.contains("广东省") && $0.contains("[source: ip2region]") }, "\(plain.stdout)")
        #expect(lines.contains { $0.hasPrefix("operator:") && $0.contains("中国联通") && $0.contains("[source: ip2region]") })
        #expect(lines.contains { $0.hasPrefix("country:") && $0.contains("CN") && $0.contains("[source: ip2region]") })
        #expect(lines.contains { $0.hasPrefix("organization:") && $0.contains("中国联通广东分公司") && $0.contains("operator-province") })

        guard let overridden = try await Self.vigil(["whois", "198.18.0.200", "--refdata", table]) else { return }
        let operatorLine = overridden.stdout.split(separator: "\n").first { $0.hasPrefix("operator:") } ?? ""
        #expect(operatorLine.contains("中国移动") && operatorLine.contains("OVERRIDDEN"), "\(overridden.stdout)")
        #expect(overridden.stdout.contains("中国移动广东分公司"))

        guard let block = try await Self.vigil(["whois", "198.18.0.0/23", "--refdata", table]) else { return }
        #expect(block.stdout.contains("the block spans 3 reference ranges"), "\(block.stdout)")
        #expect(block.stdout.contains("US - 其他"))

        guard let info = try await Self.vigil(["refdata", "info", "--refdata", table]) else { return }
        #expect(info.stdout.contains("overrides") && info.stdout.contains("ip2region"))

        guard let bad = try await Self.vigil(["whois", "not an indicator at all", "--refdata", table]) else { return }
        #expect(bad.status != 0)
        guard let missing = try await Self.vigil(["whois", "1.2.3.4", "--refdata", dir.file("absent.vgrt")]) else { return }
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("vigil refdata compile") || missing.stderr.contains("absent.vgrt"), "\(missing.stderr)")
    }

    @Test func attributeJSONWritesOneObjectPerLine() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let table = try await Self.compileSmallTable(in: dir) else { return }
        let input = "198.18.0.9\n\n198.18.1.1\nhttp://198.18.0.7:8080/x\nphish.example.com.cn\n???\n"
        guard let run = try await Self.vigil(["attribute", "--json", "--refdata", table], stdin: input) else { return }
        #expect(run.status == 0, "\(run.stderr)")
        let objects = try run.stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        try #require(objects.count == 5, "one object per non-empty input line: \(run.stdout)")
        for key in ["indicator", "country", "province_code", "province", "city", "operator", "asn", "organization"] {
            #expect(objects[0].keys.contains(key), "\(key)")
        }
        #expect(objects[0]["province_code"] as? Int == 440000)
        #expect(objects[0]["province"] as? String == "广东省")
        #expect(objects[0]["operator"] as? String == "chinaUnicom")
        #expect(objects[0]["organization"] as? String == "中国联通广东分公司")
        #expect(objects[1]["country"] as? String == "US")
        #expect(objects[1]["province_code"] is NSNull)
        #expect(objects[2]["province_code"] as? Int == 440000, "a URL with an IP host goes by the IP")
        #expect(objects[3]["organization_id"] as? String == "cnnic")
        #expect(objects[3]["registrable_domain"] as? String == "example.com.cn")
        #expect(objects[4]["error"] is String)
    }

    @Test func organizationsFromConfigAndCSVAreUsed() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let table = try await Self.compileSmallTable(in: dir) else { return }
        try """
            [[organizations]]
            id = "gz-idc"
            name = "广州某IDC"
            type = "internetCompany"
            province = "广东"
            emails = ["abuse@idc.example"]
            responsible_for = ["cidr:198.18.0.0/28"]

            [directory]
            csv = "orgs.csv"
            """.write(toFile: dir.file("vigil.toml"), atomically: true, encoding: .utf8)
        try "id,name,type,responsible_for\nreg,某注册服务机构,domainRegistrar,registrar:某注册商\napps,某应用商店,internetCompany,host:apps.example.com\n"
            .write(toFile: dir.file("orgs.csv"), atomically: true, encoding: .utf8)
        guard let idc = try await Self.vigil(["whois", "198.18.0.3", "--refdata", table], directory: dir.path) else { return }
        #expect(idc.status == 0, "\(idc.stderr)")
        #expect(idc.stdout.contains("广州某IDC") && idc.stdout.contains("[rule: cidr]"), "\(idc.stdout)")
        guard let app = try await Self.vigil(["whois", "https://apps.example.com/evil.apk", "--refdata", table], directory: dir.path) else { return }
        #expect(app.stdout.contains("某应用商店") && app.stdout.contains("url-host"), "\(app.stdout)")

        try "[[organizations]]\nid = \"x\"\nname = \"X\"\ntype = \"notAType\"\n".write(toFile: dir.file("bad.toml"), atomically: true, encoding: .utf8)
        guard let bad = try await Self.vigil(["whois", "198.18.0.3", "--refdata", table, "--config", dir.file("bad.toml")]) else { return }
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("type must be one of"), "\(bad.stderr)")
    }

    /// Ingest with one table, then `refdata apply` with another: threats move, and a domain located through its
    /// A record is located again through it.
    @Test func refdataApplyReattributesStoredThreats() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let before = try await Self.compileSmallTable(in: dir), let after = try await Self.compileSmallTable(in: dir, overrideProvince: "浙江") else { return }
        let input = dir.file("feed.jsonl")
        try """
            {"kind":"c2Server","indicator":"198.18.0.9","asn":64500}
            {"kind":"phishingURL","indicator":"http://login.example.com/x","resolved":["198.18.0.10"]}
            {"kind":"phishingURL","indicator":"http://bad.example.net/x","resolved":"not-an-ip"}
            """.write(toFile: input, atomically: true, encoding: .utf8)
        let db = dir.file("v.db")
        guard let ingest = try await Self.vigil(["ingest", input, "--source", "test", "--database", db, "--refdata", before]) else { return }
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let store = try SQLiteStore(path: db)
        let rejects = try await store.rejects(batchID: nil, limit: 10)
        #expect(rejects.count == 1)
        #expect(rejects.first?.reject.reason.message.contains("resolved") == true)
        var threats = try await store.threats(matching: ThreatFilter(limit: 10))
        let ip = try #require(threats.first { $0.indicator.type == .ip })
        let url = try #require(threats.first { $0.indicator.type == .url })
        #expect(ip.attribution.provinceCode == 440000)
        #expect(ip.attribution.asn == 64500, "the reported ASN is kept when the table has none")
        #expect(url.attribution.provinceCode == 440000)
        #expect(url.attribution.viaAddress == "198.18.0.10")
        #expect(url.attribution.registrableDomain == "example.com")
        #expect(url.attribution.organizationID == "chinaunicom-440000")

        guard let apply = try await Self.vigil(["refdata", "apply", "--database", db, "--refdata", after]) else { return }
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("re-attributed 2 threats"), "\(apply.stdout)")
        threats = try await store.threats(matching: ThreatFilter(limit: 10))
        let ip2 = try #require(threats.first { $0.indicator.type == .ip })
        let url2 = try #require(threats.first { $0.indicator.type == .url })
        #expect(ip2.attribution.provinceCode == 330000)
        #expect(ip2.attribution.asn == 64500)
        #expect(ip2.attribution.organizationID == "chinaunicom-330000")
        #expect(ip2.attribution.provenance?.contains("province=overrides") == true)
        #expect(url2.attribution.provinceCode == 330000)
        #expect(url2.attribution.viaAddress == "198.18.0.10")
        let stats = try await store.statistics()
        #expect(stats.byProvince[330000] == 2, "rollups follow the new attribution: \(stats.byProvince)")
    }

    /// The shipped table is what `vigil refdata compile` makes from the data in ../shared/data (scripts/build-refdata.sh):
    /// rebuilding it gives the same ranges, records and provenance.
    @Test func shippedTableIsReproducibleFromTheData() async throws {
        guard let xz = SharedData.path("refdata/ip2region/ip2region_v4_20240228.txt.xz"),
              let operators = SharedData.path("refdata/china-operator-ip"),
              let divisions = SharedData.path("refdata/metowolf-iplist"),
              let apnic = SharedData.path("refdata/apnic-delegated/delegated-apnic-latest") else {
            print(SharedData.skipMessage("refdata"))
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xz") else {
            print("skipped: /usr/bin/xz is needed to unpack ip2region (apt-get install xz-utils)")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = dir.file("ip2region_v4_20240228.txt")
        let unpacked = try await ChildProcess.run("/bin/sh", ["-c", "/usr/bin/xz -dc \"$0\" > \"$1\"", xz, text])
        try #require(unpacked == 0)
        let out = dir.file("rebuilt.vgrt")
        guard let run = try await Self.vigil(["refdata", "compile", "--out", out, "--ip2region", text, "--operator-lists", operators,
                                        "--division-lists", divisions, "--apnic", apnic]) else { return }
        try #require(run.status == 0, "\(run.stderr)")
        try #require(RefTable.shippedLoadError == nil, "\(RefTable.shippedLoadError ?? "")")
        let rebuilt = try RefTableFile.read(path: out)
        let shipped = RefTable.shipped
        #expect(rebuilt.v4Starts == shipped.v4Starts, "rebuild the shipped table with scripts/build-refdata.sh")
        #expect(rebuilt.v4Records == shipped.v4Records)
        #expect(rebuilt.v6Starts == shipped.v6Starts)
        #expect(rebuilt.v6Records == shipped.v6Records)
        #expect(rebuilt.attributions == shipped.attributions)
        #expect(rebuilt.provenance == shipped.provenance)
        #expect(rebuilt.metadata.disagreements == shipped.metadata.disagreements)
        #expect(rebuilt.metadata.sources.map(\.date) == shipped.metadata.sources.map(\.date))
    }
}
