/// The object keys of Raiden messages too long for Swift's inline small strings (more than 15
/// UTF-8 bytes). The parser hands out these shared strings when a key has exactly their bytes,
/// instead of allocating a new string per key per message. Which string is returned cannot be
/// observed: it has the same bytes.
enum InternedKeys {
    static let all: [String] = [
        "address_metadata", "canonical_identifier", "chain_identifier", "channel_identifier",
        "delivered_message_identifier", "imbalance_penalty", "message_identifier",
        "monitoring_service_contract_address", "non_closing_participant", "non_closing_signature",
        "other_participant", "payment_identifier", "token_network_address", "transferred_amount",
        "updating_capacity", "updating_participant",
    ]

    /// `(utf8 bytes, string)` for each key, for comparing against input bytes.
    private static let table: [([UInt8], String)] = all.map { (Array($0.utf8), $0) }

    /// The shared string whose UTF-8 bytes are `bytes`, if any.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count > 15 else { return nil }
        for (utf8, string) in table where utf8.count == bytes.count {
            if utf8.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return string }
        }
        return nil
    }
}
