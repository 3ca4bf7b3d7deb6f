import Foundation
import Testing
import VigilTesting
@testable import VigilFeeds

@Suite struct ReadingTests {
    func records(_ text: String, mode: RecordReader.Mode, blockSize: Int, maxQuoted: Int = 1 << 20) throws -> [String] {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("input", text)
        let reader = try RecordReader(path: path, mode: mode, blockSize: blockSize, maxQuotedRecord: maxQuoted)
        var out: [String] = []
        try reader.forEachRecord { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    @Test func splitsCSVRecordsAcrossBlockBoundaries() throws {
        let text = "\u{FEFF}a,b\r\n\"x\ny\",2\r\n\"q\"\"z\",3\nlast,4"
        let expected = ["a,b", "\"x\ny\",2", "\"q\"\"z\",3", "last,4"]
        for block in [1, 2, 3, 7, 64, 4096] {
            #expect(try records(text, mode: .csv, blockSize: block) == expected, "block size \(block)")
        }
        #expect(try records("a\nb\n\nc", mode: .lines, blockSize: 2) == ["a", "b", "", "c"])
    }

    @Test func cutsARunawayQuoteAtTheNextNewline() throws {
        let text = "h1,h2\n\"open,1\nnext,2\nmore,3\n"
        let out = try records(text, mode: .csv, blockSize: 4, maxQuoted: 8)
        #expect(out.first == "h1,h2")
        #expect(out.contains("next,2") || out.contains("more,3"), "rows after a stray quote must survive: \(out)")
    }

    @Test func cutsOverlongRecordsAndSkipsTheirRest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("long", "short\n" + String(repeating: "x", count: 100) + "\nafter\n")
        let reader = try RecordReader(path: path, mode: .lines, blockSize: 8, maxRecord: 16)
        var out: [String] = []
        try reader.forEachRecord { out.append(String(decoding: $0, as: UTF8.self)) }
        #expect(out == ["short", String(repeating: "x", count: 16), "after"])
    }

    @Test func splitsFieldsLikeRFC4180() {
        var csv = CSVRecord()
        var text = Array("\"a,b\",,\"say \"\"hi\"\"\",plain,".utf8)
        text.withUnsafeMutableBufferPointer { buf in
            csv.split(UnsafeBufferPointer(buf))
            #expect(csv.count == 5)
            #expect(csv.string(0) == "a,b")
            #expect(csv.isEmpty(1))
            #expect(csv.string(2) == "say \"hi\"")
            #expect(csv.string(3) == "plain")
            #expect(csv.isEmpty(4))
            #expect(!csv.unterminatedQuote)
        }
        var open = Array("\"never closed,1".utf8)
        open.withUnsafeMutableBufferPointer { buf in
            csv.split(UnsafeBufferPointer(buf))
            #expect(csv.unterminatedQuote)
        }
    }

    @Test func jsonScannerAgreesWithJSONSerialization() throws {
        let samples = [
            #"{"a":1,"b":[true,false,null],"c":"x\"y\\z\/\n\t","d":-1.5e3}"#,
            #"{"cn":"中文","esc":"\u4e2d\u6587","pair":"\ud83d\ude00","empty":{},"arr":[]}"#,
            #"  {"nested":{"deep":[1,[2,[3]]]}}  "#,
            #"[1, 2.0, "three"]"#,
        ]
        for text in samples {
            let ours = try JSONScanner.parse(text)
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            #expect(Self.same(ours, theirs), "\(text)")
        }
        for bad in [#"{"a":}"#, #"{"a":1,}"#, #"{a:1}"#, #"{"a":"\x"}"#, #"{"a":01}"#, #"{"a":"\ud800"}"#, "{\"a\":\"tab\there\"}", #"{"a":1} x"#, "", #"{"a":1"#] {
            #expect(throws: JSONScanner.ParseError.self, "\(bad)") { try JSONScanner.parse(bad) }
        }
    }

    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let b): return (theirs as? Bool) == b
        case .number(let text): return (theirs as? NSNumber)?.doubleValue == Double(text)
        case .string(let s): return (theirs as? String) == s
        case .array(let items):
            guard let other = theirs as? [Any], other.count == items.count else { return false }
            return zip(items, other).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let other = theirs as? [String: Any], other.count == members.count else { return false }
            return members.allSatisfy { key, value in other[key].map { same(value, $0) } ?? false }
        }
    }
}
