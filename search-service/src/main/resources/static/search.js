// The search page: the URL holds the state (q and chosen facets), so every view can be linked and reloaded.
"use strict";
const params = new URLSearchParams(location.search);
const FACETS = [
  {key: "subject", label: "主题分类"},
  {key: "publisher", label: "发布机构"},
  {key: "year", label: "年份"},
  {key: "genre", label: "体裁"},
  {key: "validity", label: "有效性", name: v => VALIDITY[v] || v},
];
// Filters the API takes that have no facet box: passed through from the URL, shown as chips (session 15: the
// trial's `/?site=…` link was ignored by the page).
const FILTERS = [
  {key: "subject_second", label: "二级分类"},
  {key: "site", label: "站点"},
  {key: "subject_model_version", label: "分类模型"},  // an operator's link (session 19)
];
let next = null;

function apiQuery() {
  const query = new URLSearchParams();
  if (params.get("q")) query.set("q", params.get("q"));
  for (const key of ["publisher", "subject", "subject_second", "genre", "validity", "site",
                     "subject_model_version"]) {
    for (const value of params.getAll(key)) query.append(key, value);
  }
  const year = params.get("year");
  if (/^\d{4}$/.test(year || "")) {
    query.set("from", year + "-01-01");
    query.set("to", (Number(year) + 1) + "-01-01");
  }
  return query;
}

function withParam(key, value, on) {
  const copy = new URLSearchParams(params);
  const values = copy.getAll(key).filter(v => v !== value);
  copy.delete(key);
  if (key === "year") {
    if (on) copy.set(key, value);
  } else {
    for (const v of values) copy.append(key, v);
    if (on) copy.append(key, value);
  }
  return "/?" + copy.toString();
}

function renderHit(hit) {
  const title = el("a", {href: "/notice.html?id=" + encodeURIComponent(hit.id), class: "title"});
  if (hit.titleHtml) title.innerHTML = hit.titleHtml; else title.textContent = hit.title || "（无标题）";
  const meta = el("p", {class: "meta-line"},
      el("span", {class: "publisher"}, hit.publisher || ""),
      el("span", {class: "date"}, day(hit.publishedAt)),
      hit.documentNumber ? el("span", {class: "docno"}, hit.documentNumber) : null,
      // where this result was published (the copies below are elsewhere, or at another path of this host)
      hostOf(hit.url) ? el("a", {class: "site", href: hit.url, rel: "noopener noreferrer", title: hit.url},
                            hostOf(hit.url)) : null,
      hit.validity && hit.validity !== "valid"
          ? el("span", {class: "badge " + hit.validity}, VALIDITY[hit.validity] || hit.validity) : null);
  const item = el("li", {class: "hit", "data-id": hit.id}, el("h3", {}, title), meta);
  for (const snippet of hit.snippets || []) item.append(html("p", {class: "snippet"}, snippet));
  const copies = hit.copies || [];
  if (copies.length > 0) {
    // the same notice on other sites (a mirror, the department's own page): one result, its copies listed
    const line = el("p", {class: "copies"}, "也发布于：");
    copies.forEach((copy, i) => {
      if (i > 0) line.append("、");
      line.append(el("a", {href: "/notice.html?id=" + encodeURIComponent(copy.id), title: copy.url || "",
                           "data-id": copy.id}, copyName(copy, hit)));
    });
    item.append(line);
  }
  return item;
}

// a copy by its host; one on the hit's own host by its path (its host would read as another site)
function copyName(copy, hit) {
  const host = hostOf(copy.url);
  if (!host) return copy.siteId || copy.id;
  const url = new URL(copy.url);
  return host === hostOf(hit.url) ? url.pathname + url.search : host;
}

// the host of an http(s) address, or null (no address, or one the page should not link)
function hostOf(address) {
  try {
    const url = new URL(address);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch (e) {
    return null;
  }
}

function renderFacets(facets) {
  const box = document.getElementById("facets");
  box.replaceChildren();
  if (!facets) return;
  for (const facet of FACETS) {
    const buckets = facets[facet.key] || [];
    if (buckets.length === 0) continue;
    const list = el("ul");
    for (const b of buckets) {
      const chosen = params.getAll(facet.key).includes(b.value);
      const name = facet.name ? facet.name(b.value) : b.value;
      list.append(el("li", {},
          el("a", {href: withParam(facet.key, b.value, !chosen), class: chosen ? "on" : null,
                   "data-value": b.value}, name + " ", el("span", {class: "count"}, String(b.count)))));
    }
    box.append(el("section", {class: "facet", "data-facet": facet.key}, el("h2", {}, facet.label), list));
  }
}

function renderChosen() {
  const box = document.getElementById("chosen");
  box.replaceChildren();
  for (const facet of FACETS.concat(FILTERS)) {
    for (const value of params.getAll(facet.key)) {
      const name = facet.name ? facet.name(value) : value;
      box.append(el("a", {class: "chip", href: withParam(facet.key, value, false), title: "取消"},
          facet.label + "：" + name + " ×"));
    }
  }
}

async function load(more) {
  const query = apiQuery();
  if (more && next) query.set("after", next);
  const summary = document.getElementById("summary");
  try {
    const page = await api("/api/search?" + query.toString());
    const list = document.getElementById("results");
    if (!more) {
      list.replaceChildren();
      renderFacets(page.facets);
      summary.textContent = params.get("q")
          ? "“" + params.get("q") + "” 共找到 " + page.total + " 条结果"
          : "全部公告 " + page.total + " 条，按发布日期排列";
    }
    page.hits.forEach(hit => list.append(renderHit(hit)));
    next = page.next;
    document.getElementById("more").hidden = !next;
  } catch (e) {
    summary.textContent = "检索失败：" + e.message;
    summary.classList.add("error");
  }
}

function suggest() {
  const input = document.getElementById("q");
  const box = document.getElementById("suggestions");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const prefix = input.value.trim();
      if (!prefix || prefix.length > 100) { box.hidden = true; return; }
      try {
        const items = await api("/api/suggest?prefix=" + encodeURIComponent(prefix));
        box.replaceChildren(...items.map(s => {
          const link = el("a", {href: "/notice.html?id=" + encodeURIComponent(s.id)});
          if (s.titleHtml) link.innerHTML = s.titleHtml; else link.textContent = s.title;
          return el("li", {}, link);
        }));
        box.hidden = items.length === 0;
      } catch (e) {
        box.hidden = true;
      }
    }, 200);
  });
  input.addEventListener("blur", () => setTimeout(() => { box.hidden = true; }, 200));
}

document.getElementById("q").value = params.get("q") || "";
document.getElementById("more").addEventListener("click", () => load(true));
renderChosen();
suggest();
load(false);
