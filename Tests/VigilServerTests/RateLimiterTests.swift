import Testing
import VigilServer

@Suite struct RateLimiterTests {
    @Test func burstThenRefillPerCaller() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        let t0 = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.take("a", now: t0) == nil })
        let wait = limiter.take("a", now: t0)
        #expect(wait != nil && abs((wait ?? 0) - 0.5) < 1e-9, "one token back after half a second at 2/s")
        #expect(limiter.take("b", now: t0) == nil, "callers have their own buckets")
        #expect(limiter.take("a", now: t0 + .milliseconds(600)) == nil)
        #expect(limiter.take("a", now: t0 + .milliseconds(600)) != nil)
        // Refill stops at the burst size.
        #expect((0..<3).allSatisfy { _ in limiter.take("a", now: t0 + .seconds(100)) == nil })
        #expect(limiter.take("a", now: t0 + .seconds(100)) != nil)
    }
}
