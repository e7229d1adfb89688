"""Loads mapping_corpus.py's bodies into a fresh index made from a template file, THREADS (3) requests in flight,
and prints Elasticsearch's CPU per document (its process's utime + stime from /proc, during the load and 3 s
after), docs/s, the 1-minute load average before and after, and the index's size and segment figures.
Compare two templates by running them alternately on the same node (A B B A ...). Usage:
    THREADS=3 python3 mapping_load.py PORT ES_PID TEMPLATE.json INDEX DOCS_FILE
The node must run on this machine (its pid is read from /proc) and listen on 127.0.0.1.
"""
import json, sys, time, threading, http.client, os
port, pid, template_file, index, docs_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
threads = int(os.environ.get('THREADS', '3'))
def req(method, path, body=None, ctype='application/json'):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    c.request(method, path, body=body, headers={'Content-Type': ctype})
    r = c.getresponse(); data = r.read(); c.close(); return r.status, data
def cpu():
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')
tpl = json.load(open(template_file))
tpl['index_patterns'] = [index]
req('DELETE', f'/{index}')
s, d = req('PUT', f'/_index_template/bench-{index}', json.dumps(tpl))
assert s == 200, d
s, d = req('PUT', f'/{index}'); assert s == 200, d
bodies = [l.rstrip('\n').replace('\x01', '\n').encode() for l in open(docs_file)]
n = sum(b.count(b'\n') for b in bodies) // 2
lock = threading.Lock(); it = iter(bodies); errors = [0]
def work():
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    while True:
        with lock:
            b = next(it, None)
        if b is None: break
        c.request('POST', f'/{index}/_bulk?filter_path=errors', body=b, headers={'Content-Type': 'application/x-ndjson'})
        r = c.getresponse(); data = r.read()
        if r.status != 200 or b'true' in data: errors[0] += 1
load0 = os.getloadavg()[0]; c0 = cpu(); t0 = time.time()
ts = [threading.Thread(target=work) for _ in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
t1 = time.time(); c1 = cpu(); load1 = os.getloadavg()[0]
time.sleep(3); c2 = cpu()
s, d = req('GET', f'/{index}/_stats/docs,store,segments,refresh,merge?filter_path=_all.primaries')
st = json.loads(d)['_all']['primaries']
print(json.dumps({"index": index, "tpl": os.path.basename(template_file), "docs": n, "errors": errors[0],
  "docs_s": round(n / (t1 - t0)), "es_us_doc": round((c1 - c0) * 1e6 / n), "es_us_doc_tail3s": round((c2 - c0) * 1e6 / n),
  "load": [round(load0, 1), round(load1, 1)], "store_mb": round(st['store']['size_in_bytes'] / 2**20, 1),
  "segments": st['segments']['count'], "merges": st['merges']['total'], "refreshes": st['refresh']['total']}))
req('DELETE', f'/{index}')
req('DELETE', f'/_index_template/bench-{index}')
