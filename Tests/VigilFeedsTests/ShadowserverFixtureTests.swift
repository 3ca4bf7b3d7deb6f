import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// Checks every Shadowserver type with IntelMQ's own parser fixtures (indicators, ports, protocols, times and
/// classification, mapped to Vigil kinds), and the shipped mapping against Shadowserver's schema.
@Suite struct ShadowserverFixtureTests {
    static let folder = "feeds/intelmq-fixtures/shadowserver-3.2.1"
    static let schemaFolder = "feeds/shadowserver-report-schema"

    /// The kind we expect for each fixture's type, written out here rather than taken from the table under test.
    static let expectedKind: [String: ThreatKind] = [
        "blocklist": .maliciousIP, "compromised_website": .compromisedHost, "device_id": .other,
        "event4_ddos_participant": .bot, "event4_honeypot_darknet": .maliciousIP, "event4_honeypot_ddos": .bot,
        "event4_honeypot_http_scan": .maliciousIP, "event4_ip_spoofer": .vulnerability,
        "event4_microsoft_sinkhole_http": .compromisedHost, "event4_sinkhole": .compromisedHost,
        "event4_sinkhole_dns": .compromisedHost, "event4_sinkhole_http": .compromisedHost,
        "event6_sinkhole_http": .compromisedHost, "event4_honeypot_ddos_amp": .other, "scan_dns": .openDNSResolver,
        "sandbox_conn": .maliciousIP, "scan_chargen": .openChargen, "scan_cisco_smart_install": .exposedService,
        "scan_coap": .exposedService, "scan_cwmp": .exposedService, "scan_db2": .exposedService,
        "scan_docker": .exposedService, "scan_dvr_dhcpdiscover": .exposedService, "scan_elasticsearch": .exposedService,
        "scan_ftp": .exposedService, "scan_http": .exposedService, "scan_http_vulnerable": .vulnerability,
        "scan_ics": .exposedService, "scan_ldap_udp": .exposedService, "scan_mongodb": .exposedService,
        "scan_mysql": .exposedService, "scan_nat_pmp": .exposedService, "scan_netbios": .exposedService,
        "scan_netis_router": .exposedService, "scan_ntp": .openNTPMode6, "scan_ntpmonitor": .openNTPMonlist,
        "scan_portmapper": .openPortmapper, "scan_postgres": .exposedService, "scan_qotd": .exposedService,
        "scan_quic": .exposedService, "scan_radmin": .exposedService, "scan_redis": .openRedis, "scan_rsync": .exposedService,
        "scan_sip": .exposedService, "scan_smb": .exposedService, "scan_snmp": .openSNMP, "scan_socks": .exposedService,
        "scan_ssh": .exposedService, "scan_ssl": .exposedService, "scan_stun": .exposedService,
        "scan_synfulknock": .backdoor, "scan_telnet": .openTelnet, "scan_vnc": .exposedService,
        "scan_ws_discovery": .exposedService, "special": .vulnerability,
    ]

    /// Where the fixtures (IntelMQ 3.2.1, 2019–2023 layouts) and Shadowserver's current schema classify a type
    /// differently: we follow the schema, as IntelMQ itself does today.
    static let classificationDrift: [String: String] = [
        "scan_http_vulnerable": "IntelMQ 3.2.1 called these accessible-http; the schema now says vulnerable-http",
        "scan_mysql": "IntelMQ 3.2.1 classified open MySQL as other; the schema now says vulnerable-system",
        "scan_postgres": "IntelMQ 3.2.1 classified open PostgreSQL as other; the schema now says vulnerable-system",
    ]

    /// Rows of the fixtures that we reject, with the reason: IntelMQ's tests stop before them.
    static let expectedRejects: [String: RejectReason.Code] = [
        "test_honeypot_ddos_amp.json": .badIndicator  // src_ip "37.120.178.9.10" is not an address
    ]

