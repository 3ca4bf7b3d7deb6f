#if Postgres
import Foundation
import Logging
import PostgresNIO
import VigilStore

extension PostgresStore {
    /// How to reach the database: the pool's configuration, and the same for a single connection.
    static func configurations(_ location: PostgresLocation) throws -> (pool: PostgresClient.Configuration, single: PostgresConnection.Configuration) {
        if let socket = location.socketDirectory {
            let path = "\(socket)/.s.PGSQL.\(location.port)"
            return (
                PostgresClient.Configuration(unixSocketPath: path, username: location.user, password: location.password, database: location.database),
                PostgresConnection.Configuration(unixSocketPath: path, username: location.user, password: location.password, database: location.database))
        }
        let tls: (pool: PostgresClient.Configuration.TLS, single: PostgresConnection.Configuration.TLS)
        switch location.sslMode {
        case "disable":
            tls = (.disable, .disable)
        case "require":
            tls = (.require(.makeClientConfiguration()), .require(try NIOSSLContext(configuration: .makeClientConfiguration())))
        default:
            tls = (.prefer(.makeClientConfiguration()), .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())))
        }
        return (
            PostgresClient.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls.pool),
            PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls.single))
    }

    /// Connects once, outside the pool, so that a wrong URL fails at once with the cause and what to do, instead of
    /// after the pool's retries with its own words. A server that refuses connections or is starting up is tried again
    /// every half second until `wait` has passed.
    static func probe(_ configuration: PostgresConnection.Configuration, _ location: PostgresLocation, wait: Duration) async throws {
        var config = configuration
        config.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "vigil.postgres.probe")
        logger.logLevel = .critical
        let deadline = ContinuousClock.now + wait
        while true {
            do {
                let connection = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
                try? await connection.close()
                return
            } catch {
                let (retry, advice) = diagnose(error, location)
                if retry && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(500))
                    continue
                }
                throw StoreError(.cannotOpen, "cannot open PostgreSQL database \(location.redacted): \(explain(error)); \(advice)")
            }
        }
    }

    /// Whether a failed connection attempt is worth repeating, and what the user should do about it.
    static func diagnose(_ error: any Error, _ location: PostgresLocation) -> (retry: Bool, advice: String) {
        let place = location.socketDirectory ?? "\(location.host):\(location.port)"
        guard let e = error as? PSQLError else {
            return (false, "check the URL (host, port, sslmode)")
        }
        if e.code == .server {
            let state = e.serverInfo?[.sqlState] ?? ""
            switch state {
            case "57P03": return (true, "the server is starting up; try again in a moment")
            case "3D000": return (false, "create it (createdb -h \(location.host) -p \(location.port) \(location.database)) or fix the database name in the URL")
            case "28000", "28P01": return (false, "check the user and password in the URL, and pg_hba.conf on the server")
            case "53300": return (false, "the server has no free connection slots; lower --pool-size or raise max_connections")
            default: return (false, "check the URL and the server's log")
            }
        }
        if e.code == .connectionError || e.code == .serverClosedConnection || e.code == .uncleanShutdown {
            return (true, "nothing answers at \(place); start the server or fix the host and port")
        }
        if e.code == .sslUnsupported {
            return (false, "the server does not offer TLS; use sslmode=disable or prefer, or enable ssl on the server")
        }
        return (false, "check the URL (host, port, sslmode)")
    }
}
#endif
