import Synchronization

/// Requests allowed per caller: a token bucket per key (the user), refilled at `perSecond` up to `burst`.
public final class RateLimiter: Sendable {
    public let perSecond: Double
    public let burst: Double
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    public init(perSecond: Double = 50, burst: Double = 200) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Takes one request for `key`: nil when allowed, else the seconds until one is.
    public func take(_ key: String, now: ContinuousClock.Instant = .now) -> Double? {
        buckets.withLock { all in
            var bucket = all[key] ?? (burst, now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * perSecond)
            bucket.at = now
            defer { all[key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
            bucket.tokens -= 1
            return nil
        }
    }
}
