import Foundation
import Testing
import VigilTesting
@testable import VigilProbes

/// Pages in GBK (GB2312) and Big5, as many Chinese sites serve them: the declared charset is honoured.
@Suite struct PageCharsetTests {
    /// `text` encoded by the system's iconv command.
    static func encoded(_ text: String, _ charset: String) async throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = try dir.write("in.html", text)
        let status = try await ChildProcess.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", charset, input], output: dir.file("out"), errorLog: dir.file("err"))
        try #require(status == 0, "iconv -t \(charset)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("out"))))
    }

    @Test func gbkPagesAreReadInTheirCharset() async throws {
        let page = try WebPageTests.page("hidden.html").replacingOccurrences(of: "<meta charset=\"utf-8\">",
                                                                             with: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">")
        let gbk = try await Self.encoded(page, "GBK")
        #expect(gbk.count < page.utf8.count && String(bytes: gbk, encoding: .utf8) == nil, "GBK bytes are not UTF-8")
        #expect(PageCharset.declared(contentType: "text/html", body: gbk) == "gb2312")
        let text = PageCharset.text(gbk, contentType: "text/html")
        #expect(text == page, "declared in a meta tag")
        let found = HiddenLinkScanner().scan(text, pageURL: WebPageTests.site).hidden
        #expect(found.count == 7 && found.allSatisfy { !$0.keywords.isEmpty }, "the Chinese keywords match once decoded")
        #expect(PageCharset.text(try await Self.encoded("<p>澳門賭場</p>", "BIG5"), contentType: "text/html; Charset=\"Big5\"") == "<p>澳門賭場</p>")
        #expect(PageCharset.text(Array("<p>ok</p>".utf8), contentType: nil) == "<p>ok</p>")
        #expect(PageCharset.text([0xB0, 0xA1, 0xFF, 0x41], contentType: "text/html; charset=gbk") == "啊\u{FFFD}A", "a bad byte is replaced, the rest kept")
    }
}
