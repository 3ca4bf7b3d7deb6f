import Foundation
import VigilCore
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite

/// A store backend the contract suites (and the tests that must pass on both stores) run against.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// The PostgreSQL server tests use, from `VIGIL_TEST_POSTGRES_URL`.
    public static let postgresURL = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"]

    /// A fresh, empty store, opened again by `reopen` on the same data; nil (after saying why) when the backend is
    /// not available here.
    public func make(_ dir: TemporaryDirectory) async throws -> (store: any Store, reopen: @Sendable () async throws -> any Store)? {
        switch self {
        case .sqlite:
            let path = dir.file("v.db")
            return (try SQLiteStore(path: path), { try SQLiteStore(path: path) })
        case .postgres:
            #if Postgres
            guard let url = Backend.postgresURL else {
                print("skipped on PostgreSQL: set VIGIL_TEST_POSTGRES_URL=postgres://user@host:port/db (scripts/pg-cluster.sh start DIR prints one) to run the store contract on PostgreSQL")
                return nil
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            // A short lease: a store shut down by a test lets go of its batch within seconds even when the pool's
            // graceful shutdown leaves its connections open a while on a loaded machine.
            return (try await PostgresStore(url: url, leaseSeconds: 10, schema: schema),
                    { try await PostgresStore(url: url, leaseSeconds: 10, schema: schema) })
            #else
            print("skipped on PostgreSQL: this build has no Postgres trait")
            return nil
            #endif
        }
    }
}
