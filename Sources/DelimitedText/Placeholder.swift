/// DelimitedText (being built).
public enum DelimitedTextModule {}
