def generated = new File(basedir, 'target/generated-sources/dslc/com/example/Digits.java')
assert generated.isFile()
assert generated.text.contains('import jdk.incubator.vector.DoubleVector;')
// the default derivatives=auto: the entry points beyond the loss gradient, written with the Vector API too
assert generated.text.contains('public double hessianVectorProduct(')
assert new File(basedir, 'target/classes/com/example/Digits.class').isFile()

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.DigitsTest.xml')
assert report.isFile()
assert report.text =~ /tests="1" errors="0" skipped="0" failures="0"/
