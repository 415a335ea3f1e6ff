import NettingCodec
import NettingCrypto

/// A message codec (spec/messages.yaml), spoken to in bytes and the spec's stable codes: what
/// another Swift implementation provides to run the `codec` suite from its tests.
public protocol CodecImplementation: VectorImplementation {
    /// Decodes one message from `text` under `policy` and recovers the signer of every signature
    /// it carries. A rejection names the decode error code of spec/messages.yaml and the key path
    /// of the offending value (`lock.amount`, `metadata.routes[0].route[1]`; empty for the text as
    /// a whole); a signature from which no key recovers is a rejection too (`signature.*`).
    func decode(text: [UInt8], policy: DecodePolicy) -> CodecDecoding

    /// The message `type` with `fields` (a JSON object: every field but the signatures its sender
    /// makes, in the canonical spelling; key order is not significant), signed with the 32-byte
    /// private `key`: its wire JSON, exactly as Raiden writes it.
    func encode(type: String, fields: [UInt8], key: [UInt8]) throws -> [UInt8]
}

/// What decoding a text came to.
public enum CodecDecoding: Equatable, Sendable {
    case decoded(CodecDecoded)
    /// A decode error code of spec/messages.yaml and the key path it names.
    case rejected(code: String, path: String)
}

/// A decoded message, as the `codec` suite compares it.
public struct CodecDecoded: Equatable, Sendable {
    /// The message written again as Raiden writes it (keys in declaration order, `type` last).
    public var wire: [UInt8]
    /// The bytes the message's own signature covers, and their EIP-191 digest.
    public var signedBytes: [UInt8]
    public var digest: [UInt8]
    /// Every signature's field path and the address (20 bytes) it recovers, the message's own first.
    public var signers: [(field: String, address: [UInt8])]
    /// What the policy accepted that Raiden never emits: a leniency code of spec/messages.yaml
    /// and the key path it applies to (none under `strict`). Order is not significant.
    public var leniencies: [(code: String, path: String)]

    public init(wire: [UInt8], signedBytes: [UInt8], digest: [UInt8], signers: [(field: String, address: [UInt8])], leniencies: [(code: String, path: String)]) {
        (self.wire, self.signedBytes, self.digest, self.signers, self.leniencies) = (wire, signedBytes, digest, signers, leniencies)
    }

    public static func == (a: CodecDecoded, b: CodecDecoded) -> Bool {
        a.wire == b.wire && a.signedBytes == b.signedBytes && a.digest == b.digest
            && a.signers.map(\.field) == b.signers.map(\.field) && a.signers.map(\.address) == b.signers.map(\.address)
            && a.leniencies.map(\.code) == b.leniencies.map(\.code) && a.leniencies.map(\.path) == b.leniencies.map(\.path)
    }
}

/// A `fields` object that is not a message of its type.
public struct CodecFieldsError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

extension NettingKitImplementation: CodecImplementation {
    /// `MessageCodec.decode`, then `recoverSigners`: the signature codes are recovery's.
    public func decode(text: [UInt8], policy: DecodePolicy) -> CodecDecoding {
        do {
            let decoded = try MessageCodec.decode(text, policy: policy)
            let wire = decoded.message.wire
            let signers = try wire.recoverSigners()
            let signed = wire.signedBytes()
            return .decoded(CodecDecoded(
                wire: wire.wireJSON, signedBytes: signed, digest: EIP191.digest(signed).bytes,
                signers: signers.map { ($0.field, $0.signer.bytes) },
                leniencies: decoded.leniencies.map { ($0.code.rawValue, $0.path) }))
        } catch {
            return .rejected(code: error.code.rawValue, path: error.path)
        }
    }

    /// Reads `fields` with the strict decoder, the sender's signatures as 65 zero bytes, then
    /// signs every signature the sender makes.
    public func encode(type: String, fields: [UInt8], key: [UInt8]) throws -> [UInt8] {
        try CodecSuite.unsigned(type: type, fields: fields).signed(with: try PrivateKey(key)).wireJSON
    }
}
