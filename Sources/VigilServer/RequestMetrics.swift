import Synchronization

/// Request counts and latency, kept by the server for `/metrics`: a Prometheus histogram of seconds per route.
public final class RequestMetrics: Sendable {
    /// Histogram bucket bounds, seconds.
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    struct Series: Sendable {
        var buckets = [Int](repeating: 0, count: RequestMetrics.bounds.count)
        var count = 0
        var sum = 0.0
    }

    private let series = Mutex<[String: Series]>([:])

    public init() {}

    /// Records one request to `route` that answered `status` after `seconds`.
    public func record(route: String, status: Int, seconds: Double) {
        let key = "route=\"\(route)\",status=\"\(status)\""
        series.withLock { all in
            var s = all[key] ?? Series()
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { s.buckets[i] += 1 }
            s.count += 1
            s.sum += seconds
            all[key] = s
        }
    }

    /// The Prometheus text lines.
    public func render() -> String {
        let all = series.withLock { $0 }
        var lines = [
            "# HELP vigil_http_request_duration_seconds Time to answer an HTTP request.",
            "# TYPE vigil_http_request_duration_seconds histogram",
        ]
        for key in all.keys.sorted() {
            guard let s = all[key] else { continue }
            for (i, bound) in Self.bounds.enumerated() {
                lines.append("vigil_http_request_duration_seconds_bucket{\(key),le=\"\(bound)\"} \(s.buckets[i])")
            }
            lines.append("vigil_http_request_duration_seconds_bucket{\(key),le=\"+Inf\"} \(s.count)")
            lines.append("vigil_http_request_duration_seconds_sum{\(key)} \(s.sum)")
            lines.append("vigil_http_request_duration_seconds_count{\(key)} \(s.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
