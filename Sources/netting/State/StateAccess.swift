import NettingMachine

/// Every read and write of a state file by `state show`, `step`, `chain` and `payout` goes
/// through here (and from here through StateFile), so that a transactional entry point — lock,
/// read, step, durable write — replaces these two functions in one place.
enum StateAccess {
    /// The state in `path`, named `field` in errors (`--state`, `<file>`, …): a missing file,
    /// a directory and an unreadable file are told apart before StateFile reads it.
    static func load(_ path: String, field: String) throws -> ChannelState {
        guard path != "-" else { throw CLIError(field: field, code: "input.invalid", reason: "a state is read from a file, not standard input") }
        try InputFile.check(path, field: field)
        return try StateFile.read(path)
    }

    static func save(_ state: ChannelState, to path: String) throws {
        try StateFile.write(state, to: path)
    }
}
