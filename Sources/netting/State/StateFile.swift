import Foundation
import NettingCodec
import NettingMachine

/// A saved channel state: `{"format": "nettingkit.state/2", "state": {…}}`, the state in the
/// canonical JSON form (spec/channel.yaml `canonical`), pretty-printed.
///
/// A state file is the one record of which nonces a party has signed, so every change goes
/// through `transaction`: an exclusive lock per file, the state read and checked, the new state
/// durably on disk (the temporary file and its folder fsynced, then renamed over the old one),
/// the lock released, and only then is anything the step signed printed. Two `netting step`s on
/// one file run one after the other; a crash, a kill or a full disk at any point leaves the old
/// state or the new one, never half of one, and never a signed message the file does not know.
/// A symlinked state file is followed: its target is locked and replaced, the link kept.
enum StateFile {
    static let format = StateFileFormat.format

    /// How long a `netting step` waits for another one holding the same file before it gives up
    /// with `state.locked`: NETTING_LOCK_TIMEOUT seconds (0 to 3600), else 10.
    static var lockTimeout: Double {
        guard let text = ProcessInfo.processInfo.environment["NETTING_LOCK_TIMEOUT"], let s = Double(text), s >= 0, s <= 3600 else { return 10 }
        return s
    }

    /// Reads and checks a state file without locking it: the file is only ever replaced whole,
    /// so a reader sees the old state or the new one.
    static func read(_ path: String) throws -> ChannelState {
        try load(try Location(path, mustExist: true))
    }

    /// The one way to change a state file. Locks it, reads and checks the state, calls `body`
    /// with it; when `body` returns a new state, checks it and writes it durably; unlocks; then
    /// returns `body`'s result, which the caller prints: nothing `body` signed is seen before the
    /// state that signed it is on disk.
    static func transaction<Result>(_ path: String, _ body: (ChannelState) throws -> (state: ChannelState?, result: Result)) throws -> Result {
        let location = try Location(path, mustExist: true)
        let lock = try location.lock()
        defer { close(lock) }
        location.removeLeftovers()
        let current = try load(location)
        let (next, result) = try body(current)
        if let next, next != current {
            try check(next, previous: current, path: path)
            try location.writeDurably(encode(next))
        }
        return result
    }

    /// Writes a new state file (`netting state init`), under the same lock.
    static func create(_ state: ChannelState, at path: String, overwrite: Bool) throws {
        let location = try Location(path, mustExist: false)
        let lock = try location.lock()
        defer { close(lock) }
        location.removeLeftovers()
        guard overwrite || access(location.path, F_OK) != 0 else {
            throw CLIError(file: path, code: "output.exists", reason: "exists; pass --force to overwrite it")
        }
        try check(state, previous: nil, path: path)
        try location.writeDurably(encode(state))
    }

    static func load(_ location: Location) throws -> ChannelState {
        let bytes = try Files.read(location.path, role: "--state", limit: InputLimits.stateFile, what: "a state file")
        let state: ChannelState
        do throws(CanonicalError) { state = try decode(bytes) } catch {
            throw CLIError(file: location.given, path: error.path, code: error.code.rawValue, reason: error.reason)
        }
        try check(state, previous: nil, path: location.given)
        return state
    }

    /// A state netting will sign from: every invariant of spec/channel.yaml holds (and, after a
    /// step, every monotonic one: a nonce that wrapped around is refused here). The code is the
    /// failing invariant's: `invariant.<name>`.
    static func check(_ state: ChannelState, previous: ChannelState?, path: String) throws {
        let violations = Invariants.check(state) + (previous.map { Invariants.checkStep($0, state) } ?? [])
        if let v = violations.first {
            throw CLIError(file: path, path: "state", code: "invariant.\(v.invariant.rawValue)", reason: "breaks the invariant \(v.invariant.rawValue): \(v.detail)")
        }
    }

    static func decode(_ bytes: [UInt8]) throws(CanonicalError) -> ChannelState { try StateFileFormat.decode(bytes) }
    static func encode(_ state: ChannelState) -> [UInt8] { StateFileFormat.encode(state) }
}

extension StateFile {
    /// Where a state file really is (symlinks resolved), its lock file and its temporary files,
    /// all in the same folder: `.<name>.lock` (kept) and `.<name>.<pid>.tmp` (renamed over the file).
    struct Location {
        /// The path as given, for messages.
        let given: String
        /// The file itself, symlinks resolved.
        let path: String
        let folder: String
        let name: String

