/// Where the current request comes from, for the audit log: the server sets it for the duration of each request, and
/// every audit row written in that task records it as `source_ip`. Outside a request (the CLI, the engine) it is nil.
public enum AuditOrigin {
    /// The client's address (IP without port) of the request being served.
    @TaskLocal public static var sourceIP: String?
}
