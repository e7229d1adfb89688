"""Indexes the first bodies of mapping_corpus.py's output into two indices, one per template file, runs docs/portal-queries/full-text.json for ten queries on both, and says whether the hits,
their scores and their highlights are the same. Usage (node on 127.0.0.1:PORT, repository root as REPO):
    python3 mapping_compare.py PORT REPO DOCS_FILE TEMPLATE_A.json TEMPLATE_B.json
"""
import json, http.client, sys
port, repo, docs_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
templates = {'a': sys.argv[4], 'b': sys.argv[5]}
def req(m, path, body=None, ct='application/json'):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    c.request(m, path, body=body if body is None or isinstance(body, bytes) else body.encode(), headers={'Content-Type': ct})
    r = c.getresponse(); d = r.read(); return r.status, d
bodies = [l.rstrip('\n').replace('\x01', '\n').encode() for l in open(docs_file)]
for v in ('a', 'b'):
    t = json.load(open(templates[v])); t['index_patterns'] = ['sc-' + v]
    req('DELETE', '/sc-' + v); req('PUT', '/_index_template/sc-' + v, json.dumps(t)); req('PUT', '/sc-' + v)
    for b in bodies: assert req('POST', f'/sc-{v}/_bulk', b, 'application/x-ndjson')[0] == 200
    req('POST', f'/sc-{v}/_refresh')
q = json.load(open(repo + '/docs/portal-queries/full-text.json'))
same = 0; total = 0; hl = 0
for text in ['国务院办公厅', '疫情防控', '退役军人', '税', '安全生产工作', '关于印发', '乡村振兴', '國務院辦公廳', '食品安全监督检查', '2020年']:
    res = {}
    for v in ('a', 'b'):
        s = json.dumps(q, ensure_ascii=False).replace('{{q}}', text)
        st, d = req('POST', f'/sc-{v}/_search', s.encode()); assert st == 200, d
        hits = json.loads(d)['hits']['hits']
        res[v] = [(h['_id'], round(h['_score'], 4), json.dumps(h.get('highlight'), ensure_ascii=False)) for h in hits]
    total += 1; same += [x[:2] for x in res['a']] == [x[:2] for x in res['b']]
    hl += [x[2] for x in res['a']] == [x[2] for x in res['b']]
    print(text, 'ranking same' if [x[:2] for x in res['a']] == [x[:2] for x in res['b']] else 'DIFF', 'highlights same' if [x[2] for x in res['a']] == [x[2] for x in res['b']] else 'HL DIFF')
print(f'{same}/{total} identical ids+scores, {hl}/{total} identical highlights')
for v in ('a', 'b'): req('DELETE', '/sc-' + v); req('DELETE', '/_index_template/sc-' + v)
