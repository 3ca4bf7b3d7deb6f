import Foundation
import Hummingbird
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`, at most 64 KB).
struct FormBody {
    var fields: [String: String]

    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func parse(_ request: Request) async throws -> FormBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 64 << 10)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "a form is at most 64 KB")
        }
        return FormBody(fields: decode(String(decoding: buffer.readableBytesView, as: UTF8.self)))
    }

    /// `a=1&b=x+y%21` as a dictionary (the last of repeated names wins).
    static func decode(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(parts[0]), value = parts.count > 1 ? unescape(parts[1]) : ""
            out[key] = value
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
