package org.gongkai.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The operator's password of a local run's services (user {@code operator}, {@code gongkai.management.*}). */
final class OperatorPassword {

    private OperatorPassword() {}

    /**
     * The password (user {@code operator}, {@code gongkai.management.*}):
     * made once at random and kept in {@code $GONGKAI_HOME/operator-password}, readable by its owner only.
     */
    static String of(Path home) throws IOException {
        Path file = home.resolve("operator-password");
        if (!Files.exists(file)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(home);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions protect it
            }
        }
        return Files.readString(file).trim();
    }
}
