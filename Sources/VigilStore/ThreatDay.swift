/// The day a rollup counts a threat under: the calendar day in Beijing time (UTC+8), as Chinese reports count, of the
/// threat's first sighting, numbered as days since 1970-01-01.
public enum ThreatDay {
    /// Seconds east of UTC of the reporting day.
    public static let offset: Int64 = 8 * 3600

    /// The day number of a time (UTC seconds).
    public static func of(_ seconds: Int64) -> Int64 {
        let shifted = seconds + offset
        return shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
    }

    /// The first second (UTC) of a day number.
    public static func start(_ day: Int64) -> Int64 { day * 86_400 - offset }

    /// The same computation in SQL over a column of UTC seconds (times after 1970).
    public static func sql(_ column: String) -> String { "((\(column) + \(offset)) / 86400)" }
}
