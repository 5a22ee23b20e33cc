package dev.llmgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The registry changes made through the admin API, kept in the store so that they survive restarts and
 * reach every instance: one JSON model entry per model id. Every write bumps a version number in the same
 * transaction; the version's row is locked first, so edits are serialised across instances and no edit is
 * lost to another made at the same time. Blocking JDBC: call it off the event loop.
 */
public final class RegistryChanges {

    /** One model's change: its id, the entry (JSON text), and when it was last written. */
    public record Change(String modelId, String entry, long updatedAt) {}

    private static final String BUMP = "UPDATE registry_changes_version SET version = version + 1 WHERE id = 1";

    private final DataSource dataSource;

    public RegistryChanges(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Every change, oldest first (the order they are laid over the catalog in). */
    public List<Change> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT model_id, entry, updated_at FROM registry_changes ORDER BY updated_at, model_id");
             ResultSet rows = select.executeQuery()) {
            List<Change> changes = new ArrayList<>();
            while (rows.next()) {
                changes.add(new Change(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
            return changes;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the registry changes: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a model's change with what {@code edit} makes of the stored one (its JSON text, or null when
     * there is none), one edit at a time: an edit reads the latest change, even one another instance has
     * just written. An exception from {@code edit} writes nothing and is thrown on.
     */
    public synchronized void update(String modelId, UnaryOperator<String> edit, long updatedAt) {
        inTransaction(modelId, connection -> {
            String stored = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT entry FROM registry_changes WHERE model_id = ?")) {
                select.setString(1, modelId);
                try (ResultSet rows = select.executeQuery()) {
                    stored = rows.next() ? rows.getString(1) : null;
                }
            }
            String entry = edit.apply(stored);
            delete(connection, modelId);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO registry_changes (model_id, entry, updated_at) VALUES (?, ?, ?)")) {
                insert.setString(1, modelId);
                insert.setString(2, entry);
                insert.setLong(3, updatedAt);
                insert.executeUpdate();
            }
            return true;
        });
    }

    /** Removes a model's change; returns whether there was one. */
    public synchronized boolean remove(String modelId) {
        return inTransaction(modelId, connection -> delete(connection, modelId));
    }

    /**
     * A number that grows with every write to the changes, here or on another instance: when it moves, the
     * registry is rebuilt.
     */
    public long version() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT version FROM registry_changes_version WHERE id = 1");
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the registry changes: " + e.getMessage(), e);
        }
    }

    private static boolean delete(Connection connection, String modelId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM registry_changes WHERE model_id = ?")) {
            delete.setString(1, modelId);
            return delete.executeUpdate() > 0;
        }
    }

    @FunctionalInterface
    private interface Work {
        boolean run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} after locking (and bumping) the version row, committing only when it returns. */
    private boolean inTransaction(String modelId, Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement bump = connection.prepareStatement(BUMP)) {
                bump.executeUpdate();
                boolean changed = work.run(connection);
                if (changed) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot write the registry change of '" + modelId + "': " + e.getMessage(), e);
        }
    }

    /** The store failed; the message says what could not be done. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
