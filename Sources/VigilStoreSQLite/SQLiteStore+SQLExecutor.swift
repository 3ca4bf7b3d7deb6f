import GRDB
import VigilStore

extension SQLiteStore {
    public func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]] {
        try await pool.read { db in try SQLiteStore.fetch(db, sql, arguments) }
    }

    public func perform(steps: [SQLStep]) async throws -> [[[SQLValue]]] {
        try await pool.write { db in
            var results: [[[SQLValue]]] = []
            for step in steps {
                for statement in try step(results) {
                    let rows = try SQLiteStore.fetch(db, statement.sql, statement.arguments)
                    guard statement.isMet(by: rows.count) else { throw statement.unmet(rows: rows.count) }
                    results.append(rows)
                }
            }
            return results
        }
    }

    static func fetch(_ db: Database, _ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        let bound = StatementArguments(arguments.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .integer(let v): v
            case .real(let v): v
            case .text(let v): v
            case .null: nil
            }
        })
        // Prepared once per connection and text: the ledger runs the same statements many times.
        return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: bound).map { row in
            row.databaseValues.map { value in
                switch value.storage {
                case .int64(let v): .integer(v)
                case .double(let v): .real(v)
                case .string(let v): .text(v)
                case .blob(let v): .text(String(decoding: v, as: UTF8.self))
                case .null: .null
                }
            }
        }
    }
}
