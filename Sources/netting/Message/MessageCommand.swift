import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto

struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Make, sign and decode Raiden 3.0.1 messages in their JSON wire form.",
        discussion: """
            Messages are one JSON object per line, exactly as Raiden sends them. Decoding
            is `--policy strict` (only the canonical form Raiden emits) or `--policy
            raiden` (what Raiden 3.0.1 accepts; the leniencies used are listed).

            Examples:
              netting message template LockedTransfer > lt.json
              netting message sign --key 0x0001…1f lt.json > signed.json
              netting message decode signed.json
              netting message decode --policy raiden --json < messages.jsonl
              netting message locksroot 0x…lock1 0x…lock2
              netting message balance-hash --transferred 0 --locked 50 --locksroot 0x…
            """,
        subcommands: [Template.self, Sign.self, Decode.self, Locksroot.self, BalanceHashCommand.self]
    )
}

/// Reads a file, or standard input for "-" or no path; an input with nothing but white space is
/// `input.empty` (a command that reads messages never exits 0 having read none).
func readInput(_ path: String?) throws -> [UInt8] {
    let bytes = try Files.read(path, limit: InputLimits.messages, what: "a file of messages")
    guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d }) else {
        throw CLIError(file: path == "-" ? nil : path, path: path == nil || path == "-" ? "<standard input>" : "", code: "input.empty", reason: "holds no message (expected one JSON message, or JSON lines)")
    }
    return bytes
}

/// The 1-based line of the input on which a message starts, counted on from the last one asked
/// for: asked in input order (as errors arise), the whole input is scanned once.
struct LineCounter {
    let bytes: [UInt8]
    var offset = 0, line = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func line(of slice: ArraySlice<UInt8>) -> Int {
        if slice.startIndex < offset { (offset, line) = (0, 1) }
        while offset < slice.startIndex {
            if bytes[offset] == 0x0a { line += 1 }
            offset += 1
        }
        return line
    }
}

/// The messages in the input: the whole input when it is one JSON value (one message, written
/// on one line or pretty-printed), otherwise its non-empty lines (JSON lines, one message each,
/// a bad line among them reported on its own, even the first). Input of several lines none of
/// which is a JSON object is taken as one message, so that its syntax error is reported where it
/// is. Nothing larger than `InputLimits.message` is parsed here.
func inputMessages(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    // The lines with something other than space, tab or CR, in one pass (splitting and then
    // filtering cost 4 % of decoding 5,000 messages).
    var lines: [ArraySlice<UInt8>] = []
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        var start = 0
        while start < buffer.count {
            // memchr: the newline search is most of the work.
            let newline = memchr(base + start, 0x0A, buffer.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
            if buffer[start..<newline].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0d }) { lines.append(bytes[start..<newline]) }
            start = newline + 1
        }
    }
    guard lines.count > 1 else { return lines }
    if bytes.count <= InputLimits.message, (try? JSONParser.parse(bytes)) != nil { return [bytes[...]] }
    let anyObjectLine = lines.contains { line in
        guard line.count <= InputLimits.message, case .object? = try? JSONParser.parse(Array(line)) else { return false }
        return true
    }
    return anyObjectLine ? lines : [bytes[...]]
}

/// A message beyond `InputLimits.message`, refused before it is parsed.
func checkMessageSize(_ message: ArraySlice<UInt8>, file: String?, line: @autoclosure () -> Int?) throws {
    guard message.count <= InputLimits.message else {
        throw CLIError(
            file: file == "-" ? nil : file, line: line(), code: "input.too_large",
            reason: "is a message larger than \(InputLimits.message) bytes, the limit for one message")
    }
}

extension CLIError {
    /// A rejected message: the file, the line it starts on, its JSON path.
    init(_ error: DecodeError, file: String?, line: Int?) {
        self.init(file: file == "-" ? nil : file, line: line, path: error.path, code: error.code.rawValue, reason: error.reason)
    }

    /// A rejected message of `bytes`: for a JSON syntax error, the line and column of the byte
    /// the parser stopped at (`m.jsonl:3:17: expected ',' or '}' … [json.syntax]`), not "at byte
    /// N" of the message; otherwise the line the message starts on and its key path.
    init(_ error: DecodeError, file: String?, bytes: [UInt8], message: ArraySlice<UInt8>, counter: inout LineCounter) {
        let start = counter.line(of: message)
        guard error.code == .jsonSyntax || error.code == .jsonTooDeep else {
            self.init(error, file: file, line: start)
            return
        }
        do {
            _ = try JSONParser.parse(Array(message), maxDepth: 128)
            self.init(error, file: file, line: start)
        } catch {
            let at = min(message.startIndex + error.offset, bytes.count)
            let newlines = bytes[message.startIndex..<at].reduce(0) { $0 + ($1 == 0x0a ? 1 : 0) }
            let column = at - (bytes[..<at].lastIndex(of: 0x0a).map { $0 + 1 } ?? 0) + 1  // in bytes, 1-based
            self.init(file: file == "-" ? nil : file, line: start + newlines, column: column, path: "", code: error.code == .tooDeep ? DecodeErrorCode.jsonTooDeep.rawValue : DecodeErrorCode.jsonSyntax.rawValue, reason: error.reason)
        }
    }
}

