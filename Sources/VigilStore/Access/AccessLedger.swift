import Foundation
import VigilCore

/// Users and API tokens, in portable SQL for both stores. Tokens are kept as hashes only; a disabled user's tokens
/// stop working at once. Every change is audited in its own transaction.
public struct AccessLedger: Sendable {
    let sql: any SQLExecutor

    public init(_ store: any SQLExecutor) { sql = store }

    static let userColumns = "id, name, role, province, organization, disabled, created_at"

    static func user(_ r: [SQLValue]) -> UserRecord {
        UserRecord(id: r[int: 0], name: r[text: 1], role: Role(rawValue: r[text: 2]) ?? .auditor, province: r[optInt: 3].map { Int($0) },
                   organization: r[opt: 4], disabled: r[int: 5] != 0, createdAt: r[int: 6])
    }

    /// Adds a user. `province` is required for the `province` role and `organization` for the `organization` role.
    @discardableResult
    public func addUser(_ name: String, role: Role, province: Int?, organization: String?, passwordHash: String?, by actor: String, at now: Int64) async throws -> UserRecord {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isNewline }) else {
            throw StoreError(.invalidArgument, "a user name is 1 to 64 characters on one line")
        }
        if role == .province && province == nil { throw StoreError(.invalidArgument, "a province user needs its province (--province 440000 or 广东)") }
        if role == .organization && organization == nil {
            throw StoreError(.invalidArgument, "an organization user needs its organization's directory id (--org; see `vigil orgs`)")
        }
        let rows = try await sql.perform([
            SQLStatement("""
                INSERT INTO users (name, role, province, organization, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, [.text(name), .text(role.rawValue), .of(role == .province ? province : nil), .of(role == .organization ? organization : nil),
                      .of(passwordHash), .integer(now)], expect: .exactly(1), else: "a user named '\(name)' exists already; `vigil users list` shows them"),
            DisposalLedger.audit(at: now, actor: actor, action: "addUser", type: "user", id: name, from: nil, to: role.rawValue,
                                 detail: [province.map { "province \($0)" }, organization.map { "organization \($0)" }].compactMap { $0 }.joined(separator: ", ")),
        ])
        _ = rows
        return try await user(named: name)
    }

    /// One user by name.
    public func user(named name: String) async throws -> UserRecord {
        guard let user = try await sql.rows("SELECT \(Self.userColumns) FROM users WHERE name = ?", [.text(name)]).first.map(Self.user) else {
            throw StoreError(.notFound, "no user '\(name)'; `vigil users list` shows them")
        }
        return user
    }

    /// Every user, by name.
    public func users() async throws -> [UserRecord] {
        try await sql.rows("SELECT \(Self.userColumns) FROM users ORDER BY name", []).map(Self.user)
    }

    /// Disables (or enables again) a user; a disabled user's tokens and sessions stop working at once.
    public func setDisabled(_ name: String, _ disabled: Bool, by actor: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("UPDATE users SET disabled = ? WHERE name = ? RETURNING id", [.of(disabled), .text(name)],
                         expect: .exactly(1), else: "no user '\(name)'; `vigil users list` shows them"),
            DisposalLedger.audit(at: now, actor: actor, action: disabled ? "disableUser" : "enableUser", type: "user", id: name, from: nil, to: nil, detail: nil),
        ])
    }

    /// Records a new token's hash for a user.
    @discardableResult
    public func addToken(user name: String, label: String, tokenHash: String, by actor: String, at now: Int64) async throws -> TokenRecord {
        let user = try await user(named: name)
        let rows = try await sql.perform([
            SQLStatement("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                         [.integer(user.id), .text(tokenHash), .text(label), .integer(now)], expect: .exactly(1)),
            DisposalLedger.audit(at: now, actor: actor, action: "createToken", type: "user", id: name, from: nil, to: nil, detail: label),
        ])
        return TokenRecord(id: rows[0].first?[int: 0] ?? 0, user: name, label: label, createdAt: now, revokedAt: nil)
    }

    /// Revokes a token by id.
    public func revokeToken(_ id: Int64, by actor: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id", [.integer(now), .integer(id)],
                         expect: .exactly(1), else: "no live token \(id); `vigil tokens list` shows them"),
            DisposalLedger.audit(at: now, actor: actor, action: "revokeToken", type: "token", id: String(id), from: nil, to: nil, detail: nil),
        ])
    }

    /// Tokens, newest first (hashes are never returned).
    public func tokens() async throws -> [TokenRecord] {
        try await sql.rows("""
            SELECT k.id, u.name, k.label, k.created_at, k.revoked_at FROM api_tokens k JOIN users u ON u.id = k.user_id ORDER BY k.id DESC
            """, []).map { r in TokenRecord(id: r[int: 0], user: r[text: 1], label: r[text: 2], createdAt: r[int: 3], revokedAt: r[optInt: 4]) }
    }

    /// The caller a token hash belongs to: nil for an unknown or revoked token or a disabled user.
    public func principal(tokenHash: String) async throws -> Principal? {
        try await sql.rows("""
            SELECT u.id, u.name, u.role, u.province, u.organization, u.disabled, u.created_at FROM api_tokens k JOIN users u ON u.id = k.user_id
            WHERE k.token_hash = ? AND k.revoked_at IS NULL AND u.disabled = 0
            """, [.text(tokenHash)]).first.map { Self.user($0).principal }
    }
}
