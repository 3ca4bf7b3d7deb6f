/// One step of a transaction: given the rows of every statement run so far (in order), the statements to run next.
/// Steps are pure and quick (no I/O): they run inside the transaction, between statements.
public typealias SQLStep = @Sendable (_ results: [[[SQLValue]]]) throws -> [SQLStatement]

/// A store that runs portable SQL (see ``SQLStatement``): what the disposal ledger is written against, once for both
/// backends.
public protocol SQLExecutor: Sendable {
    /// The rows of one query, each a list of column values in select order.
    func rows(_ sql: String, _ arguments: [SQLValue]) async throws -> [[SQLValue]]
    /// Runs the statements of each step in order, in one transaction, and returns every statement's rows. A step sees
    /// what the statements before it returned, so a transaction can read, decide and write. When a statement's
    /// expectation is not met, or a step throws, everything is rolled back and the error thrown (for an expectation, a
    /// ``StoreError`` with code `conflict` and the statement's failure text).
    func perform(steps: [SQLStep]) async throws -> [[[SQLValue]]]
}

extension SQLExecutor {
    /// Runs `statements` in order in one transaction; see ``perform(steps:)``.
    public func perform(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]] {
        try await perform(steps: [{ _ in statements }])
    }
}

extension SQLStatement {
    /// The error for a statement whose expectation failed after returning `rows` rows.
    public func unmet(rows: Int) -> StoreError {
        StoreError(.conflict, failure.isEmpty ? "a concurrent change got there first (\(rows) rows); try again" : failure)
    }
}
