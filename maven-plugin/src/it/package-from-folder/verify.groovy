def out = new File(basedir, 'target/generated-sources/dslc')
def xor = new File(out, 'org/acme/nets/Xor.java')
assert xor.isFile()
assert xor.text.contains('package org.acme.nets;')

// No model statement: the class is named after the file, in no package.
def neuron = new File(out, 'Neuron.java')
assert neuron.isFile()
assert !(neuron.text =~ /(?m)^package /)

assert new File(basedir, 'target/classes/org/acme/nets/Xor.class').isFile()
assert new File(basedir, 'target/classes/Neuron.class').isFile()
