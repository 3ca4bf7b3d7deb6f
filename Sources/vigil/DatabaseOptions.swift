import ArgumentParser
import Foundation
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite

/// The `--database` option shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file, or postgres://user@host[:port]/db (default: $VIGIL_DATABASE or ./vigil.db).")
    var database: String?

    @Option(name: .customLong("pool-size"), help: "PostgreSQL connections to keep open; an ingest writes on up to 6 at once.")
    var poolSize: Int = 6

    /// The database in effect.
    var path: String {
        database ?? ProcessInfo.processInfo.environment["VIGIL_DATABASE"] ?? "vigil.db"
    }

    /// Opens the store: PostgreSQL for a `postgres://` URL, SQLite for anything else.
    func open() async throws -> any Store {
        try await DatabaseOptions.open(path, poolSize: poolSize)
    }

    /// Opens a store by location.
    static func open(_ location: String, poolSize: Int = 6) async throws -> any Store {
        if PostgresLocation.isURL(location) {
            #if Postgres
            do {
                return try await PostgresStore(url: location, poolSize: poolSize)
            } catch let error as PostgresLocationError {
                throw ValidationError(error.description)
            }
            #else
            throw ValidationError("this vigil was built without PostgreSQL (--disable-default-traits); rebuild with the Postgres trait or use a SQLite file")
            #endif
        }
        return try SQLiteStore(path: location)
    }
}
