import VigilAttribution

/// The language of the dashboard and the situation report: Simplified Chinese (the default) or English.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case zh
    case en

    /// The text in this language.
    public func t(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    /// The `lang` attribute of the page.
    public var tag: String { self == .zh ? "zh-CN" : "en" }

    /// A count written as the language writes it: 3397万 and 4.8万 in Chinese, 33,970,000 in English.
    public func count(_ n: Int) -> String {
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
    public static func trim(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    /// A span of time: days from one day up, else hours.
    public func duration(_ seconds: Int64) -> String {
        seconds >= 86_400 ? Self.trim(Double(seconds) / 86_400) + t(" 天", " d") : Self.trim(Double(seconds) / 3600) + t(" 小时", " h")
    }

    /// A rate (0…1) as a percentage with one decimal at most.
    public static func percent(_ rate: Double) -> String { trim(rate * 100) + "%" }

    /// A province (GB/T 2260 code) by its short name (广东) or English name; "unknown" for none or 0, the code for a
    /// code the catalogue does not hold.
    public func province(_ code: Int?) -> String {
        guard let code, code != 0 else { return t("未知", "unknown") }
        guard let p = ProvinceCatalog.province(code: code) else { return String(code) }
        return self == .zh ? p.shortName : p.englishName
    }
}
