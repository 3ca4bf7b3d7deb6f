import Foundation
import Testing
import VigilTesting

/// `vigil feeds update-shadowserver-schema`: a report type Shadowserver adds later works after updating the schema,
/// without a new Vigil.
@Suite struct FeedsCLITests {
    /// A type the shipped schema does not have, in the form of Shadowserver's intelmq.json.
    static let newType = #"""
        {"_meta": {"date_created": "2027-01-01T00:00:00Z"},
         "event_lamp_sinkhole": {
           "constant_fields": {"classification.identifier": "lamp-bot", "classification.taxonomy": "malicious-code",
                               "classification.type": "infected-system"},
           "feed_name": "Lamp-Sinkhole", "file_name": "event4_lamp_sinkhole",
           "required_fields": [["time.source", "timestamp", "add_UTC_to_timestamp"], ["source.ip", "src_ip", "validate_ip"],
                               ["source.port", "src_port", "convert_int"]],
           "optional_fields": [["malware.name", "infection", "validate_to_none"], ["source.asn", "src_asn", "invalidate_zero"]]}}
        """#

    static let report = """
        "timestamp","src_ip","src_port","src_asn","infection","dst_ip"
        "2027-01-02 03:04:05","198.51.100.20",50123,64501,"lampbot","203.0.113.1"
        "2027-01-02 03:04:06","198.51.100.21",50124,0,"lampbot","203.0.113.1"
        "2027-01-02 03:04:07","not-an-ip",50125,64501,"lampbot","203.0.113.1"
        """

    @Test func updatedSchemaReadsANewReportType() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let environment = ["XDG_DATA_HOME": dir.file("data"), "VIGIL_SHADOWSERVER_SCHEMA": ""]
        func vigil(_ arguments: [String]) async throws -> (Int32, String, String) {
            let process = try ChildProcess(
                binary, arguments, output: dir.file("out"), errorLog: dir.file("err"), environment: environment)
            let status = await process.wait()
            return (status, (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? "", process.errorText)
        }
        let csv = try dir.write("2027-01-02-event4_lamp_sinkhole-asn.csv", Self.report)
        let database = dir.file("v.db")

        let (refused, _, why) = try await vigil(["ingest", csv, "--source", "shadowserver", "--database", database])
        #expect(refused != 0)
        #expect(why.contains("event4_lamp_sinkhole") && why.contains("update-shadowserver-schema"), "\(why)")

        let schema = try dir.write("intelmq.json", Self.newType)
        let (updated, said, problem) = try await vigil(["feeds", "update-shadowserver-schema", schema])
        #expect(updated == 0, "\(problem)")
        #expect(said.contains("compiled 1 Shadowserver report types") && said.contains("vigil/shadowserver-schema.json"), "\(said)")
        #expect(FileManager.default.fileExists(atPath: dir.file("data/vigil/shadowserver-schema.json")))

        let (listed, table, _) = try await vigil(["feeds", "shadowserver", "event_lamp_sinkhole"])
        #expect(listed == 0 && table.contains("event4_lamp_sinkhole") && table.contains("compromisedHost"), "\(table)")

        let (ingested, summary, err) = try await vigil(["ingest", csv, "--source", "shadowserver", "--database", database, "--json"])
        #expect(ingested == 0, "\(err)")
        #expect(summary.contains("\"observations\" : 2") || summary.contains("\"observations\":2"), "\(summary)")
        #expect(summary.contains("\"rejects\" : 1") || summary.contains("\"rejects\":1"), "\(summary)")
        let (_, threats, _) = try await vigil(["threats", "--database", database, "--kind", "compromisedHost", "--json"])
        #expect(threats.contains("198.51.100.20") && threats.contains("198.51.100.21"), "\(threats)")

        let (bad, _, badWhy) = try await vigil(["feeds", "update-shadowserver-schema", csv])
        #expect(bad != 0 && badWhy.contains("not valid JSON"), "\(badWhy)")
    }

    @Test func csvTimesInAnAnnouncedZone() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = try dir.write("partner.csv", "ip,seen\n198.51.100.30,2024-05-01 10:00:00\n")
        let database = dir.file("v.db")
        let ingest = try ChildProcess(
            binary, ["ingest", csv, "--format", "csv", "--column", "indicator=ip", "--column", "time=seen", "--column", "utc_offset=+08:00",
                     "--kind", "maliciousIP", "--source", "p", "--database", database], errorLog: dir.file("err"))
        #expect(await ingest.wait() == 0, "\(ingest.errorText)")
        let list = try ChildProcess(binary, ["threats", "--database", database, "--json"], output: dir.file("out"), errorLog: dir.file("err2"))
        #expect(await list.wait() == 0)
        let out = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
        #expect(out.contains("2024-05-01T02:00:00Z"), "\(out)")
        let bad = try ChildProcess(
            binary, ["ingest", csv, "--format", "csv", "--column", "indicator=ip", "--column", "utc_offset=Beijing", "--kind", "maliciousIP",
                     "--source", "p", "--database", dir.file("w.db")], errorLog: dir.file("err3"))
        #expect(await bad.wait() != 0)
        #expect(bad.errorText.contains("+08:00"), "\(bad.errorText)")
    }
}
