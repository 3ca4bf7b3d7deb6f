/// Parsing and formatting of UTC timestamps as seconds since 1970, without Foundation formatters, for hot paths.
public enum UTCTime {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS][.fff][Z|±HH[:MM]| UTC]`, or a Unix time in seconds
    /// (9 to 11 digits, 1973 onwards) or milliseconds (12 or 13 digits). A time without an offset is taken as UTC.
    /// Shorter numbers are not times: a row cut short must not pass for 1970.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// Byte-level form of ``parse(_:)``. Chinese report forms (`2024/5/2 10:30`, `2024年5月2日 10时30分`) are read
    /// too, through a slower path taken only when the ISO form does not fit.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        parse(b, localOffset: 0)
    }

    /// Like ``parse(_:)``, but a time written without an offset is local time at `localOffset` seconds east of UTC
    /// (28800 for Beijing time). Times with an offset or `Z`, and Unix times, are absolute and unaffected.
    public static func parse(_ text: some StringProtocol, localOffset: Int) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0), localOffset: localOffset) }
    }

    /// Byte-level form of ``parse(_:localOffset:)``.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, localOffset: Int) -> Int64? {
        if let (seconds, zoned) = parseZoned(b) { return zoned ? seconds : seconds - Int64(localOffset) }
        guard let iso = isoFromChinese(b) else { return nil }
        return iso.withUnsafeBufferPointer { parseZoned($0) }.map { $0.1 ? $0.0 : $0.0 - Int64(localOffset) }
    }

    /// `2024/5/2`, `2024/05/02 10:30[:00]`, `2024年5月2日`, `2024年05月02日 10:30:00`, `2024年5月2日10时30分[20秒]`,
    /// `2024年5月2日 10点30分` as `YYYY-MM-DD[ HH:MM:SS]`; nil for anything else.
    static func isoFromChinese(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let text = String(decoding: b, as: UTF8.self).trimmingSpaces()
        guard text.contains("/") || text.contains("年") else { return nil }
        var numbers: [Int] = []
        var widths: [Int] = []
        var current = ""
        var separators: [Character] = []
        for c in text {
            if let d = c.wholeNumberValue, c.isASCII {
                current.append(Character(String(d)))
                continue
            }
            guard "/年月日时分秒点: T".contains(c) else { return nil }
            if !current.isEmpty {
                numbers.append(Int(current) ?? -1)
                widths.append(current.count)
                current = ""
            }
            separators.append(c)
        }
        if !current.isEmpty {
            numbers.append(Int(current) ?? -1)
            widths.append(current.count)
        }
        guard (3...6).contains(numbers.count), widths[0] == 4, widths.dropFirst().allSatisfy({ $0 <= 2 }) else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var iso = "\(numbers[0])-\(two(numbers[1]))-\(two(numbers[2]))"
        if numbers.count > 3 {
            iso += " \(two(numbers[3])):\(two(numbers.count > 4 ? numbers[4] : 0)):\(two(numbers.count > 5 ? numbers[5] : 0))"
        }
        return Array(iso.utf8)
    }

    static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        parseZoned(b)?.0
    }

    /// The time, and whether the text fixed its zone (an offset, `Z`, `UTC`, or a Unix time).
    static func parseZoned(_ b: UnsafeBufferPointer<UInt8>) -> (Int64, Bool)? {
        let n = b.count
        guard n > 0 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            guard i < n else { return nil }
            let v = Int(b[i]) - 48
            return v >= 0 && v <= 9 ? v : nil
        }
        @inline(__always) func number(_ i: Int, _ count: Int) -> Int? {
            var v = 0
            for j in i..<(i + count) {
                guard let d = digit(j) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        if b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // A zero-padded number is a counter, not a Unix time.
            guard b[0] != 0x30 else { return nil }
            guard let v = Int64(String(decoding: b, as: UTF8.self)) else { return nil }
            if n >= 9 && n <= 11 { return (v, true) }
            if n == 12 || n == 13 { return (v / 1000, true) }
            return nil
        }
        guard n >= 10, let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
            let day = number(8, 2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if n == 10 { return (seconds, false) }
        guard b[10] == 0x54 || b[10] == 0x20 || b[10] == 0x74, n >= 16, let hour = number(11, 2), b[13] == 0x3A,
            let minute = number(14, 2), hour < 24, minute < 60
        else { return nil }
        seconds += Int64(hour * 3600 + minute * 60)
        var i = 16
        if i < n, b[i] == 0x3A {
            guard let second = number(i + 1, 2), second <= 60 else { return nil }
            seconds += Int64(second)
            i += 3
        }
        if i < n, b[i] == 0x2E || b[i] == 0x2C {
            i += 1
            let start = i
            while i < n, digit(i) != nil { i += 1 }
            guard i > start else { return nil }
        }
        if i == n { return (seconds, false) }
        if b[i] == 0x20 { i += 1 }
        if i == n { return (seconds, false) }
        if b[i] == 0x5A || b[i] == 0x7A { return i + 1 == n ? (seconds, true) : nil }
        if n - i == 3, String(decoding: UnsafeBufferPointer(rebasing: b[i...]), as: UTF8.self).uppercased() == "UTC" {
            return (seconds, true)
        }
        guard b[i] == 0x2B || b[i] == 0x2D, let oh = number(i + 1, 2), oh <= 14 else { return nil }
        var offset = oh * 3600
        var j = i + 3
        if j < n, b[j] == 0x3A { j += 1 }
        if j < n {
            guard let om = number(j, 2), om < 60, j + 2 == n else { return nil }
            offset += om * 60
        }
        return (b[i] == 0x2B ? seconds - Int64(offset) : seconds + Int64(offset), true)
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rem = Int(seconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))Z"
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date (year, month, day) of a day number since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
