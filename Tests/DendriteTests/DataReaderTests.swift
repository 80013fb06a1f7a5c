import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// The data readers on good and malformed files: every error names the file and where.
@Suite struct DataReaderTests {
    let dir: String = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-data-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let path = "\(dir)/\(name)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// An IDX header for unsigned bytes with the given dimensions.
    func idx(_ dims: [Int], _ data: [UInt8]) -> [UInt8] {
        [0, 0, 8, UInt8(dims.count)] + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } } + data
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test("a valid IDX pair reads, raw and gzip-compressed")
    func validIDX() throws {
        let images = file("img", idx([2, 2, 3], Array(0 ..< 12)))
        let labels = file("lab", idx([2], [7, 3]))
        let data = try IDXDataset(images: images, labels: labels)
        #expect(data.images.shape == [2, 6] && data.labels == [7, 3] && data.images.bytes == Array(0 ..< 12))
        // gzip through the system's gzip, as the distributed files are.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", images]
        try process.run()
        process.waitUntilExit()
        #expect(try IDXArray(contentsOf: images + ".gz").shape == [2, 2, 3])
    }

    @Test("malformed IDX files: messages name the file and the byte offset")
    func malformedIDX() {
        let wrongMagic = file("magic", [1, 2, 8, 1, 0, 0, 0, 1, 5])
        #expect(message { _ = try IDXArray(contentsOf: wrongMagic) } == "\(wrongMagic), offset 0: bad magic number 0x01020801: an IDX file starts with two zero bytes")
        let truncated = file("trunc", idx([3, 2, 2], Array(repeating: 1, count: 10)))
        #expect(message { _ = try IDXArray(contentsOf: truncated) } == "\(truncated), offset 16: data is truncated: shape [3, 2, 2] needs 12 bytes after the 16-byte header, found 10")
        let shortHeader = file("short", [0, 0, 8, 3, 0, 0])
        #expect(message { _ = try IDXArray(contentsOf: shortHeader) }?.contains("file ends inside the header") == true)
        let images = file("img2", idx([2, 1, 1], [1, 2]))
        let badLabel = file("lab2", idx([2], [3, 12]))
        #expect(message { _ = try IDXDataset(images: images, labels: badLabel) } == "\(badLabel), offset 9: label 12 of item 1 is outside 0..<10")
        let fewLabels = file("lab3", idx([1], [3]))
        #expect(message { _ = try IDXDataset(images: images, labels: fewLabels) } == "\(fewLabels), offset 4: 1 labels for 2 images in \(images)")
        #expect(message { _ = try IDXArray(contentsOf: "\(dir)/none") } == "\(dir)/none: no such file")
    }

    @Test("a truncated gzip stream is detected")
    func truncatedGzip() throws {
        let path = file("big", idx([1000], Array(repeating: 42, count: 1000)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = [path]
        try process.run()
        process.waitUntilExit()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
        let cut = file("cut.gz", Array(whole.prefix(whole.count - 12)))
        let error = message { _ = try IDXArray(contentsOf: cut) }
        #expect(error?.contains(cut) == true && (error?.contains("truncated") == true || error?.contains("corrupt") == true), "\(error ?? "no error")")
    }

    @Test("CSV: header, label column by name, class names sorted")
    func validCSV() throws {
        let path = file("flowers.csv", Array("a,b,kind\n1,2,rose\n3,4.5,lily\n\n5,6,rose\n".utf8))
        let table = try CSVTable(contentsOf: path, labelColumn: "kind")
        #expect(table.featureNames == ["a", "b"] && table.features == [[1, 2], [3, 4.5], [5, 6]])
        #expect(table.classNames == ["lily", "rose"] && table.labels == [1, 0, 1])
        let data = try Dataset<Float>.csv(path, labelColumn: "kind")
        #expect(data.features.shape == [3, 2] && data.classCount == 2)
    }

    @Test("malformed CSV: messages name the line and the column")
    func malformedCSV() {
        let missing = file("missing.csv", Array("x,y,label\n1,2,0\n3,,1\n".utf8))
        #expect(message { _ = try CSVTable(contentsOf: missing) } == "\(missing), line 3, column 'y': missing value")
        let text = file("text.csv", Array("x,y,label\n1,2,0\n3,abc,1\n".utf8))
        #expect(message { _ = try CSVTable(contentsOf: text) } == "\(text), line 3, column 'y': 'abc' is not a number")
        let short = file("short.csv", Array("x,y,label\n1,2\n".utf8))
        #expect(message { _ = try CSVTable(contentsOf: short) } == "\(short), line 2: 2 fields, the header has 3")
        let noColumn = file("nocol.csv", Array("x,y,label\n1,2,0\n".utf8))
        #expect(message { _ = try CSVTable(contentsOf: noColumn, labelColumn: "class") } == "\(noColumn), line 1: no column 'class'; columns are x, y, label")
        let infinite = file("inf.csv", Array("x,label\ninf,0\n".utf8))
        #expect(message { _ = try CSVTable(contentsOf: infinite) } == "\(infinite), line 2, column 'x': 'inf' is not finite")
    }

    @Test("embedded data sets have the documented shapes and class counts")
    func embedded() {
        let digits = Dataset<Float>.digits()
        #expect(digits.features.shape == [1797, 64] && digits.classCount == 10)
        #expect(digits.features.scalars.allSatisfy { (0 ... 16).contains($0) })
        let iris = Dataset<Double>.iris()
        #expect(iris.features.shape == [150, 4] && iris.classCounts == [50, 50, 50])
    }

    @Test("stratified split and k-fold keep class proportions and partition the rows")
    func sampling() {
        let iris = Dataset<Double>.iris()
        var g = SeededGenerator(seed: 1)
        let (train, validation) = iris.split(validationFraction: 0.2, using: &g)
        #expect(validation.classCounts == [10, 10, 10] && train.classCounts == [40, 40, 40])
        let folds = iris.stratifiedKFold(3, using: &g)
        #expect(folds.map { $0.validation.classCounts } == [[17, 17, 16], [17, 16, 17], [16, 17, 17]] || folds.allSatisfy { $0.validation.count == 50 })
        let heldOut = folds.flatMap { $0.validation.features.rows }
        #expect(Set(heldOut.map { $0.description }).count == Set(iris.features.rows.map { $0.description }).count)
        let batch = iris.randomBatch(of: 128, using: &g)
        #expect(batch.indices.count == 128 && Set(batch.indices).count < 128, "drawn with replacement")
    }

    @Test("the standardizer is fitted on training data only")
    func standardizer() {
        let train = Tensor<Double>([[1, 10], [3, 10]])
        let scaler = Standardizer(fitting: train)
        #expect(scaler(train).rows == [[-1, 0], [1, 0]])
        #expect(scaler(Tensor([[5, 11]])).rows == [[3, 1]], "constant features keep std 1")
    }
}
