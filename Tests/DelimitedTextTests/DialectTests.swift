import Testing

@testable import DelimitedText

@Suite("DelimitedText dialect")
struct DialectTests {
    @Test(
        "a sep= line sets the delimiter, is skipped and counts as line 1",
        arguments: [
            ("sep=;\r\n", ";"), ("sep=,\n", ","), ("sep=\t\n", "\t"), ("sep=\\t\n", "\t"), ("SEP=;\r", ";"),
        ])
    func separatorLine(_ line: String, _ delimiter: String) throws {
        let result = try readEveryWay(utf8(line + "id\(delimiter)name\n1\(delimiter)\"An, Bình;\tTư\"\n"))
        #expect(result.delimiter == Character(delimiter))
        #expect(result.fields == [["id", "name"], ["1", "An, Bình;\tTư"]])
        #expect(result.lines == [2, 3])
    }

    @Test("a sep= line after a UTF-8 or UTF-16 byte-order mark")
    func separatorLineAfterBOM() throws {
        let text = "sep=;\nid;name\n1;Hà\n"
        for bytes in [[0xEF, 0xBB, 0xBF] + utf8(text), utf16(text, bigEndian: false), utf16(text, bigEndian: true)] {
            let result = try readEveryWay(bytes)
            #expect(result.delimiter == ";")
            #expect(result.fields == [["id", "name"], ["1", "Hà"]])
            #expect(result.lines == [2, 3])
        }
    }

    @Test("a sep= line naming a delimiter the file does not use gives one-field records (the header check then fails)")
    func separatorLineWrong() throws {
        let result = try readEveryWay(utf8("sep=;\nid,name\n1,An\n"))
        #expect(result.delimiter == ";")
        #expect(result.fields == [["id,name"], ["1,An"]])
    }

    @Test("sep= with another character is not a separator line")
    func separatorLineOther() throws {
        let result = try readEveryWay(utf8("sep=|\nid,name\n"))
        #expect(result.fields == [["sep=|"], ["id", "name"]])
        #expect(result.lines == [1, 2])
    }

    @Test(
        "the most frequent of , ; and tab outside quotes in the first record wins",
        arguments: [
            ("a;b;c\n1;2,5;3\n", ";"),
            ("a,b,c\n1;2;3;4;5\n", ","),
            ("a\tb\tc\n1\t2\t3\n", "\t"),
            ("\"x,y,z\";\"p,q\";b\n", ";"),
            ("\"Tên; chủ\"\t\"Số, TK\"\tx\n", "\t"),
            ("single\nb;c;d\n", ","),
            ("a;b,c\n", ","),
            ("a\tb;c\n", ";"),
        ])
    func detection(_ text: String, _ delimiter: String) throws {
        #expect(try readEveryWay(utf8(text)).delimiter == Character(delimiter))
    }

    @Test("a forced delimiter wins over detection and over a sep= line (which is still skipped)")
    func forcedDelimiter() throws {
        let options = DelimitedTextOptions(delimiter: UInt8(ascii: ";"))
        #expect(try readEveryWay(utf8("a,b;c\n"), options: options).fields == [["a,b", "c"]])
        let result = try readEveryWay(utf8("sep=,\na,b;c\n"), options: options)
        #expect(result.fields == [["a,b", "c"]])
        #expect(result.lines == [2])
    }

    @Test("detection helpers on their own")
    func helpers() {
        #expect(Dialect.separatorLine(utf8("sep=;")[...]) == UInt8(ascii: ";"))
        #expect(Dialect.separatorLine(utf8("sep=;x\n")[...]) == nil)
        #expect(Dialect.separatorLine(utf8("sep=")[...]) == nil)
        #expect(Dialect.detectDelimiter(utf8("")[...]) == UInt8(ascii: ","))
        #expect(Dialect.detectDelimiter(utf8("\"a;b;c\n;;\",x\n")[...]) == UInt8(ascii: ","))
    }
}
