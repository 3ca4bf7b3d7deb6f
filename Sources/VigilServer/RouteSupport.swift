import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilStore

/// What the API routes share: query parsing with errors that say what to send, JSON bodies, and the role checks.
enum RouteSupport {
    /// `limit` from the query: 1 to 1000, default `fallback`.
    static func limit(_ request: Request, default fallback: Int = 50) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return fallback }
        guard let n = Int(text), (1...1000).contains(n) else { throw APIError(.badRequest, "bad_limit", "limit is a whole number from 1 to 1000") }
        return n
    }

    /// A whole-number cursor (an id to page back from).
    static func idCursor(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["cursor"] else { return nil }
        guard let id = Int64(text) else { throw APIError(.badRequest, "bad_cursor", "cursor is the next_cursor of the page before") }
        return id
    }

    /// A province code from the query (`province=440000`).
    static func province(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters["province"] else { return nil }
        guard let code = Int(text) else { throw APIError(.badRequest, "bad_province", "province is a GB/T 2260 code such as 440000") }
        return code
    }

    /// A time from the query.
    static func time(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let t = UTCTime.parse(text) else { throw APIError(.badRequest, "bad_\(name)", "\(name) is a time: YYYY-MM-DD or ISO 8601") }
        return t
    }

    /// A JSON request body (at most 1 MB), decoded with snake_case keys.
    static func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 1 << 20)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "a request body is at most 1 MB of JSON")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, "bad_body", "the JSON body needs the field '\(key.stringValue.snakeCased)'")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw APIError(.badRequest, "bad_body", "the field '\(field)' of the JSON body has the wrong type: \(context.debugDescription)")
        } catch {
            throw APIError(.badRequest, "bad_body", "the body is not the JSON object this endpoint takes (see /openapi.json)")
        }
    }

    /// 403 unless the caller has one of `roles`.
    static func require(_ principal: Principal, _ roles: Set<Role>, to what: String) throws {
        guard roles.contains(principal.role) else {
            throw APIError(.forbidden, "forbidden", "a \(principal.role.rawValue) user may not \(what); roles that may: "
                + roles.map(\.rawValue).sorted().joined(separator: ", "))
        }
    }

    /// Runs `work`, turning store errors into API errors the caller can act on.
    static func explain<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as StoreError {
            switch error.code {
            case .conflict: throw APIError(.conflict, "conflict", error.message)
            case .notFound: throw APIError(.notFound, "not_found", error.message)
            case .invalidArgument: throw APIError(.badRequest, "invalid", error.message)
            default: throw error
            }
        }
    }
}

extension String {
    /// `camelCase` as `camel_case`, for field names in error messages.
    var snakeCased: String {
        var out = ""
        for c in self {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
