"""The floor of bench_actions.py: a bare Python process (standard library only, no
csp) that opens the database read-only, runs the very SQL ``csp actions`` runs (given
as a JSON file of ``[sql, args]``, taken from csp's own query builder by the bench)
once, and prints each row tab-separated: the query and the printing, nothing else.

    python _actions_floor.py DB QUERY.json
"""

import json
import sqlite3
import sys

db, query = sys.argv[1], sys.argv[2]
with open(query, encoding="utf-8") as f:
    sql, args = json.load(f)
conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
write = sys.stdout.write
for row in conn.execute(sql, args):
    write("\t".join(map(str, row)) + "\n")
conn.close()
