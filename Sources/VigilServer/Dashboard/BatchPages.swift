import Foundation
import HTTPTypes
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Batches (the ministry and auditors: all; others: their own submissions) with an upload form, and one batch with
/// its accounting and rejected rows.
struct BatchPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("batches") { request, context in try await list(request, context) }
        group.get("batches/:id") { request, context in try await detail(request, context) }
        group.post("upload") { request, context in
            // The script sends the session's CSRF token as a header; the body is the file.
            try DashboardRoutes.checkCSRF(request.headers[values: HTTPField.Name("X-CSRF-Token") ?? .cookie].first, context)
            return try await BatchRoutes(env: env).ingest(request, by: try context.caller())
        }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let batches = try await env.platform.batches(submittedBy: BatchRoutes.submitter(principal), beforeID: request.uri.queryParameters["cursor"].flatMap { Int64($0) },
                                                     limit: 100)
        var html = "<h1>\(lang.t("报送批次", "Batches"))</h1>"
        if principal.role != .auditor {
            html += "<div class=\"card\"><h2>\(lang.t("报送文件", "Submit a file"))</h2><form id=\"upload\" class=\"action\" data-empty=\"\(lang.t("请选择文件。", "Choose a file."))\" "
                + "data-busy=\"\(lang.t("正在导入……", "Ingesting…"))\" data-failed=\"\(lang.t("导入失败。", "The upload failed."))\">"
                + "<input type=\"file\" name=\"file\" required>"
                + DashboardPage.select("format", ["jsonl", "list", "shadowserver", "stix", "misp", "intelmq", "eve"].map { ($0, $0) }, current: nil, any: lang.t("自动识别", "detect"))
                + "<button type=\"submit\">\(lang.t("上传并导入", "Upload and ingest"))</button><span id=\"upload-result\" class=\"muted\"></span></form></div>"
        }
        html += "<table><thead><tr><th>#</th><th>\(lang.t("文件", "File"))</th><th>\(lang.t("来源", "Source"))</th><th>\(lang.t("格式", "Format"))</th>"
            + "<th>\(lang.t("接收时间", "Received"))</th><th class=\"num\">\(lang.t("行数", "Rows"))</th><th class=\"num\">\(lang.t("接受", "Accepted"))</th>"
            + "<th class=\"num\">\(lang.t("拒绝", "Rejected"))</th><th class=\"num\">\(lang.t("新威胁", "New threats"))</th><th>\(lang.t("状态", "Status"))</th></tr></thead><tbody>"
        for b in batches {
            html += "<tr data-batch=\"\(b.id)\"><td><a href=\"/batches/\(b.id)\">\(b.id)</a></td><td>\(HTML.escape(b.fileName))</td><td>\(HTML.escape(b.sourceName))</td>"
                + "<td>\(HTML.escape(b.format))</td><td>\(DashboardPage.time(b.receivedAt))</td><td class=\"num\">\(b.rows)</td><td class=\"num\">\(b.observations)</td>"
                + "<td class=\"num\">\(b.rejects > 0 ? "<a href=\"/batches/\(b.id)\">\(b.rejects)</a>" : "0")</td><td class=\"num\">\(b.newThreats)</td>"
                + "<td>\(HTML.escape(b.status.rawValue))</td></tr>"
        }
        if batches.isEmpty { html += "<tr><td colspan=\"10\" class=\"muted\">\(lang.t("暂无批次。", "No batches yet."))</td></tr>" }
        html += "</tbody></table>"
        if batches.count == 100, let last = batches.last {
            html += "<p class=\"pager\"><a href=\"/batches?cursor=\(last.id)\">\(lang.t("更早 →", "Older →"))</a></p>"
        }
        return layout.response(title: lang.t("报送批次", "Batches"), body: html)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }),
              let b = try await env.platform.batch(id, submittedBy: BatchRoutes.submitter(principal)) else { throw APIError.notFound("batch") }
        var after: (Int64, Int)?
        if let row = request.uri.queryParameters["after"].flatMap({ Int($0) }) { after = (id, row) }
        let rejects = try await env.platform.rejects(batch: id, submittedBy: nil, after: after, limit: 200)
        var html = "<h1>\(lang.t("批次", "Batch")) \(b.id) · \(HTML.escape(b.fileName))</h1><dl class=\"facts card\">"
            + "<dt>\(lang.t("来源", "Source"))</dt><dd>\(HTML.escape(b.sourceName))</dd><dt>SHA-256</dt><dd class=\"mono\">\(HTML.escape(b.sha256))</dd>"
            + "<dt>\(lang.t("格式", "Format"))</dt><dd>\(HTML.escape(b.format))\(b.reportType.map { " · " + HTML.escape($0) } ?? "")</dd>"
            + "<dt>\(lang.t("接收时间", "Received"))</dt><dd>\(DashboardPage.time(b.receivedAt))</dd>"
            + "<dt>\(lang.t("行数", "Rows"))</dt><dd data-rows=\"\(b.rows)\">\(b.rows) = \(b.observations) \(lang.t("接受", "accepted")) + \(b.rejects) \(lang.t("拒绝", "rejected"))</dd>"
            + "<dt>\(lang.t("新威胁 / 新发现", "New threats / sightings"))</dt><dd>\(b.newThreats) / \(b.newSightings)</dd></dl>"
        html += "<h2>\(lang.t("拒绝的行", "Rejected rows"))</h2><table><thead><tr><th class=\"num\">\(lang.t("行", "Row"))</th><th>\(lang.t("代码", "Code"))</th>"
            + "<th>\(lang.t("原因", "Reason"))</th><th>\(lang.t("原文", "Raw"))</th></tr></thead><tbody>"
        for r in rejects {
            html += "<tr><td class=\"num\">\(r.reject.row)</td><td class=\"mono\">\(HTML.escape(r.reject.reason.code.rawValue))</td><td>\(HTML.escape(r.reject.reason.message))</td>"
                + "<td class=\"mono\">\(HTML.escape(r.reject.raw.prefix(500)))</td></tr>"
        }
        if rejects.isEmpty { html += "<tr><td colspan=\"4\" class=\"muted\">\(lang.t("没有被拒绝的行。", "No rejected rows."))</td></tr>" }
        html += "</tbody></table>"
        if rejects.count == 200, let last = rejects.last {
            html += "<p class=\"pager\"><a href=\"/batches/\(id)?after=\(last.reject.row)\">\(lang.t("下一页 →", "Next page →"))</a></p>"
        }
        return layout.response(title: lang.t("批次", "Batch") + " \(b.id)", body: html)
    }
}
