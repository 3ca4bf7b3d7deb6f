import Hummingbird

/// The dashboard's language: Simplified Chinese by default, English on the switch (`?lang=en`, remembered in a
/// cookie).
enum Language: String, Sendable {
    case zh
    case en

    /// The language a request asks for: `?lang=`, then the `vigil_lang` cookie, else Chinese.
    static func of(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return asked }
        return request.cookies["vigil_lang"].flatMap { Language(rawValue: $0.value) } ?? .zh
    }

    /// The text in this language.
    func t(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    /// The `lang` attribute of the page.
    var tag: String { self == .zh ? "zh-CN" : "en" }

    /// A count written as the language writes it: 3397万 and 4.8万 in Chinese, 33,970,000 in English.
    func count(_ n: Int) -> String {
        if self == .zh {
            if n >= 100_000_000 { return Self.trim(Double(n) / 100_000_000) + "亿" }
            if n >= 10_000 { return Self.trim(Double(n) / 10_000) + "万" }
            return String(n)
        }
        var digits = Array(String(abs(n)))
        var out = ""
        while digits.count > 3 {
            out = "," + String(digits.suffix(3)) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + String(digits) + out
    }

    /// One decimal at most, without a trailing `.0`.
    static func trim(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
