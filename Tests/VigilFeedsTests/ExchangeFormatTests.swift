import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// STIX 2.1, MISP, IntelMQ and Suricata EVE, read from the official examples and real files where there are some,
/// and from hand-written records in each format's published layout for the cases those lack.
@Suite struct ExchangeFormatTests {
    static func parse(_ text: String, name: String, format: FeedFormat? = nil) throws -> ([Observation], [Reject]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(name, text)
        let chosen = try #require(format ?? FeedFormat.detect(fileName: name, head: Array(text.utf8.prefix(16384))), "\(name): format not detected")
        var observations: [Observation] = []
        var rejects: [Reject] = []
        try FeedReader(format: chosen, chunkRows: 2).read(path: path, context: FeedContext(receivedAt: 1_000, fileName: name)) {
            observations += $0.observations
            rejects += $0.rejects
            return true
        }
        return (observations, rejects)
    }

    static func file(_ relative: String) -> String? {
        guard let path = SharedData.path(relative) else {
            print(SharedData.skipMessage(relative))
            return nil
        }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    // MARK: STIX

    @Test func stixOfficialExamples() throws {
        let folder = "feeds/stix2/examples"
        if let text = Self.file("\(folder)/indicator-for-c2-ip-address.json") {
            let (obs, rej) = try Self.parse(text, name: "c2.json")
            #expect(rej.isEmpty)
            #expect(obs.map(\.indicator.value) == ["10.0.0.0"] && obs.map(\.kind) == [.c2Server])
            #expect(obs.first?.seenAt == UTCTime.parse("2014-05-08T09:00:00Z"), "valid_from")
        }
        if let text = Self.file("\(folder)/indicators-for-C2-with-COA.json") {
            let (obs, rej) = try Self.parse(text, name: "coa.json")
            // The hash indicates Poison Ivy (a remote-access trojan); the address is its C2. The course of action
            // carries no indicator and is counted as a reject; identity, malware and relationships are context.
            #expect(Set(obs.map(\.kind)) == [.trojan, .c2Server])
            #expect(obs.first { $0.kind == .trojan }?.indicator.value == "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c")
            #expect(obs.allSatisfy { $0.note?.contains("Poison Ivy") == true })
            #expect(rej.map(\.reason.code) == [.unsupported] && rej[0].reason.message.contains("course-of-action"))
        }
        if let text = Self.file("\(folder)/infrastructure.json") {
            let (obs, rej) = try Self.parse(text, name: "infra.json")
            #expect(rej.isEmpty)
            #expect(obs.first { $0.indicator.value == "198.51.100.3" }?.kind == .c2Server)
            #expect(obs.first { $0.indicator.value == "198.51.100.3" }?.note == "Poison Ivy C2")
            #expect(obs.contains { $0.indicator == Indicator(uncheckedType: .domain, value: "example.com") })
        }
        if let text = Self.file("\(folder)/malicious-email-indicator-with-attachment.json") {
            let (obs, rej) = try Self.parse(text, name: "email.json")
            // Both patterns match e-mail subjects and attachment names with regular expressions: nothing to act on alone.
            #expect(obs.isEmpty && rej.count == 3)
            #expect(rej.filter { $0.reason.message.contains("no equality comparison") }.count == 2)
        }
        if let text = Self.file("\(folder)/interop-objectmarking-test.json") {
            // Not a bundle: one campaign object, read as one record.
            let (obs, rej) = try Self.parse(text, name: "campaign.json")
            #expect(obs.isEmpty && rej.count == 1 && rej[0].reason.code == .unsupported)
        }
    }

    /// The interop profiles name the STIX object types partners exchange; each is read as an observation, as context
    /// or as a counted `unsupported` reject — never silently dropped, never a crash.
    @Test func everyInteropObjectTypeHasADisposition() throws {
        guard let dir = SharedData.path("feeds/stix2/interop") else {
            print(SharedData.skipMessage("feeds/stix2/interop"))
            return
        }
        let types = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") && $0 != "core.json" }
            .map { String($0.dropLast(5)) }.sorted()
        #expect(types.count >= 18)
        for type in types {
            var object = #"{"type":"\#(type)","spec_version":"2.1","id":"\#(type)--6b0c9b4a-0f6d-4b5e-9b7d-0a6f0f3c1a01","created":"2024-05-01T00:00:00Z","modified":"2024-05-01T00:00:00Z","name":"x""#
            switch type {
            case "indicator": object += #","pattern":"[ipv4-addr:value = '203.0.113.9']","pattern_type":"stix","valid_from":"2024-05-01T00:00:00Z","indicator_types":["malicious-activity"]"#
            case "observed-data": object += #","first_observed":"2024-05-01T00:00:00Z","last_observed":"2024-05-01T01:00:00Z","number_observed":3,"object_refs":["ipv4-addr--1"]"#
            case "sighting": object += #","sighting_of_ref":"indicator--x""#
            case "relationship": object += #","relationship_type":"indicates","source_ref":"indicator--x","target_ref":"malware--y""#
            default: break
            }
            let bundle = #"{"type":"bundle","id":"bundle--1","objects":[\#(object)}, {"type":"ipv4-addr","id":"ipv4-addr--1","value":"198.51.100.77"}]}"#
            let (obs, rej) = try Self.parse(bundle, name: "\(type).json")
            switch type {
            case "indicator": #expect(obs.map(\.indicator.value).contains("203.0.113.9"), "\(type)")
            case "observed-data": #expect(obs.map(\.indicator.value) == ["198.51.100.77"] && obs[0].note == "observed 3 times", "\(type)")
            case "sighting": #expect(rej.contains { $0.reason.message.contains("not an indicator in this bundle") }, "\(type)")
            case "malware", "infrastructure", "relationship", "identity":
                #expect(rej.isEmpty && obs.map(\.indicator.value) == ["198.51.100.77"], "\(type) is context")
            default:
                #expect(rej.map(\.reason.code) == [.unsupported] && rej[0].reason.message.contains(type), "\(type)")
            }
        }
    }

    @Test func stixPatternsRelationshipsAndSightings() throws {
        let bundle = """
            {"type": "bundle", "id": "bundle--2", "objects": [
              {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates",
               "source_ref": "indicator--b", "target_ref": "malware--m"},
              {"type": "indicator", "id": "indicator--a", "pattern_type": "stix", "valid_from": "2024-05-01T08:00:00+08:00",
               "pattern": "[ipv4-addr:value = '198.51.100.1' OR ipv6-addr:value = '2001:db8::1'] OR [url:value = 'http://evil.example/x'] OR [email-addr:value = 'boss@evil.example'] AND [domain-name:value NOT = 'ok.example']"},
              {"type": "indicator", "id": "indicator--b", "pattern_type": "stix", "valid_from": "2024-05-02T00:00:00Z",
               "pattern": "[file:hashes.'SHA-256' = 'AAAAbbbbccccddddeeeeffff0000111122223333444455556666777788889999' OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"},
              {"type": "indicator", "id": "indicator--c", "pattern_type": "stix", "valid_from": "2024-05-03T00:00:00Z",
               "pattern": "[domain-name:value IN ('a.evil.example', 'b.evil.example')]"},
              {"type": "indicator", "id": "indicator--d", "pattern_type": "snort", "pattern": "alert tcp any any -> any 80"},
              {"type": "indicator", "id": "indicator--e", "pattern_type": "stix", "pattern": "[ipv4-addr:value = '203.0.113.5'",
               "valid_from": "2024-05-03T00:00:00Z"},
              {"type": "indicator", "id": "indicator--f", "pattern_type": "stix", "indicator_types": ["benign"],
               "pattern": "[domain-name:value = 'example.org']", "valid_from": "2024-05-03T00:00:00Z"},
              {"type": "malware", "id": "malware--m", "name": "LockBit", "malware_types": ["ransomware"], "is_family": true},
              {"type": "sighting", "id": "sighting--s", "sighting_of_ref": "indicator--c", "count": 7, "last_seen": "2024-05-04T00:00:00Z"},
              {"type": "observed-data", "id": "observed-data--o", "first_observed": "2024-05-05T00:00:00Z",
               "last_observed": "2024-05-05T01:00:00Z", "number_observed": 2, "object_refs": ["domain-name--d"]},
              {"type": "domain-name", "id": "domain-name--d", "value": "observed.example"},
              {"type": "report", "id": "report--r", "name": "Q2", "object_refs": ["indicator--a"]},
              "not an object"
            ]}
            """
        let (obs, rej) = try Self.parse(bundle, name: "bundle.json")
        let pairs = obs.map { "\($0.kind.rawValue) \($0.indicator.value)" }
        #expect(pairs.contains("maliciousIP 198.51.100.1") && pairs.contains("maliciousIP 2001:db8::1"))
        #expect(pairs.contains("malwareURL http://evil.example/x") && pairs.contains("phishingEmail boss@evil.example"))
        #expect(!pairs.contains { $0.contains("ok.example") }, "NOT = is not an indicator")
        // The relationship came before its indicator and still gives the kind and the malware name.
        #expect(pairs.contains("ransomware aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999"))
        #expect(pairs.contains("ransomware d41d8cd98f00b204e9800998ecf8427e"))
        #expect(obs.first { $0.indicator.value == "d41d8cd98f00b204e9800998ecf8427e" }?.note?.contains("LockBit") == true)
        #expect(obs.filter { $0.indicator.value == "a.evil.example" }.count == 2, "the indicator and its sighting")
        #expect(obs.contains { $0.indicator.value == "b.evil.example" && $0.note?.contains("sighted 7 times") == true && $0.seenAt == UTCTime.parse("2024-05-04T00:00:00Z") })
        #expect(obs.contains { $0.indicator.value == "observed.example" && $0.seenAt == UTCTime.parse("2024-05-05T01:00:00Z") })
        #expect(obs.first { $0.indicator.value == "198.51.100.1" }?.seenAt == UTCTime.parse("2024-05-01T00:00:00Z"))
        let reasons = rej.map { "\($0.row) \($0.reason.code)" }
        #expect(reasons.sorted() == ["13 bad_json", "12 unsupported", "5 unsupported", "6 bad_indicator", "7 unsupported"].sorted(), "\(rej)")
        #expect(STIXPattern.terms("[file:hashes.'SHA-256' = 'x']")?.first?.type == .hash)
        #expect(STIXPattern.terms("[process:name = 'x.exe']") == [])
        #expect(STIXPattern.terms("[ipv4-addr:value = 'unterminated]") == nil)
    }

    // MARK: MISP

    @Test func mispRealEvent() throws {
        guard let text = Self.file("feeds/misp/event_regin_2014.json") else { return }
        let (obs, rej) = try Self.parse(text, name: "event.json")
        #expect(obs.count + rej.count == 38)
        #expect(obs.count == 27 && obs.allSatisfy { $0.kind == .malwareSample && $0.indicator.type == .hash })
        #expect(obs.allSatisfy { $0.note?.contains("OSINT - F-Secure W32/Regin, Stage #1") == true && $0.note?.contains("tags: Type:OSINT") == true })
        #expect(obs.first?.seenAt ?? 0 > 1_418_000_000)
        // File names, registry keys, a link and a text comment are counted and kept, not imported.
        #expect(rej.count == 11 && rej.allSatisfy { $0.reason.code == .unsupported })
        #expect(Set(rej.compactMap { $0.reason.message.split(separator: "'").dropFirst().first.map(String.init) }) == ["filename", "regkey", "link", "text"])
        #expect(Set(obs.map(\.row)).count == 27, "attributes are numbered rows")
    }

    @Test func mispObjectsTagsAndWrappers() throws {
        let event = """
            {"response": [{"Event": {"info": "Phishing wave against banks", "date": "2024-05-01",
              "Tag": [{"name": "tlp:green"}, {"name": "misp-galaxy:threat-actor=\\"TA505\\""}],
              "Attribute": [
                {"type": "url", "category": "Payload delivery", "value": "http://bank-login.example/x", "timestamp": "1714550400", "to_ids": true},
                {"type": "ip-dst|port", "category": "Network activity", "value": "203.0.113.7|8443", "to_ids": true,
                 "Tag": [{"name": "kill-chain:c2"}]},
                {"type": "domain|ip", "category": "Network activity", "value": "cdn.evil.example|198.51.100.8"},
                {"type": "ip-src", "category": "Network activity", "value": "not-an-ip"},
                {"type": "email-src", "category": "Payload delivery", "value": "ceo@bank-login.example"},
                {"type": "vulnerability", "category": "External analysis", "value": "CVE-2024-0001"}
              ],
              "Object": [{"name": "file", "Attribute": [
                {"type": "sha256", "category": "Payload delivery", "value": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                {"type": "filename", "category": "Payload delivery", "value": "invoice.exe"}]}]}},
             {"Event": {"info": "Android banking trojan", "date": "2024-05-02", "Attribute": [
                {"type": "md5", "category": "Payload delivery", "value": "d41d8cd98f00b204e9800998ecf8427e"}]}}]}
            """
        let (obs, rej) = try Self.parse(event, name: "misp-search.json")
        let pairs = obs.map { "\($0.kind.rawValue) \($0.indicator.value)" }
        #expect(pairs == [
            "phishingURL http://bank-login.example/x", "c2Server 203.0.113.7", "maliciousDomain cdn.evil.example",
            "phishingEmail ceo@bank-login.example", "malwareSample 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "mobileMalware d41d8cd98f00b204e9800998ecf8427e",
        ])
        #expect(obs[0].seenAt == 1_714_550_400 && obs[0].note?.contains("tags: tlp:green, misp-galaxy:threat-actor=\"TA505\"") == true)
        #expect(obs[1].note?.contains("port 8443") == true && obs[1].note?.contains("kill-chain:c2") == true)
        #expect(obs[2].address == IPAddress("198.51.100.8"))
        #expect(obs[4].note?.contains("object file") == true)
        #expect(rej.map(\.reason.code) == [.badIndicator, .unsupported, .unsupported])
        #expect(obs.count + rej.count == 9 && Set(obs.map(\.row) + rej.map(\.row)) == Set(1...9))
    }

    // MARK: IntelMQ

    /// IntelMQ's own output for the Shadowserver fixtures, fed back as IntelMQ JSON, gives the same threats as the
    /// Shadowserver CSV does: what a CERT running IntelMQ sees when it points its output at Vigil.
    @Test func intelmqEventsFromItsOwnFixtures() throws {
        let folder = "feeds/intelmq-fixtures/shadowserver-3.2.1"
        guard let dir = SharedData.path(folder) else {
            print(SharedData.skipMessage(folder))
            return
        }
        var lines: [String] = []
        var expected: [Indicator] = []
        for name in ["test_scan_ntp.json", "test_scan_redis.json", "test_blocklist.json", "test_event4_sinkhole_http.json", "test_compromised_website.json"] {
            let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))) as? [String: Any])
            let events = ((fixture["events"] as? [String: Any])?["EVENTS"] as? [[String: Any]]) ?? []
            for event in events {
                let trimmed = event.filter { $0.key != "raw" && $0.key != "raw_decoded" && $0.key != "__type" }
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: trimmed, options: [.sortedKeys]), as: UTF8.self))
            }
            let raw = try #require(((fixture["reports"] as? [String: Any])?["EXAMPLE_REPORT"] as? [String: Any])?["raw"] as? String)
            let fileName = try #require(((fixture["reports"] as? [String: Any])?["EXAMPLE_REPORT"] as? [String: Any])?["extra.file_name"] as? String)
            let (fromCSV, _) = try Self.parse(String(decoding: try #require(Data(base64Encoded: raw)), as: UTF8.self), name: fileName)
            expected += fromCSV.prefix(events.count).map(\.indicator)
        }
        let (obs, rej) = try Self.parse(lines.joined(separator: "\n") + "\n", name: "intelmq-output.json")
        #expect(rej.isEmpty, "\(rej.prefix(2))")
        #expect(obs.map(\.indicator) == expected)
        #expect(obs.first?.kind == .openNTPMode6)
        #expect(obs.contains { $0.kind == .compromisedHost } && obs.contains { $0.kind == .maliciousIP })
    }

    @Test func intelmqFieldsAreHarmonizationFields() throws {
        guard let text = Self.file("feeds/intelmq-fixtures/reference/harmonization.conf.json") else { return }
        let harmonization = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let fields = Set((harmonization["event"] as? [String: Any] ?? [:]).keys)
        for used in ["source.ip", "source.port", "source.url", "source.fqdn", "source.network", "source.account", "source.asn",
                     "protocol.transport", "classification.type", "classification.identifier", "time.source", "time.observation",
                     "malware.name", "malware.hash.md5", "malware.hash.sha1", "malware.hash.sha256", "event_description.text", "feed.name"] {
            #expect(fields.contains(used), "\(used) is not an IntelMQ field")
        }
        let bad = """
            {"classification.type": "c2-server", "source.ip": "999.1.1.1", "time.source": "2024-05-01T00:00:00+00:00"}
            {"classification.type": "made-up", "source.ip": "198.51.100.1"}
            {"classification.type": "phishing", "source.url": "http://p.example/", "time.source": "last tuesday"}
            {"classification.type": "phishing", "source.fqdn": "p.example", "feed.name": "x"}
            [1, 2]
            """
        let (obs, rej) = try Self.parse(bad, name: "events.json", format: .intelmq)
        #expect(obs.map { "\($0.kind.rawValue) \($0.indicator.value)" } == ["maliciousDomain p.example"])
        #expect(rej.map(\.reason.code) == [.badIndicator, .badKind, .badTime, .badJSON])
    }

    // MARK: Suricata EVE

    @Test func suricataEVE() throws {
        let alerts = """
            {"timestamp":"2024-05-01T10:00:00.123456+0800","flow_id":1,"event_type":"alert","src_ip":"10.16.1.11","src_port":59908,"dest_ip":"203.0.113.50","dest_port":443,"proto":"TCP","direction":"to_server","alert":{"action":"allowed","signature_id":2030001,"signature":"ET MALWARE Cobalt Strike Beacon Observed","category":"A Network Trojan was detected","metadata":{"malware_family":["Cobalt_Strike"],"attack_target":["Client_Endpoint"]}}}
            {"timestamp":"2024-05-01T10:00:01+0800","flow_id":2,"event_type":"alert","src_ip":"203.0.113.51","src_port":80,"dest_ip":"10.16.1.12","dest_port":50000,"proto":"TCP","direction":"to_client","alert":{"signature_id":2030002,"signature":"ET MALWARE Generic CnC Response","category":"Malware Command and Control Activity Detected"}}
            {"timestamp":"2024-05-01T10:00:02+0800","flow_id":3,"event_type":"alert","src_ip":"198.51.100.9","src_port":41000,"dest_ip":"10.16.1.1","dest_port":22,"proto":"TCP","alert":{"signature_id":2001219,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak"}}
            {"timestamp":"2024-05-01T10:00:03+0800","flow_id":4,"event_type":"dns","src_ip":"10.16.1.11","dest_ip":"10.16.1.53","dns":{"type":"query","rrname":"evil.example","rrtype":"A"}}
            {"timestamp":"2024-05-01T10:00:04+0800","event_type":"alert","src_ip":"nowhere","dest_ip":"10.16.1.1","alert":{"signature":"x","category":"y"}}
            {"timestamp":"yesterday","event_type":"alert","src_ip":"198.51.100.9","dest_ip":"10.16.1.1","alert":{"signature":"x"}}
            {"event_type":
            """
        let (obs, rej) = try Self.parse(alerts, name: "eve.json")
        #expect(obs.map { "\($0.kind.rawValue) \($0.indicator.value)" } == [
            "compromisedHost 10.16.1.11", "c2Server 203.0.113.50", "compromisedHost 10.16.1.12", "c2Server 203.0.113.51",
            "maliciousIP 198.51.100.9",
        ])
        #expect(obs[0].seenAt == UTCTime.parse("2024-05-01T02:00:00Z"))
        #expect(obs[0].note?.contains("Cobalt_Strike") == true && obs[1].note?.contains("port 443") == true)
        #expect(rej.map(\.reason.code) == [.evidence, .badIndicator, .badTime, .badJSON])
        if let real = Self.file("feeds/suricata-eve/eve_fileinfo_eicar.json") {
            let (none, kept) = try Self.parse(real, name: "eve.json")
            #expect(none.isEmpty && kept.count == 1 && kept[0].reason.code == .evidence)
            #expect(kept[0].reason.message.contains("fileinfo") && kept[0].raw.contains("eicar.com"))
        }
    }
}

