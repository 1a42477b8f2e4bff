def generated = new File(basedir, 'target/generated-sources/dslc/com/example/Xor.java')
assert generated.isFile()
assert generated.text.contains('package com.example;')
assert new File(basedir, 'target/classes/com/example/Xor.class').isFile()

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.XorTest.xml')
assert report.isFile()
assert report.text =~ /tests="2" errors="0" skipped="0" failures="0"/

def log = new File(basedir, 'build.log').text
assert log.contains('dslc: generated 1, unchanged 0, removed 0 (1 model in src/main/nn -> target/generated-sources/dslc)')
