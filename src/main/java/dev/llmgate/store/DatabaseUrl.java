package dev.llmgate.store;

import dev.llmgate.config.ConfigLoader.ConfigException;
import dev.llmgate.config.DatabaseConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the store lives, read from {@code database.url}: nothing for the embedded SQLite file in the data
 * directory, a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL, or a {@code postgres://user:pass@host/db}
 * URL as hosting services hand them out (the JDBC driver takes no credentials in the authority, so they
 * are moved to {@code user} and {@code password}).
 */
public record DatabaseUrl(Database.Engine engine, String jdbcUrl, String user, String password) {

    static final String SQLITE_FILE = "llmgate.db";

    public static DatabaseUrl of(DatabaseConfig config, Path dataDir) {
        String url = config.url() == null ? "" : config.url().trim();
        if (url.isEmpty()) {
            return new DatabaseUrl(Database.Engine.SQLITE, "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE), null, null);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Database.Engine.SQLITE, url, null, null);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Database.Engine.POSTGRESQL, url, config.user(), config.password());
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return fromServiceUrl(url, config);
        }
        throw new ConfigException("database.url '" + redacted(url) + "' is not a database llmgate can use: give a"
                + " PostgreSQL URL (postgres://user:password@host:5432/db or jdbc:postgresql://host:5432/db), a"
                + " jdbc:sqlite: URL, or nothing for the SQLite file in the data directory.");
    }

    /** The SQLite file this URL names, or null for an in-memory database. */
    Path sqliteFile() {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        return file.isEmpty() || file.equals(":memory:") ? null : Path.of(file);
    }

    /** The URL as it may be logged: without a password. */
    public String describe() {
        return redacted(jdbcUrl);
    }

    private static DatabaseUrl fromServiceUrl(String url, DatabaseConfig config) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException("database.url is not a valid URL: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw new ConfigException("database.url '" + redacted(url) + "' names no host.");
        }
        String user = config.user();
        String password = config.password();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(Database.Engine.POSTGRESQL, jdbc, user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redacted(String url) {
        return url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
