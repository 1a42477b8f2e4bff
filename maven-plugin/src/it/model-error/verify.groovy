def log = new File(basedir, 'build.log').text
def model = new File(basedir, 'src/main/nn/broken.nn').canonicalPath

// The headline names the absolute path, line 8 and the column of W9; the
// source line and a caret under W9 follow.
assert log =~ /(?m)^\[ERROR\] \Q${model}\E:8:13: error: .*W9/
assert log.contains('h    = tanh(W9 @ x + b1)\n            ^')
assert log =~ /1 errors? in 1 model files?/

// A failed run writes nothing, not even the models that compiled.
assert !new File(basedir, 'target/generated-sources/dslc/Neuron.java').exists()
