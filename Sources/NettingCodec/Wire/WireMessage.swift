import NettingCrypto

/// What every generated message type provides: its wire JSON, the exact bytes its signature
/// covers, and signing and recovery. Reading wire JSON is `MessageCodec.decode`'s job; the
/// readers and writers the generated types use for it are `package`, not part of the API.
public protocol WireMessage: Sendable {
    /// The JSON `type` tag: the bare class name in Raiden.
    static var typeName: String { get }
    /// The command id packed into the signed bytes, for messages that have one.
    static var cmdid: UInt8? { get }
    /// Every key the JSON object has, including `type`.
    static var jsonKeys: Set<String> { get }

    /// The message's wire JSON: one line, keys in Raiden's declaration order, `type` last.
    var wireJSON: [UInt8] { get }

    /// The bytes the message's own `signature` covers (before EIP-191 hashing).
    func signedBytes() -> [UInt8]
    /// The digest the message's own `signature` signs: the EIP-191 digest of `signedBytes()`.
    func signedDigest() -> Hash32
    var signature: Signature { get set }
    mutating func sign(with key: PrivateKey)
    /// Every signature's signer, the message's own first.
    func recoverSigners() throws(DecodeError) -> [(field: String, signer: Address)]

    var message: Message { get }
}

extension WireMessage {
    public func signedDigest() -> Hash32 { EIP191.digest(signedBytes()) }

    public var wireJSONString: String { String(decoding: wireJSON, as: UTF8.self) }

    /// The sender: the signer recovered from the message's own signature.
    public func recoverSender() throws(DecodeError) -> Address {
        try recoverSender(signedDigest: signedDigest())
    }

    /// `recoverSender()` for a caller that already holds `signedDigest()`.
    public func recoverSender(signedDigest digest: Hash32) throws(DecodeError) -> Address {
        do { return try Secp256k1.recover(digest: digest, signature: signature) } catch {
            throw DecodeError(error, path: "signature")
        }
    }

    public func signed(with key: PrivateKey) -> Self {
        var copy = self
        copy.sign(with: key)
        return copy
    }
}

extension Message {
    /// `typeNames` as keys, for finding a type tag by its bytes.
    static let typeNameKeys = KnownKeys(typeNames)
}

/// A decoded message and the leniencies the policy accepted on the way.
public struct Decoded: Sendable {
    public let message: Message
    public let leniencies: [Leniency]
}

/// Wire JSON ⇄ messages.
public enum MessageCodec {
    /// Decodes one message. Under `.raiden` it accepts what Raiden 3.0.1 accepts and lists the
    /// leniencies; under `.strict` only the canonical form. `allowUnsigned` accepts a missing
    /// top-level signature as 65 zero bytes (for signing). Signatures are not checked here:
    /// call `recoverSender` / `recoverSigners`.
    public static func decode(_ text: some Collection<UInt8>, policy: DecodePolicy, allowUnsigned: Bool = false) throws(DecodeError) -> Decoded {
        // Read in place when the bytes are contiguous (an array or a slice of one).
        let inPlace = text.withContiguousStorageIfAvailable { bytes in
            Result { () throws(DecodeError) in try decode(bytes: bytes, policy: policy, allowUnsigned: allowUnsigned) }
        }
        let result = inPlace ?? Array(text).withUnsafeBufferPointer { bytes in
            Result { () throws(DecodeError) in try decode(bytes: bytes, policy: policy, allowUnsigned: allowUnsigned) }
        }
        return try result.get()
    }

    /// Decodes a parsed message; the same as decoding its compact JSON, which is what this does.
    /// (Numbers must hold JSON number text, as the parser makes them.)
    package static func decode(_ value: JSONValue, policy: DecodePolicy, allowUnsigned: Bool = false) throws(DecodeError) -> Decoded {
        try decode(value.compactJSON(), policy: policy, allowUnsigned: allowUnsigned)
    }

    /// A message as Raiden writes it is read in one pass (`CanonicalReader`); anything else, and
    /// every input that reader declines, in full.
    private static func decode(bytes: UnsafeBufferPointer<UInt8>, policy: DecodePolicy, allowUnsigned: Bool) throws(DecodeError) -> Decoded {
        if let message = CanonicalReader.decode(bytes) { return Decoded(message: message, leniencies: []) }
        return try decodeInFull(bytes: bytes, policy: policy, allowUnsigned: allowUnsigned)
    }

    /// `decode` without the fast path: every rule checked, every problem named. The input is laid
    /// out as a `JSONTape` and read from there: no tree is made but metadata's.
    static func decodeInFull(bytes: UnsafeBufferPointer<UInt8>, policy: DecodePolicy, allowUnsigned: Bool) throws(DecodeError) -> Decoded {
        let result: Result<Decoded, DecodeError>
        do {
            result = try JSONTape.parse(bytes) { (tape) throws(DecodeError) in try decode(tape: tape, policy: policy, allowUnsigned: allowUnsigned) }
        } catch {
            throw DecodeError(error.code == .tooDeep ? .jsonTooDeep : .jsonSyntax, path: "", "at byte \(error.offset): \(error.reason)")
        }
        return try result.get()
    }

    private static func decode(tape: JSONTape, policy: DecodePolicy, allowUnsigned: Bool) throws(DecodeError) -> Decoded {
        guard tape.tokens[0].kind == .object else {
            throw DecodeError(.messageNotAnObject, path: "", "a message is a JSON object, got \(tape.value(at: 0).kindName)")
        }
        let object = WireObject(tape: tape, index: 0)
        guard let tag = object.lookup("type") else { throw DecodeError(.messageMissingType, path: "type", "is required") }
        guard object.kind(tag) == .string || object.kind(tag) == .escapedString else {
            throw DecodeError(.messageUnknownType, path: "type", "must be a string naming the message, got \(tape.value(at: tag).kindName)")
        }
        // One of the names as a shared string, or (for an error) the tag as it is.
        let typeName = Message.typeNameKeys.position(of: tag, in: tape).map { Message.typeNames[$0] } ?? tape.string(tag)
        var reader = FieldReader(policy: policy, allowUnsigned: allowUnsigned)
        guard let message = try Message.decode(typeName: typeName, object: object, reader: &reader) else {
            throw DecodeError(.messageUnknownType, path: "type", "\(quoted(typeName)) is not a Raiden 3.0.1 message (one of \(Message.typeNames.joined(separator: ", ")))")
        }
        return Decoded(message: message, leniencies: reader.leniencies)
    }
}

