#if Postgres
import Foundation
import PostgresNIO
import VigilStore

extension PostgresStore {
    public func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]] {
        let query = try PostgresStore.portable(sql, arguments)
        let logger = self.logger
        return try await retrying("query") {
            try await self.client.withConnection { conn in
                try await PostgresStore.collect(try await conn.query(query, logger: logger))
            }
        }
    }

    public func perform(steps: [SQLStep]) async throws -> [[[SQLValue]]] {
        let logger = self.logger
        return try await retrying("write") {
            try await self.client.withTransaction(logger: logger) { conn in
                var results: [[[SQLValue]]] = []
                for step in steps {
                    for statement in try step(results) {
                        let query = try PostgresStore.portable(statement.sql, statement.arguments)
                        let rows = try await PostgresStore.collect(try await conn.query(query, logger: logger))
                        guard statement.isMet(by: rows.count) else { throw statement.unmet(rows: rows.count) }
                        results.append(rows)
                    }
                }
                return results
            }
        }
    }

    /// `?` placeholders numbered `$1…` (portable SQL never has a `?` inside a literal), with the values bound.
    static func portable(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var text = ""
        text.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        for c in sql {
            if c == "?" {
                n += 1
                text += "$\(n)"
            } else {
                text.append(c)
            }
        }
        guard n == arguments.count else {
            throw StoreError(.invalidArgument, "portable SQL has \(n) placeholders but \(arguments.count) values: \(sql.prefix(80))")
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    static func collect(_ sequence: PostgresRowSequence) async throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for try await row in sequence {
            var values: [SQLValue] = []
            for cell in row {
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch cell.dataType {
                case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
                case .float4, .float8: values.append(.real(try cell.decode(Double.self)))
                case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
                case .numeric: values.append(.real(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue))
                default: values.append(.text(try cell.decode(String.self)))
                }
            }
            rows.append(values)
        }
        return rows
    }
}
#endif