    /// The fixture files that hold a sample report and the events IntelMQ makes of it.
    static var fixtureFiles: [String] {
        guard let dir = SharedData.path(folder) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix("test_") && $0.hasSuffix(".json") }.sorted()
    }

    static func read(_ path: String) throws -> ([Observation], [Reject]) {
        var observations: [Observation] = []
        var rejects: [Reject] = []
        try FeedReader(format: .shadowserver(reportType: nil)).read(
            path: path, context: FeedContext(receivedAt: 0, fileName: (path as NSString).lastPathComponent)
        ) { chunk in
            observations += chunk.observations
            rejects += chunk.rejects
            return true
        }
        return (observations, rejects)
    }

    @Test func everyFixtureMatchesIntelMQ() throws {
        guard SharedData.path(Self.folder) != nil else {
            print(SharedData.skipMessage(Self.folder))
            return
        }
        var checkedTypes: Set<String> = []
        var checkedEvents = 0
        for file in Self.fixtureFiles {
            let fixture = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(SharedData.path(Self.folder) ?? "")/\(file)"))) as? [String: Any])
            guard let report = (fixture["reports"] as? [String: Any])?["EXAMPLE_REPORT"] as? [String: Any],
                let events = (fixture["events"] as? [String: Any])?["EVENTS"] as? [[String: Any]],
                let fileName = report["extra.file_name"] as? String
            else { continue }
            let type = try #require(ShadowserverReport.typeName(fromFileName: fileName))
            let raw = try #require((report["raw"] as? String).flatMap { Data(base64Encoded: $0) })
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file(fileName)
            try raw.write(to: URL(fileURLWithPath: path))
            // The type comes from the file name, as it does for real deliveries.
            let (observations, rejects) = try Self.read(path)
            if let code = Self.expectedRejects[file] {
                #expect(rejects.count == 1 && rejects.allSatisfy { $0.reason.code == code }, "\(file): \(rejects)")
            } else {
                #expect(rejects.isEmpty, "\(file): \(rejects)")
            }
            let mapping = try #require(ShadowserverSchema.shipped.report(named: type), "\(type) is not in the shipped schema")
            // IntelMQ's tests compare the first events of a report; every row must still become an observation.
            #expect(observations.count >= events.count, "\(file): \(observations.count) observations for \(events.count) events")
            let drift = Self.classificationDrift[mapping.name] != nil
            let expected = try #require(Self.expectedKind[mapping.name], "\(file): no expected kind for \(mapping.name)")
            for (event, o) in zip(events, observations) {
                let context = "\(file) row \(o.row)"
                #expect(o.kind == expected, "\(context): \(o.kind)")
                if let identifier = mapping.identifier, !drift {
                    #expect(event["classification.identifier"] as? String == identifier, "\(context)")
                }
                #expect(drift || mapping.classification == nil || event["classification.type"] as? String == mapping.classification, "\(context): \(event["classification.type"] ?? "-") vs \(mapping.classification ?? "-")")
                #expect(o.seenAt == UTCTime.parse(try #require(event["time.source"] as? String)), "\(context)")
                if let asn = event["source.asn"] as? Int { #expect(o.reportedASN == asn, "\(context)") }
                if let malware = event["malware.name"] as? String {
                    // IntelMQ lower-cases malware names; we keep the feed's text.
                    #expect(o.note?.lowercased() == malware, "\(context)")
                }
                #expect(o.indicator == (try Self.expectedIndicator(event, mapping: mapping)), "\(context)")
                checkedEvents += 1
            }
            checkedTypes.insert(mapping.name)
        }
        #expect(checkedTypes.count >= 55, "fixture types checked: \(checkedTypes.count)")
        #expect(checkedEvents >= 150)
    }

    /// The indicator we make of an IntelMQ event, and why it differs where it does.
    static func expectedIndicator(_ event: [String: Any], mapping: ShadowserverReport) throws -> Indicator {
        let ip = event["source.ip"] as? String
        if mapping.isService, let ip, let port = event["source.port"] as? Int {
            // Scans: one threat per exposed service, so the port and transport are part of the indicator.
            let transport = try #require(Transport(text: event["protocol.transport"] as? String ?? mapping.defaultService.transport.rawValue))
            return try Indicator.service(ip: ip, port: port, transport: transport)
        }
        if mapping.kind == .compromisedHost, let fqdn = event["source.fqdn"] as? String {
            // A compromised website is the site, whatever URL showed it.
            return try Indicator.domain(fqdn)
        }
        if let network = event["source.network"] as? String {
            return try Indicator.cidr(network)
        }
        // Events (sinkholes, honeypots): the source port is the client's ephemeral port and the destination is our
        // sensor, so neither is part of the threat; the host is.
        return try Indicator.ip(try #require(ip))
    }

    @Test func shippedMappingIsCompiledFromTheSchema() throws {
        guard let intelmq = SharedData.path("\(Self.schemaFolder)/intelmq.json"),
            let reports = SharedData.path("\(Self.schemaFolder)/reports.json")
        else {
            print(SharedData.skipMessage(Self.schemaFolder))
            return
        }
        let compiled = try ShadowserverSchemaCompiler.compile(
            intelmq: Data(contentsOf: URL(fileURLWithPath: intelmq)), reports: Data(contentsOf: URL(fileURLWithPath: reports)))
        #expect(compiled.reports.count == 170)
        #expect(try compiled.encoded() == ShadowserverSchema.shipped.encoded(), "run scripts/ship-shadowserver-schema.sh")
        // The file-name type is the name; IntelMQ's key is an alias.
        #expect(compiled.report(named: "event_sinkhole")?.name == "event4_sinkhole")
        #expect(compiled.report(named: "event4_sinkhole")?.columns.ip == "src_ip")
    }

    @Test func intelmqJSONAloneIsEnough() throws {
        guard let intelmq = SharedData.path("\(Self.schemaFolder)/intelmq.json") else {
            print(SharedData.skipMessage(Self.schemaFolder))
            return
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: intelmq))
        #expect(try ShadowserverSchemaCompiler.fileKind(of: data) == .intelmq)
        let compiled = try ShadowserverSchemaCompiler.compile(intelmq: data, reports: nil)
        #expect(compiled.reports.count == 170)
        for report in compiled.reports {
            #expect(report.kind == ShadowserverSchema.shipped.report(named: report.name)?.kind, "\(report.name)")
        }
        #expect(throws: ShadowserverSchemaCompiler.CompileError.self) {
            try ShadowserverSchemaCompiler.fileKind(of: Data("{\"a\": {\"b\": 1}}".utf8))
        }
    }

    /// A value a Shadowserver column would plausibly hold, from its name.
    static func syntheticValue(_ field: String, report: ShadowserverReport, row: Int) -> String {
        let v6 = report.name.contains("6_") || report.name.hasSuffix("6")
        switch field {
        case report.columns.time: return "2026-03-2\(row % 10) 10:0\(row % 10):00"
        case report.columns.ip: return v6 ? "2001:db8::\(row + 1)" : "192.0.2.\(row + 1)"
        case report.columns.port: return "\(8000 + row)"
        case report.columns.transport: return "tcp"
        case report.columns.network: return "198.51.100.0/24"
        case report.columns.url, report.columns.destinationURL: return "http://www\(row).example.com/path?q=\(row)"
        case report.columns.fqdn: return "www\(row).example.org"
        case report.columns.query: return "c2-\(row).example.net"
        case report.columns.email, report.columns.account: return "user\(row)@example.com"
        case report.columns.asn, "dst_asn": return "64500"
        case "dst_ip": return v6 ? "2001:db8:1::1" : "203.0.113.1"
        case "dst_port": return "80"
        default: return "\"x, \(field)\""
        }
    }

    @Test func everySchemaTypeParsesASyntheticFile() throws {
        let schema = ShadowserverSchema.shipped
        #expect(schema.reports.count == 170)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for report in schema.reports {
            #expect(!report.fields.isEmpty, "\(report.name)")
            var lines = [report.fields.map { "\"\($0)\"" }.joined(separator: ",")]
            for row in 0..<3 {
                lines.append(report.fields.map { Self.syntheticValue($0, report: report, row: row) }.joined(separator: ","))
            }
            // A row with a time that is not one, one with a field too many, and one cut short after its first field.
            lines.append(report.fields.map { $0 == report.columns.time ? "yesterday" : Self.syntheticValue($0, report: report, row: 4) }.joined(separator: ","))
            lines.append((report.fields + ["extra"]).map { Self.syntheticValue($0, report: report, row: 5) }.joined(separator: ","))
            lines.append(Self.syntheticValue(report.fields[0], report: report, row: 6))
            let name = "2026-03-24-\(report.name)-synthetic.csv"
            let path = try dir.write(name, lines.joined(separator: "\n") + "\n")
            var observations: [Observation] = []
            var rejects: [Reject] = []
            try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: name)) {
                observations += $0.observations
                rejects += $0.rejects
                return true
            }
            #expect(observations.count == 3, "\(report.name): \(rejects.prefix(1))")
            #expect(rejects.map(\.reason.code) == [.badTime, .fieldCount, .fieldCount], "\(report.name)")
            #expect(observations.count + rejects.count == 6)
            #expect(observations.allSatisfy { $0.kind == report.kind && $0.seenAt > 1_770_000_000 }, "\(report.name)")
            guard let first = observations.first else { continue }
            if report.isService {
                #expect(first.indicator.type == .service && first.indicator.value.contains(":8000/tcp"), "\(report.name): \(first.indicator)")
            } else {
                #expect([.ip, .cidr, .url, .domain, .email].contains(first.indicator.type), "\(report.name)")
            }
        }
    }

    @Test func unknownAndBrokenNamesAreRefusedWithAdvice() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["2019-01-01-some_string-test-test.csv", "2020.wrong-filename.csv"] {
            let path = try dir.write(name, "\"timestamp\",\"ip\"\n\"2019-01-01 00:00:00\",192.0.2.1\n")
            #expect {
                try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: name)) { _ in true }
            } throws: { error in
                let text = "\(error)"
                return text.contains("--report-type") || text.contains("update-shadowserver-schema")
            }
        }
        // A scan type newer than the schema still reads, as an exposed service.
        #expect(ShadowserverSchema.shipped.report(named: "scan_brandnew")?.kind == .exposedService)
        #expect(ShadowserverSchema.shipped.report(named: "test_telnet")?.name == "scan_telnet")
    }

    @Test func exchangeWebShellsAreBackdoors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = "2026-01-01-scan_exchange-x.csv"
        let path = try dir.write(name, """
            "timestamp","ip","port","protocol","tag"
            "2026-01-01 00:00:00",192.0.2.1,443,tcp,"exchange;webshell"
            "2026-01-01 00:00:00",192.0.2.2,443,tcp,"cve-2021-26855"
            """)
        var observations: [Observation] = []
        try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: name)) {
            observations += $0.observations
            return true
        }
        #expect(observations.map(\.kind) == [.backdoor, .vulnerability])
    }

    @Test func detectsTypeFromFileNames() {
        #expect(ShadowserverReport.typeName(fromFileName: "2024-05-01-test_telnet-geo.csv") == "test_telnet")
        #expect(ShadowserverReport.typeName(fromFileName: "/x/2019-09-04-scan_ntp.csv") == "scan_ntp")
        #expect(ShadowserverReport.typeName(fromFileName: "scan_ntp.csv") == nil)
        #expect(ShadowserverSchema.shipped.report(named: "scan_smb")?.kind == .exposedService)
        #expect(ShadowserverSchema.shipped.report(named: "unknown_report") == nil)
        #expect(FeedFormat.detect(fileName: "2019-09-04-scan_dns-geo.csv", head: []) == .shadowserver(reportType: "scan_dns"))
        #expect(FeedFormat.detect(fileName: "2019-09-04-event4_sinkhole_http.csv", head: []) == .shadowserver(reportType: "event4_sinkhole_http"))
        #expect(FeedFormat.detect(fileName: "x.jsonl", head: []) == .jsonLines)
        #expect(FeedFormat.detect(fileName: "x.txt", head: Array("{\"kind\"".utf8)) == .jsonLines)
        #expect(FeedFormat.detect(fileName: "ipsum.txt", head: Array("# list".utf8)) == .list(kind: nil))
        #expect(FeedFormat.detect(fileName: "partner.csv", head: []) == nil)
    }

    @Test func rejectsBadRowsWithReasons() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("2020-01-01-scan_ntp-x.csv", """
            "timestamp","ip","protocol","port"
            "2020-01-01 00:00:00","203.0.113.5","udp",123
            "2020-01-01 00:00:00","203.0.113.500","udp",123
            "not a time","203.0.113.6","udp",123
            "2020-01-01 00:00:00","203.0.113.7","udp",99999
            "2020-01-01 00:00:00","203.0.113.8","udp"
            "2020-01-01 00:00:00","203.0.113.9","",
            "2020-01-01 00:00:00","","udp",123
            """)
        var chunks: [ParsedChunk] = []
        try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: "2020-01-01-scan_ntp-x.csv")) {
            chunks.append($0)
            return true
        }
        let obs = chunks.flatMap(\.observations)
        let rej = chunks.flatMap(\.rejects)
        #expect(obs.map(\.indicator.value) == ["203.0.113.5:123/udp", "203.0.113.9:123/udp"])
        #expect(rej.map(\.reason.code) == [.badIndicator, .badTime, .badPort, .fieldCount, .missingField])
        #expect(rej.map(\.row) == [3, 4, 5, 6, 8])
        #expect(rej.allSatisfy { !$0.raw.isEmpty && !$0.reason.message.isEmpty })
    }
}
