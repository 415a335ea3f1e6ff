import NettingMachine

/// Every read and write of a state file by `state init`/`show`, `step`, `play`, `chain` and
/// `payout` goes through here, and from here through StateFile: a change is one transaction —
/// lock, read and check, step, durable write, unlock — before anything is printed.
enum StateAccess {
    /// The state in `path`, named `field` in errors (`--state`, `<file>`, …): a missing file,
    /// a directory and an unreadable file are told apart before StateFile reads it.
    static func load(_ path: String, field: String) throws -> ChannelState {
        try check(path, field: field)
        return try StateFile.read(path)
    }

    /// StateFile.transaction on `path`: `body` gets the checked state and returns the new state
    /// (nil or unchanged: nothing is written) and what the caller prints once it is on disk.
    static func transaction<Result>(
        _ path: String, field: String, _ body: (ChannelState) throws -> (state: ChannelState?, result: Result)
    ) throws -> Result {
        try check(path, field: field)
        return try StateFile.transaction(path, body)
    }

    /// A new state file (`state init`), or an existing one replaced (`--force`, `play`'s save).
    static func create(_ state: ChannelState, at path: String, overwrite: Bool) throws {
        try StateFile.create(state, at: path, overwrite: overwrite)
    }

    static func save(_ state: ChannelState, to path: String) throws {
        try StateFile.create(state, at: path, overwrite: true)
    }

    /// `path` names a state file netting may read (checked again under the lock).
    static func check(_ path: String, field: String) throws {
        guard path != "-" else { throw CLIError(field: field, code: "input.invalid", reason: "a state is read from a file, not standard input") }
        try Files.check(path, limit: InputLimits.stateFile, what: "a state file")
    }
}
