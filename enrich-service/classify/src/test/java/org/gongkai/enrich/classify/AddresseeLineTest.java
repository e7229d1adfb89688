package org.gongkai.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The addressee line, read from the openings of real notices (shared/data/real-notices, public documents). */
class AddresseeLineTest {

    @Test
    void aReplyRunTogetherOnOneLineStartsWithItsAddressees() {
        // Hebei, 河北省人民政府办公厅关于同意迁移108国道涞源收费站的复函 (2004): the site ran the lines together
        String body = "省交通厅、省财政厅、省物价局：　　冀交公字〔２００４〕１１７号文收悉。鉴于涞源县修建石门水库，" + "１０８国道涞源收费站（石门单向站）处于水库淹没区，省政府同意…　　二〇〇四年三月十六日";
        assertThat(AddresseeLine.text(body)).isEqualTo("省交通厅、省财政厅、省物价局");
        // a single addressee (河北省人民政府办公厅关于扩大南大港湿地和鸟类省级自然保护区面积的复函)
        assertThat(AddresseeLine.text("省林业局：　　你局冀林动字〔２００５〕１０３号文收悉。经省政府研究，同意…")).isEqualTo("省林业局");
    }

    @Test
    void aStateCouncilNoticeHasItsAddresseesAfterTitleAndDocumentNumber() {
        // gov.cn, 国务院办公厅关于为新冠肺炎疫情牺牲烈士和逝世同胞举行全国性哀悼活动的通知 (2020)
        String body = "国务院办公厅关于为新冠肺炎疫情牺牲烈士\n和逝世同胞举行全国性哀悼活动的通知\n国办发明电〔2020〕12号\n\n"
                + "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n为表达全国各族人民对抗击新冠肺炎疫情斗争牺牲烈士和"
                + "逝世同胞的深切哀悼，国务院决定，2020年4月4日举行全国性哀悼活动。";
        assertThat(AddresseeLine.text(body)).isEqualTo("各省、自治区、直辖市人民政府，国务院各部委、各直属机构");
        // 国家发展改革委办公厅关于积极应对疫情创新做好招投标工作保障经济平稳运行的通知: a long list, ending in a platform
        String ndrc = "国家发展改革委办公厅关于积极应对疫情创新做好招投标工作保障经济平稳运行的通知\n发改电〔2020〕170号\n"
                + "各省、自治区、直辖市、新疆生产建设兵团发展改革委、招投标指导协调工作牵头部门、公共资源交易平台整合牵头部门，"
                + "中国招标投标协会、全国公共资源交易平台、中国招标投标公共服务平台：\n新型冠状病毒感染肺炎疫情爆发以来，…";
        assertThat(AddresseeLine.text(ndrc))
                .startsWith("各省、自治区、直辖市、新疆生产建设兵团发展改革委")
                .endsWith("公共服务平台");
    }

    @Test
    void aSentenceBeforeTheFirstColonIsNoAddresseeLine() {
        // gov.cn, 关于支持新型冠状病毒感染的肺炎疫情防控有关个人所得税政策的公告: a 公告 has no addressees
        String body = "关于支持新型冠状病毒感染的肺炎疫情防控有关个人所得税政策的公告\n财政部 税务总局公告2020年第10号\n"
                + "为支持新型冠状病毒感染的肺炎疫情防控工作，现就有关个人所得税政策公告如下：\n一、对参加疫情防治工作的医务人员…";
        assertThat(AddresseeLine.find(body)).isNegative();
        assertThat(AddresseeLine.find("相关解读：本文件的主要内容")).isNegative();
        assertThat(AddresseeLine.find("（一）支持范围。发展改革委、工业和信息化部对以下疫情防控重点保障企业实施名单制管理："))
                .isNegative();
        assertThat(AddresseeLine.find("没有冒号的正文")).isNegative();
        assertThat(AddresseeLine.find(null)).isNegative();
        // the colon must be in the opening: a list deep in the body is not the addressee line
        assertThat(AddresseeLine.find("正文。".repeat(200) + "省交通厅：")).isNegative();
    }

    @Test
    void repliesAreTheTitlesEndingInAReplyGenre() {
        assertThat(AddresseeLine.reply("河北省人民政府办公厅关于同意迁移１０８国道涞源收费站的复函")).isTrue();
        assertThat(AddresseeLine.reply("国务院关于同意建立国务院就业工作领导小组的批复 ")).isTrue();
        assertThat(AddresseeLine.reply("关于征求《农贸市场经营管理规范》江西省地方标准意见的函")).isTrue();
        assertThat(AddresseeLine.reply("国务院办公厅关于做好防汛工作的通知")).isFalse();
        assertThat(AddresseeLine.reply(null)).isFalse();
    }
}
