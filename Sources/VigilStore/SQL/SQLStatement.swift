/// One statement of portable SQL, with `?` placeholders, and what it must change for its transaction to commit.
///
/// Portable means the subset SQLite 3.40 and PostgreSQL 13+ read alike: `?` placeholders (the PostgreSQL store
/// numbers them), `INSERT … ON CONFLICT`, `RETURNING`, `CAST(… AS BIGINT)`. A statement whose effect matters ends in
/// `RETURNING …`: the rows it returns are what it changed.
public struct SQLStatement: Sendable, Hashable {
    /// What a statement must return (change) for the transaction to go on.
    public enum Expectation: Sendable, Hashable {
        /// Anything, including nothing.
        case any
        /// Exactly this many rows.
        case exactly(Int)
        /// At least one row.
        case some
    }

    public var sql: String
    public var arguments: [SQLValue]
    public var expectation: Expectation
    /// Said to the user when the expectation fails (the transaction is rolled back): what went wrong and what to do.
    public var failure: String

    /// A statement.
    public init(_ sql: String, _ arguments: [SQLValue] = [], expect: Expectation = .any, else failure: String = "") {
        self.sql = sql
        self.arguments = arguments
        self.expectation = expect
        self.failure = failure
    }

    /// True when `rows` returned rows meet the expectation.
    public func isMet(by rows: Int) -> Bool {
        switch expectation {
        case .any: true
        case .exactly(let n): rows == n
        case .some: rows > 0
        }
    }
}
