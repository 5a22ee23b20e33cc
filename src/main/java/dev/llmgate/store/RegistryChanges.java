package dev.llmgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The registry changes made through the admin API, kept in the store so that they survive restarts and
 * reach every instance: one JSON model entry per model id. Blocking JDBC: call it off the event loop.
 */
public final class RegistryChanges {

    /** One model's change: its id, the entry (JSON text), and when it was last written. */
    public record Change(String modelId, String entry, long updatedAt) {}

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

    /** Writes (or replaces) a model's change. */
    public void put(String modelId, String entry, long updatedAt) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM registry_changes WHERE model_id = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO registry_changes (model_id, entry, updated_at) VALUES (?, ?, ?)")) {
                delete.setString(1, modelId);
                delete.executeUpdate();
                insert.setString(1, modelId);
                insert.setString(2, entry);
                insert.setLong(3, updatedAt);
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot write the registry change of '" + modelId + "': " + e.getMessage(), e);
        }
    }

    /** Removes a model's change; returns whether there was one. */
    public boolean remove(String modelId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM registry_changes WHERE model_id = ?")) {
            delete.setString(1, modelId);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("Cannot remove the registry change of '" + modelId + "': " + e.getMessage(), e);
        }
    }

    /** A fingerprint of the changes (count and latest write): when it moves, another instance changed them. */
    public String version() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM registry_changes");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1) + "@" + rows.getLong(2);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the registry changes: " + e.getMessage(), e);
        }
    }

    /** The store failed; the message says what could not be done. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
