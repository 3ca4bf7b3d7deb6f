import ArgumentParser
import Foundation
import VigilStore
import VigilStoreSQLite

/// The `--database` option shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (default: $VIGIL_DATABASE or ./vigil.db).")
    var database: String?

    /// The database path in effect.
    var path: String {
        database ?? ProcessInfo.processInfo.environment["VIGIL_DATABASE"] ?? "vigil.db"
    }

    /// Opens the store.
    func open() throws -> any Store {
        if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") {
            throw ValidationError("PostgreSQL is not supported by this build yet; use a SQLite file path for --database")
        }
        return try SQLiteStore(path: path)
    }
}
