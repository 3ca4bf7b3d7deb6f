import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore

/// `vigil users`: who may use the platform, with which role and scope.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Add, list and disable users (roles: ministry, province, organization, reporter, auditor).",
        subcommands: [Add.self, List.self, Disable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user.",
            discussion: "Examples: vigil users add gd-ca --role province --province 广东; vigil users add ct-gd --role organization --org chinatelecom-440000")
        @Argument(help: "The user name.") var name: String
        @Option(help: "ministry, province, organization, reporter or auditor.") var role: String
        @Option(help: "The province, for the province role (code or name).") var province: String?
        @Option(name: .customLong("org"), help: "The organization's directory id, for the organization role.") var organization: String?
        @Flag(help: "Read a password for the dashboard login from standard input (one line).") var passwordStdin = false
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("'\(role)' is not a role; use " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var code: Int?
            if let province {
                guard let p = ProvinceCatalog.province(named: province) else { throw ValidationError("'\(province)' is not a province") }
                code = p.code
            }
            var hash: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), line.count >= 12 else {
                    throw ValidationError("give a password of at least 12 characters on standard input")
                }
                hash = try Credentials.hashPassword(line)
            }
            let user = try await DisposalContext.explain {
                try await AccessLedger(db.open()).addUser(name, role: role, province: code, organization: organization, passwordHash: hash, by: actor.name,
                                                          at: try DisposalContext.now())
            }
            print("user '\(user.name)' added: \(user.role.rawValue)" + (user.province.map { ", province \($0)" } ?? "") + (user.organization.map { ", organization \($0)" } ?? ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let users = try await AccessLedger(db.open()).users()
            if json { return try JSONOutput.print(users) }
            for u in users {
                print("\(OutputFormatting.pad(u.name, 20)) \(OutputFormatting.pad(u.role.rawValue, 13)) "
                    + (u.province.map { "province \($0) " } ?? "") + (u.organization.map { "organization \($0) " } ?? "") + (u.disabled ? "DISABLED" : ""))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (its tokens stop working at once), or enable it again with --enable.")
        @Argument(help: "The user name.") var name: String
        @Flag(help: "Enable instead.") var enable = false
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await DisposalContext.explain { try await AccessLedger(db.open()).setDisabled(name, !enable, by: actor.name, at: try DisposalContext.now()) }
            print("user '\(name)' \(enable ? "enabled" : "disabled")")
        }
    }
}

/// `vigil tokens`: API tokens, shown once and stored hashed.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token for a user; it is printed once and only its hash is kept.")
        @Argument(help: "The user name.") var user: String
        @Option(help: "What the token is for.") var label = "api"
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let token = Credentials.newToken()
            let record = try await DisposalContext.explain {
                try await AccessLedger(db.open()).addToken(user: user, label: label, tokenHash: Credentials.tokenHash(token), by: actor.name, at: try DisposalContext.now())
            }
            print(token)
            OutputFormatting.writeError("token \(record.id) for '\(user)' created; it is shown only now: send it as `Authorization: Bearer <token>`")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let tokens = try await AccessLedger(db.open()).tokens()
            if json { return try JSONOutput.print(tokens) }
            for t in tokens {
                print("\(t.id)  \(OutputFormatting.pad(t.user, 20)) \(OutputFormatting.pad(t.label, 16)) created \(UTCTime.format(t.createdAt))"
                    + (t.revokedAt.map { "  REVOKED \(UTCTime.format($0))" } ?? ""))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @Argument(help: "The token id (`vigil tokens list`).") var id: Int64
        @OptionGroup var actor: ActorOptions
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            try await DisposalContext.explain { try await AccessLedger(db.open()).revokeToken(id, by: actor.name, at: try DisposalContext.now()) }
            print("token \(id) revoked")
        }
    }
}
