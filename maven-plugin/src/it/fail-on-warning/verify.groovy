def log = new File(basedir, 'build.log').text
def model = new File(basedir, 'src/main/nn/unused.nn').canonicalPath
assert log =~ /(?m)^\[WARNING\] \Q${model}\E:5:\d+: warning: /
assert log.contains('dslc: generated 1, unchanged 0, removed 0 ')
assert log =~ /1 warnings? in 1 model files?, and failOnWarning is set/
