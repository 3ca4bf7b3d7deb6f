import Foundation
import Synchronization

/// A program that tests run as a separate process: the built `vigil`, or a script of the package. Started with
/// `posix_spawn` and reaped with `waitpid`, not Foundation's `Process`, whose exit monitoring can miss a short-lived
/// child while another one runs (the test would then wait forever).
public final class ChildProcess: Sendable {
    /// The package's root directory.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `vigil` executable, debug build first; nil when none is built.
    public static func vigilExecutable() -> String? {
        for config in ["debug", "release"] {
            let path = packageRoot.appendingPathComponent(".build/\(config)/vigil").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// What a test records when ``vigilExecutable()`` finds nothing.
    public static let notBuilt = "the vigil executable is not built; run `swift build` before `swift test` (scripts/test.sh does)"

    /// The process id.
    public let pid: pid_t
    /// Where its standard error goes.
    public let errorLog: String
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`, in `directory` (this process's when nil); standard input comes from the
    /// file `input` (empty by default), standard output goes to `output` (discarded by default), standard error to
    /// `errorLog`. `environment` adds to (or, with an empty value, blanks) this process's environment.
    public init(
        _ executable: String, _ arguments: [String], input: String = "/dev/null", output: String = "/dev/null", errorLog: String,
        directory: String? = nil, environment: [String: String] = [:]
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // A working directory through the shell: posix_spawn's own chdir action is not imported into Swift.
        let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments } ?? [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard result == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(result)))"])
        }
        self.pid = pid
        self.errorLog = errorLog
    }

    /// Runs a program to its end and returns its exit status (128 + signal when killed).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], output: String = "/dev/null", errorLog: String = "/dev/null") async throws -> Int32 {
        try await ChildProcess(executable, arguments, output: output, errorLog: errorLog).wait()
    }

    /// True until the process has ended.
    public var isRunning: Bool { reap() == nil }

    /// Waits for the end and returns the exit status (128 + signal when killed). It polls rather than blocks, so that
    /// tests waiting for children do not hold the threads every other test runs on.
    @discardableResult
    public func wait() async -> Int32 {
        while true {
            if let status = reap() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Sends `signal` (SIGKILL unless told otherwise).
    public func kill(_ signal: Int32 = SIGKILL) { _ = Foundation.kill(pid, signal) }

    /// What it wrote to standard error.
    public var errorText: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    private func reap() -> Int32? {
        exitStatus.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, WNOHANG) } while result == -1 && errno == EINTR
            guard result == pid else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            return status
        }
    }
}
