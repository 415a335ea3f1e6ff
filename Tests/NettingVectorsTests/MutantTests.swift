import NettingMachine
@testable import NettingVectors
import Testing

/// The corpus catches broken machines: each mutant fails at least one case (issue 12 asks for
/// at least 19 in 20; a survivor shows a gap in the corpus).
@Suite struct MutantTests {
    @Test(arguments: Mutant.allCases)
    func theCorpusCatchesTheMutant(_ mutant: Mutant) {
        let report = VectorRunner.run(read: CorpusTests.read, implementation: MutantImplementation(mutant))
        #expect(!report.failures.isEmpty, "\(mutant.rawValue) (\(mutant.doc)) survives every case")
    }

    @Test func thereAreAtLeastTwentyMutants() {
        #expect(Mutant.allCases.count >= 20)
    }
}
