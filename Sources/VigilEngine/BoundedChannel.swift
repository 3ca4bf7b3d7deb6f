import Dispatch
import Synchronization

/// A bounded hand-off from one producer thread to one async consumer. The producer blocks when the buffer is
/// full (back-pressure, so memory stays bounded); the consumer suspends when it is empty.
final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State: ~Copyable {
        var buffer: [Element] = []
        var waiter: CheckedContinuation<Element?, Never>?
        var finished = false
        var cancelled = false
    }

    private enum Take {
        case element(Element)
        case end
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        slots = DispatchSemaphore(value: capacity)
    }

    /// Blocks until there is room; returns false when the consumer has cancelled.
    func send(_ element: Element) -> Bool {
        slots.wait()
        let (accepted, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Element?, Never>?) in
            if s.cancelled { return (false, nil) }
            if let w = s.waiter {
                s.waiter = nil
                return (true, w)
            }
            s.buffer.append(element)
            return (true, nil)
        }
        if !accepted || waiter != nil { slots.signal() }
        waiter?.resume(returning: element)
        return accepted
    }

    /// Ends the stream; the consumer gets nil after the buffered elements.
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Element?, Never>? in
            s.finished = true
            guard s.buffer.isEmpty, let w = s.waiter else { return nil }
            s.waiter = nil
            return w
        }
        waiter?.resume(returning: nil)
    }

    /// Stops the producer: its pending and future sends return false.
    func cancel() {
        state.withLock { s in
            s.cancelled = true
            s.buffer.removeAll()
        }
        for _ in 0...capacity { slots.signal() }
    }

    private func take(_ s: inout State) -> Take? {
        if !s.buffer.isEmpty { return .element(s.buffer.removeFirst()) }
        if s.finished { return .end }
        return nil
    }

    /// The next element, or nil when finished.
    func receive() async -> Element? {
        if let now = state.withLock({ take(&$0) }) {
            return deliver(now)
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
            let immediate = state.withLock { s -> Take? in
                if let t = take(&s) { return t }
                s.waiter = continuation
                return nil
            }
            if let immediate { continuation.resume(returning: deliver(immediate)) }
        }
    }

    private func deliver(_ take: Take) -> Element? {
        switch take {
        case .element(let e):
            slots.signal()
            return e
        case .end:
            return nil
        }
    }
}

