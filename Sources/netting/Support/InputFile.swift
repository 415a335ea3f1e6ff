import Foundation

/// Reading a file named on the command line: a missing file, a directory and a file we may not
/// read are three different errors, each naming the argument or option it came from.
enum InputFile {
    /// Inputs larger than this are refused before they are read (a state, a chain file, a
    /// batch of messages are kilobytes).
    static let maxBytes = 64 << 20

    /// The file's bytes; "-" reads standard input.
    static func read(_ path: String, field: String) throws -> [UInt8] {
        if path == "-" {
            let data = FileHandle.standardInput.readData(ofLength: maxBytes + 1)
            guard data.count <= maxBytes else { throw tooLarge(field, "standard input") }
            return Array(data)
        }
        try check(path, field: field)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes { throw tooLarge(field, path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(field: field, code: "input.unreadable", reason: "cannot read \(path)")
        }
        return Array(data)
    }

    /// The path names a readable file: not missing, not a directory, not forbidden. The error
    /// names the file, as `Files.read`'s do (`field` is kept for the callers' sake).
    static func check(_ path: String, field: String) throws {
        try Files.check(path)
    }

    static func tooLarge(_ field: String, _ what: String) -> CLIError {
        CLIError(field: field, code: "input.too_large", reason: "\(what) is larger than \(maxBytes >> 20) MiB")
    }

    /// Writes `bytes` to `path` atomically (a complete temporary file, flushed, then renamed).
    static func writeAtomically(_ bytes: [UInt8], to path: String, field: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CLIError(field: field, code: "output.unwritable", reason: "cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CLIError(field: field, code: "output.unwritable", reason: "cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as CLIError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError(field: field, code: "output.unwritable", reason: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
