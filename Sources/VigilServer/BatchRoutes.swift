import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilEngine
import VigilFeeds
import VigilStore

/// `/api/v1/observations` (submit a file: the body, in any format `vigil ingest` reads, through the same collect
/// path), `/api/v1/batches` and `/api/v1/rejects`. The ministry and auditors see every batch; everyone else sees
/// the batches they submitted.
struct BatchRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.post("observations") { request, context in try await submit(request, context) }
        group.get("batches") { request, context in try await list(request, context) }
        group.get("batches/:id") { request, context in try await detail(request, context) }
        group.get("rejects") { request, context in try await rejects(request, context, batch: nil) }
        group.get("batches/:id/rejects") { request, context in
            guard let text = context.parameters.get("id"), let id = Int64(text) else { throw APIError.notFound("batch") }
            return try await rejects(request, context, batch: id)
        }
    }

    /// Whose submissions the caller sees: nil for all (ministry, auditor), else the caller's own.
    static func submitter(_ principal: Principal) -> Int64? {
        [.ministry, .auditor].contains(principal.role) ? nil : principal.userID
    }

    struct BatchJSON: Encodable {
        var id: Int64
        var sha256: String
        var source: String
        var format: String
        var reportType: String?
        var fileName: String
        var size: Int64
        var receivedAt: String
        var status: String
        var rows: Int
        var observations: Int
        var rejects: Int
        var newThreats: Int
        var newSightings: Int

        init(_ b: BatchRecord) {
            id = b.id
            sha256 = b.sha256
            source = b.sourceName
            format = b.format
            reportType = b.reportType
            fileName = b.fileName
            size = b.size
            receivedAt = UTCTime.format(b.receivedAt)
            status = b.status.rawValue
            rows = b.rows
            observations = b.observations
            rejects = b.rejects
            newThreats = b.newThreats
            newSightings = b.newSightings
        }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let limit = try RouteSupport.limit(request)
        let batches = try await env.platform.batches(submittedBy: Self.submitter(principal), beforeID: try RouteSupport.idCursor(request), limit: limit)
        return try JSONResponse.page(batches.map(BatchJSON.init), next: batches.count == limit ? batches.last?.id : nil)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        guard let text = context.parameters.get("id"), let id = Int64(text),
              let batch = try await env.platform.batch(id, submittedBy: Self.submitter(principal)) else { throw APIError.notFound("batch") }
        return try JSONResponse.object(BatchJSON(batch))
    }

    struct RejectJSON: Encodable {
        var batch: Int64
        var row: Int
        var code: String
        var reason: String
        var raw: String
    }

    func rejects(_ request: Request, _ context: VigilRequestContext, batch: Int64?) async throws -> Response {
        let principal = try context.caller()
        let submitter = Self.submitter(principal)
        if let batch, try await env.platform.batch(batch, submittedBy: submitter) == nil { throw APIError.notFound("batch") }
        var after: (Int64, Int)?
        if let cursor = request.uri.queryParameters["cursor"] {
            let parts = cursor.split(separator: "_")
            guard parts.count == 2, let b = Int64(parts[0]), let r = Int(parts[1]) else {
                throw APIError(.badRequest, "bad_cursor", "cursor is the next_cursor of the page before")
            }
            after = (b, r)
        }
        let limit = try RouteSupport.limit(request)
        let rows = try await env.platform.rejects(batch: batch, submittedBy: submitter, after: after, limit: limit)
        return try JSONResponse.page(
            rows.map { RejectJSON(batch: $0.batchID, row: $0.reject.row, code: $0.reject.reason.code.rawValue, reason: $0.reject.reason.message, raw: $0.reject.raw) },
            next: rows.count == limit ? rows.last.map { "\($0.batchID)_\($0.reject.row)" } : nil)
    }

    struct SubmissionJSON: Encodable {
        var batch: BatchJSON?
        var alreadyIngested: Bool
        var resumed: Bool
        var seconds: Double
    }

    func submit(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try await ingest(request, by: try context.caller())
    }

    /// Spools the body and ingests it through the collect path as `principal`'s submission (the API's
    /// `POST /observations` and the dashboard's upload).
    func ingest(_ request: Request, by principal: Principal) async throws -> Response {
        try RouteSupport.require(principal, [.ministry, .province, .organization, .reporter], to: "submit observations")
        let q = request.uri.queryParameters
        // A source's name carries its trust (CNCERT's reports confirm on their own): only the ministry names one;
        // everyone else reports under its own user name.
        let source = q["source"].map(String.init) ?? principal.name
        if principal.role != .ministry, source != principal.name {
            throw APIError(.forbidden, "forbidden", "you submit under your own name ('\(principal.name)'); leave out source (only the ministry names a source)")
        }
        var kind: ThreatKind?
        if let text = q["kind"] {
            guard let k = ThreatKind(wireName: String(text)) else { throw APIError(.badRequest, "bad_kind", "kind is a wire name from `vigil kinds`, e.g. c2Server") }
            kind = k
        }
        let formatName = q["format"].map(String.init) ?? "auto"
        var format: FeedFormat?
        if formatName != "auto" {
            guard let named = FeedFormat(name: formatName, kind: kind, reportType: q["report_type"].map(String.init)) else {
                throw APIError(.badRequest, "bad_format", "format is auto, \(FeedFormat.namedChoices); CSV files are detected with format=auto "
                    + "(the reporting template), other CSV mappings need `vigil ingest --column`")
            }
            format = named
        } else if let reportType = q["report_type"] {
            format = .shadowserver(reportType: String(reportType))
        }
        let given = q["name"].map { URL(fileURLWithPath: String($0)).lastPathComponent } ?? ""
        let name = given.isEmpty || given.count > 200 || given.hasPrefix(".") ? "upload-\(env.clock()).\(format?.name ?? "txt")" : given
        let spool = (env.spoolDirectory as NSString).appendingPathComponent("vigil-upload-\(UUID().uuidString)-\(name)")
        defer { try? FileManager.default.removeItem(atPath: spool) }
        try await spoolBody(request, to: spool)
        let summary: IngestSummary
        do {
            summary = try await env.pipeline.ingest(path: spool, format: format, sourceName: source, receivedAt: env.clock())
        } catch let error as IngestError {
            throw APIError(.unprocessableContent, error.code.rawValue, error.message)
        }
        try await env.platform.recordSubmission(batch: summary.batchID, user: principal, fileName: name, at: env.clock())
        let batch = try await env.platform.batch(summary.batchID, submittedBy: nil)
        let body = SubmissionJSON(batch: batch.map(BatchJSON.init), alreadyIngested: summary.alreadyIngested, resumed: summary.resumed,
                                  seconds: (summary.seconds * 1000).rounded() / 1000)
        var response = try JSONResponse.object(body)
        response.status = summary.alreadyIngested ? .ok : .created
        return response
    }

    /// Streams the request body into a file, refusing more than the server's upload limit.
    func spoolBody(_ request: Request, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw APIError(.internalServerError, "spool", "the server cannot write its upload spool (\(env.spoolDirectory)); tell its operator")
        }
        defer { try? handle.close() }
        var size = 0
        for try await buffer in request.body {
            size += buffer.readableBytes
            guard size <= env.maxUploadBytes else {
                throw APIError(.contentTooLarge, "too_large", "an upload is at most \(env.maxUploadBytes >> 20) MB; split the file or use `vigil ingest`")
            }
            try handle.write(contentsOf: buffer.readableBytesView)
        }
        guard size > 0 else { throw APIError(.badRequest, "empty", "the body is empty: send the file's bytes as the request body") }
    }
}
