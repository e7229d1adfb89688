"""Writes N notice documents as _bulk bodies of 500 (one body a line, its newlines as \x01) for mapping_load.py.

Each document has the index mapping's fields, a body of ~2,100 characters cut from the real notices' text
(../shared/data/real-notices/notices.jsonl, concatenated from a random start), every 25th an attachment's text;
external versions. Synthetic: the figures it gives are not production figures. Usage:
    python3 mapping_corpus.py 4000 /tmp/docs.txt [notices.jsonl]
"""
import json, random, sys, hashlib
n = int(sys.argv[1]); out = sys.argv[2]
rnd = random.Random(42)
source = sys.argv[3] if len(sys.argv) > 3 else '../shared/data/real-notices/notices.jsonl'
notices = [json.loads(l) for l in open(source)]
bodies = []
for i in range(n):
    src = rnd.choice(notices)
    text = ''
    j = rnd.randrange(len(notices))
    while len(text) < 2000:
        text += notices[j % len(notices)]['body'] + '\n'
        j += 1
    nid = hashlib.sha256(f'n{i}'.encode()).hexdigest()[:16]
    doc = {"noticeId": nid, "url": f"http://www.example.gov.cn/art/{i}.html", "siteId": f"site{i%4}",
           "title": src['title'], "body": text[:2100], "indexNumber": f"ABC-2023-{i:05d}",
           "subjectCategory": "综合政务", "publisher": src.get('publisher') or '国务院办公厅',
           "publishedAt": "2023-08-03T11:20:00+08:00", "documentNumber": f"国办发〔2023〕{i%100}号",
           "documentNumberKey": f"国办发〔2023〕{i%100}号", "validity": "valid", "disclosureMode": "主动公开",
           "disclosureScope": "面向全社会", "genre": "通知", "subjectFirst": "综合政务", "subjectSecond": "其他",
           "subjectSource": "declared", "year": 2023, "labels": {"索引号": f"ABC-2023-{i:05d}", "发布机构": "x"},
           "flags": [], "enricherVersion": "e1", "fetchedAt": "2026-01-05T02:00:00Z",
           "enrichedAt": "2026-01-05T02:00:01Z", "indexedAt": "2026-01-05T02:00:02Z", "version": 1000 + i}
    if i % 25 == 0:
        doc["attachments"] = [{"url": f"http://www.example.gov.cn/art/{i}.docx", "name": "附件.docx",
            "contentType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text": notices[(j + 7) % len(notices)]['body'][:1500], "truncated": False}]
    bodies.append(json.dumps({"index": {"_id": nid, "version": 1000 + i, "version_type": "external"}}) + "\n"
                  + json.dumps(doc, ensure_ascii=False) + "\n")
with open(out, 'w') as f:
    for k in range(0, n, 500):
        f.write(''.join(bodies[k:k+500]).replace('\n', '\x01') + '\n')
print(sum(len(b.encode()) for b in bodies) / n, 'bytes/doc')