extension MessageCommand {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an example unsigned message of a type, as wire JSON.",
            discussion: """
                \(wrap("Types: " + Message.typeNames.joined(separator: ", ") + ".", indent: "", width: 78))
                The output is the message's wire JSON, one line, with or without --json
                (which makes errors JSON too).
                Example:
                  netting message template Unlock
                """)

        @Argument(help: "The message type (its JSON \"type\" tag).")
        var type: String

        @Flag(help: "Errors as JSON; the output is wire JSON either way.") var json = false

        func run() throws {
            guard let message = Templates.example(type) else {
                throw CLIError(field: "<type>", code: "message.unknown_type", reason: "\(type) is not a message type (one of \(Message.typeNames.joined(separator: ", ")))")
            }
            print(message.wire.wireJSONString)
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign wire JSON (with or without a signature) and print it signed, one line per message.",
            discussion: """
                Every signature of a message is made with --key, except a RequestMonitoring's
                balance_proof.signature, which is the partner's: give --partner-key to sign
                it, or --partner-signature with the signature the partner sent. The output is
                wire JSON, one message per line, with or without --json (which makes errors
                JSON too).
                Examples:
                  netting message template Processed | netting message sign --key 0x0001…1f
                  netting message sign --key 0x0001…1f \\
                    --partner-signature 0x…(130 hex digits) rm.json
                """)

        @Option(help: "The 32-byte private key, as hex.")
        var key: String

        @Option(help: "RequestMonitoring: the partner's private key, to sign its balance proof.")
        var partnerKey: String?

        @Option(help: "RequestMonitoring: the partner's 65-byte signature of its balance proof, as hex.")
        var partnerSignature: String?

        @Option(help: "How strictly to read the input: strict or raiden.")
        var policy: DecodePolicy = .strict

        @Flag(help: "Errors as JSON; the output is wire JSON either way.") var json = false

        @Argument(help: "A message, or messages one per line, in a file; - or nothing for standard input.")
        var file: String?

        func validate() throws {
            if partnerKey != nil && partnerSignature != nil { throw ValidationError("give --partner-key or --partner-signature, not both") }
        }

        func run() throws {
            let signer = try Arg.privateKey(key)
            let partner = try partnerKey.map { try Arg.privateKey($0, field: "--partner-key") }
            let partnerSig = try partnerSignature.map { try Arg.signature($0, field: "--partner-signature") }
            let bytes = try readInput(file)
            var counter = LineCounter(bytes)
            for line in inputMessages(bytes) {
                try checkMessageSize(line, file: file, line: counter.line(of: line))
                let decoded: Decoded
                do { decoded = try MessageCodec.decode(line, policy: policy, allowUnsigned: true) } catch {
                    throw CLIError(error, file: file, bytes: bytes, message: line, counter: &counter)
                }
                var message = decoded.message
                if partner != nil || partnerSig != nil {
                    guard case .requestMonitoring(var m) = message else {
                        throw CLIError(file: file, line: counter.line(of: line), path: partner != nil ? "--partner-key" : "--partner-signature",
                            code: "message.not_request_monitoring", reason: "completes a RequestMonitoring; this message is a \(type(of: message.wire).typeName)")
                    }
                    if let partner {
                        m.balanceProof.signature = partner.signEIP191(m.signedBytesForBalanceProofSignature())
                    } else if let partnerSig {
                        m.balanceProof.signature = partnerSig
                        do { _ = try Secp256k1.recoverEIP191(m.signedBytesForBalanceProofSignature(), signature: partnerSig) } catch {
                            throw CLIError(field: "--partner-signature", error)
                        }
                    }
                    message = m.message
                }
                print(message.wire.signed(with: signer).wireJSONString)
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate and explain messages: type, recovered sender, signed bytes, hashes, balance proof.",
            discussion: """
                Reads one message (on one line or pretty-printed) or JSON lines, one message
                per line. A rejected message prints its error code, the JSON path and the
                reason, and the command exits 1.
                Example:
                  netting message decode --policy raiden signed.json
                """)

        @Option(help: "How strictly to read: strict (canonical only) or raiden (what Raiden 3.0.1 accepts).")
        var policy: DecodePolicy = .strict

        @Option(help: "The address the messages must be signed by (their sender); a message signed by anyone else is an error (signer.mismatch).")
        var expectSigner: String?

        @Flag(help: "Print one JSON object per message: {\"type\", \"sender\", \"signers\", \"signed_bytes\", \"message_hash\", \"balance_proof\", \"leniencies\", \"message\"}, or {\"error\": {…}} for a rejected one.")
        var json = false

        @Argument(help: "A message, or messages one per line, in a file; - or nothing for standard input.")
        var file: String?

        func run() throws {
            let expected = try expectSigner.map { try Arg.address($0, field: "--expect-signer") }
            var failures = 0
            let bytes = try readInput(file)
            let lines = inputMessages(bytes)
            var counter = LineCounter(bytes)
            for (i, line) in lines.enumerated() {
                // Counted only for an error: decoding valid JSON lines never scans for newlines.
                func at() -> Int? { counter.line(of: line) }
                do {
                    try checkMessageSize(line, file: file, line: at())
                    let decoded = try MessageCodec.decode(line, policy: policy)
                    let report = try DecodeReport(decoded)
                    if let expected, report.signers[0].signer != expected {
                        failures += 1
                        ErrorRenderer.print(CLIError(file: file, line: at(), path: "signature", code: "signer.mismatch",
                            reason: "signed by \(report.signers[0].signer.checksummed), not by \(expected.checksummed) (--expect-signer)"))
                        continue
                    }
                    if json { printLine(report.json) } else { report.printForPeople(index: lines.count > 1 ? i + 1 : nil) }
                } catch let error as DecodeError {
                    failures += 1
                    ErrorRenderer.print(CLIError(error, file: file, bytes: bytes, message: line, counter: &counter))
                } catch let error as CLIError {
                    failures += 1
                    ErrorRenderer.print(error)
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Locksroot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The locksroot of pending locks: keccak of their 96-byte encodings, in order.",
            discussion: """
                Each lock is given as expiration:amount:secrethash (decimal, decimal, 0x-hex)
                or as its 96-byte encoding in hex. No locks gives keccak("")
                (LOCKSROOT_OF_NO_LOCKS).
                Example:
                  netting message locksroot \\
                    5:50:0xd4683a22c1ce39824d931eedc68ea8fa5259ceb03528b1a22f7075863ef8baf0
                """)

        @Argument(help: "The pending locks, in insertion order.")
        var locks: [String] = []

        @Flag(help: "Print {\"locksroot\", \"locks\": [{\"expiration\", \"amount\", \"secrethash\", \"encoded\"}]}, integers as decimal strings.")
        var json = false

        func run() throws {
            let parsed = try locks.enumerated().map { i, text in try Arg.lock(text, field: "lock \(i + 1)") }
            let root = Keccak256.hash(parsed.flatMap(\.encoded))
            guard json else { return print(root.hex) }
            var w = JSONWriter(capacity: 256 + 300 * parsed.count)
            w.beginObject()
            w.field("locksroot", root)
            w.key("locks")
            w.beginArray()
            for l in parsed {
                w.beginObject()
                w.key("expiration"); w.decimalString(l.expiration)
                w.key("amount"); w.decimalString(l.amount)
                w.field("secrethash", l.secrethash)
                w.key("encoded"); w.hexString(l.encoded)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            print(String(decoding: w.bytes, as: UTF8.self))
        }
    }

    struct BalanceHashCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "balance-hash",
            abstract: "The balance hash a balance proof signs (32 zero bytes for 0, 0 and no locks).",
            discussion: """
                Example:
                  netting message balance-hash --transferred 50 --locked 0 --locksroot \\
                    0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
                """)

        @Option(help: "transferred_amount (decimal).")
        var transferred: String
        @Option(help: "locked_amount (decimal).")
        var locked: String
        @Option(help: "locksroot (0x + 64 hex digits).")
        var locksroot: String

        @Flag(help: "Print {\"balance_hash\", \"transferred_amount\", \"locked_amount\", \"locksroot\"}, amounts as decimal strings.")
        var json = false

        func run() throws {
            let t = try Arg.amount(transferred, field: "--transferred")
            let l = try Arg.amount(locked, field: "--locked")
            try Arg.abbreviationCheck(locksroot, field: "--locksroot", digits: 64)
            let root: Hash32
            do { root = try Hash32(hex: locksroot) } catch { throw CLIError(field: "--locksroot", error) }
            let hash = BalanceHash.of(transferred: t, locked: l, locksroot: root)
            guard json else { return print(hash.hex) }
            var w = JSONWriter(capacity: 256)
            w.beginObject()
            w.field("balance_hash", hash)
            w.key("transferred_amount"); w.decimalString(t)
            w.key("locked_amount"); w.decimalString(l)
            w.field("locksroot", root)
            w.endObject()
            print(String(decoding: w.bytes, as: UTF8.self))
        }
    }
}

extension DecodePolicy: ExpressibleByArgument {}
