import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario
import NettingSpec

/// The one place every command's errors are rendered, so that a new command gets the same shape
/// for free: a `CLIError` (or any typed error of the kit, mapped to one) is printed as one line
/// `file:line:column: path: reason [code]` on standard error, or, when the command line has
/// --json, as one JSON object `{"error": {"code", "file", "line", "column", "path", "reason"}}`
/// on standard output (where the command's other JSON goes), and the process exits 1.
/// Command-line mistakes (an unknown option, a missing value, two state files where one is
/// given) are `usage.…`, exit 64.
enum ErrorRenderer {
    /// --json anywhere on the command line (before `--`).
    static let json: Bool = CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--json")

    /// Prints `error` the way the command line asks for (text or JSON).
    static func print(_ error: CLIError) {
        if json {
            Swift.print(error.json)
        } else {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
        }
    }

    /// Renders anything a command threw and returns the exit status; nil when ArgumentParser
    /// should handle it itself (help, --version, a clean exit).
    static func handle(_ error: any Error) -> Int32? {
        if let exit = error as? ExitCode { return exit.rawValue }
        if let e = error as? CLIError { print(e); return status(of: e) }
        if let e = typed(error) { print(e); return status(of: e) }
        // An error a command threw from validate() reaches here wrapped in ArgumentParser's own
        // (internal) error type: find it inside, so it keeps its code.
        if let inner = wrapped(error) { print(inner); return status(of: inner) }
        let status = Netting.exitCode(for: error)
        if status == .success { return nil }  // --help, --version, completion scripts
        let message = Netting.message(for: error)
        // `--deposit -1`: ArgumentParser reads -1 as an option and reports a missing value; say why.
        let negative = CommandLine.arguments.dropFirst().first { $0.count > 1 && $0.hasPrefix("-") && $0.dropFirst().allSatisfy(\.isNumber) }
        let hint = negative.map { "; \($0) is read as an option, not a value: amounts and numbers are never negative" } ?? ""
        print(CLIError(code: "usage.invalid", reason: oneLine(message) + hint + " (see `\(commandName(in: Netting.fullMessage(for: error)))` --help)"))
        return status.rawValue
    }

    /// 64 (EX_USAGE) for a wrong command line — every `usage.…` code, whoever raised it
    /// (ArgumentParser or a command's own check) — and 1 for everything else.
    static func status(of error: CLIError) -> Int32 { error.code.hasPrefix("usage.") ? 64 : 1 }

    /// A `CLIError` or typed error nested (a few levels at most) inside another error's fields.
    static func wrapped(_ error: any Error, depth: Int = 0) -> CLIError? {
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: error).children {
            if let e = child.value as? CLIError { return e }
            if let inner = child.value as? any Error {
                if let e = typed(inner) { return e }
                if let e = wrapped(inner, depth: depth + 1) { return e }
            }
            if let e = wrapped(child.value, depth: depth + 1) { return e }
        }
        return nil
    }

    static func wrapped(_ value: Any, depth: Int) -> CLIError? {
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let e = child.value as? CLIError { return e }
            if let inner = child.value as? any Error, let e = typed(inner) { return e }
            if let e = wrapped(child.value, depth: depth + 1) { return e }
        }
        return nil
    }

    /// `netting state show` from ArgumentParser's usage line `Usage: netting state show <file> …`.
    static func commandName(in fullMessage: String) -> String {
        guard let usage = fullMessage.split(separator: "\n").first(where: { $0.hasPrefix("Usage: ") }) else { return "netting" }
        let words = usage.dropFirst("Usage: ".count).split(separator: " ").prefix { w in !(w.first.map { "<[-(".contains($0) } ?? true) }
        return words.isEmpty ? "netting" : words.joined(separator: " ")
    }

    /// The kit's typed errors, each with its own code.
    static func typed(_ error: any Error) -> CLIError? {
        switch error {
        case let e as ValueError: CLIError(code: e.code, reason: e.reason)
        case let e as SignatureError: CLIError(code: e.code, reason: e.reason)
        case let e as AmountError: CLIError(code: e.code, reason: e.reason)
        case let e as DecodeError: CLIError(path: e.path, code: e.code.rawValue, reason: e.reason)
        case let e as CanonicalError: CLIError(path: e.path, code: e.code.rawValue, reason: e.reason)
        case let e as SettlementError: CLIError(code: e.code, reason: "\(e.reason) (the contract reverts with \(e.contractRevert))")
        case let e as SpecError: CLIError(e, file: "", code: "spec.invalid")
        case let e as ChainRevert: CLIError(code: e.code, reason: e.description)
        case is ValidationError: nil
        default:
            if let e = error as? CocoaError {
                // A file error Foundation raised where no command caught it: never its raw dump.
                CLIError(file: e.filePath, code: e.isReadError ? "input.unreadable" : "output.unwritable", reason: systemReason(e))
            } else {
                nil
            }
        }
    }

    static func systemReason(_ e: CocoaError) -> String {
        if let posix = e.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        switch e.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteFileExists: return "a file is in the way"
        default: return e.isReadError ? "cannot be read" : "cannot be written"
        }
    }

    /// One line, at most 400 characters: newlines and tabs become spaces, the rest is cut with `…`.
    static func oneLine(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        if s.hasPrefix("Error: ") { s.removeFirst(7) }
        return s.count > 400 ? String(s.prefix(400)) + "…" : s
    }
}

extension CocoaError {
    var isReadError: Bool { code.rawValue >= 256 && code.rawValue < 512 }
}
