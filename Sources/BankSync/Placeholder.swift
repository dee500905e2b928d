/// BankSync (being built).
public enum BankSyncModule {}
