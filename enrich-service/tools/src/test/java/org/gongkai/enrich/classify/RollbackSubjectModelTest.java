package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's command as a process of its own, under the umask 077 of a hardened host: what it writes must still be
 * readable by enrich-service, which runs as another user (session 20, the registry mounted into Compose).
 */
class RollbackSubjectModelTest {

    @TempDir
    Path dir;

    private record Run(int status, String out) {}

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "sh",
                "-c",
                "umask 077 && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RollbackSubjectModel.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private Path artefact(String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SubjectModel.loadDefault().withVersion(version).write(out);
        return Files.write(dir.resolve(version + ".out.bin.gz"), out.toByteArray());
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aModelTrainedElsewhereIsPromotedUnderItsVersionAndEveryFileIsReadableByOtherUsersWhateverTheUmask()
            throws Exception {
        Path registry = Files.createDirectory(dir.resolve("registry"));
        Path model = artefact("subject-operator-1");

        Run run = run("--registry", registry.toString(), "--promote", model.toString());

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.out()).contains("current: subject-operator-1");
        assertThat(ModelRegistry.reader(registry).current()).contains("subject-operator-1");
        assertThat(ModelRegistry.reader(registry).currentModel().version()).isEqualTo("subject-operator-1");
        assertThat(permissions(registry.resolve("models"))).isEqualTo("rwxr-xr-x");
        assertThat(permissions(registry.resolve("models/subject-operator-1.bin.gz")))
                .isEqualTo("rw-r--r--");
        assertThat(permissions(registry.resolve("CURRENT"))).isEqualTo("rw-r--r--");
        assertThat(permissions(registry.resolve("history.log"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(registry.resolve("history.log")))
                .contains("\tpromote\tsubject-operator-1\toperator: subject-operator-1.out.bin.gz");

        Run rollback = run("--registry", registry.toString(), "--shipped");
        assertThat(rollback.status()).isZero();
        assertThat(permissions(registry.resolve("HOLD"))).isEqualTo("rw-r--r--");
    }

    @Test
    void aVersionAlreadyInTheRegistryOrAFileThatIsNoModelIsRefusedAndTheCurrentOneStays() throws Exception {
        Path registry = Files.createDirectory(dir.resolve("registry"));
        Path model = artefact("subject-operator-1");
        assertThat(run("--registry", registry.toString(), "--promote", model.toString())
                        .status())
                .isZero();

        Run again = run("--registry", registry.toString(), "--promote", model.toString());
        Run garbage = run(
                "--registry",
                registry.toString(),
                "--promote",
                Files.write(dir.resolve("garbage"), new byte[] {1, 2, 3}).toString());

        assertThat(again.status()).isEqualTo(1);
        assertThat(again.out()).contains("promotion refused").contains("already in the registry");
        assertThat(garbage.status()).isEqualTo(1);
        assertThat(garbage.out()).contains("promotion refused");
        assertThat(ModelRegistry.reader(registry).current()).contains("subject-operator-1");
    }
}
