// The notice page: metadata block, body, attachments and related notices of /notice.html?id=…
"use strict";
const id = new URLSearchParams(location.search).get("id") || "";

function row(label, value) {
  return value ? el("tr", {}, el("th", {}, label), el("td", {}, value)) : null;
}

// Each issuer of a joint notice links to the search filtered by it.
function issuerLinks(n) {
  const issuers = n.publishers || [];
  if (issuers.length === 0) return n.publisher;
  const links = el("span", {class: "issuers"});
  issuers.forEach((issuer, i) => {
    if (i > 0) links.append("、");
    links.append(el("a", {href: "/?publisher=" + encodeURIComponent(issuer)}, issuer));
  });
  return links;
}

async function show() {
  try {
    const n = await api("/api/notices/" + encodeURIComponent(id));
    document.title = n.title + " · 政府信息公开检索";
    document.getElementById("notice-title").textContent = n.title || "（无标题）";
    const subject = [n.subject, n.subjectSecond].filter(Boolean).join(" / ") || n.subjectCategory;
    const rows = [
      row("索引号", n.indexNumber), row("主题分类", subject), row("发布机构", issuerLinks(n)),
      row("成文日期", day(n.writtenAt)), row("发布日期", day(n.publishedAt)), row("文号", n.documentNumber),
      row("体裁", n.genre), row("有效性", n.validity ? (VALIDITY[n.validity] || n.validity) : null),
      row("公开方式", n.disclosureMode), row("公开范围", n.disclosureScope),
      row("关键词", (n.keywords || []).join("，")),
    ].filter(Boolean);
    document.getElementById("meta").replaceChildren(el("tbody", {}, ...rows));
    const body = document.getElementById("notice-body");
    body.replaceChildren(...(n.body || "").split(/\n+/).filter(Boolean).map(p => el("p", {}, p)));
    const attachments = n.attachments || [];
    document.getElementById("attachments").replaceChildren(...attachments.map(a =>
        el("li", {}, a.url ? el("a", {href: a.url, rel: "noopener noreferrer"}, a.name || a.url) : a.name)));
    document.getElementById("attachments-section").hidden = attachments.length === 0;
    if (n.url) {
      document.getElementById("source").replaceChildren("原文：",
          el("a", {href: n.url, rel: "noopener noreferrer"}, n.url));
    }
  } catch (e) {
    document.getElementById("notice-title").textContent = "未找到该公告（" + e.message + "）";
    return;
  }
  try {
    const related = await api("/api/notices/" + encodeURIComponent(id) + "/related");
    if (related.length === 0) {
      document.getElementById("related").replaceChildren(el("li", {class: "none"}, "暂无相关公告"));
      return;
    }
    document.getElementById("related").replaceChildren(...related.map(r => el("li", {},
        el("a", {href: "/notice.html?id=" + encodeURIComponent(r.id)}, r.title),
        el("span", {class: "date"}, " " + day(r.publishedAt)))));
  } catch (e) {
    document.getElementById("related").replaceChildren(el("li", {}, "暂无"));
  }
}

show();
