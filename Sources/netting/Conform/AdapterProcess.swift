import Foundation
import NettingCodec
import NettingCrypto
import NettingVectors

/// Why a request to an adapter got no usable answer (spec/adapter-protocol.md).
struct AdapterError: Error, CustomStringConvertible {
    enum Code: String {
        case timeout = "adapter.timeout"
        case exited = "adapter.exited"
        case garbage = "adapter.garbage"
        case wrongID = "adapter.wrong_id"
        case lineTooLong = "adapter.line_too_long"
        case protocolMismatch = "adapter.protocol_mismatch"
        case cannotStart = "adapter.cannot_start"
        /// The adapter answered with an `error` object: its own code is in the reason.
        case answered = "adapter.error"
        /// Three requests in a row failed without an answer: the rest of this adapter's cases fail at once.
        case abandoned = "adapter.abandoned"
    }

    let code: Code
    let reason: String
    var description: String { "\(code.rawValue): \(reason)" }
}

/// One adapter child process speaking JSON lines. Memory stays bounded whatever it writes: a
/// line longer than `maxLine` fails the request, standard error keeps only its last
/// `stderrTail` bytes. A failed request kills the process; the next request starts a new one.
final class AdapterProcess: @unchecked Sendable {  // stderrBytes is shared with its reader thread under stderrLock; the rest is one worker's
    static let protocolName = "nettingkit.adapter/1"
    static let maxLine = 16 << 20
    static let stderrTail = 16 << 10

    let command: String
    let timeout: Double
    /// The child's process id (the leader of its own process group), or 0 when none runs.
    private var pid: pid_t = 0
    private var stdin: Int32 = -1
    private var stdout: Int32 = -1
    private var exitStatus: Int32?
    private var buffer: [UInt8] = []
    private var nextID = 1
    private let stderrLock = NSLock()
    private var stderrBytes: [UInt8] = []
    private(set) var hello: JSONObject?
    private(set) var restarts = 0

    init(command: String, timeout: Double) { (self.command, self.timeout) = (command, timeout) }

    deinit { stop() }

    /// The last bytes the adapter wrote to standard error, for a report.
    var stderrText: String { stderrLock.withLock { String(decoding: stderrBytes, as: UTF8.self) } }

