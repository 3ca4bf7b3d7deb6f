import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text of a fetched page in its own character set: the `charset` of the Content-Type header, else a `<meta>`
/// declaration in the first 2 KB, else UTF-8. Many Chinese sites serve GBK or GB2312 (read as GB18030, their
/// superset) and some Big5; these are converted with the C library's iconv. Bytes that are not characters become U+FFFD.
public enum PageCharset {
    /// The declared charset, lowercased, or nil.
    public static func declared(contentType: String?, body: [UInt8]) -> String? {
        func charset(in text: Substring) -> String? {
            guard let range = text.range(of: "charset", options: .caseInsensitive) else { return nil }
            var rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            rest = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            return rest.isEmpty ? nil : rest.lowercased()
        }
        if let contentType, let c = charset(in: Substring(contentType)) { return c }
        let head = String(decoding: body.prefix(2048), as: UTF8.self)
        var search = Substring(head)
        while let meta = search.range(of: "<meta", options: .caseInsensitive) {
            let tag = search[meta.lowerBound...].prefix { $0 != ">" }
            if let c = charset(in: tag) { return c }
            search = search[meta.upperBound...]
        }
        return nil
    }

    /// The body as text.
    public static func text(_ body: [UInt8], contentType: String?) -> String {
        let iconvName: String? = switch declared(contentType: contentType, body: body) {
        case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn": "GB18030"
        case "big5", "big5-hkscs", "x-big5": "BIG5-HKSCS"
        case "iso-8859-1", "latin1", "windows-1252", "cp1252": "WINDOWS-1252"
        case "shift_jis", "shift-jis", "sjis": "SHIFT_JIS"
        case "euc-kr": "EUC-KR"
        default: nil
        }
        guard let iconvName, let converted = convert(body, from: iconvName) else { return String(decoding: body, as: UTF8.self) }
        return converted
    }

    /// `bytes` converted from `encoding` to UTF-8 with iconv, invalid sequences replaced; nil when iconv lacks it.
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(4_096, bytes.count * 2))
        var consumed = 0
        while consumed < input.count {
            var failed: Int32 = 0
            var produced = 0
            let total = input.count
            input.withUnsafeMutableBytes { inRaw in
                chunk.withUnsafeMutableBytes { outRaw in
                    var inPointer: UnsafeMutablePointer<CChar>? = inRaw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + consumed }
                    var inLeft = total - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failed = errno }
                    produced = outRaw.count - outLeft
                    consumed = total - inLeft
                }
            }
            output += chunk.prefix(produced)
            if failed == 0 || failed == E2BIG { continue }
            // Not a character (EILSEQ) or cut at the end (EINVAL): one replacement character, then go on.
            output += [0xEF, 0xBF, 0xBD]
            consumed += 1
        }
        input.removeAll()
        return String(decoding: output, as: UTF8.self)
    }
}
