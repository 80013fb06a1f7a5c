import Foundation
import Testing
@testable import Dendrite
@testable import DendriteTestSupport

/// Hostile headers: a size declared inside a file never makes a reader allocate more than the
/// file holds; the error names the file, the offset, the declared and the available size.
/// And every input under Tests/Fuzz (seed corpora and crash inputs found by scripts/fuzz)
/// decodes or throws, never crashes.
@Suite struct HostileInputTests {
    /// An IDX header for unsigned bytes with the given dimensions.
    func idx(_ dims: [Int], _ data: [UInt8]) -> [UInt8] {
        [0, 0, 8, UInt8(dims.count)] + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } } + data
    }

    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("data").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", path]
        try process.run()
        process.waitUntilExit()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    /// Runs `body` and checks it took less than a second (no allocation of the declared size).
    func quickly(_ body: () -> Void) {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test("IDX declaring 2^31 rows in a 20-byte file throws at once, naming offset, declared and available size")
    func idxHugeRows() throws {
        let bytes = idx([1 << 31], Array(repeating: 7, count: 12))
        #expect(bytes.count == 20)
        quickly {
            #expect(message { _ = try IDXArray(bytes: bytes, file: "rows.idx") }
                == "rows.idx, offset 8: data is truncated: shape [2147483648] needs 2147483648 bytes after the 8-byte header, found 12")
        }
        let compressed = try gzip(bytes)
        quickly {
            #expect(message { _ = try IDXArray(bytes: compressed, file: "rows.idx.gz") }
                == "rows.idx.gz, offset 8: data is truncated: shape [2147483648] needs 2147483648 bytes after the 8-byte header, found 12")
        }
    }

    @Test("IDX dimensions whose product overflows are rejected, not multiplied into a crash")
    func idxOverflow() {
        let all = 0xFFFF_FFFF
        let bytes = idx([all, all, all, all], [1, 2, 3])
        quickly {
            #expect(message { _ = try IDXArray(bytes: bytes, file: "big.idx") }
                == "big.idx, offset 20: data is truncated: shape [4294967295, 4294967295, 4294967295, 4294967295] needs more than \(Int.max) bytes after the 20-byte header, found 3")
        }
    }

    @Test("gzip in memory: concatenated members, truncation and trailing bytes")
    func gzipInMemory() throws {
        let whole = idx([4], [1, 2, 3, 4])
        let twoMembers = try gzip(Array(whole.prefix(5))) + gzip(Array(whole.dropFirst(5)))
        #expect(try IDXArray(bytes: twoMembers, file: "two.gz").bytes == [1, 2, 3, 4])
        let one = try gzip(whole)
        let cut = message { _ = try IDXArray(bytes: Array(one.dropLast(10)), file: "cut.gz") }
        #expect(cut?.hasPrefix("cut.gz, after") == true && cut?.contains("truncated") == true, "\(cut ?? "no error")")
        let trailing = message { _ = try IDXArray(bytes: one + [1, 2, 3], file: "tail.gz") }
        #expect(trailing == "tail.gz, offset \(one.count): 3 bytes after the gzip stream are not a gzip member")
    }

    /// A checkpoint header (version 1) around `payload`, with the right length and checksum.
    func checkpoint(count: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.append(Checkpoint.magic)
        w.append(UInt32(1))
        w.append(count)
        w.append(UInt64(payload.count))
        w.append(CRC32.checksum(payload))
        w.append(UInt32(0))
        w.append(payload)
        return w.bytes
    }

    @Test("checkpoint: a declared entry count the payload cannot hold is rejected before reading entries")
    func checkpointHugeCount() {
        let bytes = checkpoint(count: .max, [0, 0, 0, 0])
        quickly {
            #expect(throws: CheckpointError.malformed(offset: 12, message: "the header declares 4294967295 entries, at least 60129542130 bytes, but the payload holds 4")) {
                try Checkpoint(decoding: bytes)
            }
        }
    }

    @Test("checkpoint: declared name, shape and data lengths beyond the file throw, naming offset and sizes")
    func checkpointHugeEntry() {
        // A name of 2^32 - 1 bytes.
        var name = ByteWriter()
        name.append(UInt32.max)
        name.append([UInt8](repeating: 0, count: 10))
        let hugeName = checkpoint(count: 1, name.bytes)
        quickly {
            #expect(message { _ = try Checkpoint(decoding: hugeName) }
                == "checkpoint truncated: the file ends at offset 46, expected the 4294967295-byte name of entry 0 at offset 36")
        }
        // A Float32 entry of shape [2^30, 2^30] with a consistent data length in 60 bytes.
        var entry = ByteWriter()
        entry.append(UInt32(1)); entry.append(Array("w".utf8)); entry.append(UInt8(1)); entry.append(UInt8(2))
        entry.append(UInt64(1 << 30)); entry.append(UInt64(1 << 30)); entry.append(UInt64(1 << 62))
        let hugeData = checkpoint(count: 1, entry.bytes)
        quickly {
            #expect(message { _ = try Checkpoint(decoding: hugeData) }
                == "checkpoint truncated: the file ends at offset \(hugeData.count), expected 4611686018427387904 bytes of data for 'w' at offset \(hugeData.count)")
        }
        // Dimensions whose product overflows.
        var overflow = ByteWriter()
        overflow.append(UInt32(1)); overflow.append(Array("w".utf8)); overflow.append(UInt8(1)); overflow.append(UInt8(3))
        overflow.append(UInt64(1 << 40)); overflow.append(UInt64(1 << 40)); overflow.append(UInt64(1 << 40)); overflow.append(UInt64(0))
        quickly {
            #expect(message { _ = try Checkpoint(decoding: checkpoint(count: 1, overflow.bytes)) }
                == "checkpoint malformed at offset 47: 'w' has an impossible dimension 1099511627776")
        }
    }

    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// Every file of Tests/Fuzz/<target>/corpus and crashes.
    static func inputs(_ target: String) -> [URL] {
        ["corpus", "crashes"].flatMap { sub -> [URL] in
            let dir = fuzzFolder.appendingPathComponent(target).appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
        }
    }

    @Test("the fuzz corpora and crash inputs decode or throw, never crash")
    func replayFuzzInputs() throws {
        var count = 0
        for url in Self.inputs("idx") {
            _ = try? IDXArray(bytes: [UInt8](Data(contentsOf: url)), file: url.path); count += 1
        }
        for url in Self.inputs("csv") {
            _ = try? CSVTable(bytes: [UInt8](Data(contentsOf: url)), file: url.path); count += 1
        }
        for url in Self.inputs("checkpoint") {
            _ = try? Checkpoint(decoding: [UInt8](Data(contentsOf: url))); count += 1
        }
        for url in Self.inputs("fixture") {
            _ = try? NetworkFixture(json: Data(contentsOf: url), file: url.path); count += 1
        }
        #expect(count >= 20, "found \(count) inputs under \(Self.fuzzFolder.path)")
    }

    @Test("the valid seeds decode: IDX raw and gzip, CSV, a checkpoint that re-encodes to the same bytes, fixtures")
    func validSeeds() throws {
        let corpus = { (target: String, name: String) in
            [UInt8](try Data(contentsOf: Self.fuzzFolder.appendingPathComponent("\(target)/corpus/\(name)")))
        }
        #expect(try IDXArray(bytes: corpus("idx", "images-2x2x3.idx"), file: "a") == IDXArray(bytes: corpus("idx", "images-2x2x3.idx.gz"), file: "b"))
        #expect(try IDXArray(bytes: corpus("idx", "two-members.idx.gz"), file: "c").bytes == [1, 2])
        #expect(try CSVTable(bytes: corpus("csv", "flowers.csv.gz"), file: "f").classNames == ["lily", "rose"])
        let bytes = try corpus("checkpoint", "model-and-optimizer.ckpt")
        let decoded = try Checkpoint(decoding: bytes)
        #expect(decoded.entries.count == 4 && decoded.encoded() == bytes)
        _ = try NetworkFixture(json: Data(corpus("fixture", "mlp_relu_ce_sgd_f64-trimmed.json")), file: "x")
    }
}
