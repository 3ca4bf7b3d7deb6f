import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilCore
import VigilPublish
import VigilStore

/// TAXII 2.1 (read only) under `/taxii2/`: discovery, one API root (`/taxii2/vigil/`) and one collection, Vigil's
/// published threats as STIX 2.1 (``TAXIIFeed``): objects with `added_after`, `match[type|id|version|spec_version]`,
/// `limit` and `next`; one object and its versions; the manifest. The same tokens as the API; the ministry and
/// auditors read every published threat, a province its own, an organization its own, a reporter nothing.
struct TAXIIRoutes {
    let env: ServerEnvironment

    /// TAXII's media type, which every answer carries and every request must accept.
    static let mediaType = "application/taxii+json;version=2.1"
    static let stixMediaType = "application/stix+json;version=2.1"
    static let root = "vigil"
    static let collectionID = TAXIIFeed.collectionID

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("/") { request, context in try discovery(request, context) }
        group.get(":root") { request, context in try apiRoot(request, context) }
        group.get(":root/collections") { request, context in try collections(request, context) }
        group.get(":root/collections/:collection") { request, context in try collection(request, context) }
        group.get(":root/collections/:collection/objects") { request, context in try await objects(request, context) }
        group.post(":root/collections/:collection/objects") { request, context -> Response in
            _ = try scope(request, context)
            throw TAXIIError(.forbidden, "Read only", "Vigil's collection is written by Vigil's own determinations; it does not take objects")
        }
        group.get(":root/collections/:collection/objects/:object") { request, context in try await object(request, context, versions: false) }
        group.get(":root/collections/:collection/objects/:object/versions") { request, context in try await object(request, context, versions: true) }
        group.get(":root/collections/:collection/manifest") { request, context in try await manifest(request, context) }
        group.get(":root/status/:status") { request, context -> Response in
            _ = try scope(request, context)
            throw TAXIIError(.notFound, "No such status", "Vigil's collection takes no objects, so there are no status resources")
        }
    }

    /// The caller's part of the collection; a reporter gets none, and a request that does not accept TAXII is refused.
    func scope(_ request: Request, _ context: VigilRequestContext) throws -> PublicationLedger.FeedScope {
        if let accept = request.headers[.accept] {
            let kinds = accept.lowercased().split(separator: ",").map { $0.replacingOccurrences(of: " ", with: "") }
            guard kinds.contains(where: { $0.hasPrefix("application/taxii+json") || $0.hasPrefix("*/*") || $0.hasPrefix("application/*") }) else {
                throw TAXIIError(.notAcceptable, "Not acceptable", "send `Accept: \(Self.mediaType)`")
            }
        }
        let principal = try context.caller()
        guard let narrowed = principal.narrow(province: nil, organization: nil) else {
            throw TAXIIError(.forbidden, "Forbidden", "the \(principal.role.rawValue) role does not read published threats; use a ministry, auditor, province or organization token")
        }
        return PublicationLedger.FeedScope(province: narrowed.province, organization: narrowed.organization)
    }

    func checkRoot(_ context: VigilRequestContext) throws {
        guard context.parameters.get("root") == Self.root else {
            throw TAXIIError(.notFound, "No such API root", "Vigil's API root is /taxii2/\(Self.root)/ (see /taxii2/)")
        }
    }

    func checkCollection(_ context: VigilRequestContext) throws {
        try checkRoot(context)
        guard context.parameters.get("collection") == Self.collectionID else {
            throw TAXIIError(.notFound, "No such collection", "Vigil has one collection, \(Self.collectionID) (see /taxii2/\(Self.root)/collections/)")
        }
    }

    static func json(_ object: Any, headers extra: HTTPFields = [:]) throws -> Response {
        var headers: HTTPFields = [.contentType: mediaType]
        headers.append(contentsOf: extra)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func discovery(_ request: Request, _ context: VigilRequestContext) throws -> Response {
        _ = try scope(request, context)
        let root = "/taxii2/\(Self.root)/"
        return try Self.json(["title": "Vigil", "description": "Threats Vigil has confirmed and publishes (公共互联网网络安全威胁监测与处置), as STIX 2.1",
                              "default": root, "api_roots": [root]])
    }

    func apiRoot(_ request: Request, _ context: VigilRequestContext) throws -> Response {
        _ = try scope(request, context)
        try checkRoot(context)
        return try Self.json(["title": "Vigil published threats", "description": "Confirmed threats that are not verified fixed; they leave when reversed or fixed",
                              "versions": [Self.mediaType], "max_content_length": 0])
    }

    static var collectionObject: [String: Any] {
        ["id": collectionID, "title": "Published threats", "description": "Every threat Vigil has confirmed and not yet seen fixed, with its indicator, observation and sighting",
         "alias": "published", "can_read": true, "can_write": false, "media_types": [stixMediaType]]
    }

    func collections(_ request: Request, _ context: VigilRequestContext) throws -> Response {
        _ = try scope(request, context)
        try checkRoot(context)
        return try Self.json(["collections": [Self.collectionObject]])
    }

    func collection(_ request: Request, _ context: VigilRequestContext) throws -> Response {
        _ = try scope(request, context)
        try checkCollection(context)
        return try Self.json(Self.collectionObject)
    }

    func query(_ request: Request) throws -> TAXIIQuery {
        var parameters: [String: String] = [:]
        // Hummingbird decodes values but not names, and clients send `match%5Btype%5D`.
        for (name, value) in request.uri.queryParameters { parameters[String(name).removingPercentEncoding ?? String(name)] = String(value) }
        do {
            return try TAXIIQuery(parameters: parameters)
        } catch let invalid as TAXIIQuery.Invalid {
            throw TAXIIError(.badRequest, "Bad \(invalid.parameter)", invalid.description)
        }
    }

    /// An envelope of a page, with the `X-TAXII-Date-Added-First/Last` headers.
    static func envelope(_ page: TAXIIFeed.Page, _ entry: (TAXIIFeed.Item) -> [String: Any]) throws -> Response {
        var body: [String: Any] = ["more": page.more]
        if let next = page.next { body["next"] = next.token }
        if !page.items.isEmpty { body["objects"] = page.items.map(entry) }
        var headers: HTTPFields = [:]
        if let first = page.items.first, let last = page.items.last, let firstName = HTTPField.Name("X-TAXII-Date-Added-First"),
           let lastName = HTTPField.Name("X-TAXII-Date-Added-Last") {
            headers[firstName] = first.dateAdded
            headers[lastName] = last.dateAdded
        }
        return try json(body, headers: headers)
    }

    func objects(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let scope = try scope(request, context)
        try checkCollection(context)
        let page = try await TAXIIFeed(ledger: PublicationLedger(env.store), scope: scope).page(try query(request))
        return try Self.envelope(page) { $0.object }
    }

    func object(_ request: Request, _ context: VigilRequestContext, versions: Bool) async throws -> Response {
        let scope = try scope(request, context)
        try checkCollection(context)
        guard let id = context.parameters.get("object"),
              let page = try await TAXIIFeed(ledger: PublicationLedger(env.store), scope: scope).object(id: id, query: try query(request)) else {
            throw TAXIIError(.notFound, "No such object", "the collection holds no object with this id (it may have been reversed or fixed)")
        }
        if versions {
            var body: [String: Any] = ["more": page.more]
            if !page.items.isEmpty { body["versions"] = page.items.map(\.version) }
            return try Self.json(body)
        }
        return try Self.envelope(page) { $0.object }
    }

    func manifest(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let scope = try scope(request, context)
        try checkCollection(context)
        let page = try await TAXIIFeed(ledger: PublicationLedger(env.store), scope: scope).page(try query(request))
        return try Self.envelope(page) { ["id": $0.id, "date_added": $0.dateAdded, "version": $0.version, "media_type": Self.stixMediaType] }
    }
}
