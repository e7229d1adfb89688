package org.gongkai.ingest.attach;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a {@link ParseChild} with the service's own classes, however the service was
 * launched: from a plain class path (tests, IDE), from Spring Boot's exploded layout (the Docker image: {@code
 * JarLauncher} in a directory, whose class loader lists plain files), or from the executable jar (the local run:
 * {@code java -jar}, nested jars a child cannot put on its class path, so it goes through Spring Boot's {@code
 * PropertiesLauncher} with {@code loader.main}). The child runs the service's {@code java} binary.
 */
final class ChildCommand {

    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private ChildCommand() {}

    /**
     * @param heap     the child's maximum heap, as {@code -Xmx} takes it (e.g. {@code 256m})
     * @param jvmFlags further JVM options
     */
    static List<String> forThisJvm(String heap, List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // A parse that exhausts the heap ends the child (exit code 3): the parent reports "memory".
        command.add("-XX:+ExitOnOutOfMemoryError");
        // The JVM's own messages (that one included) go to standard output by default: the protocol's channel.
        command.add("-XX:+DisplayVMOutputToStderr");
        // Small, short-lived heap: the serial collector has the least overhead; no class data sharing archive
        // writes, no attach listener.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvmFlags);
        List<String> files = fileClassPath(ParseChild.class.getClassLoader());
        if (files != null) {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, files));
            command.add(ParseChild.class.getName());
        } else if (isNested()) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("-Dloader.main=" + ParseChild.class.getName());
            command.add(PROPERTIES_LAUNCHER);
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ParseChild.class.getName());
        }
        return command;
    }

    /** The class path of a URL class loader that lists plain files only (Spring Boot exploded), else null. */
    private static List<String> fileClassPath(ClassLoader loader) {
        if (!(loader instanceof URLClassLoader urls) || loader == ClassLoader.getSystemClassLoader()) {
            return null;
        }
        List<String> files = new ArrayList<>();
        for (URL url : urls.getURLs()) {
            if (!"file".equals(url.getProtocol())) {
                return null;
            }
            try {
                files.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        if (files.isEmpty()) {
            return null;
        }
        // The parent loaders' classes (the launcher's own) are not needed: ParseChild needs only these.
        return files;
    }

    /** Whether this class was loaded from a jar nested in the executable jar. */
    private static boolean isNested() {
        URL location = ParseChild.class.getProtectionDomain().getCodeSource().getLocation();
        return location != null && !"file".equals(location.getProtocol());
    }
}