    /// Closes the adapter's standard input, kills its whole process group and reaps it.
    func stop() {
        if stdin >= 0 { close(stdin) }
        if stdout >= 0 { close(stdout) }
        if pid > 0 {
            killpg(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        (pid, stdin, stdout, buffer) = (0, -1, -1, [])
    }

    /// `/bin/sh -c command` in its own process group, with three pipes.
    private func start() throws(AdapterError) {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errChild) == 0 else {
            throw AdapterError(code: .cannotStart, reason: "no pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errChild[1], 2)
        for fd in toChild + fromChild + errChild { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for a in argv { free(a) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, environ)
        close(toChild[0]); close(fromChild[1]); close(errChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0]); close(errChild[0])
            throw AdapterError(code: .cannotStart, reason: "\(command): \(String(cString: strerror(rc)))")
        }
        (pid, stdin, stdout) = (child, toChild[1], fromChild[0])
        _ = fcntl(stdin, F_SETFL, fcntl(stdin, F_GETFL) | O_NONBLOCK)
        let errFD = errChild[0]
        let thread = Thread { [weak self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(errFD, &chunk, chunk.count)
                if n <= 0 { close(errFD); return }
                guard let self else { close(errFD); return }
                self.stderrLock.withLock {
                    self.stderrBytes += chunk[..<n]
                    if self.stderrBytes.count > Self.stderrTail { self.stderrBytes.removeFirst(self.stderrBytes.count - Self.stderrTail) }
                }
            }
        }
        thread.start()
        let answer = try exchange([("op", .string("hello")), ("protocol", .string(Self.protocolName))])
        guard case .object(let ok) = answer, case .string(let proto)? = ok["protocol"], proto == Self.protocolName else {
            throw AdapterError(code: .protocolMismatch, reason: "hello answered \(VectorRunnerText.short(answer)); expected protocol \(Self.protocolName)")
        }
        hello = ok
    }

    /// Starts the adapter if it is not running and returns its hello.
    func open() throws(AdapterError) -> JSONObject {
        if pid == 0 {
            do { try start() } catch { stop(); throw error }
        }
        guard let hello else { throw AdapterError(code: .protocolMismatch, reason: "no hello") }
        return hello
    }

    /// Sends one request and returns its `ok` value; a failure other than an `error` answer stops the process.
    func request(_ fields: [(String, JSONValue)]) throws(AdapterError) -> JSONValue {
        do {
            if pid == 0 {
                if hello != nil { restarts += 1 }
                try start()
            }
            return try exchange(fields)
        } catch {
            if error.code != .answered { stop() }  // an `error` answer is a failed case; the adapter is fine
            throw error
        }
    }

    private func exchange(_ fields: [(String, JSONValue)]) throws(AdapterError) -> JSONValue {
        let id = String(nextID)
        nextID += 1
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.key("id"); w.string(id)
        for (k, v) in fields { w.key(k); w.value(v) }
        w.endObject()
        let bytes = w.bytes + [0x0A]
        var sent = 0
        let deadline = Date().addingTimeInterval(timeout)
        while sent < bytes.count {
            // An adapter that stops reading must not block the checker: wait for room, within the timeout.
            var fds = pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { throw AdapterError(code: .timeout, reason: "does not read its standard input within \(timeout) s\(tail)") }
            if poll(&fds, 1, Int32(min(left, 1) * 1000)) <= 0 { continue }
            let n = bytes[sent...].withUnsafeBytes { write(stdin, $0.baseAddress, $0.count) }
            if n < 0, errno == EAGAIN { continue }
            if n <= 0 { throw AdapterError(code: .exited, reason: "cannot write its standard input (it exited?)\(tail)") }
            sent += n
        }
        let line = try readLine()
        guard case .object(let answer)? = try? JSONParser.parse(line, maxDepth: 128) else {
            throw AdapterError(code: .garbage, reason: "answered a line that is not a JSON object: \(excerpt(String(decoding: line.prefix(200), as: UTF8.self)))")
        }
        guard case .string(let got)? = answer["id"], got == id else {
            throw AdapterError(code: .wrongID, reason: "answered id \(answer["id"].map(VectorRunnerText.short) ?? "none") to request \(id)")
        }
        if let ok = answer["ok"] { return ok }
        if case .object(let e)? = answer["error"], case .string(let code)? = e["code"] {
            let reason: String = if case .string(let r)? = e["reason"] { r } else { "" }
            throw AdapterError(code: .answered, reason: "\(code): \(String(reason.prefix(300)))")
        }
        throw AdapterError(code: .garbage, reason: "answered neither ok nor error")
    }

    private var tail: String {
        let t = stderrText.suffix(300)
        return t.isEmpty ? "" : "; its standard error ends: \(t)"
    }

    /// One line from standard output, within the timeout and the line limit.
    private func readLine() throws(AdapterError) -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        var searched = 0  // bytes of `buffer` already known to hold no newline: each byte is looked at once
        while true {
            if let nl = buffer[searched...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<nl])
                buffer.removeFirst(nl + 1)
                return line
            }
            searched = buffer.count
            if buffer.count > Self.maxLine { throw AdapterError(code: .lineTooLong, reason: "wrote more than \(Self.maxLine) bytes without a newline") }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { throw AdapterError(code: .timeout, reason: "no answer within \(timeout) s\(tail)") }
            var fds = pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            let n = read(stdout, &chunk, chunk.count)
            if n <= 0 {
                var status: Int32 = 0
                let code = waitpid(pid, &status, 0) == pid ? "status \((status >> 8) & 0xff)" : "closed its standard output"
                pid = 0
                throw AdapterError(code: .exited, reason: "exited (\(code)) before answering\(tail)")
            }
            buffer += chunk[..<n]
        }
    }
}

/// `ChannelImplementation` over an adapter process: each step is one `step` request.
final class AdapterImplementation: ChannelImplementation {
    let process: AdapterProcess
    /// Requests in a row that got no answer at all (not an `error` answer).
    private var silentInARow = 0
    private var lastSilence: AdapterError?

    init(_ process: AdapterProcess) { self.process = process }

    /// One request, counting the ones that got no answer at all: after three in a row the
    /// adapter is abandoned and every later request fails at once.
    func guarded(_ body: () throws(AdapterError) -> JSONValue) throws(AdapterError) -> JSONValue {
        if silentInARow >= 3, let last = lastSilence {
            throw AdapterError(code: .abandoned, reason: "after three requests in a row without an answer (last: \(last))")
        }
        do {
            let r = try body()
            silentInARow = 0
            return r
        } catch {
            if error.code != .answered {
                silentInARow += 1
                lastSilence = error
            }
            throw error
        }
    }

    func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
        guard let s = try? JSONParser.parse(state, maxDepth: 128), let i = try? JSONParser.parse(input, maxDepth: 128) else {
            throw AdapterError(code: .garbage, reason: "the case's own data does not parse")
        }
        let ok = try guarded { () throws(AdapterError) in try process.request([("op", .string("step")), ("state", s), ("input", i)]) }
        guard case .object(let o) = ok, let post = o["state"], case .array(let outputs)? = o["outputs"], let rejection = o["rejection"] else {
            throw AdapterError(code: .garbage, reason: "a step answer is {state, outputs, rejection}, got \(VectorRunnerText.short(ok))")
        }
        func bytes(_ v: JSONValue) -> [UInt8] { var w = JSONWriter(capacity: 1024); w.value(v); return w.bytes }
        return (bytes(post), outputs.map(bytes), rejection == .null ? nil : bytes(rejection))
    }
}

