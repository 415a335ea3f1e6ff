import NettingCrypto

/// Writing typed fields in Raiden's wire form: integers as decimal strings, bytes and addresses
/// as lowercase 0x hex.
extension JSONWriter {
    public mutating func field(_ key: String, _ value: String) { self.key(key); string(value) }
    public mutating func field(_ key: String, _ value: UInt64) { self.key(key); decimalString(String(value)) }
    public mutating func field(_ key: String, _ value: UInt256) { self.key(key); decimalString(value.decimal) }
    public mutating func field(_ key: String, _ value: Address) { self.key(key); hexString(value.bytes) }
    public mutating func field(_ key: String, _ value: Hash32) { self.key(key); hexString(value.bytes) }
    public mutating func field(_ key: String, _ value: Signature) { self.key(key); hexString(value.bytes) }
    public mutating func field(_ key: String, _ value: Bool) { self.key(key); bool(value) }
    public mutating func field(_ key: String, _ value: Timestamp) { self.key(key); string(value.isoformat) }
    public mutating func field(_ key: String, _ value: Metadata) { self.key(key); self.value(value.json) }

    public mutating func field(_ key: String, _ value: [ImbalancePoint]?) {
        self.key(key)
        guard let value else { return null() }
        beginArray()
        for point in value {
            beginArray()
            decimalString(point.x.decimal)
            decimalString(point.y.decimal)
            endArray()
        }
        endArray()
    }
}
