// libFuzzer target: the CSV reader on plain or gzip-compressed bytes (scripts/fuzz csv).
import Dendrite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let table = try? CSVTable(bytes: bytes, file: "fuzz.csv") {
        precondition(table.features.count == table.labels.count)
        precondition(table.labels.allSatisfy { table.classNames.indices.contains($0) })
        // The data set built from the table, as `Dataset.csv` does.
        _ = try? CSVTable(bytes: bytes, file: "fuzz.csv", labelColumn: table.featureNames.first)
    }
    return 0
}
