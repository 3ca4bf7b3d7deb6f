import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API for bulk paths: bind, step, reset, without per-row
/// allocation of argument arrays.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { buffer in
            _ = sqlite3_bind_text(handle, index, buffer.baseAddress, Int32(buffer.count), RawStatement.transient)
        }
    }

    /// Runs the statement to completion and resets it; returns the number of rows changed.
    @discardableResult
    func run() throws -> Int {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        return Int(sqlite3_changes(connection))
    }

    /// Steps once and returns the first column of the first row as an integer, or nil when there is no row.
    func int64() throws -> Int64? {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        return rc == SQLITE_ROW ? sqlite3_column_int64(handle, 0) : nil
    }

    /// Steps once and returns the first three columns of the first row as integers, or nil when there is no row.
    func int64Triple() throws -> (Int64, Int64, Int64)? {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        guard rc == SQLITE_ROW else { return nil }
        return (sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1), sqlite3_column_int64(handle, 2))
    }

    /// The rowid of the last insert on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Steps once and reports whether a row came back; resets afterwards.
    func exists() throws -> Bool {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        return rc == SQLITE_ROW
    }
}
