import Crypto
import Foundation

/// The signature on a webhook delivery: `X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
/// `"<t>.<body>"` with the receiver's shared secret, so a receiver can check that the notice came from Vigil, was not
/// altered, and is not a replay of an old one.
public enum WebhookSignature {
    /// The header name.
    public static let header = "X-Vigil-Signature"

    /// The header value for `body` sent at `timestamp`.
    public static func sign(body: Data, secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=" + hex(mac(body: body, secret: secret, timestamp: timestamp))
    }

    /// Why a signature does not check out.
    public enum Failure: Error, Sendable, Equatable {
        case malformed, stale, mismatch
    }

    /// Checks a header against `body`: well formed, signed within `tolerance` seconds of `now`, and matching.
    public static func verify(header value: String, body: Data, secret: String, now: Int64, tolerance: Int64 = 300) throws(Failure) {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformed }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1].lowercased()) }
        }
        guard let timestamp, !signatures.isEmpty else { throw .malformed }
        guard abs(now - timestamp) <= tolerance else { throw .stale }
        let expected = hex(mac(body: body, secret: secret, timestamp: timestamp))
        // Compare in constant time per candidate.
        guard signatures.contains(where: { constantTimeEqual($0, expected) }) else { throw .mismatch }
    }

    static func mac(body: Data, secret: String, timestamp: Int64) -> HashedAuthenticationCode<SHA256> {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
    }

    static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String {
        code.map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// When to retry a failed delivery: exponential backoff from `initial`, capped at `maximum`, for `attempts` tries.
public struct RetrySchedule: Sendable, Hashable {
    public var initial: Int64
    public var maximum: Int64
    public var attempts: Int

    /// The default: 30 s, 1 min, 2 min, … up to 1 h between tries, 10 tries in all (about 5 hours).
    public static let standard = RetrySchedule(initial: 30, maximum: 3600, attempts: 10)

    public init(initial: Int64, maximum: Int64, attempts: Int) {
        self.initial = initial
        self.maximum = maximum
        self.attempts = attempts
    }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil when no try is left.
    public func delay(after attempt: Int) -> Int64? {
        guard attempt >= 1, attempt < attempts else { return nil }
        let exponent = min(attempt - 1, 40)
        let (value, overflow) = initial.multipliedReportingOverflow(by: Int64(1) << Int64(exponent))
        return overflow ? maximum : min(value, maximum)
    }
}
