import Foundation
import Hummingbird
import NIOCore

/// An API error: JSON `{"error": {"code", "message"}}`, with a message the caller can act on.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Seconds to wait, sent as `Retry-After`.
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let object = ["error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(max(1, retryAfter)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    public static let unauthorized = APIError(.unauthorized, "unauthorized", "send an API token as `Authorization: Bearer <token>`; `vigil tokens create USER` makes one")
    /// What every denial of an object says: no more than that it is not there for this caller.
    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "no \(what) here; check the id") }
}
