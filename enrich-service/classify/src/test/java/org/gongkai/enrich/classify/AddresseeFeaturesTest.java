package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The addressee block of {@link TextFeatures}: its own features, apart from the issuer's agency block. */
class AddresseeFeaturesTest {

    private static final TextFeatures.Weights WITH_ADDRESSEES = new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0.8f);

    private final TextFeatures features = new TextFeatures(18, 6000, WITH_ADDRESSEES);

    private final Agencies agencies = Agencies.standard();

    /** A Hebei 复函 (2011), opening as published. */
    private static final String REPLY_TITLE = "河北省人民政府办公厅关于同意廊沧高速公路廊坊段设置收费站的复函";

    private static final String REPLY_BODY = "省交通运输厅、省财政厅、省发展和改革委员会：　　冀交公〔2011〕287号文收悉。省政府同意廊沧高速公路廊坊段"
            + "建成后，设置永清南、信安、大柳河、文安、龙街、大城、臧屯7处互通立交匝道收费站，收取机动车辆通行费，以偿还建设债务。";

    @Test
    void theAgenciesOfTheAddresseeLineAreAddresseeFeaturesNotIssuers() {
        FeatureVector v = features.extract(REPLY_TITLE, REPLY_BODY, null, "河北省人民政府办公厅", agencies);
        assertThat(v.addressees()).extracting(Agencies.Agency::name).containsExactly("交通运输厅", "财政厅", "发展和改革委员会");
        // the issuer's block no longer reads them: the issuer (a provincial general office) is no domain agency
        assertThat(v.agencies()).isEmpty();
        List<String> terms = addresseeTerms(v);
        assertThat(terms).contains("受文机关:交通运输厅", "受文机关:财政厅");
        // the first-named addressee leads, as the first-named issuer does
        assertThat(maxValue(v, "受文机关:交通运输厅")).isGreaterThan(maxValue(v, "受文机关:财政厅"));
    }

    @Test
    void theAgenciesACopyGoesToAreAddresseesToo() {
        // the end of a Hebei 复函 (2021): signature, date, then the copied list
        String body = REPLY_BODY + "　　河北省人民政府办公厅　　2021年9月1日　　抄送：交通运输部、国家发展改革委、财政部。";
        FeatureVector v = features.extract(REPLY_TITLE, body, null, null, agencies);
        assertThat(v.addressees())
                .extracting(Agencies.Agency::name)
                .containsExactly("交通运输厅", "财政厅", "发展和改革委员会", "交通运输部", "发展改革委", "财政部");
        assertThat(v.agencies()).isEmpty();
    }

    @Test
    void aRepliesAddresseesAlsoCountUnderKeysOfTheirOwn() {
        FeatureVector reply = features.extract(REPLY_TITLE, REPLY_BODY, null, null, agencies);
        FeatureVector notice = features.extract(REPLY_TITLE.replace("复函", "通知"), REPLY_BODY, null, null, agencies);
        int replyFeatures = addresseeTerms(reply).size();
        int noticeFeatures = addresseeTerms(notice).size();
        assertThat(noticeFeatures).isPositive();
        assertThat(replyFeatures).isEqualTo(2 * noticeFeatures);
    }

    @Test
    void aGenericAddresseeListCarriesNoDomain() {
        String body = "国务院办公厅关于做好防汛工作的通知\n国办发明电〔2020〕12号\n\n" + "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n为做好今年的防汛工作，现将有关事项通知如下。";
        FeatureVector v = features.extract("国务院办公厅关于做好防汛工作的通知", body, null, "国务院办公厅", agencies);
        assertThat(AddresseeLine.text(body)).isEqualTo("各省、自治区、直辖市人民政府，国务院各部委、各直属机构");
        assertThat(v.addressees()).isEmpty();
        assertThat(addresseeTerms(v)).isEmpty();
    }

    @Test
    void withoutTheBlockTheAddresseesAreReadAsIssuersAsBefore() {
        TextFeatures before = new TextFeatures(18, 6000, TextFeatures.Weights.DEFAULTS);
        assertThat(TextFeatures.Weights.DEFAULTS.addressee()).isZero();
        FeatureVector v = before.extract(REPLY_TITLE, REPLY_BODY, null, null, agencies);
        assertThat(v.addressees()).isEmpty();
        assertThat(v.agencies()).extracting(Agencies.Agency::name).startsWith("交通运输厅", "财政厅");
        assertThat(addresseeTerms(v)).isEmpty();
    }

    @Test
    void aModelWithAnAddresseeBlockKeepsItsWeightThroughTheArtefact() throws Exception {
        for (TextFeatures.Weights w : List.of(WITH_ADDRESSEES, TextFeatures.Weights.DEFAULTS)) {
            SubjectModel model = tinyModel(new TextFeatures(10, 1000, w));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            model.write(out);
            SubjectModel read = SubjectModel.read(new ByteArrayInputStream(out.toByteArray()));
            assertThat(read.features().weights()).isEqualTo(w);
            // a model without the block is written as before (format 3), so retraining it gives the same bytes
            int format = java.nio.ByteBuffer.wrap(
                            new java.util.zip.GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))
                                    .readNBytes(8))
                    .getInt(4);
            assertThat(format).isEqualTo(w.addressee() > 0 ? 4 : 3);
        }
    }

    private static SubjectModel tinyModel(TextFeatures features) {
        LinearLayer first = new LinearLayer(2, new int[] {1}, new float[] {0.5f, -0.5f}, new float[] {0f, 0f});
        List<List<String>> second = new ArrayList<>();
        second.add(List.of());
        second.add(List.of());
        return new SubjectModel(
                "addressee-test", features, List.of("工业、交通", "财政、金融、审计"), first, 1.0, second, new LinearLayer[2], 1.0);
    }

    private static List<String> addresseeTerms(FeatureVector v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_ADDRESSEE) {
                out.add(v.term(i));
            }
        }
        return out;
    }

    private static float maxValue(FeatureVector v, String term) {
        float max = 0;
        for (int i = 0; i < v.size(); i++) {
            if (FeatureVector.source(v.origin[i]) == FeatureVector.SOURCE_ADDRESSEE
                    && v.term(i).equals(term)) {
                max = Math.max(max, v.value[i]);
            }
        }
        return max;
    }
}
