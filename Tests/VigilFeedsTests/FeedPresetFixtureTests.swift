import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// Each named feed family against IntelMQ's parser fixtures: the same input, and the expected events' indicators,
/// times, AS numbers and classification mapped to our kinds. Where we deliberately differ, the test says why.
@Suite struct FeedPresetFixtureTests {
    static let folder = "feeds/intelmq-fixtures/parsers-develop"

    /// One fixture file, or nil (with a skip message) when the shared data is absent.
    static func fixture(_ name: String) throws -> [String: Any]? {
        guard let path = SharedData.path("\(folder)/\(name)") else {
            print(SharedData.skipMessage("\(folder)/\(name)"))
            return nil
        }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
    }

    /// A fixture's raw feed text: `inputs[key]` (base64 when it decodes), or `reports[key]`'s raw text, or the first
    /// test case's input message.
    static func input(_ fixture: [String: Any], _ key: String? = nil) throws -> String {
        if let key, let text = (fixture["inputs"] as? [String: Any])?[key] as? String {
            if !text.contains("\n"), let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8) { return decoded }
            return text
        }
        if let key, let report = (fixture["reports"] as? [String: Any])?[key] {
            let first = (report as? [[String: Any]])?.first ?? report as? [String: Any]
            if let text = first?["raw_decoded"] as? String { return text }
            if let raw = first?["raw"] as? String, let data = Data(base64Encoded: raw) { return String(decoding: data, as: UTF8.self) }
        }
        let message = ((fixture["test_cases"] as? [[String: Any]])?.first?["default_input_message"] as? [String: Any])
        return try #require(message?["raw_decoded"] as? String ?? (message?["raw"] as? String).flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) })
    }

    /// The events stored under `keys` in `events` (or `fragments`), in order.
    static func events(_ fixture: [String: Any], _ keys: [String], in group: String = "events") -> [[String: Any]] {
        let all = fixture[group] as? [String: Any] ?? [:]
        return keys.flatMap { key -> [[String: Any]] in
            if let list = all[key] as? [[String: Any]] { return list }
            if let one = all[key] as? [String: Any] { return [one] }
            return []
        }
    }

    /// Parses `text` as a file named `fileName`, checking that auto-detection picks `preset` unless `detected` is false.
    static func parse(_ text: String, fileName: String, preset: String, detected: Bool = true) throws -> ([Observation], [Reject]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(fileName, text)
        if detected {
            #expect(FeedFormat.detect(fileName: fileName, head: Array(text.utf8.prefix(8192))) == .preset(preset), "\(fileName) not detected as \(preset)")
        }
        var observations: [Observation] = []
        var rejects: [Reject] = []
        try FeedReader(format: .preset(preset), chunkRows: 4).read(path: path, context: FeedContext(receivedAt: 1_000, fileName: fileName)) {
            observations += $0.observations
            rejects += $0.rejects
            return true
        }
        return (observations, rejects)
    }

    static func time(_ event: [String: Any]) -> Int64? {
        (event["time.source"] as? String).flatMap { UTCTime.parse($0) }
    }

    /// The indicator IntelMQ's event names, in the order we prefer: URL, network, address, name.
    static func indicator(_ event: [String: Any], prefer: [String] = ["source.url", "source.network", "source.ip", "source.fqdn"]) throws -> Indicator? {
        for field in prefer {
            guard let value = event[field] as? String else { continue }
            switch field {
            case "source.url": return try Indicator.url(value)
            case "source.network": return try Indicator.cidr(value)
            case "source.ip": return try Indicator.ip(value)
            default: return try Indicator.domain(value)
            }
        }
        return nil
    }

    /// Checks observations against events one to one, in order.
    static func expectMatch(
        _ observations: [Observation], _ events: [[String: Any]], kinds: [ThreatKind], prefer: [String] = ["source.url", "source.network", "source.ip", "source.fqdn"],
        checkTime: Bool = true, _ label: String
    ) throws {
        #expect(observations.count == events.count, "\(label): \(observations.count) observations for \(events.count) events")
        for (i, (o, e)) in zip(observations, events).enumerated() {
            #expect(o.indicator == (try indicator(e, prefer: prefer)), "\(label) #\(i)")
            #expect(kinds.count == 1 ? o.kind == kinds[0] : o.kind == kinds[i], "\(label) #\(i): \(o.kind)")
            if checkTime, let t = time(e) { #expect(o.seenAt == t, "\(label) #\(i): time") }
            if let asn = e["source.asn"] as? Int { #expect(o.reportedASN == asn, "\(label) #\(i): asn") }
            if let malware = e["malware.name"] as? String { #expect(o.note?.lowercased().contains(malware) == true, "\(label) #\(i): \(o.note ?? "-")") }
        }
    }

    @Test func abuseChFeodoTracker() throws {
        guard let f = try Self.fixture("abusech__test_parser_feodotracker.json") else { return }
        let (obs, rej) = try Self.parse(try Self.input(f, "INPUT"), fileName: "ipblocklist.json", preset: "abusech-feodo")
        #expect(rej.isEmpty)
        // IntelMQ keeps the C2's port as source.port; the threat is the server, so the port goes to the note.
        try Self.expectMatch(obs, Self.events(f, ["OUTPUT"]), kinds: [.c2Server], "feodo")
        #expect(obs.first?.note?.contains("port 4643") == true)
    }

    @Test func abuseChCSVExports() throws {
        let urlhaus = """
            ################################################################
            # abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #
            # Last updated: 2024-05-02 10:07:43 (UTC)                      #
            # id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
            ################################################################
            "2855451","2024-05-02 10:06:10","http://115.55.237.117:38491/Mozi.m","online","2024-05-02 10:06:10","malware_download","elf,Mozi","https://urlhaus.abuse.ch/url/2855451/","lrz_urlhaus"
            "2855450","2024-05-02 10:05:09","not a url","online","2024-05-02 10:05:09","malware_download","elf","https://urlhaus.abuse.ch/url/2855450/","lrz_urlhaus"
            """
        let (u, ur) = try Self.parse(urlhaus, fileName: "csv_recent.txt", preset: "abusech-urlhaus")
        #expect(u.map(\.indicator.value) == ["http://115.55.237.117:38491/Mozi.m"])
        #expect(u.first?.kind == .malwareURL && u.first?.seenAt == UTCTime.parse("2024-05-02 10:06:10"))
        #expect(ur.map(\.reason.code) == [.badIndicator])

        let threatfox = """
            ################################################################
            # ThreatFox IOCs: CSV export                                   #
            # "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware","malware_alias","malware_printable","last_seen_utc","confidence_level","reference","tags","anonymous","reporter"
            "2024-05-02 09:55:02", "1269541", "45.137.22.163:443", "ip:port", "botnet_cc", "win.cobalt_strike", "Agentemis", "Cobalt Strike", "", "100", "", "cobaltstrike", "0", "drb_ra"
            "2024-05-02 09:50:01", "1269540", "evil-update.example", "domain", "payload_delivery", "js.socgholish", "", "SocGholish", "", "75", "", "", "0", "x"
            "2024-05-02 09:45:00", "1269539", "d41d8cd98f00b204e9800998ecf8427e", "md5_hash", "payload", "win.agent_tesla", "", "Agent Tesla", "", "50", "", "", "0", "x"
            "2024-05-02 09:40:00", "1269538", "1.2.3.4", "asn", "botnet_cc", "x", "", "X", "", "50", "", "", "0", "x"
            """
        let (t, tr) = try Self.parse(threatfox, fileName: "threatfox.csv", preset: "abusech-threatfox")
        #expect(t.map(\.indicator.value) == ["45.137.22.163", "evil-update.example", "d41d8cd98f00b204e9800998ecf8427e"])
        #expect(t.map(\.kind) == [.c2Server, .maliciousDomain, .malwareSample])
        #expect(t.first?.note == "Cobalt Strike, botnet_cc, port 443")
        #expect(tr.count == 1 && tr[0].reason.message.contains("ioc_type"))
    }

    @Test func bambenekFeeds() throws {
        guard let f = try Self.fixture("bambenek__test_parser.json") else { return }
        for (input, output, kind, name) in [
            ("DGA_FILE", "DGA_EVENTS", ThreatKind.maliciousDomain, "dga-feed.txt"), ("DOMAIN_FILE", "DOMAIN_EVENTS", .c2Server, "c2-dommasterlist.txt"),
            ("IP_FILE", "IP_EVENTS", .c2Server, "c2-ipmasterlist.txt"),
        ] {
            let (obs, rej) = try Self.parse(try Self.input(f, input), fileName: name, preset: "bambenek")
            #expect(rej.isEmpty, "\(rej)")
            let events = Self.events(f, [output])
            // IntelMQ's tests check the first rows only; the notes carry Bambenek's description.
            try Self.expectMatch(Array(obs.prefix(events.count)), events, kinds: [kind], name)
            #expect(obs.first?.note == events.first?["event_description.text"] as? String)
        }
    }

    @Test func plainAddressLists() throws {
        if let f = try Self.fixture("blocklistde__test_parser.json") {
            let (obs, _) = try Self.parse(try Self.input(f, "EXAMPLE_FILE"), fileName: "imap.txt", preset: "blocklist-de", detected: false)
            try Self.expectMatch(obs, Self.events(f, ["EVENTS"], in: "fragments"), kinds: [.maliciousIP], "blocklist.de")
        }
        if let f = try Self.fixture("ci_army__test_parser.json") {
            let (obs, _) = try Self.parse(try Self.input(f), fileName: "ci-badguys.txt", preset: "ci-army")
            try Self.expectMatch(obs, Self.events(f, ["OUTPUT1", "OUTPUT2"]), kinds: [.maliciousIP], "ci army")
        }
        if let f = try Self.fixture("danger_rulez__test_parser.json") {
            let (obs, _) = try Self.parse(try Self.input(f, "RAW"), fileName: "bruteforceblocker.txt", preset: "danger-rulez")
            try Self.expectMatch(obs, Self.events(f, ["OUTPUT1", "OUTPUT2"]), kinds: [.maliciousIP], "danger rulez")
        }
        if let f = try Self.fixture("alienvault__test_parser.json") {
            let (obs, _) = try Self.parse(try Self.input(f, "RAW"), fileName: "reputation.generic", preset: "alienvault")
            // IntelMQ calls "Malicious Host" infected-system and "Scanning Host" scanner; both are malicious addresses.
            try Self.expectMatch(obs, Self.events(f, ["OUTPUT1", "OUTPUT2"]), kinds: [.maliciousIP], "alienvault")
        }
        if let f = try Self.fixture("turris__test_parser.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "INPUT"), fileName: "greylist-latest.csv", preset: "turris")
            #expect(rej.isEmpty)
            // IntelMQ makes one event per tag (port); we keep one threat per address, with its tags in the note.
            let events = Self.events(f, ["OUTPUT"])
            #expect(Set(obs.map(\.indicator.value)) == Set(events.compactMap { $0["source.ip"] as? String }))
            #expect(obs.count == 6 && obs.allSatisfy { $0.kind == .maliciousIP })
            #expect(obs[4].note == "ftp,http,port_scan,smtp,telnet")
        }
    }

    @Test func bluelivCrimeServers() throws {
        guard let f = try Self.fixture("blueliv__test_parser_crimeserver.json") else { return }
        let (obs, rej) = try Self.parse(try Self.input(f, "EXAMPLE_FILE"), fileName: "crimeserver.json", preset: "blueliv")
        #expect(rej.isEmpty)
        try Self.expectMatch(obs, Self.events(f, ["EXAMPLE_EVENTS"]), kinds: [.malwareURL, .phishingURL, .maliciousIP], "blueliv")
        #expect(obs.first?.address == IPAddress("199.34.228.54"))
    }

    @Test func teamCymru() throws {
        if let f = try Self.fixture("cymru__test_cap_program_new.json") {
            let text = try Self.input(f, "RAW")
            let (obs, rej) = try Self.parse(text, fileName: "infected_20190326.txt", preset: "cymru-cap")
            #expect(rej.isEmpty, "\(rej)")
            let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            #expect(obs.count == rows.count)
            // IntelMQ splits a row into one event per port; we keep the row: the same times, the same host.
            let events = Self.events(f, ["EVENTS"], in: "fragments")
            #expect(Set(obs.map(\.seenAt)).isSubset(of: Set(events.compactMap { Self.time($0) })))
            #expect(obs.filter { $0.indicator.type == .url }.map(\.indicator.value) == ["http://www.example.com/"])
            #expect(obs.allSatisfy { $0.indicator.type == .url || $0.indicator.value == "172.16.0.21" })
            #expect(obs.first?.kind == .compromisedHost && obs.first?.reportedASN == 64496)
            #expect(obs.contains { $0.kind == .c2Server } && obs.contains { $0.kind == .openDNSResolver })
        }
        if let f = try Self.fixture("cymru__test_cap_program.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "RAW"), fileName: "infected_20171031.txt", preset: "cymru-cap")
            #expect(rej.isEmpty, "\(rej)")
            let events = Self.events(f, (0...8).map { "EVENT\($0)" })
            #expect(obs.count == events.count)
            for (o, e) in zip(obs, events) {
                #expect(o.seenAt == Self.time(e))
                #expect(o.indicator == (try Self.indicator(e)))
            }
        }
        if let f = try Self.fixture("cymru__test_full_bogons.json") {
            for (report, keys, name) in [("REPORT", ["EVENT1", "EVENT2"], "fullbogons-ipv4.txt"), ("V6REPO", ["V6EVEN"], "fullbogons-ipv6.txt")] {
                let (obs, _) = try Self.parse(try Self.input(f, report), fileName: name, preset: "cymru-bogons")
                try Self.expectMatch(Array(obs.prefix(keys.count)), Self.events(f, keys), kinds: [.other], name)
            }
        }
    }

    @Test func czNicHoneypot() throws {
        guard let f = try Self.fixture("cznic__test_parser_haas.json") else { return }
        let (obs, rej) = try Self.parse(try Self.input(f, "INPUT"), fileName: "haas-2020-06-29.json", preset: "cznic-haas")
        #expect(rej.isEmpty)
        // IntelMQ calls a successful honeypot login system-compromise; the attacking address is what we act on.
        try Self.expectMatch(obs, Self.events(f, ["OUTPUT_0", "OUTPUT_1", "OUTPUT_2"]), kinds: [.maliciousIP], "haas")
        #expect(obs[0].note?.contains("logged in") == true && obs[1].note?.contains("login attempts") == true)
    }

    @Test func dataPlane() throws {
        guard let f = try Self.fixture("dataplane__test_parser.json") else { return }
        let (obs, rej) = try Self.parse(try Self.input(f, "report"), fileName: "vncrfb.txt", preset: "dataplane")
        #expect(rej.isEmpty)
        try Self.expectMatch(obs, Self.events(f, ["event"]), kinds: [.maliciousIP], "dataplane")
        #expect(obs.first?.note == "vncrfb")
        // Every category's sample row, as IntelMQ reads it.
        let samples = (f["fragments"] as? [String: Any])?["EVENTS"] as? [String: [String: Any]] ?? [:]
        for (category, event) in samples.sorted(by: { $0.key < $1.key }) where event["source.ip"] != nil {
            guard let raw = (event["raw"] as? String).flatMap({ Data(base64Encoded: $0) }) else { continue }
            let line = "# DataPlane.org - for operators, by operators\n" + String(decoding: raw, as: UTF8.self) + "\n"
            let (one, bad) = try Self.parse(line, fileName: "\(category).txt", preset: "dataplane")
            #expect(bad.isEmpty, "\(category): \(bad)")
            try Self.expectMatch(one, [event], kinds: [.maliciousIP], category)
        }
        #expect(samples.values.filter { $0["source.ip"] != nil }.count >= 10)
        // Whole reports: an AS name holding a '|' is read from the ends; a row cut short is rejected with its reason.
        for (category, output) in [("sshpwauth", "SSH_AUTH_EVENT"), ("sshclient", "SSH_CLIENT_EVENT")] {
            guard let raw = (samples[category]?["raw"] as? String).flatMap({ Data(base64Encoded: $0) }) else { continue }
            let (rows, bad) = try Self.parse(String(decoding: raw, as: UTF8.self), fileName: "\(category).txt", preset: "dataplane")
            try Self.expectMatch(rows, Self.events(f, [output]), kinds: [.maliciousIP], category)
            #expect(bad.count == (category == "sshclient" ? 1 : 0) && bad.allSatisfy { $0.reason.code == .fieldCount })
        }
    }

    @Test func dshield() throws {
        if let f = try Self.fixture("dshield__test_parser_block.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "EXAMPLE_FILE"), fileName: "block.txt", preset: "dshield-block")
            #expect(rej.isEmpty)
            try Self.expectMatch(obs, Self.events(f, ["EVENTS"]), kinds: [.maliciousIP], "dshield block")
        }
        if let f = try Self.fixture("dshield__test_parser_asn.json") {
            // The fixture starts with IntelMQ's SPDX licence comment, which is not part of DShield's file.
            var text = try Self.input(f, "EXAMPLE_FILE")
            if let end = text.range(of: "-->\n") { text = String(text[end.upperBound...]) }
            let (obs, rej) = try Self.parse(text, fileName: "asdetailsascii.html", preset: "dshield-asn")
            #expect(rej.isEmpty, "\(rej)")
            // The AS number comes from the download URL (?as=1), not the file, so it is not checked.
            let events = Self.events(f, ["EVENTS"]).map { $0.filter { $0.key != "source.asn" } }
            try Self.expectMatch(obs, events, kinds: [.maliciousIP], "dshield asn")
        }
    }

    @Test func phishingFeeds() throws {
        if let f = try Self.fixture("phishtank__test_parser.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "INPUT"), fileName: "online-valid.json", preset: "phishtank-json")
            #expect(rej.isEmpty)
            // IntelMQ also records the announcing network; the URL is the threat and its address is kept.
            try Self.expectMatch(obs, Self.events(f, ["OUTPUT"]), kinds: [.phishingURL], "phishtank")
            #expect(obs.first?.address == IPAddress("204.152.210.139"))
        }
        if let f = try Self.fixture("openphish__test_parser_commercial.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "INPUT"), fileName: "feed.json", preset: "openphish-json")
            #expect(rej.isEmpty)
            try Self.expectMatch(obs, Self.events(f, ["OUTPUT_1", "OUTPUT_2", "OUTPUT_3"]), kinds: [.phishingURL], "openphish premium")
        }
        if let f = try Self.fixture("openphish__test_parser.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "RAW"), fileName: "openphish-feed.txt", preset: "openphish")
            // Both sample URLs have an empty host label (www..example.com), which no resolver or browser accepts;
            // IntelMQ passes them on, we reject them with the reason.
            #expect(obs.isEmpty && rej.count == 2 && rej.allSatisfy { $0.reason.code == .badIndicator })
            let (good, _) = try Self.parse("https://login.example-bank.com.phish.example/x\n", fileName: "openphish-feed.txt", preset: "openphish")
            #expect(good.map(\.kind) == [.phishingURL])
        }
    }

    @Test func realPhishTankDump() throws {
        let relative = "feeds/phishtank/verified_online_2024-03-22_4cols.csv"
        guard let path = SharedData.path(relative) else {
            print(SharedData.skipMessage(relative))
            return
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (obs, rej) = try Self.parse(text, fileName: "verified_online.csv", preset: "phishtank")
        let rows = text.split(separator: "\n").count - 1
        #expect(obs.count + rej.count == rows)
        #expect(obs.count >= rows * 99 / 100, "\(rej.prefix(3))")
        #expect(obs.allSatisfy { $0.kind == .phishingURL && $0.seenAt > 1_700_000_000 })
    }

    @Test func spamhaus() throws {
        if let f = try Self.fixture("spamhaus__test_parser_drop.json") {
            let (obs, rej) = try Self.parse(try Self.input(f, "NETWORK_FILE"), fileName: "drop.txt", preset: "spamhaus-drop")
            #expect(rej.isEmpty)
            try Self.expectMatch(obs, Self.events(f, ["NETWORK_EVENTS"]), kinds: [.maliciousIP], "drop")
            #expect(obs.first?.note == "SBL256893")
            // ASN-DROP names AS numbers, which Vigil has no indicator for: each row is rejected with that reason.
            let (asn, asnRejects) = try Self.parse(try Self.input(f, "ASN_FILE"), fileName: "asndrop.txt", preset: "spamhaus-drop")
            #expect(asn.isEmpty && asnRejects.count == Self.events(f, ["ASN_EVENTS"]).count)
            #expect(asnRejects.allSatisfy { $0.reason.message.contains("AS number") })
        }
        let json = """
            {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
            {"cidr":"2a06:e480::/29","sblid":"SBL301771","rir":"ripencc"}
            {"type":"metadata","timestamp":1714640000,"size":2,"records":2}
            """
        let (j, jr) = try Self.parse(json, fileName: "drop_v4.json", preset: "spamhaus-drop")
        #expect(j.map(\.indicator.value) == ["1.10.16.0/20", "2a06:e480::/29"] && jr.isEmpty)
        if let f = try Self.fixture("spamhaus__test_parser_cert.json") {
            let text = try Self.input(f, "FILE")
            let (obs, rej) = try Self.parse(text, fileName: "cert.txt", preset: "spamhaus-cert")
            #expect(rej.isEmpty, "\(rej)")
            let parts = Self.events(f, ["EXAMPLE_EVENTS_PARTS"], in: "fragments")
            // One event per row here; the kinds follow the bot name (infected, brute force or scanner, open relay).
            #expect(obs.count == parts.count)
            for (o, e) in zip(obs, parts) {
                #expect(o.indicator.value == e["source.ip"] as? String)
                #expect(o.seenAt == Self.time(e))
                #expect(o.reportedASN == e["source.asn"] as? Int)
                // Infected hosts; open relays and proxies (IntelMQ: vulnerable-system, other); the rest scan, guess
                // passwords or send spam.
                let expected: ThreatKind =
                    switch e["classification.type"] as? String {
                    case "infected-system": .compromisedHost
                    case "vulnerable-system", "other": .exposedService
                    default: .maliciousIP
                    }
                #expect(o.kind == expected, "\(o.note ?? "")")
            }
        }
    }

    @Test func websites() throws {
        if let f = try Self.fixture("zoneh__test_zoneh.json") {
            for (input, outputs) in [("ACCEPTED_FILE", ["ACCEPTED_EVENT00", "ACCEPTED_EVENT01"]), ("PENDING_FILE", ["PENDING_EVENT00"])] {
                let (obs, rej) = try Self.parse(try Self.input(f, input), fileName: "zoneh-export.csv", preset: "zoneh")
                #expect(rej.isEmpty)
                try Self.expectMatch(Array(obs.prefix(outputs.count)), Self.events(f, outputs), kinds: [.defacement], input)
                #expect(obs.first?.address != nil)
            }
        }
        if let f = try Self.fixture("vxvault__test_parser.json") {
            let (obs, _) = try Self.parse(try Self.input(f, "EXAMPLE_REPORT"), fileName: "URL_List.php", preset: "vxvault")
            try Self.expectMatch(obs, Self.events(f, ["EXAMPLE_EVENT"]), kinds: [.malwareURL], "vxvault")
        }
        if let f = try Self.fixture("malwarepatrol__test_parser_dansguardian.json") {
            let (obs, _) = try Self.parse(try Self.input(f, "EXAMPLE_FILE"), fileName: "dansguardian.txt", preset: "malwarepatrol")
            try Self.expectMatch(obs, Self.events(f, ["EVENT1", "EVENT2"]), kinds: [.malwareURL], "malwarepatrol")
        }
    }

    @Test func certEU() throws {
        guard let f = try Self.fixture("cert_eu__test_parser_csv.json") else { return }
        let (obs, rej) = try Self.parse(try Self.input(f, "EXAMPLE_FILE"), fileName: "cert-eu.csv", preset: "cert-eu")
        #expect(rej.isEmpty, "\(rej)")
        try Self.expectMatch(obs, Self.events(f, ["EXAMPLE_EVENT1", "EXAMPLE_EVENT2"]), kinds: [.malwareURL, .phishingURL], "cert-eu")
        #expect(obs.first?.address == IPAddress("109.125.93.10"))
    }

    /// IntelMQ's own JSON parser fixture: events one per line, with and without IntelMQ's `__type`.
    @Test func intelmqJSONLines() throws {
        guard let f = try Self.fixture("json__test_parser.json") else { return }
        for key in ["RAW", "RAW2"] {
            let text = try Self.input(f, key)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = try dir.write("events.json", text)
            #expect(FeedFormat.detect(fileName: "events.json", head: Array(text.utf8)) == .intelmq)
            var obs: [Observation] = []
            var rej: [Reject] = []
            try FeedReader(format: .intelmq).read(path: path, context: FeedContext(receivedAt: 0, fileName: "events.json")) {
                obs += $0.observations
                rej += $0.rejects
                return true
            }
            let expected = key == "RAW" ? ["127.0.0.1", "127.0.0.2"] : ["127.0.0.2"]
            #expect(rej.isEmpty && obs.map(\.indicator.value) == expected && obs.allSatisfy { $0.kind == .c2Server }, "\(key)")
        }
    }

    @Test func headerDatesOfTheFeeds() {
        #expect(HeaderDate.parse("Mon, 14 Sep 2015 04:39:22 GMT") == UTCTime.parse("2015-09-14T04:39:22Z"))
        #expect(HeaderDate.parse("Tue Dec 15 15:33:38 2015 UTC") == UTCTime.parse("2015-12-15T15:33:38Z"))
        #expect(HeaderDate.parse("Sat Nov 12 00:15:01 UTC 2016") == UTCTime.parse("2016-11-12T00:15:01Z"))
        #expect(HeaderDate.parse("Tue, 22 Dec 2015 12:19:03 +0000") == UTCTime.parse("2015-12-22T12:19:03Z"))
        #expect(HeaderDate.parse("Tue Mar 15 00:47:49 PDT 2016") == UTCTime.parse("2016-03-15T07:47:49Z"))
        #expect(HeaderDate.parse("yesterday at noon") == nil)
        #expect(HeaderDate.parse("Mon, 45 Sep 2015 04:39:22 GMT") == nil)
    }

    @Test func everyPresetIsListedAndNamedOnce() {
        let names = FeedPreset.all.map(\.name)
        #expect(Set(names).count == names.count)
        for preset in FeedPreset.all {
            #expect(FeedFormat.preset(preset.name).name == preset.name)
            #expect(!preset.kinds.isEmpty && !preset.title.isEmpty)
        }
    }
}
