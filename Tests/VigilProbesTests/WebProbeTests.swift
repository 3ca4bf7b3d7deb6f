import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The web probes against a real nginx on a loopback high port, serving the test site (Tests/Support/web): the clean
/// page, the page with 7 planted hidden links, a defaced page, and a cloaking page that serves the hidden links to
/// search spiders only (nginx's user-agent rewrite, as injected SEO spam does).
@Suite struct WebProbeTests {
    static func nginx(_ dir: TemporaryDirectory) async throws -> LabDaemon? {
        guard let nginx = Lab.program("nginx", package: "nginx-light") else { return nil }
        let site = dir.file("site")
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("tmp"), withIntermediateDirectories: true)
        let pages = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/web")
        for page in ["index.html", "hidden.html", "defaced.html", "updated.html"] {
            try FileManager.default.copyItem(atPath: pages.appendingPathComponent(page).path, toPath: site + "/" + page)
        }
        try FileManager.default.copyItem(atPath: pages.appendingPathComponent("index.html").path, toPath: site + "/cloak.html")
        return await Lab.start("nginx", executable: nginx, in: dir, arguments: { port in
            let conf = try dir.write("nginx.conf", """
                \(getuid() == 0 ? "user root;" : "")
                worker_processes 1;
                pid \(dir.file("nginx.pid"));
                error_log \(dir.file("error.log"));
                events { worker_connections 64; }
                http {
                  access_log \(dir.file("access.log")) combined;
                  client_body_temp_path \(dir.file("tmp")); proxy_temp_path \(dir.file("tmp")); fastcgi_temp_path \(dir.file("tmp"));
                  uwsgi_temp_path \(dir.file("tmp")); scgi_temp_path \(dir.file("tmp"));
                  types { text/html html; }
                  server {
                    listen 127.0.0.1:\(port);
                    root \(site);
                    location = /cloak.html { if ($http_user_agent ~* "(baiduspider|googlebot|sogou|360spider)") { rewrite ^ /hidden.html last; } }
                    location = /old { return 301 /index.html; }
                    location = /away { return 302 http://192.0.2.5/; }
                  }
                }

                """)
            return ["-p", dir.path, "-c", conf, "-g", "daemon off;"]
        }, ready: { LabDaemon.acceptsTCP($0) })
    }

    @Test func hiddenLinksCloakingAndDefacement() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let nginx = try await Self.nginx(dir) else { return }
        let scope = try Lab.scope()
        let base = "http://127.0.0.1:\(nginx.port)"
        func url(_ path: String) throws -> URL { try #require(URL(string: base + path)) }

        let hidden = try await WebProbe.hiddenLinks(try url("/hidden.html"), scope: scope)
        let clean = try await WebProbe.hiddenLinks(try url("/index.html"), scope: scope)
        let cloak = try await WebProbe.hiddenLinks(try url("/cloak.html"), scope: scope)
        let (baseline, _) = try await WebProbe.baseline(try url("/old"), scope: scope)
        let (defaced, defacedPage) = try await WebProbe.defacement(try url("/defaced.html"), baseline: baseline, scope: scope)
        let (updated, _) = try await WebProbe.defacement(try url("/updated.html"), baseline: baseline, scope: scope)
        let (same, samePage) = try await WebProbe.defacement(try url("/old"), baseline: baseline, scope: scope)
        let missing = try await HTTPFetch().get(try url("/nothing.html"), scope: scope)
        // A redirect out of the scope is not followed.
        await #expect(throws: ProbeRefused.self) { _ = try await HTTPFetch().get(try url("/away"), scope: scope) }
        await nginx.stop()

        #expect(hidden.browser.status == 200 && hidden.verdict == .hiddenLinks)
        #expect(hidden.browserLinks.count == 7 && hidden.spiderLinks.count == 7 && hidden.all.count == 7 && hidden.cloakedLinks.isEmpty)
        #expect(clean.verdict == .clean && clean.all.isEmpty)
        #expect(cloak.verdict == .cloaking && cloak.browserLinks.isEmpty && cloak.cloakedLinks.count == 7, "the spider gets the hidden links, a visitor does not")
        #expect(cloak.spider.userAgent.contains("Baiduspider") && cloak.spider.body != cloak.browser.body)
        #expect(defaced.verdict == .defaced && defacedPage.status == 200)
        #expect(updated.verdict == .unchanged && same.verdict == .unchanged)
        #expect(samePage.redirects == [base + "/old"] && samePage.url.absoluteString == base + "/index.html", "the redirect was followed")
        #expect(missing.status == 404)
        // nginx saw both user agents: the identifying one and the spider's.
        let log = try String(contentsOfFile: dir.file("access.log"), encoding: .utf8)
        #expect(log.contains("Vigil-Probe/1") && log.contains("Baiduspider/2.0"))
    }

    @Test func redirectsAndAddressesOutsideTheScopeAreRefused() async throws {
        let scope = try Lab.scope()
        await #expect(throws: ProbeRefused.self) { _ = try await HTTPFetch().get(try #require(URL(string: "http://192.0.2.10/")), scope: scope) }
        await #expect(throws: ProbeRefused.self) {
            _ = try await HTTPFetch().get(try #require(URL(string: "http://www.gov.example/")), connectTo: try #require(IPAddress("198.51.100.7")), scope: scope)
        }
        await #expect(throws: HTTPFetch.Failure.self) { _ = try await HTTPFetch().get(try #require(URL(string: "ftp://127.0.0.1/")), scope: scope) }
    }
}
