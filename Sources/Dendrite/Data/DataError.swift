/// A data file that cannot be used, with where the problem is: the file, and the byte
/// offset (binary files) or the line and column (text files).
public struct DataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// "offset 16", "line 4, column 'petal_width'", or empty when the whole file is meant.
    public var location: String
    public var message: String

    public init(file: String, location: String = "", _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        location.isEmpty ? "\(file): \(message)" : "\(file), \(location): \(message)"
    }
}
