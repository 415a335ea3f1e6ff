#if canImport(Glibc)
import Glibc
#endif

/// Shared by every fuzz target: times each input (the thread's CPU time, so that other
/// processes on a loaded machine do not count) and, when the fuzzer exits, prints the slowest
/// one ("slowest input: … ms, … bytes") and writes it to $FUZZ_SLOWEST when that is set.
enum Harness {
    nonisolated(unsafe) static var slowest: (ns: UInt64, bytes: [UInt8]) = (0, [])
    nonisolated(unsafe) static var registered = false
    nonisolated(unsafe) static var calls = 0

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    static func run(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: ([UInt8]) -> Void) -> CInt {
        if !registered {
            registered = true
            atexit { Harness.report() }
        }
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data!, count: size))
        let start = now()
        body(bytes)
        let elapsed = now() - start
        // The first input pays for the target's one-time setup; it is not an input's own cost.
        if calls > 0, elapsed > slowest.ns { slowest = (elapsed, bytes) }
        calls += 1
        return 0
    }

    static func report() {
        let ms = Double(slowest.ns) / 1_000_000
        say("slowest input: \(ms) ms, \(slowest.bytes.count) bytes\n")
        if let path = getenv("FUZZ_SLOWEST"), let f = fopen(path, "wb") {
            _ = slowest.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            fclose(f)
        }
    }

    static func say(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// A broken property: the fuzzer records the input as a crash.
    static func fail(_ what: String) -> Never {
        say("fuzz property broken: \(what)\n")
        abort()
    }
}