extension AdapterImplementation: CodecImplementation {
    func decode(text: [UInt8], policy: DecodePolicy) -> CodecDecoding {
        do {
            let ok = try guarded { () throws(AdapterError) in try process.request(AdapterOps.decodeRequest(text: text, policy: policy)) }
            return try AdapterOps.decoding(ok)
        } catch let e as AdapterError {
            return .rejected(code: e.code.rawValue, path: e.reason)  // never a decode code: the case fails, naming why
        } catch let f as AdapterOps.Failure {
            return .rejected(code: f.code, path: f.reason)
        } catch {
            return .rejected(code: "adapter.garbage", path: "\(error)")
        }
    }

    func encode(type: String, fields: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let ok = try guarded { () throws(AdapterError) in try process.request(AdapterOps.encodeRequest(type: type, fields: fields, key: key)) }
        return try AdapterOps.encoded(ok)
    }
}

extension AdapterImplementation: SettlementImplementation {
    func settle(participant1: [UInt8], participant2: [UInt8]) throws -> SettlementAnswer {
        try AdapterOps.settlement(try guarded { () throws(AdapterError) in try process.request(AdapterOps.settleRequest(participant1, participant2)) })
    }

    func unlock(locks: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8], secrets: [UInt8]) throws -> SettlementAnswer {
        try AdapterOps.settlement(try guarded { () throws(AdapterError) in
            try process.request(AdapterOps.unlockRequest(locks: locks, lockedAmount: lockedAmount, locksroot: locksroot, secrets: secrets))
        })
    }
}

extension AdapterImplementation: CryptoImplementation, LocksImplementation {
    /// One crypto or locks request: its bytes, or the refusal code; an adapter that does not
    /// answer gives empty bytes (the case then fails, showing what was expected).
    private func call(_ op: String, _ fields: [(String, JSONValue)]) -> Result<[UInt8], CryptoRejection> {
        do {
            let ok = try guarded { () throws(AdapterError) in try process.request([("op", .string(op))] + fields) }
            return try AdapterOps.bytesOrRefusal(ok)
        } catch {
            return .success([])
        }
    }

    private static func hex(_ b: [UInt8]) -> JSONValue { .string(Hex.encode(b)) }

    func keccak256(_ data: [UInt8]) -> [UInt8] { (try? call("keccak256", [("data", Self.hex(data))]).get()) ?? [] }
    func eip191Digest(_ data: [UInt8]) -> [UInt8] { (try? call("eip191", [("data", Self.hex(data))]).get()) ?? [] }
    func checksummed(address: [UInt8]) -> String { String(decoding: (try? call("checksum", [("address", Self.hex(address))]).get()) ?? [], as: UTF8.self) }
    func address(publicKey: [UInt8]) throws(CryptoRejection) -> [UInt8] { try call("address", [("public_key", Self.hex(publicKey))]).get() }
    func address(privateKey: [UInt8]) throws(CryptoRejection) -> [UInt8] { try call("address", [("private_key", Self.hex(privateKey))]).get() }
    func sign(privateKey: [UInt8], digest: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        try call("sign", [("private_key", Self.hex(privateKey)), ("digest", Self.hex(digest))]).get()
    }
    func recover(digest: [UInt8], signature: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        try call("recover", [("digest", Self.hex(digest)), ("signature", Self.hex(signature))]).get()
    }

    func encode(lock: VectorLock) -> [UInt8] { (try? call("lock_encode", [("lock", AdapterOps.lockValue(lock))]).get()) ?? [] }
    func locksroot(_ locks: [VectorLock]) -> [UInt8] { (try? call("locksroot", [("locks", .array(locks.map(AdapterOps.lockValue)))]).get()) ?? [] }
    func balanceHash(transferredAmount: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8]) -> [UInt8] {
        (try? call("balance_hash", [("transferred_amount", Self.hex(transferredAmount)), ("locked_amount", Self.hex(lockedAmount)), ("locksroot", Self.hex(locksroot))]).get()) ?? []
    }
}

enum VectorRunnerText {
    static func short(_ v: JSONValue) -> String {
        var w = JSONWriter(capacity: 256)
        w.value(v)
        let text = String(decoding: w.bytes, as: UTF8.self)
        return text.count <= 120 ? text : String(text.prefix(117)) + "…"
    }
}
