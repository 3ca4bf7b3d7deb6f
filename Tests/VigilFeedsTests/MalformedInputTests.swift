import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// Every format against the same damage: a bad address, a bad time, a truncated file, a row cut short, a broken
/// quote, a 1 MB line, binary garbage and an empty file. Nothing may crash, every damaged row becomes a reject with a
/// reason, and the good rows around it still come through.
@Suite struct MalformedInputTests {
    /// How a format's rows sit in its file.
    enum Layout {
        /// One row per line.
        case lines
        /// CSV rows (quoting applies).
        case csv
        /// Elements of a JSON array.
        case jsonArray
    }

    /// A small valid file of a format, as a template: `{IP}` and `{TIME}` in each row are filled in per row.
    struct Sample: CustomTestStringConvertible, Sendable {
        let name: String
        let format: FeedFormat
        let fileName: String
        var header = ""
        let row: String
        var footer = ""
        var layout = Layout.lines
        /// The time written in good rows; nil when rows carry none.
        var time: String? = "2024-05-01 10:00:00"
        var badTime = "2024-13-45 99:99:99"
        /// True when the whole file is one record (a MISP event), so damage anywhere rejects all of it.
        var wholeFileRecord = false
        /// How the format reads a time without an offset (Beijing time for the Chinese template).
        var localOffset = 0

        var testDescription: String { name }

        func rows(_ count: Int, badIP: Int? = nil, badTime badTimeRow: Int? = nil) -> [String] {
            (1...count).map { i in
                row.replacingOccurrences("{IP}", i == badIP ? "999.1.\(i).1" : "198.51.100.\(i)")
                    .replacingOccurrences("{TIME}", i == badTimeRow ? badTime : time ?? "")
            }
        }

        func file(_ rows: [String]) -> String {
            header + rows.joined(separator: layout == .jsonArray ? ",\n" : "\n") + footer + (layout == .jsonArray ? "" : "\n")
        }
    }

    static let iso = "2024-05-01T10:00:00Z"

