import GRDB
import VigilCore

/// Stores the long, highly repetitive parts of an attribution (responsible organization, rule, field sources) once in
/// `attribution_details` and gives each threat row a small integer reference instead: a few thousand distinct values
/// cover millions of threats, and the threat rows stay short.
///
/// The cache lives for one transaction only, so an id from a rolled-back transaction is never reused.
struct AttributionDetailInterner {
    private let insert: RawStatement
    private let find: RawStatement
    private var cache: [Key: Int64] = [:]
    private var byToken: [UInt64: Int64] = [:]

    private struct Key: Hashable {
        var organizationID: String?
        var organizationName: String?
        var organizationRule: String?
        var provenance: String?
    }

    init(_ db: Database) throws {
        insert = try RawStatement(db, """
            INSERT OR IGNORE INTO attribution_details (key, organization_id, organization_name, organization_rule, provenance)
            VALUES (?, ?, ?, ?, ?)
            """)
        find = try RawStatement(db, "SELECT id FROM attribution_details WHERE key = ?")
    }

    /// The id of the attribution's details, or nil when it has none.
    mutating func id(for a: Attribution) throws -> Int64? {
        if a.organizationID == nil && a.organizationName == nil && a.organizationRule == nil && a.provenance == nil { return nil }
        if let token = a.detailsToken, let id = byToken[token] { return id }
        let probe = Key(organizationID: a.organizationID, organizationName: a.organizationName, organizationRule: a.organizationRule, provenance: a.provenance)
        if let id = cache[probe] {
            if let token = a.detailsToken { byToken[token] = id }
            return id
        }
        let key = [a.organizationID ?? "", a.organizationName ?? "", a.organizationRule ?? "", a.provenance ?? ""].joined(separator: "\u{1F}")
        insert.bind(1, key)
        insert.bind(2, a.organizationID)
        insert.bind(3, a.organizationName)
        insert.bind(4, a.organizationRule)
        insert.bind(5, a.provenance)
        let id: Int64
        if try insert.run() == 1 {
            id = insert.lastInsertRowID
        } else {
            find.bind(1, key)
            guard let found = try find.int64() else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "attribution_details row for a key vanished")
            }
            id = found
        }
        cache[probe] = id
        if let token = a.detailsToken { byToken[token] = id }
        return id
    }
}
