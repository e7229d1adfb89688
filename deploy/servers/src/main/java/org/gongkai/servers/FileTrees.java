package org.gongkai.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * File-tree work the launchers need: unzip with executable launchers, copy, mirror with hard links, delete. Plain
 * {@code java.nio.file}: commons-io would add a dependency to every test class path for four short loops.
 */
final class FileTrees {

    private FileTrees() {}

    /** Unpacks {@code zip} below {@code target}, refusing entries outside it; files under a {@code bin/} run. */
    static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream zin = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zin.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zin, out, StandardCopyOption.REPLACE_EXISTING);
                    String parent = out.getParent().getFileName().toString();
                    if (parent.equals("bin") || entry.getName().contains("/bin/") || parent.equals("platform")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        // Native launchers live under modules/*/platform/*/bin and lib/platform: make every file there runnable.
        try (Stream<Path> files = Files.walk(target)) {
            files.filter(p -> p.toString().contains("/bin/") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> p.toFile().setExecutable(true, false));
        }
    }

    /** Copies a tree, replacing files that exist. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Mirrors a tree with hard links (files are never written through them: Elasticsearch only reads its home). */
    static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.createLink(target, source);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    /** Deletes a tree; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
