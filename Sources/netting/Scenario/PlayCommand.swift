import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Step through a scenario interactively: forward, back, jump, inspect states and messages.",
        discussion: """
            Commands (type one and press return; an empty line means `n`):
              n             next step            p          previous step
              g <step>      go to a step         l          list the steps
              s <party>     a party's full state (JSON)
              m [<n>]       messages so far, or message n decoded
              w <party> <file>  save a party's state here (a state file for netting step)
              w chain <file>    save the contract's side here (a chain file, netting chain)
              h             help                 q          quit
            Reads commands from standard input, so it also works in a pipe:
              printf 'n\\nn\\ns alice\\nq\\n' | netting play scenarios/story.yaml
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Flag(help: "Show each step as `run --json` prints it, `s` as the canonical state on one line, `m <n>` as the wire message; errors as JSON.")
    var json = false

    func run() throws {
        let loaded = try loadScenario(scenario)
        // Every step's runner, computed once: stepping back is just showing an earlier one.
        var frames: [(runner: ScenarioRunner, report: StepReport?)] = [(ScenarioRunner(loaded), nil)]
        for step in loaded.steps {
            var next = frames.last!.runner
            let report = next.run(step)
            frames.append((next, report))
        }
        var position = 0
        /// A hint for the person typing; with --json, an input.invalid error object instead.
        func say(_ text: String) {
            if json { ErrorRenderer.print(CLIError(path: "<command>", code: "input.invalid", reason: text)) } else { print(text) }
        }
        if json {
            print(ScenarioJSON.header(loaded, frames[0].runner))
        } else {
            printHeader(loaded, frames[0].runner)
            print("\n\(loaded.steps.count) steps. Type h for help.")
        }
        func show() {
            if json {
                print(position == 0 ? ScenarioJSON.header(loaded, frames[0].runner) : ScenarioJSON.step(loaded.steps[position - 1], frames[position].report!, frames[position].runner))
                return
            }
            guard position > 0 else { print("\n(before the first step)"); printTable(frames[0].runner); return }
            printStep(loaded.steps[position - 1], frames[position].report!, frames[position].runner, verbose: false)
        }
        while true {
            if !json { print("\n[\(position)/\(loaded.steps.count)] > ", terminator: "") }
            guard let line = readLine() else { break }
            let words = line.split(separator: " ").map(String.init)
            switch words.first ?? "n" {
            case "n":
                if position < loaded.steps.count { position += 1; show() } else { say("that was the last step") }
            case "p":
                if position > 0 { position -= 1; show() } else { say("already at the start") }
            case "g":
                guard words.count == 2, let n = Int(words[1]), (0...loaded.steps.count).contains(n) else {
                    say("g takes a step number from 0 to \(loaded.steps.count)"); continue
                }
                position = n
                show()
            case "l":
                for (i, step) in loaded.steps.enumerated() { print("\(i + 1 == position ? "▸" : " ") \(i + 1). \(describe(step.action))") }
            case "s":
                let runner = frames[position].runner
                guard words.count == 2, let state = runner.states[words[1]] else {
                    say("s takes a party: \(runner.names.joined(separator: ", "))"); continue
                }
                // The canonical form (spec/channel.yaml `canonical`), as state files hold it.
                if json { print(String(decoding: state.canonicalJSON, as: UTF8.self)); continue }
                print((try? JSONParser.parse(state.canonicalJSON))?.pretty() ?? String(decoding: state.canonicalJSON, as: UTF8.self))
            case "m":
                let log = frames[position].runner.log
                if words.count == 2 {
                    guard let n = Int(words[1]), n >= 1, n <= log.count else {
                        say(log.isEmpty ? "no messages yet" : "m takes a message number from 1 to \(log.count) (m alone lists them)"); continue
                    }
                    let record = log[n - 1]
                    if json { print(String(decoding: record.wire, as: UTF8.self)); continue }
                    print("\(record.from) → \(record.to) at block \(record.block)")
                    if let decoded = try? MessageCodec.decode(record.wire, policy: .strict), let report = try? DecodeReport(decoded) {
                        report.printForPeople(index: nil)
                    }
                    print(String(decoding: record.wire, as: UTF8.self))
                } else if words.count > 2 {
                    say("m takes at most one message number")
                } else {
                    for (i, r) in log.enumerated() { print("\(i + 1). \(r.from)→\(r.to) \(r.typeName) (block \(r.block))") }
                    if log.isEmpty { print("no messages yet") }
                }
            case "w":
                let runner = frames[position].runner
                guard words.count == 3 else { print("w takes a party (\(runner.names.joined(separator: ", "))) or chain, and a file"); continue }
                do {
                    if words[1] == "chain" {
                        try ChainFile.write(ChainFile.Contents(block: runner.block, chain: runner.chain), to: words[2])
                    } else if let state = runner.states[words[1]] {
                        try StateAccess.save(state, to: words[2])
                    } else {
                        print("w takes a party (\(runner.names.joined(separator: ", "))) or chain, and a file"); continue
                    }
                    print("wrote \(words[2]): \(words[1]) after step \(position)")
                } catch { print("\(error)") }
            case "h": print(PlayCommand.configuration.discussion)
            case "q": return
            default: say("unknown command \(excerpt(words[0])); type h for help")
            }
        }
    }
}
