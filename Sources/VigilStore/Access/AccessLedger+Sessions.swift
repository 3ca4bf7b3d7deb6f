import Foundation
import VigilCore

extension AccessLedger {
    /// A user's stored password hash for a login check, with the user; nil for an unknown name. A disabled user is
    /// returned too, so the caller can refuse it with the same answer as a wrong password.
    public func credentials(named name: String) async throws -> (user: UserRecord, passwordHash: String?)? {
        try await sql.rows("SELECT \(Self.userColumns), password_hash FROM users WHERE name = ?", [.text(name)]).first.map { r in
            (Self.user(r), r[opt: 7])
        }
    }

    /// Records a dashboard login: the session (its hash only) and the audit row, in one transaction.
    public func openSession(user: UserRecord, tokenHash: String, csrf: String, expiresAt: Int64, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("DELETE FROM sessions WHERE expires_at < ?", [.integer(now)]),
            SQLStatement("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                         [.text(tokenHash), .integer(user.id), .text(csrf), .integer(now), .integer(expiresAt)]),
            DisposalLedger.audit(at: now, actor: user.name, action: "login", type: "user", id: user.name, from: nil, to: nil, detail: "dashboard"),
        ])
    }

    /// Records a refused login (unknown user, wrong password or disabled user) in the audit log.
    public func recordFailedLogin(name: String, reason: String, at now: Int64) async throws {
        _ = try await sql.perform([
            DisposalLedger.audit(at: now, actor: String(name.prefix(64)), action: "loginFailed", type: "user", id: String(name.prefix(64)), from: nil, to: nil, detail: reason),
        ])
    }

    /// The caller of a live session and its CSRF token: nil when the session is unknown, expired, or its user disabled.
    public func session(tokenHash: String, at now: Int64) async throws -> (principal: Principal, csrf: String)? {
        try await sql.rows("""
            SELECT u.id, u.name, u.role, u.province, u.organization, u.disabled, u.created_at, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0
            """, [.text(tokenHash), .integer(now)]).first.map { (Self.user($0).principal, $0[text: 7]) }
    }

    /// Ends a session (logout), with its audit row; nothing when it is already gone.
    public func closeSession(tokenHash: String, actor: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("DELETE FROM sessions WHERE token_hash = ?", [.text(tokenHash)]),
            DisposalLedger.audit(at: now, actor: actor, action: "logout", type: "user", id: actor, from: nil, to: nil, detail: "dashboard"),
        ])
    }
}
