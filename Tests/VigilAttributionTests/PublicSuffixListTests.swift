import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilAttribution

@Suite struct PublicSuffixListTests {
    /// `checkPublicSuffix('input', 'expected')` lines; nil stands for `null`.
    static func vectors(_ path: String) throws -> [(input: String?, expected: String?)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [(String?, String?)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("checkPublicSuffix(") {
            let inner = line.dropFirst("checkPublicSuffix(".count).prefix { $0 != ")" }
            let parts = inner.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            func value(_ s: String) -> String? { s == "null" ? nil : String(s.dropFirst().dropLast()) }
            out.append((value(parts[0]), value(parts[1])))
        }
        return out
    }

    static func check(_ list: PublicSuffixList, vectorsAt path: String) throws {
        let vectors = try vectors(path)
        #expect(vectors.count > 70, "the vector file was read")
        for (input, expected) in vectors {
            let got = input.flatMap { list.registrableDomain(of: $0) }
            // Expected values are given in Unicode; Vigil keeps names in Punycode.
            let want = expected.flatMap { PublicSuffixList.asciiRule($0) }
            #expect(got == want, "checkPublicSuffix(\(input ?? "null"), \(expected ?? "null"))")
        }
    }

    @Test func shippedListPassesEveryOfficialVector() throws {
        let relative = "refdata/publicsuffix/test_psl.txt"
        guard let path = SharedData.path(relative) else {
            print(SharedData.skipMessage(relative))
            return
        }
        #expect(PublicSuffixList.shipped.ruleCount > 9_000)
        try Self.check(.shipped, vectorsAt: path)
    }

    @Test func listsLoadedFromFilesPassEveryOfficialVector() throws {
        for relative in ["refdata/publicsuffix/public_suffix_list.pypi-20261023.dat", "refdata/publicsuffix/public_suffix_list.debian-20230209.dat"] {
            guard let list = SharedData.path(relative), let vectors = SharedData.path("refdata/publicsuffix/test_psl.txt") else {
                print(SharedData.skipMessage(relative))
                continue
            }
            try Self.check(try PublicSuffixList(path: list), vectorsAt: vectors)
        }
    }

    @Test func smallListRulesWildcardsAndExceptions() {
        let list = PublicSuffixList(text: """
            // comment
            com
            cn
            com.cn
            *.ck
            !www.ck
            公司.cn
            """)
        #expect(list.ruleCount == 6)
        #expect(list.registrableDomain(of: "a.b.example.com.cn") == "example.com.cn")
        #expect(list.registrableDomain(of: "com.cn") == nil)
        #expect(list.registrableDomain(of: "x.y.test.ck") == "y.test.ck")
        #expect(list.registrableDomain(of: "www.ck") == "www.ck")
        #expect(list.registrableDomain(of: "食狮.公司.cn") == "xn--85x722f.xn--55qx5d.cn")
        #expect(list.registrableDomain(of: "EXAMPLE.COM.") == "example.com")
        #expect(list.registrableDomain(of: ".example.com") == nil)
    }
}
