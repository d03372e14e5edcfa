package io.promless.differential;

/** How a corpus query is run: as instant queries or as range queries. */
public enum QueryMode {
    INSTANT,
    RANGE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
