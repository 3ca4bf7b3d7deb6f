import Foundation
import Testing
import VigilTesting

/// TAXII 2.1 as partners read it: `taxii2-client` (from PyPI) walks discovery, the API root and the collection, pages
/// through the objects and the manifest, filters by `added_after` and type, and fetches one object; `stix2` parses
/// every object. The caller's role decides what the collection holds, and a reversed threat leaves it.
@Suite struct TAXIITests {
    /// What `Tests/Support/taxii-check.py` saw for one token.
    func check(_ api: APIHarness, _ user: String, perPage: Int) async throws -> [String: Any] {
        let out = api.dir.file("taxii-\(user).json"), err = api.dir.file("taxii-\(user).err")
        let script = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/taxii-check.py").path
        let status = try await ChildProcess.run("/usr/bin/env", ["python3", script, api.base, api.tokens[user] ?? user, String(perPage)], output: out, errorLog: err)
        try #require(status == 0, "taxii-check.py: \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
    }

    @Test func taxiiClientReadsThePublishedThreats() async throws {
        let available = (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import taxii2client, stix2"])) == 0
        guard available else {
            if ProcessInfo.processInfo.environment["VIGIL_REQUIRE_LAB"] == "1" { Issue.record("taxii2-client and stix2 are required (pip install taxii2-client stix2)") }
            print("skipped: the TAXII check needs Python's taxii2-client and stix2 (pip install taxii2-client stix2), as .ci/run installs")
            return
        }
        guard let api = try await APIHarness.start() else { return }
        defer { api.stop() }

        // The ministry reads every published threat, a page of 97 at a time.
        let all = try await check(api, "min", perPage: 97)
        let types = all["types"] as? [String: Int] ?? [:]
        let objects = all["objects"] as? Int ?? 0
        #expect(all["collections"] as? [String] == ["52ded6d4-7cad-5609-b5f1-ea69cfc5df55"] && all["can_write"] as? Bool == false, "\(all)")
        #expect(all["versions"] as? [String] == ["application/taxii+json;version=2.1"])
        #expect(objects > 1_000 && all["distinct"] as? Int == objects, "every object once across the pages: \(all)")
        #expect(all["pages"] as? Int == (objects + 96) / 97, "full pages of 97: \(all)")
        #expect((all["parse_errors"] as? [String])?.isEmpty == true, "stix2 parses every object: \(all)")
        #expect(all["manifest"] as? Int == objects && all["manifest_in_order"] as? Bool == true, "the manifest lists the same objects in date_added order: \(all)")
        #expect((all["added_after"] as? Int ?? -1) == (all["expected_after"] as? Int ?? -2) && (all["added_after"] as? Int ?? 0) > 0 && (all["added_after"] as? Int ?? 0) < objects,
                "added_after gives exactly the later objects: \(all)")
        #expect(all["get_object"] as? Bool == true && all["indicators_only"] as? Int == types["indicator"], "\(all)")

        // The same threats as `vigil export stix`: one indicator per published threat.
        let bundle = api.dir.file("bundle.json")
        _ = try await APIHarness.run(api.binary, ["export", "stix", "--database", api.db, "--out", bundle], api.dir)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bundle))) as? [String: Any])
        let exportedIndicators = (exported["objects"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "indicator" }
        #expect(exportedIndicators.count == types["indicator"], "TAXII and the STIX export hold the same indicators")

        // A province reads its own part; a reporter reads nothing.
        let province = try await check(api, "gd", perPage: 50)
        let provinceIndicators = (province["types"] as? [String: Int])?["indicator"] ?? 0
        #expect(provinceIndicators > 0 && provinceIndicators < types["indicator"] ?? 0, "\(province)")
        #expect((province["parse_errors"] as? [String])?.isEmpty == true && province["distinct"] as? Int == province["objects"] as? Int)
        let reporter = try await check(api, "rep", perPage: 50)
        #expect(reporter["refused"] as? Int == 403, "\(reporter)")

        // One indicator, fetched; its threat reversed; then the collection no longer holds it.
        let indicator = try #require(exportedIndicators.first)
        let id = try #require(indicator["id"] as? String)
        let threat = try #require((indicator["description"] as? String)?.components(separatedBy: "Vigil threat ").last?.components(separatedBy: ",").first)
        let collection = "/taxii2/vigil/collections/52ded6d4-7cad-5609-b5f1-ea69cfc5df55"
        let before = try await api.call([
            .init("GET", "\(collection)/objects/\(id)/", as: "min"),
            .init("GET", "\(collection)/objects/\(id)/versions/", as: "min"),
            .init("GET", "\(collection)/objects/", as: "min", headers: ["Accept": "application/json"]),
            .init("GET", "\(collection)/objects/", as: "min", query: ["added_after": "yesterday"]),
            .init("GET", "/taxii2/vigil/collections/00000000-0000-0000-0000-000000000000/", as: "min"),
            .init("POST", "\(collection)/objects/", as: "min", json: ["objects": []]),
            .init("GET", "\(collection)/objects/", as: nil),
        ])
        #expect(before[0].status == 200 && ((before[0].object?["objects"] as? [[String: Any]])?.first?["id"] as? String) == id, "\(before[0].text)")
        #expect(before[0].headers.first { $0.key.lowercased() == "content-type" }?.value == "application/taxii+json;version=2.1", "\(before[0].headers)")
        #expect(before[1].status == 200 && (before[1].object?["versions"] as? [String])?.count == 1, "\(before[1].text)")
        #expect(before[2].status == 406 && before[2].object?["title"] as? String == "Not acceptable", "\(before[2].text)")
        #expect(before[3].status == 400 && (before[3].object?["description"] as? String)?.contains("added_after") == true, "\(before[3].text)")
        #expect(before[4].status == 404 && before[5].status == 403 && before[6].status == 401)
        _ = try await APIHarness.run(api.binary, ["determine", threat, "--reject", "--reason", "a false positive", "--database", api.db], api.dir)
        let after = try await api.call(.init("GET", "\(collection)/objects/\(id)/", as: "min"))
        #expect(after.status == 404, "a reversed threat leaves the collection: \(after.text)")
    }
}
