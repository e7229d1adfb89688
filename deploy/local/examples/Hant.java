import com.ibm.icu.text.Transliterator;
import java.nio.file.Files;
import java.nio.file.Path;

/** Simplified → Traditional (ICU4J Hans-Hant) of a file, for portals_s10.py's mirror: java -cp icu4j.jar Hant.java IN OUT. */
public class Hant {
    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), Transliterator.getInstance("Hans-Hant").transliterate(text));
    }
}