/// Inputs that once hung, dropped rows or were misread.
@Suite struct ExchangeFormatRegressionTests {
    static func parse(_ text: String, _ format: FeedFormat, name: String = "x.json") throws -> ([Observation], [Reject]) {
        try ExchangeFormatTests.parse(text, name: name, format: format)
    }

    @Test func strayClosingBracesEndAsRejects() throws {
        // A `}` at the top of an array once ended an element without moving on, for ever.
        let (none, rejected) = try Self.parse("[}]", .preset("abusech-feodo"))
        #expect(none.isEmpty && rejected.count == 1 && rejected[0].reason.code == .badJSON)
        let (obs, rej) = try Self.parse(#"{"type":"bundle","objects":[{"type":"ipv4-addr","id":"ipv4-addr--1","value":"198.51.100.1"}}"#, .stix)
        #expect(obs.isEmpty && rej.count == 1, "\(obs) \(rej)")
    }

    @Test func everyDocumentOfAFileIsRead() throws {
        // STIX objects one per line, and two bundles back to back.
        let lines = (1...3).map { #"{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--\#($0)","value":"198.51.100.\#($0)"}"# }.joined(separator: "\n")
        #expect(try Self.parse(lines + "\n", .stix).0.count == 3)
        let bundle = { (n: Int) in #"{"type":"bundle","id":"bundle--\#(n)","objects":[{"type":"ipv4-addr","id":"ipv4-addr--\#(n)","value":"203.0.113.\#(n)"}],"spec_version":"2.0"}"# }
        let (obs, rej) = try Self.parse(bundle(1) + "\n" + bundle(2) + "\n", .stix)
        #expect(obs.map(\.indicator.value) == ["203.0.113.1", "203.0.113.2"] && rej.isEmpty, "\(rej)")
        // MISP: a list of events, then a second list.
        let event = { (ip: String) in #"{"Event":{"info":"x","Attribute":[{"type":"ip-src","category":"Network activity","value":"\#(ip)"}]}}"# }
        #expect(try Self.parse("[" + event("198.51.100.1") + "]\n[" + event("198.51.100.2") + "]\n", .misp).0.count == 2)
    }

    @Test func observablesAreNeverDropped() throws {
        let bundle = """
            {"type":"bundle","id":"bundle--1","objects":[
              {"type":"ipv4-addr","id":"ipv4-addr--1","value":"198.51.100.1"},
              {"type":"malware","id":"malware--1","name":"X","is_family":true},
              {"type":"relationship","id":"relationship--1","relationship_type":"related-to","source_ref":"malware--1","target_ref":"ipv4-addr--1"},
              {"type":"ipv4-addr","id":"ipv4-addr--2","value":"198.51.100.2"},
              {"type":"observed-data","id":"observed-data--1","first_observed":"yesterday","last_observed":"yesterday","number_observed":1,"object_refs":["ipv4-addr--2"]},
              {"type":"observed-data","id":"observed-data--2","first_observed":"2024-05-01T00:00:00Z","last_observed":"2024-05-01T00:00:00Z","number_observed":1,"object_refs":["ipv4-addr--3"]},
              {"type":"ipv4-addr","id":"ipv4-addr--3","value":"198.51.100.3"}
            ]}
            """
        let (obs, rej) = try Self.parse(bundle, .stix)
        // Linked only by a relationship, behind a rejected observed-data, or named before it is defined: all reported.
        #expect(Set(obs.map(\.indicator.value)) == ["198.51.100.1", "198.51.100.2", "198.51.100.3"], "\(obs)")
        #expect(obs.first { $0.indicator.value == "198.51.100.3" }?.seenAt == UTCTime.parse("2024-05-01T00:00:00Z"))
        #expect(rej.map(\.reason.code) == [.badTime])
    }

    @Test func manyHeldObjectsResolveOnceEach() {
        var parser = STIXBundleParser(context: FeedContext(receivedAt: 0, fileName: "b.json"))
        parser.holdLimit = 10
        var chunk = ParsedChunk()
        for i in 0..<1_000 {
            var text = Array(#"{"type":"ipv4-addr","id":"ipv4-addr--\#(i)","value":"10.0.\#(i / 256).\#(i % 256)"}"#.utf8)
            text.withUnsafeMutableBufferPointer { parser.consume(record: UnsafeBufferPointer($0), line: i + 1, into: &chunk) }
        }
        parser.finish(into: &chunk)
        #expect(chunk.observations.count == 1_000 && Set(chunk.observations.map(\.row)).count == 1_000)
    }

    @Test func wordsInRecordsDoNotClaimAFile() {
        let bundle = #"{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","id":"indicator--1","name":"C2 from the Bambenek feed","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2024-05-01T00:00:00Z"}]}"#
        #expect(FeedFormat.detect(fileName: "bundle.json", head: Array(bundle.utf8)) == .stix)
        let late = String(repeating: "198.51.100.1\n", count: 300) + "# mirrored from the Bambenek feed\n"
        #expect(FeedFormat.detect(fileName: "ips.txt", head: Array(late.utf8)) == .list(kind: nil))
    }

    @Test func valuesOnceMisread() throws {
        #expect(try Indicator.hash(String(repeating: "a", count: 56)).type == .hash, "SHA-224")
        #expect(try Indicator.hash("sha384:" + String(repeating: "b", count: 96)).value == String(repeating: "b", count: 96))
        #expect(UTCTime.parse("0000000001") == nil && UTCTime.parse("0001714557600") == nil)
        #expect(CanonicalURL("http://example.com:\u{301}80/") == nil)
        let (obs, rej) = try Self.parse("a,type,type,ip\nx,y,z,198.51.100.1\n", .preset("turris"), name: "g.csv")
        #expect(obs.isEmpty && rej.count == 1 && rej[0].reason.code == .missingField, "a header without Address is refused row by row: \(rej)")
        let (ok, none) = try Self.parse("Address,Tags,Tags\n198.51.100.1,ssh,ssh\n", .preset("turris"), name: "g.csv")
        #expect(ok.count == 1 && none.isEmpty, "repeated header names keep the header's field count: \(none)")
    }
}
