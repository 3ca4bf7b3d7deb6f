import Foundation
import Testing
import VigilTesting

/// `vigil warninglists check` on a directory of lists in MISP's layout.
@Suite struct WarninglistsCLITests {
    @Test func checkNamesListsAndTheDecision() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("lists/top"), withIntermediateDirectories: true)
        _ = try dir.write("lists/top/list.json", #"{"name":"Top sites","type":"hostname","list":["example-top.com"],"matching_attributes":["hostname","domain","url"]}"#)
        let process = try ChildProcess(
            binary, ["warninglists", "check", "--dir", dir.path, "--json", "example-top.com", "www.example-top.com", "192.168.1.1", "198.51.10.9"],
            output: dir.file("out"), errorLog: dir.file("err"))
        #expect(await process.wait() == 0, "\(process.errorText)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("out")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(object["indicators"] as? [[String: Any]])
        #expect(object["lists"] as? Int == 1)
        #expect(rows.map { $0["decision"] as? String } == ["rejected", "needsReview", "rejected", "needsReview"])
        #expect(rows.map { $0["rule"] as? String } == ["warninglist", "no_rule", "reserved_range", "no_rule"])
        #expect(((rows[1]["warninglists"] as? [[String: Any]])?.first?["exact"] as? Bool) == false)

        let missing = try ChildProcess(binary, ["warninglists", "check", "--dir", dir.file("nope"), "1.2.3.4"], errorLog: dir.file("err2"))
        #expect(await missing.wait() != 0)
        #expect(missing.errorText.contains("misp-warninglists"), "\(missing.errorText)")
    }

    @Test func determinationSettingsComeFromTheConfiguration() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("wl/top"), withIntermediateDirectories: true)
        _ = try dir.write("wl/top/list.json", #"{"name":"Top sites","type":"hostname","list":["example-top.com"],"matching_attributes":["hostname","domain"]}"#)
        let config = try dir.write("vigil.toml", """
            [determination]
            warninglists = "wl"
            warninglist_exact_only = false
            allowlist = ["198.51.10.0/24"]
            """)
        let run = try ChildProcess(
            binary, ["warninglists", "check", "--config", config, "--json", "www.example-top.com", "198.51.10.9"],
            output: dir.file("out"), errorLog: dir.file("err"))
        #expect(await run.wait() == 0, "\(run.errorText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("out")))) as? [String: Any])
        let rows = try #require(object["indicators"] as? [[String: Any]])
        #expect(rows.map { $0["rule"] as? String } == ["warninglist", "allowlist"], "\(rows)")

        let bad = try dir.write("bad.toml", "[determination]\ncorroborating_sources = 0\n")
        let refused = try ChildProcess(binary, ["warninglists", "check", "--config", bad, "--dir", dir.file("wl"), "1.2.3.4"], errorLog: dir.file("err2"))
        #expect(await refused.wait() != 0)
        #expect(refused.errorText.contains("corroborating_sources"), "\(refused.errorText)")
        let typo = try dir.write("typo.toml", "[determination]\ntrusted_sources = [\"CNCERT\"]\n")
        let unknown = try ChildProcess(binary, ["warninglists", "check", "--config", typo, "--dir", dir.file("wl"), "1.2.3.4"], errorLog: dir.file("err3"))
        #expect(await unknown.wait() != 0)
        #expect(unknown.errorText.contains("unknown [determination] key 'trusted_sources'"), "\(unknown.errorText)")
    }
}
