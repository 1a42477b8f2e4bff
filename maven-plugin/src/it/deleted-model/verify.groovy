def out = new File(basedir, 'target/generated-sources/dslc')
def runs = new File(basedir, 'build.log').text.findAll(/dslc: .*/)
assert runs.size() == 2 : runs
assert runs[0].startsWith('dslc: generated 2, unchanged 0, removed 0 ')
assert runs[1].startsWith('dslc: generated 0, unchanged 1, removed 1 (1 model in src/main/nn')

assert new File(out, 'Xor.java').isFile()
assert !new File(out, 'gone/Neuron.java').exists()
assert !new File(out, 'gone').exists()
