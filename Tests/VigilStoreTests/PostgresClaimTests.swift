#if Postgres
import Foundation
import Testing
import VigilStore
import VigilStorePostgres
import VigilTesting

/// A batch is claimed by one worker at a time: a second worker given the same file is told it is busy, and takes it
/// over once the first is gone.
@Suite struct PostgresClaimTests {
    @Test func aSecondWorkerIsToldTheBatchIsBusyAndTakesOverWhenTheFirstIsGone() async throws {
        guard let url = Backend.postgresURL else {
            print("skipped: set VIGIL_TEST_POSTGRES_URL to run the batch-claim test on PostgreSQL")
            return
        }
        let schema = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        // A lease longer than the busy answer's grace (3 s), short enough that a pool whose graceful shutdown keeps
        // its connections open a while on a loaded machine still lets go within the test's patience.
        let first = try await PostgresStore(url: url, leaseSeconds: 10, schema: schema)
        let second = try await PostgresStore(url: url, leaseSeconds: 10, schema: schema)
        #expect(first.workerID != second.workerID)
        let descriptor = Fixtures.descriptor("claimed")
        guard case .open(let id, _, false) = try await first.openBatch(descriptor) else {
            Issue.record("the first worker must open the batch fresh")
            return
        }
        do {
            _ = try await second.openBatch(descriptor)
            Issue.record("a batch claimed by a live worker must be busy")
        } catch let error as StoreError {
            #expect(error.code == .busy)
            #expect(error.message.contains("being ingested by another worker"), "\(error.message)")
        }
        // The first worker goes away: its claim is free once its connections close, or at the latest when its lease
        // runs out. (A killed process's connections close at once: PostgresWorkersTests.)
        await first.shutdown()
        guard case .open(let again, _, let resumed) = try await Fixtures.openOnceReleased(second, descriptor) else {
            Issue.record("the batch must open for the second worker once the first is gone")
            return
        }
        #expect(again == id && resumed)
        await second.shutdown()
    }
}
#endif
