assert new File(basedir, 'target/generated-test-sources/dslc/com/example/Xor.java').isFile()
assert !new File(basedir, 'target/generated-sources/dslc').exists()
assert new File(basedir, 'target/test-classes/com/example/Xor.class').isFile()
assert !new File(basedir, 'target/classes/com/example/Xor.class').exists()
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.XorTest.xml')
assert report.text =~ /tests="1" errors="0" skipped="0" failures="0"/
assert new File(basedir, 'build.log').text.contains('(1 model in src/test/nn -> target/generated-test-sources/dslc)')
