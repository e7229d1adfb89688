"""Writes the template variants of docs/benchmarks.md "Session 13: unigrams in a docs-only sub-field" for
trickle_load.py (measurement only: the committed template is not changed). Usage:
    python3 unigram_variants.py TEMPLATE.json OUT_DIR [DOCS_FILE]
writes OUT_DIR/tpl-{A,B,C,D,E}.json and, with DOCS_FILE (mapping_corpus.py's), DOCS_FILE-D.txt for D and E.
    A  the template as it is (bigrams and unigrams with positions)
    B  text fields with gongkai_text_search at index time (bigrams only) + a `chars` sub-field (docs only, no norms;
       fold -> standard -> lower case: one token a CJK character, Latin words and numbers kept too)
    C  no unigrams at all (session 10's `tc`)
    D  C + a top-level docs-only field `chars` with each document's distinct CJK characters once, not in _source
    E  D stored in _source
"""
import copy, json, os, re, sys

CHARS_ANALYZER = {'type': 'custom', 'char_filter': ['gongkai_fold'], 'tokenizer': 'standard',
                  'filter': ['gongkai_lowercase']}
CHARS_FIELD = {'type': 'text', 'analyzer': 'chars_measure', 'index_options': 'docs', 'norms': False}
CJK = re.compile(r'[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]')


def text_fields(props, chars, parent_fields=None):
    """Indexes every gongkai_text_index field with the search analyzer; with chars, adds the sub-field (beside a
    multi-field, as multi-fields do not nest)."""
    for f in list(props.values()):
        if f.get('analyzer') == 'gongkai_text_index':
            f['analyzer'] = 'gongkai_text_search'
            if chars:
                target = parent_fields if parent_fields is not None else f.setdefault('fields', {})
                target['chars'] = dict(CHARS_FIELD)
        if 'properties' in f:
            text_fields(f['properties'], chars)
        if 'fields' in f:
            text_fields(f['fields'], chars, f['fields'])


def variants(template):
    out = {'A': template}
    for name, chars in (('B', True), ('C', False)):
        v = copy.deepcopy(template)
        text_fields(v['template']['mappings']['properties'], chars)
        if chars:
            v['template']['settings']['analysis'] = {'analyzer': {'chars_measure': CHARS_ANALYZER}}
        out[name] = v
    e = copy.deepcopy(out['C'])
    e['template']['settings']['analysis'] = {'analyzer': {'chars_measure': CHARS_ANALYZER}}
    e['template']['mappings']['properties']['chars'] = dict(CHARS_FIELD)
    d = copy.deepcopy(e)
    d['template']['mappings']['_source'] = {'excludes': ['chars']}
    out['D'], out['E'] = d, e
    return out


def distinct_chars_docs(docs_file, out_file):
    """mapping_corpus.py's bodies with `chars`: the distinct CJK characters of title, body, publisher, attachments."""
    with open(out_file, 'w') as out:
        for line in open(docs_file):
            parts = line.rstrip('\n').split('\x01')
            res = []
            for k in range(0, len(parts) - 1, 2):
                doc = json.loads(parts[k + 1])
                text = ' '.join([doc.get('title', ''), doc.get('body', ''), doc.get('publisher', '')]
                                + [a.get('text', '') for a in doc.get('attachments', [])])
                doc['chars'] = ' '.join(dict.fromkeys(CJK.findall(text)))
                res += [parts[k], json.dumps(doc, ensure_ascii=False)]
            out.write('\x01'.join(res) + '\x01\n')


if __name__ == '__main__':
    template = json.load(open(sys.argv[1]))
    os.makedirs(sys.argv[2], exist_ok=True)
    for name, v in variants(template).items():
        json.dump(v, open(os.path.join(sys.argv[2], f'tpl-{name}.json'), 'w'), ensure_ascii=False)
    if len(sys.argv) > 3:
        distinct_chars_docs(sys.argv[3], sys.argv[3].rsplit('.', 1)[0] + '-D.txt')
