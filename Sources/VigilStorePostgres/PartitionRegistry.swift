import Foundation
import Synchronization

/// The monthly `sightings` partitions this process knows exist. Months are numbered `year * 12 + month - 1` (UTC).
final class PartitionRegistry: Sendable {
    private let created = Mutex<Set<Int>>([])

    /// The months not yet known to exist.
    func missing(_ months: Set<Int>) -> Set<Int> {
        created.withLock { months.subtracting($0) }
    }

    /// Records that a month's partition exists.
    func markCreated(_ month: Int) {
        _ = created.withLock { $0.insert(month) }
    }

    /// The month number of a UTC time in seconds.
    static func month(of seconds: Int64) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return (parts.year ?? 1970) * 12 + (parts.month ?? 1) - 1
    }

    /// The partition's table name and its `[from, to)` bounds in UTC seconds.
    static func bounds(month: Int) -> (name: String, from: Int64, to: Int64) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        func start(_ m: Int) -> Int64 {
            let date = calendar.date(from: DateComponents(year: m / 12, month: m % 12 + 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
            return Int64(date.timeIntervalSince1970)
        }
        let name = String(format: "sightings_y%04dm%02d", month / 12, month % 12 + 1)
        return (name, start(month), start(month + 1))
    }
}
