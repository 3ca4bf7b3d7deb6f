import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An NTP server double for the scanner benchmark: one socket on 0.0.0.0:PORT answers mode 3 requests sent to any
/// loopback address (127/8) with a 48-byte mode 4 reply that echoes the transmit timestamp, sent from the address the
/// request was sent to (IP_PKTINFO), so that a scan of a large loopback range sees each address answer for itself.
/// It runs on a thread of its own with plain system calls, to keep up with the scanner.
final class LoopbackNTPResponder: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let stopped = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var thread: Thread?
    private(set) var answered = 0

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        self.fd = fd
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_IP), IP_PKTINFO, &on, socklen_t(MemoryLayout<Int32>.size))
        var buffer: Int32 = 16 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: 0)
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        stopped.pointee = 0
    }

    func start() {
        let t = Thread { [self] in serve() }
        t.stackSize = 1 << 20
        thread = t
        t.start()
    }

    func stop() {
        stopped.pointee = 1
        usleep(300_000)
        close(fd)
    }

    private func serve() {
        var request = [UInt8](repeating: 0, count: 1500)
        var reply = [UInt8](repeating: 0, count: 48)
        reply[0] = 0x24 // LI 0, VN 4, mode 4
        reply[1] = 2    // stratum 2
        var control = [UInt8](repeating: 0, count: 64)
        var sendControl = [UInt8](repeating: 0, count: 32)
        var peer = sockaddr_in()
        while stopped.pointee == 0 {
            var iov = iovec()
            var header = msghdr()
            let n: Int = request.withUnsafeMutableBytes { req in
                control.withUnsafeMutableBytes { ctl in
                    withUnsafeMutablePointer(to: &peer) { p in
                        iov.iov_base = req.baseAddress
                        iov.iov_len = req.count
                        return withUnsafeMutablePointer(to: &iov) { iovp in
                            header.msg_name = UnsafeMutableRawPointer(p)
                            header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                            header.msg_iov = iovp
                            header.msg_iovlen = 1
                            header.msg_control = ctl.baseAddress
                            header.msg_controllen = ctl.count
                            return recvmsg(fd, &header, 0)
                        }
                    }
                }
            }
            guard n >= 48, request[0] & 0x07 == 3 else { continue }
            // The destination address from IP_PKTINFO: cmsghdr (len: size_t, level: int, type: int), then in_pktinfo
            // (ifindex: int, spec_dst, addr).
            var destination: UInt32 = 0
            let controlLength = Int(header.msg_controllen)
            var offset = 0
            while offset + 16 <= controlLength {
                let length = control.withUnsafeBytes { $0.load(fromByteOffset: offset, as: Int.self) }
                let level = control.withUnsafeBytes { $0.load(fromByteOffset: offset + 8, as: Int32.self) }
                let type = control.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: Int32.self) }
                if level == IPPROTO_IP && type == IP_PKTINFO && offset + 28 <= controlLength {
                    destination = control.withUnsafeBytes { $0.load(fromByteOffset: offset + 16 + 8, as: UInt32.self) }
                }
                guard length > 0 else { break }
                offset += (length + 7) & ~7
            }
            for i in 0..<8 { reply[24 + i] = request[40 + i] }
            // Reply from that address: a cmsg with in_pktinfo.ipi_spec_dst set.
            sendControl.withUnsafeMutableBytes { ctl in
                ctl.storeBytes(of: 28, toByteOffset: 0, as: Int.self)
                ctl.storeBytes(of: Int32(IPPROTO_IP), toByteOffset: 8, as: Int32.self)
                ctl.storeBytes(of: IP_PKTINFO, toByteOffset: 12, as: Int32.self)
                ctl.storeBytes(of: Int32(0), toByteOffset: 16, as: Int32.self)
                ctl.storeBytes(of: destination, toByteOffset: 20, as: UInt32.self)
                ctl.storeBytes(of: UInt32(0), toByteOffset: 24, as: UInt32.self)
            }
            _ = reply.withUnsafeMutableBytes { rep in
                sendControl.withUnsafeMutableBytes { ctl in
                    withUnsafeMutablePointer(to: &peer) { p in
                        var out = iovec(iov_base: rep.baseAddress, iov_len: rep.count)
                        return withUnsafeMutablePointer(to: &out) { iovp in
                            var h = msghdr()
                            h.msg_name = UnsafeMutableRawPointer(p)
                            h.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                            h.msg_iov = iovp
                            h.msg_iovlen = 1
                            h.msg_control = ctl.baseAddress
                            h.msg_controllen = 32
                            return sendmsg(fd, &h, 0)
                        }
                    }
                }
            }
            answered += 1
        }
    }
}
