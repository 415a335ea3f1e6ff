import NettingCodec
import NettingCrypto

// Codable for the crypto and codec value types the channel state holds, in the wire JSON's
// spelling: amounts as decimal strings, addresses and hashes as lowercase 0x hex.
// NettingCrypto and NettingCodec do not declare Codable (they do no I/O); if they ever do,
// delete these and keep the same spellings there.

/// A value written as one JSON string in its wire spelling.
protocol WireStringCodable: Codable {
    init(wireText: String) throws(ValueError)
    var wireText: String { get }
}

extension WireStringCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(wireText: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wireText)
    }
}

extension UInt256: WireStringCodable {
    init(wireText: String) throws(ValueError) { try self.init(decimal: wireText) }
    var wireText: String { decimal }
}

extension Address: WireStringCodable {
    init(wireText: String) throws(ValueError) { try self.init(hex: wireText) }
    var wireText: String { hex }
}

extension Hash32: WireStringCodable {
    init(wireText: String) throws(ValueError) { try self.init(hex: wireText) }
    var wireText: String { hex }
}

extension Signature: WireStringCodable {
    init(wireText: String) throws(ValueError) { try self.init(hex: wireText) }
    var wireText: String { hex }
}

extension Lock: Codable {
    enum CodingKeys: String, CodingKey {
        case amount, expiration, secrethash
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            amount: try c.decode(UInt256.self, forKey: .amount), expiration: try c.decode(UInt256.self, forKey: .expiration),
            secrethash: try c.decode(Hash32.self, forKey: .secrethash))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount, forKey: .amount)
        try c.encode(expiration, forKey: .expiration)
        try c.encode(secrethash, forKey: .secrethash)
    }
}

extension CanonicalIdentifier: Codable {
    enum CodingKeys: String, CodingKey {
        case chainIdentifier = "chain_identifier"
        case tokenNetworkAddress = "token_network_address"
        case channelIdentifier = "channel_identifier"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            chainIdentifier: try c.decode(UInt256.self, forKey: .chainIdentifier),
            tokenNetworkAddress: try c.decode(Address.self, forKey: .tokenNetworkAddress),
            channelIdentifier: try c.decode(UInt256.self, forKey: .channelIdentifier))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chainIdentifier, forKey: .chainIdentifier)
        try c.encode(tokenNetworkAddress, forKey: .tokenNetworkAddress)
        try c.encode(channelIdentifier, forKey: .channelIdentifier)
    }
}
