assert new File(basedir, 'build.log').text.contains('dslc: skipped (dslc.skip)')
assert !new File(basedir, 'target/generated-sources/dslc').exists()
assert !new File(basedir, 'target/dslc').exists()
