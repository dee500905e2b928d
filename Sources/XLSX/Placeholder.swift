/// XLSX (being built).
public enum XLSXModule {}
