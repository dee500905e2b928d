import Coverage
import Domain
import GRDBSQLite
import Store

extension QRStatus {
    /// The status's name from static storage.
    private var staticName: StaticString {
        switch self {
        case .none: "none"
        case .registered: "registered"
        case .displayed: "displayed"
        case .verified: "verified"
        }
    }

    /// Binds the status's name to a statement parameter without a copy or an allocation, for the
    /// bulk writers that bind values themselves.
    func bind(to handle: OpaquePointer?, at index: Int32) {
        staticName.withUTF8Buffer { buffer in
            _ = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                sqlite3_bind_text(handle, index, chars, Int32(buffer.count), nil)
            }
        }
    }

    /// Makes the status's name the result of an SQL function call, without a copy.
    func resultText(_ context: OpaquePointer?) {
        staticName.withUTF8Buffer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                sqlite3_result_text(context, chars, Int32(buffer.count), nil)
            }
        }
    }
}
