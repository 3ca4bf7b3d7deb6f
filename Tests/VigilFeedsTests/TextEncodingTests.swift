import Foundation
import Testing
import VigilTesting
@testable import VigilFeeds

/// Telling UTF-8, UTF-16 and GB18030 apart, and converting to UTF-8.
@Suite struct TextEncodingTests {
    /// "IP地址,发现时间,恶意程序名称\n1.2.3.4,2024-05-01 10:00:00,木马A\n" in GBK (as `iconv -t GB18030` writes it).
    static let gbk: [UInt8] = [
        0x49, 0x50, 0xB5, 0xD8, 0xD6, 0xB7, 0x2C, 0xB7, 0xA2, 0xCF, 0xD6, 0xCA, 0xB1, 0xBC, 0xE4, 0x2C, 0xB6, 0xF1, 0xD2, 0xE2,
        0xB3, 0xCC, 0xD0, 0xF2, 0xC3, 0xFB, 0xB3, 0xC6, 0x0A, 0x31, 0x2E, 0x32, 0x2E, 0x33, 0x2E, 0x34, 0x2C, 0x32, 0x30, 0x32,
        0x34, 0x2D, 0x30, 0x35, 0x2D, 0x30, 0x31, 0x20, 0x31, 0x30, 0x3A, 0x30, 0x30, 0x3A, 0x30, 0x30, 0x2C, 0xC4, 0xBE, 0xC2,
        0xED, 0x41, 0x0A,
    ]
    static let text = "IP地址,发现时间,恶意程序名称\n1.2.3.4,2024-05-01 10:00:00,木马A\n"
    /// "資料來源,惡意程式\n" in Big5: byte ranges that overlap GBK's, but not its common area.
    static let big5: [UInt8] = [0xB8, 0xEA, 0xAE, 0xC6, 0xA8, 0xD3, 0xB7, 0xBD, 0x2C, 0xB4, 0x63, 0xB7, 0x4E, 0xB5, 0x7B, 0xA6, 0xA1, 0x0A]

    static func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> [UInt8] {
        var out: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            out += bigEndian ? pair.reversed() : pair
        }
        return out
    }

    @Test func detectsEachEncoding() {
        #expect(TextEncoding.detect(Array(Self.text.utf8)) == .utf8)
        #expect(TextEncoding.detect([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)) == .utf8)
        #expect(TextEncoding.detect(Array("plain ascii,1.2.3.4\n".utf8)) == .utf8)
        #expect(TextEncoding.detect([]) == .utf8)
        #expect(TextEncoding.detect(Self.utf16(Self.text, bigEndian: false, mark: true)) == .utf16LE)
        #expect(TextEncoding.detect(Self.utf16(Self.text, bigEndian: true, mark: true)) == .utf16BE)
        #expect(TextEncoding.detect(Self.utf16("ip,time\n1.2.3.4,2024\n", bigEndian: false, mark: false)) == .utf16LE)
        #expect(TextEncoding.detect(Self.utf16("ip,time\n1.2.3.4,2024\n", bigEndian: true, mark: false)) == .utf16BE)
        #expect(TextEncoding.detect(Self.gbk) == .gb18030)
        #expect(TextEncoding.detect(Array(repeating: Self.gbk, count: 50).flatMap { $0 }) == .gb18030)
    }

    @Test func damagedUTF8StaysUTF8SoOnlyItsBadRowsAreRejected() {
        var bytes = Array(repeating: Array(Self.text.utf8), count: 20).flatMap { $0 }
        bytes += [0x31, 0xFF, 0xFE, 0x0A]
        #expect(TextEncoding.detect(bytes) == .utf8)
        // ASCII with a stray byte or two.
        #expect(TextEncoding.detect(Array(String(repeating: "1.2.3.4,2024-05-01\n", count: 100).utf8) + [0xA9, 0x0A]) == .utf8)
    }

    @Test func binaryDataAndOtherLegacyEncodingsCannotBeTold() {
        let garbage = NoiseBytes.make(count: 4096, seed: 0x9E37_79B9_7F4A_7C15)
        #expect(TextEncoding.detect(garbage) == nil)
        #expect(TextEncoding.detect(Array(repeating: Self.big5, count: 10).flatMap { $0 }) == nil)
    }

    @Test func namesAndAliases() {
        #expect(TextEncoding(name: "GBK") == .gb18030 && TextEncoding(name: "gb2312") == .gb18030 && TextEncoding(name: "CP936") == .gb18030)
        #expect(TextEncoding(name: "UTF8") == .utf8 && TextEncoding(name: "utf_16be") == .utf16BE && TextEncoding(name: "UTF-16") == .utf16LE)
        #expect(TextEncoding(name: "latin1") == nil)
    }

    func convert(_ bytes: [UInt8], _ encoding: TextEncoding, blockSize: Int = 1 << 20) throws -> (String, Int) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.file("in")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let replaced = try Transcoder.toUTF8(input: input, encoding: encoding, output: dir.file("out"), blockSize: blockSize)
        return (try String(contentsOfFile: dir.file("out"), encoding: .utf8), replaced)
    }

    @Test func convertsToUTF8AcrossBlockBoundaries() throws {
        for block in [1, 2, 3, 5, 64, 1 << 20] {
            #expect(try convert(Self.gbk, .gb18030, blockSize: block) == (Self.text, 0), "block \(block)")
            #expect(try convert(Self.utf16(Self.text, bigEndian: false, mark: true), .utf16LE, blockSize: block) == (Self.text, 0), "block \(block)")
            #expect(try convert(Self.utf16(Self.text, bigEndian: true, mark: true), .utf16BE, blockSize: block) == (Self.text, 0), "block \(block)")
        }
        // GB18030's four-byte forms (ß, and 😀 outside the BMP), as `iconv -t GB18030` writes them, and € (0xA2 0xE3).
        let fourByte: [UInt8] = [0x81, 0x30, 0x89, 0x38, 0x94, 0x39, 0xFC, 0x36, 0xA2, 0xE3]
        for block in [1, 3, 1 << 20] {
            #expect(try convert(fourByte, .gb18030, blockSize: block) == ("ß😀€", 0), "block \(block)")
        }
        #expect(TextEncoding.detect(fourByte + Self.gbk) == .gb18030)
    }

    @Test func invalidSequencesBecomeReplacementCharacters() throws {
        // A lone lead byte in the middle, and one cut off at the end.
        let broken: [UInt8] = Array("a,".utf8) + [0xB5, 0x0A] + Array("b\n".utf8) + [0xB5]
        let (text, replaced) = try convert(broken, .gb18030)
        #expect(replaced == 2)
        #expect(text.hasPrefix("a,"))
        #expect(text.contains("b\n"))
        #expect(text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 2)
    }
}
