import Foundation
import Testing
import VigilAttribution
import VigilCore
import VigilTesting

/// The real MISP warninglists: every list in the snapshot loads, and well-known values land on the right lists.
@Suite struct WarninglistDirectoryTests {
    static let relative = "refdata/misp-warninglists"

    @Test func realListsLoadAndMatch() throws {
        guard let path = SharedData.path(Self.relative) else {
            print(SharedData.skipMessage(Self.relative))
            return
        }
        let lists = try WarninglistDirectory.load(path: path)
        #expect(lists.count >= 130, "\(lists.count) lists")
        let set = WarninglistSet(lists)
        let names = { (indicator: Indicator) in set.matches(indicator) }
        #expect(names(try .ip("8.8.8.8")).contains("List of known IPv4 public DNS resolvers"))
        #expect(names(try .domain("baidu.com")).contains("Top 10K most-used sites from Tranco"))
        #expect(set.hits(try .domain("www.baidu.com")).contains { $0.list == "Top 10K most-used sites from Tranco" && !$0.exact })
        #expect(names(try .ip("10.20.30.40")).contains { $0.contains("1918") })
        #expect(names(try .hash("d41d8cd98f00b204e9800998ecf8427e")).isEmpty == false, "the empty file's MD5")
        #expect(!names(try .domain("qx7-unlisted-name.example")).contains { $0.contains("Tranco") || $0.contains("Cisco") })
    }

    @Test func aDirectoryWithoutListsIsAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: WarninglistDirectory.LoadError.self) { try WarninglistDirectory.load(path: dir.path) }
        _ = try dir.write("bad.json", "{\"name\": 1}")
        #expect { try WarninglistDirectory.load(path: dir.path) } throws: { "\($0)".contains("bad.json") }
        #expect(throws: WarninglistDirectory.LoadError.self) { try WarninglistDirectory.load(path: dir.file("missing")) }
    }
}
