"""The compilations of a -XX:+LogCompilation file whose method matches a pattern:
start and end (ms since the JVM started), duration, tier, OSR entry and method.
    python3 compile-tasks.py FILE.xml PATTERN
"""
import re
import sys

log = open(sys.argv[1]).read()
pattern = sys.argv[2]
for task in re.finditer(r"<task (?P<attrs>[^>]*)>.*?<task_done (?P<done>[^>]*)/>", log, re.S):
    attrs, done = task.group("attrs"), task.group("done")
    method = re.search(r"method='([^']*)'", attrs).group(1)
    if not re.search(pattern, method):
        continue
    start = float(re.search(r"stamp='([^']*)'", attrs).group(1)) * 1000
    end = float(re.search(r"stamp='([^']*)'", done).group(1)) * 1000
    level = re.search(r"level='(\d)'", attrs)
    osr = re.search(r"osr_bci='(\d+)'", attrs)
    name = method.split(" ")
    print(f"{start:7.0f} {end:7.0f} {end - start:6.1f} ms  tier {level.group(1) if level else '4'} "
          f"{'OSR at ' + osr.group(1) if osr else '':10} {name[0].split('/')[-1]}::{name[1]}")
