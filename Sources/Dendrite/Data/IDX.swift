/// An array read from an IDX file, the format of MNIST and Fashion-MNIST
/// (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`).
///
/// The header is two zero bytes, a type byte (0x08: unsigned bytes, the only type these data
/// sets use), a dimension count, then each dimension as a big-endian 32-bit integer; the
/// values follow in row-major order.
public struct IDXArray: Sendable, Equatable {
    public var shape: [Int]
    public var bytes: [UInt8]

    /// Reads and validates an IDX file, raw or gzip-compressed.
    /// - Throws: ``DataError`` naming the file and the byte offset of the problem.
    public init(contentsOf path: String) throws {
        try self.init(bytes: readFileBytes(path), file: path)
    }

    /// Decodes IDX bytes held in memory, raw or gzip-compressed; `file` names the source in
    /// errors. ``init(contentsOf:)`` reads a file and then does the same.
    public init(bytes: [UInt8], file: String) throws {
        try self.init(decoding: decompressIfGzip(bytes, file: file), file: file)
    }

    /// Decodes uncompressed IDX bytes; `file` names the source in errors.
    ///
    /// The declared dimensions are checked against the bytes the file holds before anything
    /// is allocated for them: a header that declares more than the file can hold is an error
    /// naming the offset, the declared size and the available size.
    public init(decoding data: [UInt8], file: String) throws {
        func fail(_ offset: Int, _ message: String) -> DataError {
            DataError(file: file, location: "offset \(offset)", message)
        }
        guard data.count >= 4 else {
            throw fail(0, "file is \(data.count) bytes long, too short for the 4-byte IDX magic number")
        }
        guard data[0] == 0, data[1] == 0 else {
            throw fail(0, String(format: "bad magic number 0x%02x%02x%02x%02x: an IDX file starts with two zero bytes", data[0], data[1], data[2], data[3]))
        }
        guard data[2] == 0x08 else {
            throw fail(2, String(format: "element type 0x%02x is not supported (only 0x08, unsigned bytes)", data[2]))
        }
        let rank = Int(data[3])
        guard (1 ... 4).contains(rank) else {
            throw fail(3, "dimension count \(rank) is outside 1...4")
        }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else {
            throw fail(data.count, "file ends inside the header: \(rank) dimensions need \(headerSize) header bytes, the file has \(data.count)")
        }
        var shape: [Int] = []
        for d in 0 ..< rank {
            let o = 4 + 4 * d
            let size = Int(data[o]) << 24 | Int(data[o + 1]) << 16 | Int(data[o + 2]) << 8 | Int(data[o + 3])
            guard size > 0 else { throw fail(o, "dimension \(d) has size 0") }
            shape.append(size)
        }
        // The declared size (integer arithmetic only: nothing is allocated from it), checked
        // against the bytes the file holds.
        var expected = 1
        var overflow = false
        for size in shape {
            let (product, o) = expected.multipliedReportingOverflow(by: size)
            expected = product
            overflow = overflow || o
        }
        let found = data.count - headerSize
        guard !overflow, found >= expected else {
            throw fail(headerSize, "data is truncated: shape \(shape) needs \(overflow ? "more than \(Int.max)" : String(expected)) bytes after the \(headerSize)-byte header, found \(found)")
        }
        guard found == expected else {
            throw fail(headerSize, "\(found - expected) unexpected bytes after the \(expected) data bytes of shape \(shape)")
        }
        self.shape = shape
        self.bytes = Array(data[headerSize...])
    }
}

/// Images and labels from a pair of IDX files, checked against each other.
public struct IDXDataset: Sendable {
    /// `[count, height * width]` pixel values 0...255.
    public var images: IDXArray
    /// One class label per image.
    public var labels: [Int]

    /// Reads an image file (rank 3) and a label file (rank 1) and checks that they match and
    /// that every label is below `classes`.
    public init(images imagePath: String, labels labelPath: String, classes: Int = 10) throws {
        let images = try IDXArray(contentsOf: imagePath)
        let labels = try IDXArray(contentsOf: labelPath)
        guard images.shape.count == 3 else {
            throw DataError(file: imagePath, location: "offset 3", "an image file has 3 dimensions (count, rows, columns), this one has \(images.shape.count): \(images.shape)")
        }
        guard labels.shape.count == 1 else {
            throw DataError(file: labelPath, location: "offset 3", "a label file has 1 dimension, this one has \(labels.shape.count): \(labels.shape)")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw DataError(file: labelPath, location: "offset 4", "\(labels.shape[0]) labels for \(images.shape[0]) images in \(imagePath)")
        }
        let headerSize = 8
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classes }) {
            throw DataError(file: labelPath, location: "offset \(headerSize + bad)", "label \(labels.bytes[bad]) of item \(bad) is outside 0..<\(classes)")
        }
        self.images = IDXArray(shape: [images.shape[0], images.shape[1] * images.shape[2]], bytes: images.bytes)
        self.labels = labels.bytes.map(Int.init)
    }
}

extension IDXArray {
    init(shape: [Int], bytes: [UInt8]) {
        self.shape = shape
        self.bytes = bytes
    }
}

import Foundation
