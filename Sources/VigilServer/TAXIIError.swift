import Foundation
import Hummingbird
import NIOCore

/// A TAXII 2.1 error message (§3.6.1): a title, a description that says what to do, and the HTTP status, as
/// `application/taxii+json`.
struct TAXIIError: Error, HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let title: String
    let description: String

    init(_ status: HTTPResponse.Status, _ title: String, _ description: String) {
        self.status = status
        self.title = title
        self.description = description
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let object: [String: Any] = ["title": title, "description": description, "http_status": String(status.code)]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: status, headers: [.contentType: TAXIIRoutes.mediaType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
