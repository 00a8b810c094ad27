package dev.jobqueue.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The password of the embedded server's {@code root} user: generated once at random and kept
 * in a file inside the data folder that only its owner can read, so a kept data folder opens
 * with the same password after a restart.
 *
 * <p>The accounts are (re)written at every start by an init file the server runs before it
 * accepts connections ({@link #initSql()}): {@code root} on {@code localhost} and
 * {@code 127.0.0.1} with this password and every privilege, and the anonymous accounts
 * dropped. A data folder written by an older version, whose server ran without grant tables
 * and so never needed a password, gets one at its first start this way; so does a folder
 * whose password file was deleted.
 */
final class RootPassword {

    static final String FILE_NAME = "jobqueue-embedded.password";
    static final String USER = "root";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final boolean generated;

    private RootPassword(String value, boolean generated) {
        this.value = value;
        this.generated = generated;
    }

    /** The password kept in the data folder, or a new one when it holds none yet. */
    static RootPassword readOrGenerate(Path dataDir) throws IOException {
        Optional<String> kept = read(dataDir.resolve(FILE_NAME));
        if (kept.isPresent()) {
            return new RootPassword(kept.get(), false);
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return new RootPassword(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
    }

    private static Optional<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    String value() {
        return value;
    }

    /** Writes a generated password into the data folder (owner read and write only). */
    void keepIn(Path dataDir) throws IOException {
        if (generated) {
            writePrivate(dataDir.resolve(FILE_NAME), value + "\n");
        }
    }

    /** Whether this password was generated at this start (the data folder had none). */
    boolean generated() {
        return generated;
    }

    /**
     * Statements that give {@code root} this password, run by the server at startup. The
     * password appears only as its {@code mysql_native_password} hash.
     */
    String initSql() {
        String hash = nativePasswordHash(value);
        StringBuilder sql = new StringBuilder();
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            sql.append("CREATE OR REPLACE USER '")
                    .append(USER)
                    .append("'@'")
                    .append(host)
                    .append("' IDENTIFIED BY PASSWORD '")
                    .append(hash)
                    .append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO '")
                    .append(USER)
                    .append("'@'")
                    .append(host)
                    .append("' WITH GRANT OPTION;\n");
        }
        sql.append("DROP USER IF EXISTS ''@'localhost', ''@'127.0.0.1', ''@'%', '")
                .append(USER)
                .append("'@'::1', '")
                .append(USER)
                .append("'@'%';\n");
        return sql.toString();
    }

    /** Writes a file that only its owner may read or write, created with those rights. */
    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system (Windows): the folder's rights apply
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Could not create " + file + " afresh", e);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** {@code *} and the upper-case hex of SHA1(SHA1(password)), as PASSWORD() computes it. */
    static String nativePasswordHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
