import NettingCrypto
import Testing

@Suite struct AddressTests {
    /// Addresses of known keys. 0x000102…1f is the key of Raiden's fixtures (its README gives the
    /// address); the others are the values eth-keys gives for those keys.
    @Test(arguments: [
        ("0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "0xedE35562d3555e61120a151B3c8e8e91d83a378a"),
        ("0x1111111111111111111111111111111111111111111111111111111111111111", "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"),
        ("0x2222222222222222222222222222222222222222222222222222222222222222", "0x1563915e194D8CfBA1943570603F7606A3115508"),
    ])
    func addressOfKnownKey(key: String, expected: String) throws {
        let address = try PrivateKey(Hex.decode(key)).address
        #expect(address.checksummed == expected)
        #expect(address.hex == expected.lowercased())
    }

    /// The examples in EIP-55 itself.
    @Test(arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Examples(text: String) throws {
        let address = try Address(hex: text)
        #expect(address.checksummed == text)
        #expect(try Address(hex: text.lowercased()) == address)
    }

    @Test func wrongChecksumIsRejected() {
        // EIP-55 example with one letter's case flipped.
        #expect(throws: ValueError.badChecksum(expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")) {
            try Address(hex: "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        }
    }

    @Test func badShapesAreRejected() {
        #expect(throws: ValueError.wrongByteLength(expected: 20, actual: 19)) { try Address(hex: "0x" + String(repeating: "ab", count: 19)) }
        #expect(throws: ValueError.oddHexLength(digits: 41)) { try Address(hex: "0x" + String(repeating: "a", count: 41)) }
        #expect(throws: ValueError.invalidHexCharacter("g", offset: 2)) { try Address(hex: "0xg" + String(repeating: "a", count: 39)) }
        #expect(throws: ValueError.missingHexPrefix) { try Address(hex: String(repeating: "a", count: 40)) }
        #expect(throws: ValueError.empty) { try Address(hex: "") }
    }
}