        init(_ given: String, mustExist: Bool) throws {
            self.given = given
            var resolved: String
            if let real = realpath(given, nil) {
                resolved = String(cString: real)
                free(real)
            } else if mustExist {
                throw CLIError(file: given, code: errno == ENOENT ? "input.not_found" : "input.unreadable", reason: errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))")
            } else {
                // A new file: its folder must exist; a dangling symlink is refused, not replaced.
                var isLink = stat()
                if lstat(given, &isLink) == 0 {
                    throw CLIError(file: given, code: "output.unwritable", reason: "is a symlink to a missing file")
                }
                let url = URL(fileURLWithPath: given)
                guard let folder = realpath(url.deletingLastPathComponent().path, nil) else {
                    throw CLIError(file: given, code: "output.unwritable", reason: "its folder cannot be used: \(String(cString: strerror(errno)))")
                }
                resolved = String(cString: folder) + "/" + url.lastPathComponent
                free(folder)
            }
            let url = URL(fileURLWithPath: resolved)
            path = resolved
            folder = url.deletingLastPathComponent().path
            name = url.lastPathComponent
            var info = stat()
            if stat(resolved, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
                throw CLIError(file: given, code: "input.unreadable", reason: "is not a regular file")
            }
        }

        var lockPath: String { "\(folder)/.\(name).lock" }

        /// Takes the file's exclusive lock (flock on the lock file), waiting up to `lockTimeout`.
        /// The returned descriptor holds it until closed (or the process ends). A lock file
        /// removed or replaced while we waited is not the lock any more: we take the new one.
        func lock() throws -> Int32 {
            let deadline = Date().addingTimeInterval(StateFile.lockTimeout)
            while true {
                let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
                guard fd >= 0 else {
                    throw CLIError(file: given, code: "output.unwritable", reason: "cannot create the lock file \(lockPath): \(String(cString: strerror(errno)))")
                }
                while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                    guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                        close(fd)
                        throw CLIError(
                            file: given, code: "state.locked",
                            reason: "another netting is changing this state file (waited \(StateFile.lockTimeout) s for \(lockPath))")
                    }
                    usleep(5_000)
                }
                var held = stat(), named = stat()
                if fstat(fd, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev { return fd }
                close(fd)
            }
        }

        /// Temporary files of steps that were killed before their rename. Only a lock holder
        /// writes them, so while we hold the lock none is in use.
        func removeLeftovers() {
            let prefix = ".\(name).", suffix = ".tmp"
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) && entry.count > prefix.count + suffix.count {
                let middle = entry.dropFirst(prefix.count).dropLast(suffix.count)
                if middle.allSatisfy(\.isNumber) { unlink("\(folder)/\(entry)") }
            }
        }

        /// Writes `bytes` to a temporary file, fsyncs it, gives it the old file's permissions,
        /// renames it over the file and fsyncs the folder: when this returns, the new state
        /// survives a crash or a power cut.
        func writeDurably(_ bytes: [UInt8]) throws {
            let temporary = "\(folder)/.\(name).\(getpid()).tmp"
            func fail(_ what: String) -> CLIError {
                CLIError(file: given, code: "output.unwritable", reason: "\(what): \(String(cString: strerror(errno)))")
            }
            // Past a file-size limit, write fails with EFBIG (a typed error) instead of SIGXFSZ
            // killing the process.
            signal(SIGXFSZ, SIG_IGN)
            var old = stat()
            let mode: mode_t = stat(path, &old) == 0 ? old.st_mode & 0o7777 : 0o644 & ~currentUmask()
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw fail("cannot create \(temporary)") }
            var ok = false
            defer { if !ok { unlink(temporary) } }
            do {
                defer { close(fd) }
                var written = 0
                while written < bytes.count {
                    let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw fail("cannot write \(temporary)") }
                    written += n
                }
                guard fchmod(fd, mode) == 0 else { throw fail("cannot set the mode of \(temporary)") }
                guard fsync(fd) == 0 else { throw fail("cannot flush \(temporary) to disk") }
            }
            guard rename(temporary, path) == 0 else { throw fail("cannot replace \(path)") }
            ok = true
            let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard dir >= 0 else { throw fail("cannot open \(folder) to flush it") }
            defer { close(dir) }
            guard fsync(dir) == 0 else { throw fail("cannot flush \(folder) to disk") }
        }

        private func currentUmask() -> mode_t {
            let mask = umask(0o022)
            umask(mask)
            return mask
        }
    }
}
