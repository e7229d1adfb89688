// Shared helpers of the search page and the notice page. No framework, no build step.
"use strict";
const VALIDITY = {valid: "有效", expired: "失效", repealed: "废止"};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// The API's titleHtml / snippets are HTML-escaped by Elasticsearch with <em> around matches: safe as HTML.
function html(tag, attrs, markup) {
  const node = el(tag, attrs);
  node.innerHTML = markup;
  return node;
}

function day(date) {
  return date ? date.substring(0, 10) : "";
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: "application/json"}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || ("HTTP " + response.status));
  }
  return body;
}
