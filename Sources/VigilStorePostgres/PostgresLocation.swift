import Foundation

/// Where a PostgreSQL database is: parsed from `postgres://user[:password]@host[:port]/database[?sslmode=…]`
/// (also `postgresql://`). A `host=/path` query parameter selects a Unix socket directory.
public struct PostgresLocation: Sendable, Hashable {
    /// Server host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Unix socket directory, when connecting through one.
    public var socketDirectory: String?
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// `disable`, `prefer` (default) or `require`.
    public var sslMode: String
    /// The PostgreSQL schema Vigil's tables live in (`?schema=NAME`), when not `public`.
    public var schema: String?

    /// True when the text looks like a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a URL; the error says what a valid one looks like.
    public init(url text: String) throws {
        let usage = "use postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require][&schema=NAME]"
        guard PostgresLocation.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresLocationError("'\(text)' is not a PostgreSQL URL; \(usage)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        let hostParameter = query["host"]
        socketDirectory = hostParameter.flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? (hostParameter.flatMap { $0.hasPrefix("/") ? nil : $0 } ?? "localhost")
        port = components.port ?? Int(query["port"] ?? "") ?? 5432
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }) ?? ProcessInfo.processInfo.environment["USER"], !user.isEmpty else {
            throw PostgresLocationError("no user in '\(text)'; \(usage)")
        }
        self.user = user
        password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty else { throw PostgresLocationError("no database name in '\(text)'; \(usage)") }
        database = path.removingPercentEncoding ?? path
        sslMode = query["sslmode"] ?? "prefer"
        schema = query["schema"].flatMap { $0.isEmpty ? nil : $0 }
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw PostgresLocationError("sslmode '\(sslMode)' is not supported; \(usage)")
        }
    }

    /// The URL without the password, for messages.
    public var redacted: String {
        "postgres://\(user)@\(socketDirectory ?? "\(host):\(port)")/\(database)"
    }
}

/// A malformed PostgreSQL URL.
public struct PostgresLocationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what a valid URL looks like.
    public let description: String

    init(_ description: String) { self.description = description }
}
