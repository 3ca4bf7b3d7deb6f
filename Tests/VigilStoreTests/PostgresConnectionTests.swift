#if Postgres
import Foundation
import Testing
import VigilTesting
import VigilStore
import VigilStorePostgres

/// Reading PostgreSQL URLs, and the errors a user sees when the database cannot be reached.
@Suite struct PostgresConnectionTests {
    @Test func parsesURLs() throws {
        let full = try PostgresLocation(url: "postgresql://ingest:p%40ss@db.example:6432/vigil?sslmode=require&schema=cert_gd")
        #expect(full.user == "ingest" && full.password == "p@ss")
        #expect(full.host == "db.example" && full.port == 6432 && full.database == "vigil")
        #expect(full.sslMode == "require" && full.schema == "cert_gd" && full.socketDirectory == nil)
        #expect(full.redacted == "postgres://ingest@db.example:6432/vigil")
        #expect(!full.redacted.contains("p@ss"))

        let plain = try PostgresLocation(url: "postgres://vigil@localhost/threats")
        #expect(plain.port == 5432 && plain.sslMode == "prefer" && plain.schema == nil && plain.password == nil)

        let socket = try PostgresLocation(url: "postgres://vigil@/threats?host=/run/postgresql&port=5433")
        #expect(socket.socketDirectory == "/run/postgresql" && socket.port == 5433)

        #expect(PostgresLocation.isURL("postgres://a@b/c") && !PostgresLocation.isURL("vigil.db"))
    }

    @Test func malformedURLsSayWhatAValidOneLooksLike() {
        for bad in ["postgres://vigil@localhost", "postgres://vigil@localhost/db?sslmode=verify-full", "mysql://a@b/c"] {
            do {
                _ = try PostgresLocation(url: bad)
                Issue.record("'\(bad)' must be refused")
            } catch let error as PostgresLocationError {
                #expect(error.description.contains("postgres://user[:password]@host[:port]/database"), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func nothingListeningIsReportedWithWhatToDo() async throws {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        do {
            _ = try await PostgresStore(url: "postgres://vigil@127.0.0.1:1/vigil?sslmode=disable", connectWait: .zero)
            Issue.record("a refused connection must fail")
        } catch let error as StoreError {
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains("nothing answers at 127.0.0.1:1"), "\(error.message)")
        }
    }

    @Test func aMissingDatabaseFailsAtOnceInTheServersWords() async throws {
        guard let url = Backend.postgresURL else {
            print("skipped: set VIGIL_TEST_POSTGRES_URL to check the errors of a live server")
            return
        }
        let location = try PostgresLocation(url: url)
        var missing = URLComponents(string: url)
        missing?.path = "/vigil_no_such_database"
        let started = ContinuousClock.now
        do {
            _ = try await PostgresStore(url: missing?.string ?? "", connectWait: .seconds(120))
            Issue.record("a missing database must fail")
        } catch let error as StoreError {
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains("\"vigil_no_such_database\" does not exist"), "\(error.message)")
            #expect(error.message.contains("createdb -h \(location.host) -p \(location.port) vigil_no_such_database"), "\(error.message)")
        }
        // Not retried: a missing database does not appear by waiting (retrying would take the whole two minutes).
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
#endif
