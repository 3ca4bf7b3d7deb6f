/// A store that runs portable SQL (see ``SQLStatement``): what the disposal ledger is written against, once for both
/// backends.
public protocol SQLExecutor: Sendable {
    /// The rows of one query, each a list of column values in select order.
    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]]
    /// Runs `statements` in order in one transaction and returns each one's rows. When a statement's expectation is not
    /// met, everything is rolled back and a ``StoreError`` with code `conflict` and the statement's failure text is
    /// thrown.
    func perform(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]]
}

extension SQLStatement {
    /// The error for a statement whose expectation failed after returning `rows` rows.
    public func unmet(rows: Int) -> StoreError {
        StoreError(.conflict, failure.isEmpty ? "a concurrent change got there first (\(rows) rows); try again" : failure)
    }
}
