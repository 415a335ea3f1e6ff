import NettingCrypto

/// How strictly `MessageCodec.decode` reads wire JSON (spec/messages.yaml `decoding.policies`).
public enum DecodePolicy: String, Sendable, CaseIterable, Codable {
    /// Only the canonical form Raiden emits.
    case strict
    /// What Raiden 3.0.1's decoder accepts; every leniency used is reported.
    case raiden
}

/// A rejected message: a stable code from the spec, the JSON path of the offending field
/// (empty for the message as a whole) and a human reason.
public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: DecodeErrorCode
    public let path: String
    public let reason: String

    public init(_ code: DecodeErrorCode, path: String, _ reason: String) {
        (self.code, self.path, self.reason) = (code, ErrorText.bounded(path), ErrorText.bounded(reason))
    }

    public var description: String {
        path.isEmpty ? "\(code.rawValue): \(reason)" : "\(code.rawValue) at \(path): \(reason)"
    }

    init(_ error: SignatureError, path: String) {
        let code: DecodeErrorCode
        switch error {
        case .invalidRecoveryId: code = .signatureInvalidV
        case .rOutOfRange: code = .signatureROutOfRange
        case .sOutOfRange: code = .signatureSOutOfRange
        case .unrecoverable, .invalidPrivateKey: code = .signatureUnrecoverable
        }
        self.init(code, path: path, error.reason)
    }
}

/// A leniency the `raiden` policy accepted: what and where.
public struct Leniency: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let code: LeniencyCode
    public let path: String

    public init(_ code: LeniencyCode, path: String) {
        (self.code, self.path) = (code, path)
    }

    public var description: String { "\(code.rawValue) at \(path)" }
}
