package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issuer or mentioned (session 10): an agency the body names in its addressee line, its sentences or its copied list
 * is not the notice's issuer; the title repeated before the addressee line and the signature after the last
 * sentence are.
 */
class AgencyRolesTest {

    private final Agencies agencies = Agencies.standard();

    /** A Hebei 复函 (2024), as published: addressee line, sentences, signature run together. */
    private static final String REPLY_BODY = "省交通运输厅、省发展改革委、省财政厅：《关于秦皇岛至唐山高速公路秦皇岛段设站收费及核准收费期限的请示》"
            + "（冀交公〔2024〕84号）收悉。省政府同意秦皇岛至唐山高速公路秦皇岛段建成后，设置九龙山、朱各庄匝道收费站2处，收取机动车辆"
            + "通行费。自开始收费之日起，收费期限15年。河北省人民政府办公厅2024年6月15日";

    private static final String GENERAL_OFFICE_NOTICE =
            "各市人民政府，省政府各部门：\n省财政厅制定的《河北省省直机关事业单位职工" + "购房补贴发放实施细则》已经省政府同意，现印发给你们，请认真贯彻执行。\n河北省人民政府办公厅\n2005年9月30日";

    private static final String MINISTRY_NOTICE = "财政部关于做好疫情防控经费保障工作的通知\n财办〔2020〕7号\n\n"
            + "各省、自治区、直辖市财政厅（局）：\n为做好疫情防控经费保障工作，现将有关事项通知如下。\n一、……请认真执行。\n"
            + "财政部\n2020年2月1日\n抄送：国家卫生健康委。";

    @Test
    void theAgenciesOfTheAddresseeLineAreMentionedNotIssuers() {
        List<String> issuers = new ArrayList<>();
        List<String> mentions = new ArrayList<>();
        roles(REPLY_BODY, issuers, mentions);
        assertThat(issuers).isEmpty();
        assertThat(mentions).startsWith("交通运输厅", "发展改革委", "财政厅");
    }

    @Test
    void anAgencyThatDraftedTheTextAGeneralOfficeIssuesIsMentioned() {
        List<String> issuers = new ArrayList<>();
        List<String> mentions = new ArrayList<>();
        roles(GENERAL_OFFICE_NOTICE, issuers, mentions);
        assertThat(issuers).isEmpty();
        assertThat(mentions).containsExactly("财政厅");
    }

    @Test
    void theTitleBeforeTheAddresseeLineAndTheSignatureAreTheIssuerAndTheCopiedListIsMentioned() {
        List<String> issuers = new ArrayList<>();
        List<String> mentions = new ArrayList<>();
        roles(MINISTRY_NOTICE, issuers, mentions);
        assertThat(issuers).containsExactly("财政部", "财政部");
        assertThat(mentions).startsWith("财政厅").endsWith("卫生健康委");
    }

    @Test
    void withoutAnAddresseeLineTheOpeningIsTheIssuersAsBefore() {
        String announcement = "为支持疫情防控，财政部 税务总局现就有关税收政策公告如下：\n一、……";
        List<String> issuers = new ArrayList<>();
        List<String> mentions = new ArrayList<>();
        roles(announcement, issuers, mentions);
        assertThat(issuers).containsExactly("财政部", "税务总局");
        assertThat(mentions).isEmpty();
    }

    @Test
    void withTheMentionedAgencyBlockTheIssuerBlockNoLongerReadsTheBodysDepartments() {
        TextFeatures withRoles =
                new TextFeatures(18, 6000, new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0.4f, 1f));
        String title = "河北省人民政府办公厅关于印发河北省省直机关事业单位职工购房补贴发放实施细则的通知";
        FeatureVector v = withRoles.extract(title, GENERAL_OFFICE_NOTICE, null, "河北省人民政府办公厅", agencies);
        assertThat(v.agencies()).isEmpty();
        assertThat(v.mentions()).extracting(Agencies.Agency::name).containsExactly("财政厅");
        assertThat(terms(v)).contains("提及机构:财政厅").noneMatch(t -> t.startsWith("发布机构:"));
        // the shipped defaults read it as an issuer, as before session 10
        FeatureVector before =
                new TextFeatures(18, 6000).extract(title, GENERAL_OFFICE_NOTICE, null, "河北省人民政府办公厅", agencies);
        assertThat(before.agencies()).extracting(Agencies.Agency::name).containsExactly("财政厅");
        assertThat(before.mentions()).isEmpty();
    }

    @Test
    void aMentionedAgencyIsNoIssuerFeature() {
        TextFeatures withRoles =
                new TextFeatures(18, 6000, new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0.4f, 1f));
        String title = "河北省人民政府办公厅关于同意秦皇岛至唐山高速公路秦皇岛段设置收费站的复函";
        FeatureVector v = withRoles.extract(title, REPLY_BODY, null, "河北省人民政府办公厅", agencies);
        for (int i = 0; i < v.size(); i++) {
            int source = FeatureVector.source(v.origin[i]);
            assertThat(source).isNotEqualTo(FeatureVector.SOURCE_AGENCY);
        }
        assertThat(terms(v)).contains("提及机构:交通运输厅");
    }

    @Test
    void theBlocksAndTheScopeValueTravelThroughTheArtefactAsFormat5() throws Exception {
        TextFeatures.Weights w = new TextFeatures.Weights(1f, 0.8f, 0.8f, 0.8f, 0f, 0.4f, 0.5f);
        SubjectModel model = new SubjectModel(
                "roles-test",
                new TextFeatures(10, 1000, w),
                List.of("工业、交通", "财政、金融、审计"),
                new LinearLayer(2, new int[] {1}, new float[] {0.5f, -0.5f}, new float[] {0f, 0f}),
                1.0,
                List.of(List.of(), List.of()),
                new LinearLayer[2],
                1.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        byte[] bytes = out.toByteArray();
        assertThat(SubjectModel.read(new ByteArrayInputStream(bytes)).features().weights())
                .isEqualTo(w);
        int format = java.nio.ByteBuffer.wrap(
                        new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).readNBytes(8))
                .getInt(4);
        assertThat(format).isEqualTo(5);
    }

    private void roles(String body, List<String> issuers, List<String> mentions) {
        List<Agencies.Agency> i = new ArrayList<>();
        List<Agencies.Agency> m = new ArrayList<>();
        AgencyRoles.find(body, agencies, i, m);
        i.forEach(a -> issuers.add(a.name()));
        m.forEach(a -> mentions.add(a.name()));
    }

    private static List<String> terms(FeatureVector v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(v.term(i));
        }
        return out;
    }
}
