/// The answer to one DNS query as a state machine: only a response with the query's id (the probe's cookie) and
/// question is taken; others are counted. With `watchInjection`, reading goes on after the first answer, and a
/// second, different answer to the same query (an on-path injector racing the real resolver) is kept.
public struct DNSExchange: Sendable {
    /// The query id.
    public let id: UInt16
    /// The question.
    public let name: String
    public let type: UInt16
    /// Keep reading after the first answer.
    public let watchInjection: Bool
    /// The first valid answer.
    public private(set) var answer: DNSMessage?
    /// Later valid answers that differ from the first.
    public private(set) var conflicting: [DNSMessage] = []
    /// Datagrams that were not an answer to this query (wrong id or question, or malformed).
    public private(set) var mismatched = 0

    /// An exchange for the query with `id` about `name` and `type`.
    public init(id: UInt16, name: String, type: UInt16, watchInjection: Bool = false) {
        self.id = id
        self.name = name.lowercased()
        self.type = type
        self.watchInjection = watchInjection
    }

    /// Takes one UDP payload.
    public mutating func receive(_ p: [UInt8]) {
        guard let message = DNSMessage(p), message.isResponse, message.id == id,
              message.questions.first.map({ $0.name == name && $0.type == type }) ?? true else {
            mismatched += 1
            return
        }
        if let answer {
            if answer.answers != message.answers || answer.flags != message.flags { conflicting.append(message) }
        } else {
            answer = message
        }
    }

    /// Done at the first answer, unless watching for injection.
    public var complete: Bool { answer != nil && !watchInjection }
}
