def log = new File(basedir, 'build.log').text
assert log.contains('with a thread count of 2')
assert !log.contains('not marked as @threadSafe')
assert !log.contains('not thread-safe')

['a', 'b'].each { m ->
    def out = new File(basedir, "${m}/target/generated-sources/dslc/com/example/${m}")
    assert new File(out, 'Xor.java').isFile()
    assert new File(out, 'Neuron.java').isFile()
    def report = new File(basedir, "${m}/target/surefire-reports/TEST-com.example.${m}.ModelsTest.xml")
    assert report.text =~ /tests="1" errors="0" skipped="0" failures="0"/
}
true
