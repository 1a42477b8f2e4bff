def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/generated-sources/dslc')
def longAgo = 946684800000L

// The invoker appends each build's output to build.log, in order.
def runs = log.findAll(/dslc: .*/)
assert runs.size() == 3 : runs
assert runs[0].startsWith('dslc: generated 2, unchanged 0, removed 0 ')
assert runs[1] == 'dslc: 2 models in src/main/nn up to date, nothing generated'
assert runs[2].startsWith('dslc: generated 1, unchanged 1, removed 0 ')

// Xor.java was never rewritten after the first build, so it kept the old date.
assert Math.abs(new File(out, 'Xor.java').lastModified() - longAgo) < 2000
assert new File(out, 'Neuron.java').lastModified() > longAgo + 1000
