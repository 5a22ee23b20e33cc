package dev.llmgate.config;

/**
 * The store: a JDBC URL (PostgreSQL for many instances), or none for the embedded SQLite file in the data
 * directory. {@code LLMGATE_DATABASE_URL} overrides the file.
 */
public record DatabaseConfig(String url, String user, String password, Integer poolSize) {

    public static final DatabaseConfig DEFAULT = new DatabaseConfig(null, null, null, null);
}
