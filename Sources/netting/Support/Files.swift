import Foundation

/// Reading and writing the files a command names, with an error that says which file and why:
/// missing, a folder, no permission, too large, or the system's reason (never Foundation's dump).
enum Files {
    /// What a command reads at most from one file or standard input.
    static let readLimit = 1 << 30

    /// The bytes of `path`, or of standard input for "-" or nil. `role` names the argument or
    /// option in errors about standard input. Beyond `limit` bytes (InputLimits: what the input
    /// is, named by `what`) the input is refused with input.too_large, never read further.
    static func read(_ path: String?, role: String = "<file>", limit: Int = readLimit, what: String? = nil) throws -> [UInt8] {
        let readLimit = limit
        let beyond = what.map { ", the limit for \($0)" } ?? ""
        guard let path, path != "-" else {
            let data = try FileHandle.standardInput.read(upToCount: readLimit + 1) ?? Data()
            guard data.count <= readLimit else { throw CLIError(field: role, code: "input.too_large", reason: "standard input is larger than \(readLimit) bytes\(beyond)") }
            return Array(data)
        }
        try check(path, limit: readLimit, what: what)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CLIError(file: path, code: errno == EACCES ? "input.permission_denied" : "input.unreadable", reason: errno == EACCES ? "permission denied" : system())
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            let data = try handle.read(upToCount: readLimit + 1) ?? Data()
            guard data.count <= readLimit else { throw CLIError(file: path, code: "input.too_large", reason: "is larger than \(readLimit) bytes\(beyond)") }
            return Array(data)
        } catch let error as CLIError { throw error } catch {
            throw CLIError(file: path, code: "input.unreadable", reason: "cannot be read")
        }
    }

    /// `path` names a file netting may read: not missing, not a folder, not too large. The error
    /// names the file itself (`nothere.json: no such file [input.not_found]`), never a placeholder.
    static func check(_ path: String, limit: Int = readLimit, what: String? = nil) throws {
        let beyond = what.map { ", the limit for \($0)" } ?? ""
        var info = stat()
        guard stat(path, &info) == 0 else { throw CLIError(file: path, code: errno == ENOENT ? "input.not_found" : "input.unreadable", reason: errno == ENOENT ? "no such file" : system()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw CLIError(file: path, code: "input.is_directory", reason: "is a folder, not a file") }
        if info.st_size > limit { throw CLIError(file: path, code: "input.too_large", reason: "is \(info.st_size) bytes; at most \(limit) are read\(beyond)") }
        guard access(path, R_OK) == 0 else {
            throw CLIError(file: path, code: errno == EACCES ? "input.permission_denied" : "input.unreadable", reason: errno == EACCES ? "permission denied" : system())
        }
    }

    /// The text of `path` as UTF-8 (invalid sequences are replaced, and the parsers name them).
    static func text(_ path: String?, role: String = "<file>", limit: Int = readLimit, what: String? = nil) throws -> String {
        String(decoding: try read(path, role: role, limit: limit, what: what), as: UTF8.self)
    }

    /// Creates the folder `path` (and its parents) for outputs, or checks that it is one.
    static func makeDirectory(_ path: String, role: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError(file: path, path: role, code: "output.not_a_directory", reason: "is a file; \(role) takes a folder (it is created if missing)")
            }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CLIError(file: path, path: role, code: "output.unwritable", reason: "cannot create the folder: \(reason(of: error))")
        }
    }

    /// Writes `bytes` to `path` atomically (a temporary file renamed over it). A file replaced
    /// keeps its permissions (a chain file made read-only with mode 444 stays 444): the
    /// temporary file is created with the system's default mode, so the old mode is put back.
    static func write(_ bytes: [UInt8], to path: String) throws {
        var old = stat()
        let mode: mode_t? = stat(path, &old) == 0 && (old.st_mode & S_IFMT) == S_IFREG ? old.st_mode & 0o7777 : nil
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError(file: path, code: "output.unwritable", reason: "cannot be written: \(reason(of: error))")
        }
        if let mode, chmod(path, mode) != 0 {
            throw CLIError(file: path, code: "output.unwritable", reason: "was written, but its mode \(String(mode, radix: 8)) could not be kept: \(system())")
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Array(text.utf8), to: path) }

    static func system() -> String { String(cString: strerror(errno)) }

    static func reason(of error: any Error) -> String {
        if let e = error as? CocoaError { return ErrorRenderer.systemReason(e) }
        let ns = error as NSError
        return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : "the system refused"
    }
}
