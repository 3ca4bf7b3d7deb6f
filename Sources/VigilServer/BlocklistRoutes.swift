import Foundation
import HTTPTypes
import Hummingbird
import VigilCore
import VigilPublish
import VigilStore

/// `/api/v1/blocklists/{list}`: the blocklists as files (the RPZ zone, plain lists, Suricata reputation), brought up to
/// date on each request like `vigil export`, for resolvers and IDSs that fetch them with a token. The list's serial is
/// in `X-Vigil-Serial`.
struct BlocklistRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("blocklists/:list") { request, context in try await file(request, context) }
    }

    func file(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor, .province, .organization], to: "fetch blocklists")
        guard let name = context.parameters.get("list"), let format = BlocklistFormat(rawValue: name) else {
            throw APIError(.badRequest, "bad_list", "the list is one of " + BlocklistFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let export = try await Publisher(ledger: PublicationLedger(env.store), settings: env.publish).export(format, at: env.clock())
        var response = VigilServer.text(export.text)
        if let serial = HTTPField.Name("X-Vigil-Serial") { response.headers[serial] = String(export.refresh.serial) }
        return response
    }
}
