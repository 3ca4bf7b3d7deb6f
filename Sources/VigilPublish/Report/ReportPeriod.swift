import Foundation
import VigilCore
import VigilStore

/// The span a situation report covers: a quarter, a month, or a range of days, counted in Beijing calendar days
/// (``ThreatDay``), with the span it is compared with the period before (环比) and a year earlier (同比).
public struct ReportPeriod: Sendable, Hashable {
    /// What kind of span it is.
    public enum Unit: Sendable, Hashable {
        case quarter(year: Int, quarter: Int)
        case month(year: Int, month: Int)
        case range
    }

    public var unit: Unit
    /// First and last day, inclusive (``ThreatDay`` numbers).
    public var firstDay: Int64
    public var lastDay: Int64

    /// What is wrong with a period given on the command line, and what to give instead.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The day number of a Beijing calendar date (day numbers count Beijing days, as ``ThreatDay`` does).
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        Int64(UTCTime.daysFromCivil(year: year, month: month, day: day))
    }

    /// The calendar date of a day number.
    public static func date(_ day: Int64) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = UTCTime.civilFromDays(Int(day))
        return (y, m, d)
    }

    /// The quarter a day falls in.
    public static func quarter(containing day: Int64) -> ReportPeriod {
        let d = date(day)
        return quarter(d.year, (d.month - 1) / 3 + 1)
    }

    /// A period as the command line and the dashboard give it: `2018Q3`, `2018-07` or `2018-07-01..2018-09-30`.
    public static func parse(_ text: String) throws -> ReportPeriod {
        if text.contains("..") { return try range(text) }
        if text.uppercased().contains("Q") { return try quarter(text) }
        return try month(text)
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod {
        let first = day(year, (quarter - 1) * 3 + 1, 1)
        let last = (quarter == 4 ? day(year + 1, 1, 1) : day(year, quarter * 3 + 1, 1)) - 1
        return ReportPeriod(unit: .quarter(year: year, quarter: quarter), firstDay: first, lastDay: last)
    }

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod {
        let first = day(year, month, 1)
        return ReportPeriod(unit: .month(year: year, month: month), firstDay: first, lastDay: first + Int64(UTCTime.daysIn(month: month, year: year)) - 1)
    }

    /// `2018Q3` (also `2018-Q3`, `2018q3`).
    public static func quarter(_ text: String) throws -> ReportPeriod {
        let t = text.uppercased().replacingOccurrences(of: "-", with: "")
        guard t.count == 6, let year = Int(t.prefix(4)), (1970...9998).contains(year), t.dropFirst(4).first == "Q", let q = Int(t.suffix(1)), (1...4).contains(q) else {
            throw Invalid(description: "'\(text)' is not a quarter; give one as 2018Q3")
        }
        return quarter(year, q)
    }

    /// `2018-07`.
    public static func month(_ text: String) throws -> ReportPeriod {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), (1970...9998).contains(year), let m = Int(parts[1]), (1...12).contains(m) else {
            throw Invalid(description: "'\(text)' is not a month; give one as 2018-07")
        }
        return month(year, m)
    }

    /// `2018-07-01..2018-09-30` (both days included).
    public static func range(_ text: String) throws -> ReportPeriod {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 10 }), let a = UTCTime.parse(parts[0]), let b = UTCTime.parse(parts[1]) else {
            throw Invalid(description: "'\(text)' is not a range of days; give one as 2018-07-01..2018-09-30")
        }
        guard a <= b else { throw Invalid(description: "the range \(text) ends before it starts; give the earlier day first") }
        return ReportPeriod(unit: .range, firstDay: a / 86_400, lastDay: b / 86_400)
    }

    /// Days covered.
    public var days: Int64 { lastDay - firstDay + 1 }

    /// The period before (环比): the previous quarter or month, or as many days just before a range.
    public var previous: ReportPeriod {
        switch unit {
        case .quarter(let y, let q): q == 1 ? .quarter(y - 1, 4) : .quarter(y, q - 1)
        case .month(let y, let m): m == 1 ? .month(y - 1, 12) : .month(y, m - 1)
        case .range: ReportPeriod(unit: .range, firstDay: firstDay - days, lastDay: firstDay - 1)
        }
    }

    /// The same period a year earlier (同比).
    public var yearEarlier: ReportPeriod {
        switch unit {
        case .quarter(let y, let q): .quarter(y - 1, q)
        case .month(let y, let m): .month(y - 1, m)
        case .range:
            ReportPeriod(unit: .range, firstDay: Self.yearBefore(firstDay), lastDay: Self.yearBefore(lastDay))
        }
    }

    /// The same calendar day a year before (28 February for 29 February).
    static func yearBefore(_ d: Int64) -> Int64 {
        let c = date(d)
        return day(c.year - 1, c.month, c.month == 2 && c.day == 29 ? 28 : c.day)
    }

    /// A day as `2018-07-01`.
    public static func text(_ day: Int64) -> String { String(UTCTime.format(day * 86_400).prefix(10)) }

    /// The period's name: 2018年第三季度 / Q3 2018, 2018年7月 / July 2018, or its days.
    public func title(_ lang: Language) -> String {
        switch unit {
        case .quarter(let y, let q):
            return lang.t("\(y)年第\(["一", "二", "三", "四"][q - 1])季度", "Q\(q) \(y)")
        case .month(let y, let m):
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            return lang.t("\(y)年\(m)月", "\(names[m - 1]) \(y)")
        case .range:
            return lang.t("\(Self.text(firstDay))至\(Self.text(lastDay))", "\(Self.text(firstDay)) to \(Self.text(lastDay))")
        }
    }

    /// What the period before is called: 上季度 / the previous quarter …
    public func previousName(_ lang: Language) -> String {
        switch unit {
        case .quarter: lang.t("上季度", "the previous quarter")
        case .month: lang.t("上月", "the previous month")
        case .range: lang.t("上一同长时段", "the same number of days before")
        }
    }

    /// The short label used in file names and the dashboard: `2018Q3`, `2018-07`, `2018-07-01..2018-09-30`.
    public var label: String {
        switch unit {
        case .quarter(let y, let q): "\(y)Q\(q)"
        case .month(let y, let m): String(format: "%04d-%02d", y, m)
        case .range: "\(Self.text(firstDay))..\(Self.text(lastDay))"
        }
    }
}
