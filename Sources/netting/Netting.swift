import ArgumentParser

@main
struct Netting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netting",
        abstract: "NettingKit: an offline spec kit for Raiden-style payment channels.",
        discussion: """
            Everything runs offline and is deterministic. Hex goes in with or without 0x and comes
            out as lowercase 0x-hex; amounts are decimal. Add --json to any command for machine output.

            Examples:
              netting crypto keccak --text abc
              netting crypto address --key 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
            """,
        subcommands: [CryptoCommand.self, MessageCommand.self, RunCommand.self, PlayCommand.self, StateCommand.self, StepCommand.self, SpecCommand.self, VectorsCommand.self, ConformCommand.self, AdapterCommand.self, CheckCommand.self]
    )
}
