import NettingCrypto
import NettingMachine
import Testing

/// A balance can exceed 2^256 − 1 (a deposit near the limit plus what the partner sent): it is
/// printed as its exact decimal, not as `1·2^256 + 1157…934`. Expected values: Python's integers
/// (`2**257 - 2`, `5 * (2**256 - 1) - 3`).
@Suite struct SignedAmountTests {
    @Test func aBalanceAbove2To256PrintsItsExactDecimal() {
        let max = SignedAmount(UInt256.max)
        #expect((max + max).description == "231584178474632390847141970017375815706539969331281128078915168015826259279870")
        #expect((-(max + max)).description == "-231584178474632390847141970017375815706539969331281128078915168015826259279870")
        #expect((max + max + max + max + max - SignedAmount(3)).description == "578960446186580977117854925043439539266349923328202820197287920039565648199672")
        #expect((max + SignedAmount(1)).description == "115792089237316195423570985008687907853269984665640564039457584007913129639936")
        #expect(SignedAmount(70).description == "70")
    }
}
