import Foundation
import VigilAttribution
import VigilCore
import VigilFeeds
import VigilStore

/// Collect → normalize → attribute → correlate → store, for one input file.
///
/// The file is hashed and recorded as a batch first. Parsing, attribution and id derivation run on a dedicated
/// thread; the store writes committed chunks on the caller's task. A bounded channel between them keeps memory
/// flat whatever the input size.
public struct IngestPipeline: Sendable {
    /// The store.
    public let store: any Store
    /// Reference data.
    public let attributor: Attributor
    /// Rows per committed chunk.
    public let chunkRows: Int

    /// Creates a pipeline.
    public init(store: any Store, attributor: Attributor = Attributor(), chunkRows: Int = 50_000) {
        self.store = store
        self.attributor = attributor
        self.chunkRows = chunkRows
    }

    private enum Message: Sendable {
        case chunk([ResolvedObservation], [Reject], rows: Int, bytes: Int)
        case failed(String)
    }

    /// Ingests one file. `format` nil detects it from the name and first bytes; `encoding` nil detects the character
    /// encoding (UTF-8, UTF-16 or GB18030) from the first 64 KB, and a file in another encoding is converted to UTF-8
    /// before parsing (the batch is still the original bytes).
    public func ingest(
        path: String, format requested: FeedFormat?, sourceName: String, receivedAt: Int64? = nil,
        encoding requestedEncoding: TextEncoding? = nil, progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestSummary {
        let started = Date()
        guard Source.validate(name: sourceName) else {
            throw IngestError(.badSource, "the source name must be 1-100 characters without control characters")
        }
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let (sha, size) = try FileDigest.sha256(path: path)
        let sample = (FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 64 << 10) }).map { [UInt8]($0) } ?? []
        guard let encoding = requestedEncoding ?? TextEncoding.detect(sample) else {
            throw IngestError(.unknownEncoding, "cannot tell the character encoding of '\(fileName)': it reads as neither UTF-8, UTF-16 nor GB18030 text; if it is text, pass --encoding (\(TextEncoding.choices))")
        }
        // Parsers read UTF-8: anything else is converted into a temporary file first.
        let parsePath = encoding == .utf8
            ? path : (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-utf8-\(UUID().uuidString)-\(fileName)")
        if parsePath != path {
            do {
                try Transcoder.toUTF8(input: path, encoding: encoding, output: parsePath)
            } catch {
                try? FileManager.default.removeItem(atPath: parsePath)
                throw IngestError(.cannotRead, "converting '\(fileName)' from \(encoding) to UTF-8 failed: \(error)")
            }
        }
        defer { if parsePath != path { try? FileManager.default.removeItem(atPath: parsePath) } }
        let format: FeedFormat
        if let requested {
            format = requested
        } else {
            let head = (FileHandle(forReadingAtPath: parsePath).flatMap { try? $0.read(upToCount: 8 << 10) }).map { [UInt8]($0) } ?? []
            guard let detected = FeedFormat.detect(fileName: fileName, head: head) else {
                throw IngestError(.unknownFormat, "cannot tell the format of '\(fileName)'; pass --format (jsonl, csv with --column, list, shadowserver, stix, misp, intelmq, eve, or a feed named by `vigil feeds list`), or give the CSV a header with the usual Chinese headings (IP地址, 域名, URL, 发现时间, 威胁类型 …)")
            }
            format = detected
        }
        var reportType: String?
        if case .shadowserver(let t) = format { reportType = t ?? ShadowserverReport.typeName(fromFileName: fileName) }
        let received = receivedAt ?? Int64(Date().timeIntervalSince1970)
        let context = FeedContext(receivedAt: received, fileName: fileName)
        // Fail on format setup before recording anything.
        do {
            _ = try format.makeParser(context: context)
        } catch {
            throw IngestError(.formatSetup, error.description)
        }
        let descriptor = BatchDescriptor(
            sha256: sha, sourceName: sourceName, format: format.name, reportType: reportType, fileName: fileName,
            size: size, receivedAt: received)
        let opening = try await store.openBatch(descriptor)
        let batchID: Int64
        let sourceID: Int64
        let resumed: Bool
        switch opening {
        case .alreadyIngested(let record):
            return IngestSummary(
                path: path, batchID: record.id, sha256: sha, format: record.format, rows: record.rows,
                observations: record.observations, rejects: record.rejects, newThreats: 0, newSightings: 0,
                seconds: Date().timeIntervalSince(started), alreadyIngested: true, resumed: false)
        case .open(let id, let source, let wasResumed):
            batchID = id
            sourceID = source
            resumed = wasResumed
        }

        let channel = BoundedChannel<Message>(capacity: 2)
        let attributor = self.attributor
        let chunkRows = self.chunkRows
        let thread = Thread {
            let reader = FeedReader(format: format, chunkRows: chunkRows)
            do {
                try reader.read(path: parsePath, context: context) { chunk in
                    var resolved: [ResolvedObservation] = []
                    resolved.reserveCapacity(chunk.observations.count)
                    for o in chunk.observations {
                        let attribution: Attribution
                        if o.indicator.type == .domain || o.indicator.type == .url {
                            attribution = attributor.attribute(o.indicator, hosts: o.address.map { [$0] } ?? [])
                        } else if case .v4(let v4)? = o.address {
                            attribution = attributor.attribute(ipv4: v4)
                        } else if let address = o.address {
                            attribution = attributor.attribute(address: address)
                        } else {
                            attribution = attributor.attribute(o.indicator)
                        }
                        resolved.append(ResolvedObservation(observation: o, threatID: o.threatID, attribution: attribution))
                    }
                    // Stores write faster in id order; a stable sort keeps repeats in file order.
                    let ordered = resolved.indices.sorted {
                        let a = resolved[$0].threatID.rawValue
                        let b = resolved[$1].threatID.rawValue
                        return a != b ? a < b : $0 < $1
                    }.map { resolved[$0] }
                    return channel.send(.chunk(ordered, chunk.rejects, rows: chunk.rows, bytes: chunk.bytesRead))
                }
            } catch {
                _ = channel.send(.failed("\(error)"))
            }
            channel.finish()
        }
        thread.stackSize = 4 << 20
        thread.start()

        var rows = 0
        var observations = 0
        var rejects = 0
        let store = self.store
        // Up to `writeConcurrency` chunks in flight; every chunk is idempotent, so their commit order does not matter.
        let concurrency = max(1, store.writeConcurrency)
        do {
            try await withThrowingTaskGroup(of: (Int, Int, Int, Int).self) { group in
                var inFlight = 0
                func account(_ done: (Int, Int, Int, Int)) {
                    rows += done.0
                    observations += done.1
                    rejects += done.2
                    progress?(IngestProgress(rows: rows, bytesRead: Int64(done.3), totalBytes: size, elapsed: Date().timeIntervalSince(started)))
                }
                while let message = await channel.receive() {
                    switch message {
                    case .failed(let message):
                        throw IngestError(.cannotRead, "reading '\(fileName)' failed: \(message)")
                    case .chunk(let resolved, let rejected, let n, let bytes):
                        let stored = rejected.map { StoredReject(batchID: batchID, reject: $0) }
                        if concurrency == 1 {
                            // One at a time: write here, without a child task.
                            _ = try await store.write(chunk: resolved, rejects: stored, batchID: batchID, sourceID: sourceID)
                            account((n, resolved.count, rejected.count, bytes))
                            continue
                        }
                        if inFlight == concurrency, let done = try await group.next() {
                            inFlight -= 1
                            account(done)
                        }
                        group.addTask {
                            _ = try await store.write(chunk: resolved, rejects: stored, batchID: batchID, sourceID: sourceID)
                            return (n, resolved.count, rejected.count, bytes)
                        }
                        inFlight += 1
                    }
                }
                while let done = try await group.next() { account(done) }
            }
        } catch {
            channel.cancel()
            throw error
        }
        let record = try await store.completeBatch(id: batchID, rows: rows, observations: observations, rejects: rejects)
        return IngestSummary(
            path: path, batchID: batchID, sha256: sha, format: format.name, rows: record.rows,
            observations: record.observations, rejects: record.rejects, newThreats: record.newThreats,
            newSightings: record.newSightings, seconds: Date().timeIntervalSince(started), alreadyIngested: false,
            resumed: resumed)
    }
}