    static let samples: [Sample] = [
        Sample(name: "jsonl", format: .jsonLines, fileName: "f.jsonl", row: #"{"kind":"maliciousIP","indicator":"{IP}","seen_at":"{TIME}"}"#),
        Sample(name: "csv", format: .csv(CSVMapping(indicator: .name("ip"), kind: .maliciousIP, time: .name("time"))), fileName: "f.csv",
               header: "ip,time\n", row: "{IP},{TIME}", layout: .csv),
        Sample(name: "list", format: .list(kind: nil), fileName: "f.txt", row: "{IP}", time: nil),
        Sample(name: "shadowserver", format: .shadowserver(reportType: nil), fileName: "2024-05-01-scan_ntp-x.csv",
               header: "\"timestamp\",\"ip\",\"protocol\",\"port\"\n", row: "\"{TIME}\",\"{IP}\",\"udp\",123", layout: .csv),
        Sample(name: "chinese-csv", format: .csv(ChineseCSVTemplate.mapping(head: Array("IP地址,发现时间,威胁类型\n".utf8)) ?? CSVMapping(indicator: .number(1))),
               fileName: "报送.csv", header: "IP地址,发现时间,威胁类型\n", row: "{IP},{TIME},僵尸网络", layout: .csv, time: "2024年5月1日 10时00分",
               localOffset: ChineseCSVTemplate.beijingOffset),
        Sample(name: "abusech-feodo", format: .preset("abusech-feodo"), fileName: "ipblocklist.json", header: "[\n",
               row: #"{"ip_address":"{IP}","port":443,"first_seen":"{TIME}","malware":"Dridex"}"#, footer: "\n]", layout: .jsonArray),
        Sample(name: "abusech-feodo-csv", format: .preset("abusech-feodo-csv"), fileName: "ipblocklist.csv",
               header: "# Feodo Tracker\n# first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware\n",
               row: #""{TIME}","{IP}","443","online","2024-05-01","Dridex""#, layout: .csv),
        Sample(name: "abusech-urlhaus", format: .preset("abusech-urlhaus"), fileName: "csv_recent.txt", header: "# URLhaus\n",
               row: #""1","{TIME}","http://{IP}/x.exe","online","","malware_download","elf","https://urlhaus.abuse.ch/url/1/","r""#, layout: .csv),
        Sample(name: "abusech-threatfox", format: .preset("abusech-threatfox"), fileName: "threatfox.csv", header: "# ThreatFox\n",
               row: #""{TIME}", "1", "{IP}:443", "ip:port", "botnet_cc", "x", "", "X", "", "100", "", "", "0", "r""#, layout: .csv),
        Sample(name: "spamhaus-drop", format: .preset("spamhaus-drop"), fileName: "drop.txt", header: "; Spamhaus DROP List\n",
               row: "{IP}/24 ; SBL1", time: nil),
        Sample(name: "spamhaus-cert", format: .preset("spamhaus-cert"), fileName: "cert.txt",
               header: "; ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol\n",
               row: "{IP},AS4134,CN,{TIME},conficker,,,80,,tcp", layout: .csv, time: "1714557600", badTime: "17145x7600"),
        Sample(name: "phishtank", format: .preset("phishtank"), fileName: "phish.csv", header: "phish_id,url,phish_detail_url,submission_time\n",
               row: "1,http://{IP}/login,http://p/1,{TIME}", layout: .csv),
        Sample(name: "phishtank-json", format: .preset("phishtank-json"), fileName: "phish.json", header: "[",
               row: #"{"phish_id":"1","url":"http://{IP}/x","phish_detail_url":"p","submission_time":"{TIME}"}"#, footer: "]", layout: .jsonArray),
        Sample(name: "openphish", format: .preset("openphish"), fileName: "openphish.txt", row: "http://{IP}/phish", time: nil),
        Sample(name: "openphish-json", format: .preset("openphish-json"), fileName: "openphish.json",
               row: #"{"url":"http://{IP}/p","ip":"{IP}","isotime":"{TIME}","brand":"b","discover_time":"x"}"#),
        Sample(name: "dshield-block", format: .preset("dshield-block"), fileName: "block.txt",
               header: "#   DShield.org Recommended Block List\nStart\tEnd\tNetblock\tAttacks\tName\tCountry\temail\n",
               row: "{IP}\t{IP}\t24\t5\tX\tCN\te", time: nil),
        Sample(name: "dshield-asn", format: .preset("dshield-asn"), fileName: "asdetailsascii.html", header: "# asdetailsascii.html\n",
               row: "{IP}\t85\t56\t\t2024-05-01\t{TIME}"),
        Sample(name: "bambenek", format: .preset("bambenek"), fileName: "c2-ipmasterlist.txt", header: "## Bambenek\n",
               row: "{IP},IP used by x C&C,{TIME},http://m", layout: .csv),
        Sample(name: "cymru-cap", format: .preset("cymru-cap"), fileName: "infected.txt", header: "#category|address|asn|timestamp|optional_information|asninfo\n",
               row: "bot|{IP}|4134|{TIME}|family: x;|AS"),
        Sample(name: "cymru-bogons", format: .preset("cymru-bogons"), fileName: "fullbogons-ipv4.txt", header: "# last updated 1450193702 (x)\n",
               row: "{IP}/24", time: nil),
        Sample(name: "dataplane", format: .preset("dataplane"), fileName: "sshpwauth.txt", header: "# DataPlane.org\n",
               row: "4134  |  CHINANET  |  {IP}  |  {TIME}  |  sshpwauth"),
        Sample(name: "zoneh", format: .preset("zoneh"), fileName: "zoneh.csv", header: "\"add_date\",\"attacker\",\"domain\",\"ip_address\"\n",
               row: #""{TIME}","x","http://{IP}/index.html","{IP}""#, layout: .csv),
        Sample(name: "blueliv", format: .preset("blueliv"), fileName: "crimeserver.json", header: "[",
               row: #"{"type":"MALWARE","url":"http://{IP}/m.exe","ip":"{IP}","lastSeenAt":"{TIME}","firstSeenAt":"{TIME}"}"#, footer: "]",
               layout: .jsonArray),
        Sample(name: "blocklist-de", format: .preset("blocklist-de"), fileName: "ssh.txt", row: "{IP}", time: nil),
        Sample(name: "ci-army", format: .preset("ci-army"), fileName: "ci-badguys.txt", row: "{IP}", time: nil),
        Sample(name: "danger-rulez", format: .preset("danger-rulez"), fileName: "bfb.txt", header: "# IP\t\t\t# Last Reported\t\t\tCount\tID\n",
               row: "{IP}\t\t# {TIME}\t\t5\t1"),
        Sample(name: "turris", format: .preset("turris"), fileName: "greylist.csv", header: "Address,Tags\n", row: "{IP},ssh", layout: .csv, time: nil),
        Sample(name: "alienvault", format: .preset("alienvault"), fileName: "reputation.generic", row: "{IP}#4#2#Malicious Host#CN##0,1#3", time: nil),
        Sample(name: "vxvault", format: .preset("vxvault"), fileName: "URL_List.php", header: "<pre>\nVX Vault last 100 Links\n",
               row: "http://{IP}/m.exe", time: nil),
        Sample(name: "malwarepatrol", format: .preset("malwarepatrol"), fileName: "mp.txt", header: "# Malware Patrol\n", row: "{IP}/malware/", time: nil),
        Sample(name: "cznic-haas", format: .preset("cznic-haas"), fileName: "haas.json", header: "[",
               row: #"{"time":"{TIME}","ip":"{IP}","login_successful":false,"commands":[]}"#, footer: "]", layout: .jsonArray),
        Sample(name: "cert-eu", format: .preset("cert-eu"), fileName: "cert-eu.csv", header: "feed code,source ip,source time,type,url\n",
               row: "RI,{IP},{TIME},malware url,http://{IP}/x.exe", layout: .csv),
        Sample(name: "stix", format: .stix, fileName: "bundle.json", header: #"{"type":"bundle","id":"bundle--1","objects":["# + "\n",
               row: #"{"type":"indicator","id":"indicator--{IP}","pattern":"[ipv4-addr:value = '{IP}']","pattern_type":"stix","valid_from":"{TIME}"}"#,
               footer: "\n]}", layout: .jsonArray, time: iso, badTime: "2024-13-45T99:99:99Z"),
        Sample(name: "misp", format: .misp, fileName: "event.json", header: #"{"Event":{"info":"x","Attribute":["#,
               row: #"{"type":"ip-dst","category":"Network activity","value":"{IP}","first_seen":"{TIME}"}"#, footer: "]}}",
               layout: .jsonArray, time: iso, badTime: "2024-13-45T99:99:99Z", wholeFileRecord: true),
        Sample(name: "intelmq", format: .intelmq, fileName: "events.json",
               row: #"{"classification.type":"c2-server","source.ip":"{IP}","time.source":"{TIME}"}"#, time: iso, badTime: "2024-13-45T99:99:99Z"),
        Sample(name: "eve", format: .suricataEVE, fileName: "eve.json",
               row: #"{"timestamp":"{TIME}","event_type":"alert","src_ip":"{IP}","dest_ip":"10.0.0.1","alert":{"signature":"ET SCAN x","category":"Attempted Information Leak"}}"#,
               time: iso, badTime: "2024-13-45T99:99:99Z"),
    ]

    static func parse(_ sample: Sample, _ text: String) throws -> ([Observation], [Reject]) {
        try parse(sample, Data(text.utf8))
    }

    static func parse(_ sample: Sample, _ bytes: Data) throws -> ([Observation], [Reject]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file(sample.fileName)
        try bytes.write(to: URL(fileURLWithPath: path))
        var observations: [Observation] = []
        var rejects: [Reject] = []
        try FeedReader(format: sample.format, chunkRows: 2).read(path: path, context: FeedContext(receivedAt: 1_000, fileName: sample.fileName)) {
            observations += $0.observations
            rejects += $0.rejects
            return true
        }
        #expect(rejects.allSatisfy { !$0.reason.message.isEmpty && !$0.reason.code.rawValue.isEmpty }, "\(sample.name): a reject without a reason")
        return (observations, rejects)
    }

    @Test func everyFormatIsCovered() {
        let covered = Set(Self.samples.map(\.name))
        for preset in FeedPreset.all { #expect(covered.contains(preset.name), "\(preset.name) has no malformed-input sample") }
        for name in ["jsonl", "csv", "list", "shadowserver", "stix", "misp", "intelmq", "eve"] { #expect(covered.contains(name)) }
    }

    @Test(arguments: samples)
    func goodRowsAndBadValues(sample: Sample) throws {
        let (good, none) = try Self.parse(sample, sample.file(sample.rows(3)))
        #expect(good.count == 3 && none.isEmpty, "\(sample.name): \(none.prefix(1))")
        if let time = sample.time, sample.name != "list" {
            #expect(good.allSatisfy { $0.seenAt == (UTCTime.parse(time, localOffset: sample.localOffset) ?? -1) }, "\(sample.name): \(good.map(\.seenAt)) for \(time)")
        }

        let (withBadIP, badIP) = try Self.parse(sample, sample.file(sample.rows(3, badIP: 2)))
        if sample.wholeFileRecord {
            #expect(withBadIP.count == 2 && badIP.count == 1, "\(sample.name)")
        } else {
            #expect(withBadIP.count == 2 && badIP.count == 1 && badIP[0].reason.code == .badIndicator, "\(sample.name): \(badIP)")
        }

        if sample.time != nil {
            let (withBadTime, badTime) = try Self.parse(sample, sample.file(sample.rows(3, badTime: 3)))
            #expect(withBadTime.count == 2 && badTime.count == 1 && badTime.first?.reason.code == .badTime, "\(sample.name): \(badTime)")
        }
    }

    @Test(arguments: samples)
    func truncatedFilesAndOverlongLines(sample: Sample) throws {
        let text = sample.file(sample.rows(3))
        // Cut in the middle of the last row.
        let lastRow = sample.rows(3)[2]
        let cut = text.utf8.count - sample.footer.utf8.count - (sample.layout == .jsonArray ? 0 : 1) - lastRow.utf8.count / 2
        let (kept, rejected) = try Self.parse(sample, Data(text.utf8.prefix(cut)))
        if sample.wholeFileRecord {
            // A MISP event is one JSON document: cut short, it is one bad record.
            #expect(kept.isEmpty && rejected.count == 1 && rejected[0].reason.code == .badJSON, "\(sample.name)")
        } else {
            #expect(kept.count >= 2 && kept.count + rejected.count == 3, "\(sample.name): \(kept.count) + \(rejected.count)")
            if sample.layout != .lines { #expect(rejected.count == 1, "\(sample.name): a cut CSV row or JSON element is a reject") }
        }

        // A 1 MB line (or JSON element) among good rows.
        let huge = sample.layout == .jsonArray ? "{\"junk\":\"" + String(repeating: "x", count: 1 << 20) + "\"}" : String(repeating: "x", count: 1 << 20)
        var rows = sample.rows(3)
        rows.insert(huge, at: 1)
        let (around, overlong) = try Self.parse(sample, sample.file(rows))
        if sample.wholeFileRecord {
            #expect(around.count == 3 && overlong.count == 1, "\(sample.name)")
        } else {
            #expect(around.count == 3 && overlong.count == 1, "\(sample.name): \(around.count) kept, \(overlong.count) rejected")
            #expect(overlong.first?.row ?? 0 > 0)
        }
    }

    @Test(arguments: samples)
    func brokenCSVRows(sample: Sample) throws {
        guard sample.layout == .csv else { return }
        var rows = sample.rows(3)
        // A quote that never closes, and a row with a single field.
        rows.insert("\"198.51.100.9,unclosed", at: 1)
        rows.insert("198.51.100.10", at: 2)
        let (kept, rejected) = try Self.parse(sample, sample.file(rows))
        #expect(kept.count == 3, "\(sample.name): \(rejected)")
        #expect(rejected.count == 2, "\(sample.name): \(rejected.map(\.reason))")
    }

    @Test(arguments: samples)
    func garbageAndEmptyFiles(sample: Sample) throws {
        let (none, nothing) = try Self.parse(sample, Data())
        #expect(none.isEmpty && nothing.isEmpty, "\(sample.name): an empty file has no rows")
        let noise = Data(NoiseBytes.make(count: 64 << 10, seed: 7))
        let (fromNoise, rejected) = try Self.parse(sample, noise)
        #expect(fromNoise.isEmpty, "\(sample.name): \(fromNoise.prefix(2))")
        #expect(!rejected.isEmpty, "\(sample.name): garbage must be rejected, not skipped")
    }

    /// The time forms feeds write, through a format that reads times as given (JSON Lines) and a CSV column.
    @Test func timesInManyForms() throws {
        let good: [(String, String)] = [
            ("2024-05-01 10:00:00", "2024-05-01T10:00:00Z"), ("2024-05-01T18:00:00+08:00", "2024-05-01T10:00:00Z"),
            ("2024-05-01T10:00:00.123Z", "2024-05-01T10:00:00Z"), ("2024/5/1 10:00", "2024-05-01T10:00:00Z"),
            ("2024年5月1日 10时00分", "2024-05-01T10:00:00Z"), ("2024年05月01日", "2024-05-01T00:00:00Z"),
            ("1714557600", "2024-05-01T10:00:00Z"), ("1714557600000", "2024-05-01T10:00:00Z"),
            ("2024-05-01", "2024-05-01T00:00:00Z"),
        ]
        let bad = ["2024-13-01 10:00:00", "2024-02-30", "2024-05-01 25:00:00", "昨天", "yesterday", "0000-00-00", "17145576000000000", "2024-05-01T10:00:00+99:00", "12:00"]
        for (text, expected) in good {
            let sample = Self.samples[0]
            let (obs, rej) = try Self.parse(sample, sample.row.replacingOccurrences("{IP}", "198.51.100.1").replacingOccurrences("{TIME}", text) + "\n")
            #expect(rej.isEmpty && obs.first?.seenAt == UTCTime.parse(expected), "\(text): \(rej)")
            let csv = Self.samples[1]
            let (row, csvRej) = try Self.parse(csv, "ip,time\n198.51.100.1,\(text)\n")
            #expect(csvRej.isEmpty && row.first?.seenAt == UTCTime.parse(expected), "csv \(text)")
        }
        for text in bad {
            let sample = Self.samples[0]
            let (obs, rej) = try Self.parse(sample, sample.row.replacingOccurrences("{IP}", "198.51.100.1").replacingOccurrences("{TIME}", text) + "\n")
            #expect(obs.isEmpty && rej.first?.reason.code == .badTime, "\(text) was accepted")
        }
    }
}
